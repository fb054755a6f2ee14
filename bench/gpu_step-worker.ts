// One rank of the GPU-shaped step benchmark (started by bench/gpu_step.ts, env MYGPT_BENCH=gpu_step).
// Forward+backward is a synthetic compute of C ms during which this thread is blocked without using
// a CPU, as a host thread waiting on a GPU is (Atomics.wait): forward C/3, then backward 2C/3 cut
// into one slice per bucket, each slice ending with that bucket's gradient ready (backward order).
// The buckets go over the real collective in the communication thread (src/collective/comm_thread.ts).
import { CommThread } from '../src/collective/comm_thread';
import { chunkBytes, exchangeMaxBytes } from '../src/transport';

const blocker = new Int32Array(new SharedArrayBuffer(4));
/** Blocks until performance.now() >= t: the "GPU" runs on its own timeline, so a late wake-up of this
 *  thread on a busy host does not delay the next kernel's end. */
const gpuUntil = (t: number) => {
  for (let left = t - performance.now(); left > 0; left = t - performance.now()) Atomics.wait(blocker, 0, 0, left);
};

interface Cmd {
  cmd: string;
  addresses?: string[];
  secret?: number[];
  gradBytes?: number;
  bucketBytes?: number;
  computeMs?: number;
}

async function main(): Promise<void> {
  const o = JSON.parse(process.env.RING_OPTS!);
  o.exchangeMaxBytes = exchangeMaxBytes(o.transport ?? 'tcp', o.exchangeMaxBytes); // as the worker does
  o.chunkBytes = chunkBytes(o.transport ?? 'tcp', o.chunkBytes);
  // links as the worker builds them: one chunk bounds a payload (and sizes the shared-memory slots)
  const ct = await CommThread.start({ ...o,
    links: { transport: o.transport ?? 'tcp', maxPayloadBytes: o.chunkBytes, sharedMemory: o.sharedMemory },
    advertiseHost: o.bindHost ?? '127.0.0.1' });
  process.send!({ address: ct.address, native: ct.native });
  let nb = 0;
  process.on('message', async (m: Cmd) => {
    if (m.cmd === 'connect') {
      ct.connect({ rank: o.rank, worldSize: o.worldSize, addresses: m.addresses!, secret: Uint8Array.from(m.secret!) });
      process.send!({ ok: true });
      return;
    }
    if (m.cmd === 'layout') { // buckets of bucketBytes (the last one smaller) over a gradient of gradBytes
      const total = Math.round(m.gradBytes! / 4), per = Math.round(m.bucketBytes! / 4);
      const spans = [];
      for (let off = 0; off < total; off += per) spans.push({ offset: off, length: Math.min(per, total - off) });
      ct.attach(spans, total);
      nb = spans.length;
      process.send!({ buckets: nb });
      return;
    }
    if (m.cmd === 'step') {
      const C = m.computeMs!;
      const t0 = performance.now(), readyMs: number[] = [];
      gpuUntil(t0 + C / 3);
      for (let b = 0; b < nb; b++) {
        gpuUntil(t0 + C / 3 + ((2 * C) / 3) * (b + 1) / nb);
        readyMs.push(performance.now() - t0);
        ct.ready(b);
      }
      const { exposedS, doneAt = [] } = await ct.finish();
      // MYGPT_BENCH_TIMELINE: each bucket's hand-over and the end of its sum, ms from the step's start
      const timeline = () =>
        readyMs.map((r, b) => ({ bucket: b, readyMs: r, doneMs: doneAt[b] - performance.timeOrigin - t0 }));
      process.send!({ stepMs: performance.now() - t0, exposedMs: exposedS * 1000,
        timeline: process.env.MYGPT_BENCH_TIMELINE ? timeline() : undefined });
      return;
    }
    await ct.close();
    process.exit(0);
  });
}

if (process.env.MYGPT_BENCH === 'gpu_step' && process.send) {
  main().catch((e) => {
    console.error(e);
    process.exit(2);
  });
}
