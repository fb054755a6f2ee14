// An in-process sum all-reduce standing in for the ring in train/ tests (the network is tested in test/collective).
import type { AllReduce, BucketSpan, GradSync } from '../../src/contracts';

/** Every rank's `view` becomes the element-wise sum of all of them; then each rank's `done` is called. */
function sumAndRelease(parts: { view: Float32Array; done: () => void; }[]): void {
  const sum = new Float32Array(parts[0].view.length);
  for (const p of parts) for (let i = 0; i < sum.length; i++) sum[i] += p.view[i];
  for (const p of parts) {
    p.view.set(sum);
    p.done();
  }
}

/** Sum-all-reduce between `n` trainers in this process: resolves when every rank has contributed. */
export function localAllReduce(n: number): AllReduce {
  let pending: { view: Float32Array; done: () => void; }[] = [];
  return (buf) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ view: buf, done: resolve });
      if (pending.length > n) reject(new Error('too many ranks'));
      if (pending.length === n) {
        sumAndRelease(pending);
        pending = [];
      }
    });
}

/** `n` GradSyncs (one per in-process rank) that sum each bucket on its own, as soon as every rank has
 *  handed that bucket over (a stand-in for the communication thread: per-bucket calls, not coalesced). */
export function localGradSyncs(n: number): GradSync[] {
  const waiting = new Map<number, { view: Float32Array; done: () => void; }[]>();
  return Array.from({ length: n }, () => {
    let buf = new Float32Array(0), spans: readonly BucketSpan[] = [];
    let inFlight: Promise<void>[] = [];
    return {
      attach(b, total) {
        spans = b;
        buf = new Float32Array(total);
        return buf;
      },
      ready(b) {
        const view = buf.subarray(spans[b].offset, spans[b].offset + spans[b].length);
        inFlight.push(new Promise<void>((done) => {
          const w = [...(waiting.get(b) ?? []), { view, done }];
          waiting.set(b, w);
          if (w.length < n) return;
          waiting.delete(b);
          sumAndRelease(w);
        }));
      },
      async finish() {
        const f = inFlight;
        inFlight = [];
        await Promise.all(f);
        return { exposedS: 0 };
      },
    };
  });
}
