// All-reduce benchmark (not a test): ring all-reduce across real processes on loopback,
// against raw ZeroMQ PUSH/PULL (the wire's ceiling) and PyTorch Gloo (what torchrun+DDP
// on CPU uses). Standalone:
//   node dist/bench/allreduce.js [--sizes 4,40] [--worlds 2,4] [--wires fp32,bf16]
//        [--iters 10] [--chunk-bytes 1048576] [--no-gloo] [--no-barrier] [--json out.json]
// Each timed call starts after a barrier (a 1-float all-reduce), as Gloo's reference does
// dist.barrier(); --no-barrier times back-to-back calls (includes the ranks' skew).
// busbw = 2(N-1)/N * bytes / time (what each rank's link carries per second, NCCL-style).
// Raw references (bench/raw_zmq.ts): one-way single stream, and the same bytes pushed in
// the ring pattern (every process sending and receiving at once), the ring's real ceiling.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { median, Procs } from './procs';
import { rawZmqOneWaySeconds, rawZmqRingSeconds } from './raw_zmq';

export interface AllreduceBenchOptions {
  sizesMB: number[]; worlds: number[]; wires: ('fp32' | 'bf16')[]; iters: number; chunkBytes: number; gloo: boolean;
  barrier: boolean;        // ranks meet before each timed call, like the Gloo reference (default true)
}
export interface Row {
  world: number; bytes: number; wire: string; seconds: number; algbw: number; busbw: number; waitFrac: number;
  rawZmqBw: number;       // one-way single stream, bytes/s
  rawRingBusbw: number;   // raw zmq in the ring pattern: bytes each rank pushed per second
  glooSeconds: number | null;
}

async function ringSeconds(world: number, elems: number[], wires: string[], o: AllreduceBenchOptions) {
  const envs = Array.from({ length: world }, (_, rank) => ({
    MYGPT_BENCH: 'ring', RING_OPTS: JSON.stringify({ rank, worldSize: world, chunkBytes: o.chunkBytes, timeoutMs: 30_000 }),
  }));
  const p = new Procs(path.join(__dirname, 'allreduce-worker.js'), envs);
  try {
    const addresses = (await p.all()).map((m) => m.address as string);
    p.broadcast({ cmd: 'connect', addresses });
    await p.all();
    const out = new Map<string, { seconds: number; waitFrac: number }>();
    for (const n of elems) {
      for (const wire of wires) {
        p.broadcast({ cmd: 'run', elems: n, wire, iters: o.iters, barrier: o.barrier });
        const res = (await p.all()) as { times: number[]; wait: number }[];
        const perIter = res[0].times.map((_, i) => Math.max(...res.map((r) => r.times[i])));
        const total = res.reduce((a, r) => a + r.times.reduce((x, y) => x + y, 0), 0);
        out.set(`${n}/${wire}`, { seconds: median(perIter), waitFrac: res.reduce((a, r) => a + r.wait, 0) / total });
      }
    }
    return out;
  } finally {
    await p.shutdown();
  }
}

function glooSeconds(world: number, bytes: number[], iters: number): Map<number, number> | null {
  try {
    const script = path.join(__dirname, '..', '..', 'bench', 'gloo_allreduce.py');
    const out = execFileSync('/usr/bin/python3', [script, '--world', String(world), '--bytes', bytes.join(','), '--iters', String(iters)],
      { encoding: 'utf8', timeout: 600_000, stdio: ['ignore', 'pipe', 'inherit'] });
    const j = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
    return new Map(Object.entries(j).map(([k, v]) => [Number(k), v]));
  } catch (e) {
    process.stderr.write(`gloo reference skipped: ${(e as Error).message.split('\n')[0]}\n`);
    return null;
  }
}

export async function runAllreduceBench(o: AllreduceBenchOptions): Promise<Row[]> {
  const bytes = o.sizesMB.map((mb) => Math.round(mb * 1e6 / 4) * 4);
  const raw = new Map<number, number>();
  for (const b of bytes) raw.set(b, b / await rawZmqOneWaySeconds(b, o.chunkBytes, o.iters));
  const rows: Row[] = [];
  for (const world of o.worlds) {
    const ringRaw = new Map<number, number>();
    for (const b of bytes) { // each rank of a ring all-reduce pushes 2(N-1)/N * bytes
      const perRank = Math.round((2 * (world - 1) / world) * b);
      ringRaw.set(b, perRank / await rawZmqRingSeconds(world, perRank, o.chunkBytes, o.iters));
    }
    const ours = await ringSeconds(world, bytes.map((b) => b / 4), o.wires, o);
    const gloo = o.gloo ? glooSeconds(world, bytes, o.iters) : null;
    for (const b of bytes) {
      for (const wire of o.wires) {
        const { seconds, waitFrac } = ours.get(`${b / 4}/${wire}`)!;
        rows.push({ world, bytes: b, wire, seconds, algbw: b / seconds, busbw: (2 * (world - 1) / world) * b / seconds, waitFrac,
          rawZmqBw: raw.get(b)!, rawRingBusbw: ringRaw.get(b)!, glooSeconds: gloo?.get(b) ?? null });
      }
    }
  }
  return rows;
}

export function formatTable(rows: Row[]): string {
  const gb = (x: number) => (x / 1e9).toFixed(2);
  const lines = [
    '| world | size | wire | ours ms | algbw GB/s | busbw GB/s | wait % | raw zmq 1-way GB/s | busbw/1-way | raw zmq ring busbw GB/s | busbw/ring | gloo ms | ours/gloo time |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(`| ${r.world} | ${r.bytes / 1e6} MB | ${r.wire} | ${(r.seconds * 1e3).toFixed(1)} | ${gb(r.algbw)} | ${gb(r.busbw)} | ${(r.waitFrac * 100).toFixed(0)} | ` +
      `${gb(r.rawZmqBw)} | ${(r.busbw / r.rawZmqBw).toFixed(2)} | ${gb(r.rawRingBusbw)} | ${(r.busbw / r.rawRingBusbw).toFixed(2)} | ${r.glooSeconds === null ? 'n/a' : (r.glooSeconds * 1e3).toFixed(1)} | ` +
      `${r.glooSeconds === null ? 'n/a' : (r.seconds / r.glooSeconds).toFixed(2)} |`);
  }
  return lines.join('\n');
}

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

async function main(): Promise<void> {
  const o: AllreduceBenchOptions = {
    sizesMB: arg('sizes', '4,40').split(',').map(Number),
    worlds: arg('worlds', '2,4').split(',').map(Number),
    wires: arg('wires', 'fp32,bf16').split(',') as ('fp32' | 'bf16')[],
    iters: Number(arg('iters', '10')),
    chunkBytes: Number(arg('chunk-bytes', String(1 << 20))),
    gloo: !process.argv.includes('--no-gloo'),
    barrier: !process.argv.includes('--no-barrier'),
  };
  const rows = await runAllreduceBench(o);
  console.log(formatTable(rows));
  const json = arg('json', '');
  if (json) fs.writeFileSync(json, JSON.stringify({ options: o, rows }, null, 2));
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
