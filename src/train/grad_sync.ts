// What the trainer needs from data parallelism during backward, injected by the worker (train never
// imports the network). The trainer lays the flat gradient out in buckets (in backward order), writes
// each bucket's final local gradient into the buffer that attach() returned while backward is still
// running, calls ready(b) for it, and after backward awaits finish(). Same contract as AllReduce: an
// in-place element-wise SUM across ranks, bit-identical on every rank.
import type { AllReduce } from './membership';

/** A bucket: a contiguous element range of the flat gradient buffer. */
export interface BucketSpan {
  offset: number;
  length: number;
}

export interface GradSync {
  /** Once per layout, never while a step is in flight. Returns the buffer (length `total`) the trainer
   *  writes gradients into; a threaded implementation backs it with a SharedArrayBuffer. */
  attach(buckets: readonly BucketSpan[], total: number): Float32Array;
  /** Bucket b (index into attach()'s list) holds its final local gradient: start summing it. Returns at once. */
  ready(b: number): void;
  /** Resolves when every bucket of this step is summed in place; exposedS = seconds spent waiting in here.
   *  Rejects with the collective's typed error (which names the failing rank). */
  finish(): Promise<GradSyncResult>;
}

export interface GradSyncResult {
  exposedS: number;
  /** Optional, for the bucket timeline: when bucket b's sum completed, in ms on the process-wide clock
   *  performance.timeOrigin + performance.now() (comparable across worker threads). */
  doneAt?: number[];
}

/** GradSync over a plain AllReduce on this thread (no overlap): one worker, tests, and the fallback when
 *  the communication thread is off. Buckets handed over since the last call are summed together, one call
 *  per contiguous run: backward is synchronous, so the calls start only when finish() yields, and by then
 *  every bucket is ready and adjacent, so a step costs ONE all-reduce call (per-call latency and the
 *  caller's per-call work paid once), exactly as before buckets. */
export function serialGradSync(allreduce: AllReduce): GradSync {
  let buf = new Float32Array(0);
  let spans: readonly BucketSpan[] = [];
  let chain: Promise<void> = Promise.resolve();
  let queued: number[] = [];
  let doneAt: number[] = [];
  const flush = async () => {
    const bs = queued;
    queued = [];
    for (const run of contiguousRuns(spans, bs)) {
      await allreduce(buf.subarray(run.offset, run.offset + run.length));
      const t = performance.timeOrigin + performance.now();
      for (const b of run.buckets) doneAt[b] = t;
    }
  };
  return {
    attach(buckets, total) {
      spans = buckets;
      buf = new Float32Array(total);
      return buf;
    },
    ready(b) {
      if (queued.push(b) === 1) chain = chain.then(flush);
    },
    async finish() {
      const t0 = performance.now();
      const c = chain;
      chain = Promise.resolve();
      try {
        await c;
      } finally {
        queued = [];
      }
      const d = doneAt;
      doneAt = [];
      return { exposedS: (performance.now() - t0) / 1000, doneAt: d };
    },
  };
}

/** Buckets (in hand-over order) grouped into runs that are adjacent in the buffer, either direction. */
export function contiguousRuns(spans: readonly BucketSpan[],
  order: readonly number[]): { offset: number; length: number; buckets: number[]; }[]
{
  const runs: { offset: number; length: number; buckets: number[]; }[] = [];
  for (const b of order) {
    const s = spans[b], r = runs[runs.length - 1];
    if (r && s.offset + s.length === r.offset) {
      r.offset = s.offset;
      r.length += s.length;
      r.buckets.push(b);
    } else if (r && r.offset + r.length === s.offset) {
      r.length += s.length;
      r.buckets.push(b);
    } else runs.push({ offset: s.offset, length: s.length, buckets: [b] });
  }
  return runs;
}
