// allreduce.ts's markdown table: one column per entry, n/a where a row has no value (no Gloo, no C reference).
import type { Row } from './allreduce';

const gb = (x: number | null) => (x === null ? 'n/a' : (x / 1e9).toFixed(2));
const fixed = (x: number | null, digits: number) => (x === null ? 'n/a' : x.toFixed(digits));
const ms = (s: number | null) => (s === null ? 'n/a' : (s * 1e3).toFixed(1));

const COLUMNS: [string, (r: Row) => string][] = [
  ['world', (r) => String(r.world)],
  ['size', (r) => `${r.bytes / 1e6} MB`],
  ['transport', (r) => r.transport],
  ['wire', (r) => r.wire],
  ['algo', (r) => r.algo],
  ['chunk KiB', (r) => String(r.chunk / 1024)],
  ['ours ms', (r) => ms(r.seconds)],
  ['algbw GB/s', (r) => gb(r.algbw)],
  ['busbw GB/s', (r) => gb(r.busbw)],
  ['wait %', (r) => (r.waitFrac * 100).toFixed(0)],
  ['raw 1-way GB/s', (r) => gb(r.rawBw)],
  ['busbw/1-way', (r) => fixed(r.busbw / r.rawBw, 2)],
  ['raw ring busbw GB/s', (r) => gb(r.rawRingBusbw)],
  ['busbw/ring', (r) => fixed(r.busbw / r.rawRingBusbw, 2)],
  ['raw C 1-way GB/s', (r) => gb(r.rawCBw)],
  ['busbw/rawC', (r) => fixed(r.rawCRatio, 2)],
  ['raw C ring busbw GB/s', (r) => gb(r.rawCRingBusbw)],
  ['gloo ms', (r) => ms(r.glooSeconds)],
  ['ours/gloo time', (r) => fixed(r.glooRatio, 2)],
  ['CPU ms/call ours', (r) => r.cpuMs.toFixed(1)],
  ['Gloo', (r) => fixed(r.glooCpuMs, 1)],
];

export function formatTable(rows: Row[]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(COLUMNS.map(([h]) => h)), `|${COLUMNS.map(() => '---|').join('')}`,
    ...rows.map((r) => line(COLUMNS.map(([, f]) => f(r))))].join('\n');
}
