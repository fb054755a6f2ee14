// Minimal parser of the Prometheus text exposition format (what a scraper sees), for tests.
// Sample = one line `name{k="v",...} value`; comments (# HELP / # TYPE) are kept as types.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  types: Map<string, string>;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const t = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (t) {
      types.set(t[1], t[2]);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`unparseable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: parseValue(m[3]) });
  }
  return { samples, types };
}

function parseValue(v: string): number {
  if (v === 'NaN') return NaN;
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return Number(v);
}

// The one sample with this name whose labels include `want`; throws if none or several.
export function valueOf(e: Exposition, name: string, want: Record<string, string> = {}): number {
  const hits = e.samples.filter((s) => s.name === name && Object.entries(want).every(([k, v]) => s.labels[k] === v));
  if (hits.length !== 1) throw new Error(`expected 1 sample ${name}${JSON.stringify(want)}, found ${hits.length}`);
  return hits[0].value;
}
