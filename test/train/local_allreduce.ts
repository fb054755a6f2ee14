// An in-process sum all-reduce standing in for the ring in train/ tests (the network is tested in test/collective).
import type { AllReduce } from '../../src/train/trainer';

/** Sum-all-reduce between `n` trainers in this process: resolves when every rank has contributed. */
export function localAllReduce(n: number): AllReduce {
  let pending: { buf: Float32Array; done: () => void }[] = [];
  return (buf) => new Promise<void>((resolve, reject) => {
    pending.push({ buf, done: resolve });
    if (pending.length > n) reject(new Error('too many ranks'));
    if (pending.length === n) {
      const sum = new Float32Array(buf.length);
      for (const p of pending) for (let i = 0; i < sum.length; i++) sum[i] += p.buf[i];
      for (const p of pending) { p.buf.set(sum); p.done(); }
      pending = [];
    }
  });
}
