// The layer rules of docs/architecture.md ("Rules") as data, and the check of an import map against them.
// A file's area is its folder under src/ (transport/zmq/link.ts: transport) or, for a file at the top of
// src/, the file (exit_codes.ts, contracts.ts). Every import counts: static, `import type`, `export ... from`,
// require() and import(); a computed require is allowed only where COMPUTED_REQUIRE says why.
import { builtinModules } from 'node:module';
import * as path from 'node:path';

/** One import as written in a file (`line`: 1-based, where known). */
export interface Import {
  spec: string;
  line?: number;
}

/** src-relative file path ('collective/ring.ts') -> its imports. `spec` '<computed>': require(<expression>). */
export type ImportMap = Record<string, readonly Import[]>;

export const COMPUTED = '<computed>';

/** The shared leaves: every layer may import them; they import nothing but each other. */
const LEAVES = ['contracts.ts', 'exit_codes.ts', 'gen', 'util', 'config'];

/** Which other areas the files of each area may import (its own area always). */
export const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  'contracts.ts': [],
  'exit_codes.ts': [],
  util: ['config', 'gen', 'exit_codes.ts', 'contracts.ts'],
  config: ['util', 'gen', 'exit_codes.ts', 'contracts.ts'],
  security: LEAVES,
  data: LEAVES,
  metrics: LEAVES,
  model: LEAVES,
  launch: LEAVES,
  native: [...LEAVES, 'model'],
  transport: [...LEAVES, 'security', 'native'],
  control: [...LEAVES, 'security', 'transport'],
  collective: [...LEAVES, 'security', 'native', 'transport'],
  train: [...LEAVES, 'data', 'model', 'native'],
  cli: [...LEAVES, 'data', 'security', 'train', 'transport'],
  coordinator: [...LEAVES, 'cli', 'control', 'data', 'metrics', 'security', 'transport'],
  worker: [...LEAVES, 'cli', 'collective', 'control', 'data', 'launch', 'native', 'security', 'train', 'transport'],
};

/** Files whose require() takes a computed name, and why the rules may not read it. */
export const COMPUTED_REQUIRE: Readonly<Record<string, string>> = {
  'train/backend.ts': 'an optional TensorFlow backend package, by name',
  'native/addon.ts': 'the built C addon (.node), by path',
};

/** A narrower rule than MAY_IMPORT: `bad` says whether `file` may not import `target` ('src:' and the
 *  src-relative path it resolves to, or a package name). */
interface Rule {
  rule: string;
  bad: (file: string, target: string) => boolean;
}

const inside = (file: string, ...dirs: string[]) => dirs.some((d) => file.startsWith(`${d}/`));
const isPackage = (target: string) => !target.startsWith('src:');
const pkg = (target: string, name: string) => target === name || target.startsWith(`${name}/`);
const fileIn = (target: string, dir: string, files: readonly string[]) =>
  target.startsWith(`src:${dir}/`) && !files.includes(target.slice(`src:${dir}/`.length));

export const RULES: readonly Rule[] = [
  { rule: 'only src/transport/zmq/ imports zeromq', bad: (f, t) => pkg(t, 'zeromq') && !inside(f, 'transport/zmq') },
  { rule: 'only model/, native/ and train/ import TensorFlow (@tensorflow/*): the coordinator never touches tensors',
    bad: (f, t) => pkg(t, '@tensorflow') && !inside(f, 'model', 'native', 'train') },
  { rule: 'only metrics/ imports prom-client', bad: (f, t) => pkg(t, 'prom-client') && !inside(f, 'metrics') },
  { rule: 'collective/ imports from transport/ only index.ts (ringLinks: a transport by name), types.ts and '
    + 'frames.ts: never a concrete transport',
    bad: (f, t) => inside(f, 'collective') && fileIn(t, 'transport', ['index.ts', 'types.ts', 'frames.ts']) },
  { rule: 'control/ imports from transport/ only types.ts and frames.ts',
    bad: (f, t) => inside(f, 'control') && fileIn(t, 'transport', ['types.ts', 'frames.ts']) },
  { rule: 'transport/ and collective/ import from native/ only addon.ts (the C addon, no TensorFlow)',
    bad: (f, t) => inside(f, 'transport', 'collective') && fileIn(t, 'native', ['addon.ts']) },
  { rule: 'coordinator/ and worker/ import from cli/ only common.ts',
    bad: (f, t) => inside(f, 'coordinator', 'worker') && fileIn(t, 'cli', ['common.ts']) },
  { rule: 'util/, config/, contracts.ts and exit_codes.ts import no package but Node built-ins and yaml',
    bad: (f, t) =>
      LEAVES.includes(areaOf(f)!) && isPackage(t) && !builtinModules.includes(t.replace(/^node:/, '').split('/')[0])
      && !pkg(t, 'yaml') },
];

/** The area of a src-relative path; undefined outside src/. */
export function areaOf(file: string): string | undefined {
  if (file.startsWith('../')) return undefined;
  const slash = file.indexOf('/');
  return slash >= 0 ? file.slice(0, slash) : `${file.replace(/(\.d)?\.(ts|js)$/, '')}.ts`;
}

const shown = (area: string) => (area.endsWith('.ts') ? area : `${area}/`);

/** Resolves a relative import against the map's files ('src:train/trainer.ts'); a package stays its name. */
function resolve(map: ImportMap, file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const p = path.posix.join(path.posix.dirname(file), spec);
  for (const c of [p, `${p}.ts`, `${p}/index.ts`]) if (c in map) return `src:${c}`;
  return `src:${p}`; // outside the map (src/gen): its area still counts
}

/** Every broken rule and every import cycle, one line each, naming the file and the import. */
export function checkImports(map: ImportMap): string[] {
  const out: string[] = [];
  for (const [file, imports] of Object.entries(map)) {
    const area = areaOf(file)!, allowed = MAY_IMPORT[area];
    if (!allowed) {
      out.push(`src/${file}: no layer rule covers ${shown(area)} (add it to MAY_IMPORT in `
        + `test/architecture/layers.ts and to docs/architecture.md)`);
      continue;
    }
    for (const { spec, line } of imports) {
      const where = `src/${file}${line ? `:${line}` : ''} imports '${spec}'`;
      if (spec === COMPUTED) {
        if (!COMPUTED_REQUIRE[file]) out.push(`${where}: a computed require() the layer rules cannot read`);
        continue;
      }
      const target = resolve(map, file, spec);
      if (target.startsWith('src:')) {
        const to = areaOf(target.slice(4));
        if (to === undefined) out.push(`${where}: outside src/`);
        else if (to !== area && !allowed.includes(to)) {
          out.push(
            `${where} (${target.slice(4)}): ${shown(area)} may import only ${
              allowed.length ? allowed.map(shown).join(', ') : 'nothing in src/'
            }`,
          );
        }
      }
      for (const r of RULES) if (r.bad(file, target)) out.push(`${where}: ${r.rule}`);
    }
  }
  return [...out, ...cycles(map)];
}

/** One line per strongly connected component of the file graph (type-only imports included): a cycle in it. */
export function cycles(map: ImportMap): string[] {
  const edges = new Map<string, { to: string; spec: string; }[]>();
  for (const [file, imports] of Object.entries(map)) {
    edges.set(file, imports.map(({ spec }) => ({ to: resolve(map, file, spec), spec }))
      .filter((e) => e.to.startsWith('src:') && e.to.slice(4) in map).map((e) => ({ ...e, to: e.to.slice(4) })));
  }
  // Tarjan's strongly connected components
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [],
    on = new Set<string>();
  const sccs: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    on.add(v);
    for (const { to } of edges.get(v)!) {
      if (!index.has(to)) {
        visit(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (on.has(to)) low.set(v, Math.min(low.get(v)!, index.get(to)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    for (let w = ''; w !== v;) {
      w = stack.pop()!;
      on.delete(w);
      scc.push(w);
    }
    if (scc.length > 1 || edges.get(v)!.some((e) => e.to === v)) sccs.push(scc);
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return sccs.map((scc) => {
    const inScc = new Set(scc), start = scc.sort()[0];
    // shortest way back to start, through the component (breadth first)
    const prev = new Map<string, { from: string; spec: string; }>();
    const queue = [start];
    for (let i = 0; i < queue.length && !prev.has(start); i++) {
      for (const e of edges.get(queue[i])!) {
        if (inScc.has(e.to) && !prev.has(e.to)) {
          prev.set(e.to, { from: queue[i], spec: e.spec });
          queue.push(e.to);
        }
      }
    }
    const steps: string[] = [];
    for (let at = start; steps.length === 0 || at !== start;) {
      const p = prev.get(at)!;
      steps.unshift(`src/${p.from} imports '${p.spec}'`);
      at = p.from;
    }
    return `import cycle (${scc.length} files: ${scc.join(', ')}): ${steps.join(', ')}`;
  });
}
