// All-reduce benchmark (not a test): ring all-reduce across real processes on loopback,
// against the raw data plane (ZeroMQ PUSH/PULL or TCP streams: the wire's ceiling) and PyTorch Gloo (what torchrun+DDP
// on CPU uses). Standalone:
//   node dist/bench/allreduce.js [--sizes 1,4,40] [--worlds 2,4] [--wires fp32,bf16] [--algos auto,ring]
//        [--iters 10] [--repeat 3] [--chunk-bytes -1[,262144...]] [--transports tcp,tcp-socket,zmq,zmq-shm] [--no-gloo]
//        [--no-barrier] [--json out.json]
// --chunk-bytes: -1 (default) = the data plane's chunk, as cluster.chunk_bytes -1 (transport/index.ts CHUNK_BYTES).
// --transports: the ring's data plane (cluster.ring_transport); each runs in its own set of processes; zmq-curve is zmq
// with CURVE (security.curve: each rank its own key pair). tcp uses
// shared memory between the ranks (all on this host; cluster.shared_memory true, the default), tcp-socket is
// tcp with cluster.shared_memory false (every payload through the loopback socket); zmq is the ZeroMQ plane with
// shared memory off, zmq-shm with it on.
// --algos: auto = what workers use (select.ts: the exchange for world 2 and small buffers, else the
// ring); ring / exchange force one.
// Each timed call starts after a barrier (a 1-float all-reduce), as Gloo's reference does
// dist.barrier(); --no-barrier times back-to-back calls (includes the ranks' skew).
// busbw = 2(N-1)/N * bytes / time (what each rank's link carries per second, NCCL-style).
// CPU ms/call: user + system CPU of every rank process (all threads) during the timed calls, summed over ranks, per
// call (Gloo: time.process_time, which counts its I/O thread too): on a host with fewer cores than ranks it sets the
// time. Raw references of the row's data plane (bench/raw_zmq.ts, bench/raw_tcp.ts, same write size as the call):
// one-way single stream, and the same bytes pushed in the ring pattern (every process sending and receiving at once),
// the ring's real ceiling. zmq rows also get the raw libzmq reference in C (bench/raw_zmq.c via raw_zmq_c.ts, the row's
// bytes and chunk, median of max(iters, 30) runs): one-way (rawCBw, busbw/rawC: the data plane's target is >= 0.8) and
// ring (rawCRingBusbw). Without gcc or libzmq3-dev those are n/a and stderr says "raw libzmq C reference skipped:
// <why>".
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { median, Procs } from './procs';
import { rawZmqOneWaySeconds, rawZmqRingSeconds } from './raw_zmq';
import { rawTcpOneWaySeconds, rawTcpRingSeconds } from './raw_tcp';
import { rawZmqCOneWaySeconds, rawZmqCRingSeconds, rawZmqCSkipped } from './raw_zmq_c';
import { chunkBytes } from '../src/transport';
import { PYTHON } from './python';
import { formatTable } from './allreduce_table';
import { arg } from './args';

export interface AllreduceBenchOptions {
  sizesMB: number[];
  worlds: number[];
  wires: ('fp32' | 'bf16')[];
  algos: string[];
  iters: number;
  chunks: number[];
  gloo: boolean;
  transports: Plane[];
  barrier: boolean; // ranks meet before each timed call, like the Gloo reference (default true)
  repeat: number; // ours and Gloo alternate this many times (default 3)
}
export interface Row {
  world: number;
  bytes: number;
  transport: string;
  wire: string;
  algo: string;
  chunk: number;
  seconds: number;
  algbw: number;
  busbw: number;
  waitFrac: number;
  rawBw: number; // the row's data plane, raw: one-way single stream, bytes/s
  rawRingBusbw: number; // the same in the ring pattern: bytes each rank pushed per second
  // zmq rows: raw libzmq in C, one-way, the row's bytes and chunk, bytes/s (null: other planes, or skipped)
  rawCBw: number | null;
  rawCRatio: number | null; // busbw / rawCBw
  rawCRingBusbw: number | null; // zmq rows: raw libzmq in C in the ring pattern, bytes each rank pushed per second
  glooSeconds: number | null;
  // CPU per call, all ranks together (user + system, every thread): what an oversubscribed host runs out of
  cpuMs: number;
  glooCpuMs: number | null;
  glooRatio: number | null; // median over repeats of (our median / Gloo's median) in the same repeat
}

/** A row's data plane: cluster.ring_transport, and for tcp whether shared memory is on. */
export type Plane = 'tcp' | 'tcp-socket' | 'zmq' | 'zmq-shm' | 'zmq-curve';
const PLANES: Record<Plane, { transport: 'tcp' | 'zmq'; sharedMemory: boolean; curve?: boolean; }> = {
  tcp: { transport: 'tcp', sharedMemory: true },
  'tcp-socket': { transport: 'tcp', sharedMemory: false },
  zmq: { transport: 'zmq', sharedMemory: false },
  'zmq-shm': { transport: 'zmq', sharedMemory: true },
  // each rank's own CURVE key pair, as with security.curve
  'zmq-curve': { transport: 'zmq', sharedMemory: false, curve: true },
};
const planeChunk = (p: Plane, c: number) => chunkBytes(PLANES[p].transport, c);
const isZmq = (p: Plane) => PLANES[p].transport === 'zmq';

/** Every wire x algorithm x chunk size combination, interleaved call by call in the ranks. */
const variantsOf = (o: AllreduceBenchOptions, plane: Plane) =>
  o.wires.flatMap((wire) =>
    o.algos.flatMap((algo) => o.chunks.map((c) => ({ wire, algo, chunk: planeChunk(plane, c) })))
  );

async function ringSeconds(world: number, elems: number[], o: AllreduceBenchOptions, plane: Plane) {
  const variants = variantsOf(o, plane);
  const envs = Array.from({ length: world }, (_, rank) => ({
    MYGPT_BENCH: 'ring',
    RING_OPTS: JSON.stringify({ rank, worldSize: world, chunkBytes: variants[0].chunk,
      maxChunkBytes: Math.max(...variants.map((v) => v.chunk)), timeoutMs: 30_000, ...PLANES[plane] }),
  }));
  const p = new Procs(path.join(__dirname, 'allreduce-worker.js'), envs);
  try {
    const bound = await p.all();
    const addresses = bound.map((m) => m.address as string), publicKeys = bound.map((m) =>
      (m.publicKey as string | undefined) ?? ''
    );
    p.broadcast({ cmd: 'connect', addresses, publicKeys, secret: [...randomBytes(32)] });
    await p.all();
    const out = new Map<string, Ours>();
    for (const n of elems) {
      p.broadcast({ cmd: 'run', elems: n, variants, iters: o.iters, barrier: o.barrier });
      const res = (await p.all()) as { times: number[][]; wait: number[]; cpu: number[]; }[];
      variants.forEach(({ wire, algo, chunk }, v) => {
        const perIter = res[0].times[v].map((_, i) => Math.max(...res.map((r) => r.times[v][i])));
        const total = res.reduce((a, r) => a + r.times[v].reduce((x, y) => x + y, 0), 0);
        out.set(`${plane}/${n}/${wire}/${algo}/${chunk}`, { times: perIter, waitFrac: res.reduce((a, r) =>
          a + r.wait[v], 0) / total, cpuMs: res.reduce((a, r) =>
            a + r.cpu[v], 0) / perIter.length / 1000 });
      });
    }
    return out;
  } finally {
    await p.shutdown();
  }
}

interface Ours {
  times: number[];
  waitFrac: number;
  cpuMs: number;
}
interface Gloo {
  seconds: number;
  cpuMs: number;
}

function glooSeconds(world: number, bytes: number[], iters: number): Map<number, Gloo> | null {
  try {
    const script = path.join(__dirname, '..', '..', 'bench', 'gloo_allreduce.py');
    const out = execFileSync(PYTHON, [script, '--world', String(world), '--bytes', bytes.join(','), '--iters',
      String(iters)], { encoding: 'utf8', timeout: 600_000, stdio: ['ignore', 'pipe', 'inherit'] });
    const j = JSON.parse(out.trim().split('\n').pop()!) as Record<string, { s: number; cpu_ms: number; }>;
    return new Map(Object.entries(j).map(([k, v]) => [Number(k), { seconds: v.s, cpuMs: v.cpu_ms }]));
  } catch (e) {
    process.stderr.write(`gloo reference skipped: ${(e as Error).message.split('\n')[0]}\n`);
    return null;
  }
}

export async function runAllreduceBench(o: AllreduceBenchOptions): Promise<Row[]> {
  const bytes = o.sizesMB.map((mb) => Math.round(mb * 1e6 / 4) * 4);
  const RAWS = { zmq: { oneWay: rawZmqOneWaySeconds, ring: rawZmqRingSeconds },
    tcp: { oneWay: rawTcpOneWaySeconds, ring: rawTcpRingSeconds } };
  const RAW = (p: Plane) => RAWS[PLANES[p].transport]; // shared memory has no raw reference of its own: the socket's
  const raw = new Map<string, number>(); // `${plane}/${bytes}` -> bytes/s
  for (const t of o.transports) {
    for (const b of bytes) raw.set(`${t}/${b}`, b / await RAW(t).oneWay(b, planeChunk(t, o.chunks[0]), o.iters));
  }
  // the C reference, per bytes and chunk of the zmq rows, with CURVE for the zmq-curve rows:
  // `${curve}/${bytes}/${chunk}` (ring: `${curve}/${world}/${bytes}/${chunk}`) -> bytes/s
  const cChunks = [...new Set(o.transports.filter(isZmq).flatMap((t) => variantsOf(o, t).map((v) => v.chunk)))];
  const cCurves = [...new Set(o.transports.filter(isZmq).map((t) => !!PLANES[t].curve))];
  const cIters = Math.max(o.iters, 30), skips = new Set<string>();
  const perSecond = (b: number, s: number | null) => {
    const why = s === null ? rawZmqCSkipped() : null;
    if (why && !skips.has(why)) {
      skips.add(why);
      process.stderr.write(`raw libzmq C reference skipped: ${why}\n`);
    }
    return s === null ? null : b / s;
  };
  const rawC = new Map<string, number | null>();
  for (const k of cCurves) {
    for (const b of bytes) {
      for (const c of cChunks) rawC.set(`${k}/${b}/${c}`, perSecond(b, rawZmqCOneWaySeconds(b, c, cIters, k)));
    }
  }
  const rows: Row[] = [];
  for (const world of o.worlds) {
    const ringRaw = new Map<string, number>();
    for (const b of bytes) { // each rank of a ring all-reduce pushes 2(N-1)/N * bytes
      const perRank = Math.round((2 * (world - 1) / world) * b);
      for (const t of o.transports) {
        ringRaw.set(`${t}/${b}`, perRank / await RAW(t).ring(world, perRank, planeChunk(t, o.chunks[0]), o.iters));
      }
      for (const k of cCurves) {
        for (const c of cChunks) {
          rawC.set(`${k}/${world}/${b}/${c}`, perSecond(perRank, rawZmqCRingSeconds(world, perRank, c, cIters, k)));
        }
      }
    }
    // ours and Gloo alternate `repeat` times; a row's time is the median of all its calls, its ratio
    // to Gloo the median of the per-repeat ratios (each repeat's two runs saw similar load)
    const reps: { ours: Map<string, Ours>; gloo: Map<number, Gloo> | null; }[] = [];
    for (let k = 0; k < o.repeat; k++) {
      const ours = new Map<string, Ours>();
      for (const t of o.transports) {
        for (const [key, v] of await ringSeconds(world, bytes.map((b) => b / 4), o, t)) ours.set(key, v);
      }
      reps.push({ ours, gloo: o.gloo ? glooSeconds(world, bytes, o.iters) : null });
    }
    for (const b of bytes) {
      for (const { transport, wire, algo, chunk } of o.transports.flatMap((transport) =>
        variantsOf(o, transport).map((v) => ({ transport, ...v }))
      )) {
        const key = `${transport}/${b / 4}/${wire}/${algo}/${chunk}`;
        const seconds = median(reps.flatMap((r) => r.ours.get(key)!.times));
        const gloo = reps.map((r) => r.gloo?.get(b)).filter((x): x is Gloo => x !== undefined);
        const ratios = reps.filter((r) => r.gloo?.get(b) !== undefined).map((r) =>
          median(r.ours.get(key)!.times) / r.gloo!.get(b)!.seconds
        );
        const busbw = (2 * (world - 1) / world) * b / seconds;
        const k = !!PLANES[transport].curve, rawCBw = isZmq(transport) ? rawC.get(`${k}/${b}/${chunk}`)! : null;
        rows.push({ world, bytes: b, transport, wire, algo, chunk, seconds, algbw: b / seconds, busbw,
          waitFrac: median(reps.map((r) => r.ours.get(key)!.waitFrac)), rawBw: raw.get(`${transport}/${b}`)!,
          rawRingBusbw: ringRaw.get(`${transport}/${b}`)!, rawCBw, rawCRatio: rawCBw === null ? null : busbw / rawCBw,
          rawCRingBusbw: isZmq(transport) ? rawC.get(`${k}/${world}/${b}/${chunk}`)! : null,
          glooSeconds: gloo.length ? median(gloo.map((g) => g.seconds)) : null,
          glooRatio: ratios.length ? median(ratios) : null, cpuMs: median(reps.map((r) => r.ours.get(key)!.cpuMs)),
          glooCpuMs: gloo.length ? median(gloo.map((g) => g.cpuMs)) : null });
      }
    }
  }
  return rows;
}

function planes(list: string): Plane[] {
  const ps = list.split(',');
  for (const p of ps) {
    if (!(p in PLANES)) {
      throw new Error(`--transports: unknown data plane '${p}' (known: ${Object.keys(PLANES).join(', ')})`);
    }
  }
  return ps as Plane[];
}

async function main(): Promise<void> {
  const o: AllreduceBenchOptions = {
    sizesMB: arg('sizes', '1,4,40').split(',').map(Number),
    worlds: arg('worlds', '2,4').split(',').map(Number),
    wires: arg('wires', 'fp32,bf16').split(',') as ('fp32' | 'bf16')[],
    algos: arg('algos', 'auto,ring').split(','),
    iters: Number(arg('iters', '10')),
    chunks: arg('chunk-bytes', '-1').split(',').map(Number),
    transports: planes(arg('transports', 'tcp,tcp-socket,zmq,zmq-shm')),
    gloo: !process.argv.includes('--no-gloo'),
    barrier: !process.argv.includes('--no-barrier'),
    repeat: Number(arg('repeat', '3')),
  };
  const rows = await runAllreduceBench(o);
  console.log(formatTable(rows));
  const json = arg('json', '');
  if (json) fs.writeFileSync(json, JSON.stringify({ options: o, rows }, null, 2));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
