// What the trainer needs from data parallelism during backward, injected by the worker (train never
// imports the network). The trainer lays the flat gradient out in buckets (in backward order), writes
// each bucket's final local gradient into the buffer that attach() returned while backward is still
// running, calls ready(b) for it, and after backward awaits finish(). Same contract as AllReduce: an
// in-place element-wise SUM across ranks, bit-identical on every rank.
import type { AllReduce } from './trainer';

/** A bucket: a contiguous element range of the flat gradient buffer. */
export interface BucketSpan { offset: number; length: number }

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

/** GradSync over a plain AllReduce, one bucket after another on this thread (no overlap): one worker,
 *  tests, and the fallback when the communication thread is off. */
export function serialGradSync(allreduce: AllReduce): GradSync {
  let buf = new Float32Array(0);
  let spans: readonly BucketSpan[] = [];
  let chain: Promise<void> = Promise.resolve();
  let doneAt: number[] = [];
  return {
    attach(buckets, total) { spans = buckets; buf = new Float32Array(total); return buf; },
    ready(b) {
      const s = spans[b];
      chain = chain.then(async () => {
        await allreduce(buf.subarray(s.offset, s.offset + s.length));
        doneAt[b] = performance.timeOrigin + performance.now();
      });
    },
    async finish() {
      const t0 = performance.now();
      const c = chain;
      chain = Promise.resolve();
      await c;
      const d = doneAt;
      doneAt = [];
      return { exposedS: (performance.now() - t0) / 1000, doneAt: d };
    },
  };
}
