// The GradSync of src/contracts.ts on this thread, over a plain AllReduce (no overlap with backward).
import type { AllReduce, BucketSpan, GradSync } from '../contracts';

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
