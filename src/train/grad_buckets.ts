// Hands each parameter's gradient to the GradSync while backward is still running. Every parameter read
// in forward goes through an identity tf.customGrad, recorded on the tape just before the parameter's
// first use; backward walks the tape in reverse, so the identity's gradient function runs right after the
// last consumer of that parameter and receives its summed gradient (for the tied wte: the output head's
// and the input lookup's contributions, added by tfjs in the same order as without the hook, so the
// values are bit-identical to tf.variableGrads). That function writes the gradient into the GradSync's
// buffer; when the last member of a bucket has arrived (last micro-batch only) the bucket is handed over.
// A member accumulates its work units (./units.ts) as micro-batches: `count` of them, divided by `divisor`
// (train.grad_accum) at the end, which at the configured world size is the per-rank mean over grad_accum.
import * as tf from '@tensorflow/tfjs';
import type { ParamSpec } from '../model/params';
import type { Params } from '../model/gpt';
import { copyInto } from '../native/read';
import type { GradSync } from '../contracts';
import { BucketPlan } from './buckets';

/** Milliseconds on a clock shared by all threads of the process (worker threads have their own now()). */
export const epochMs = (): number => performance.timeOrigin + performance.now();

export class GradBuckets {
  /** The flat gradient buffer (from GradSync.attach): P gradients, then the loss slot. */
  readonly buf: Float32Array;
  /** epochMs() when backward began (forward returned) and when each bucket was handed over, this step. */
  backwardStart = 0;
  readonly readyAt: Float64Array;
  private readonly pending: Int32Array; // members still missing per bucket (last micro-batch)
  private readonly arrived: Uint8Array; // per spec index, this micro-batch
  private micro = 0;
  private count = 1;
  private divisor = 1;
  private lossSlot: () => number = () => 0;
  private readonly index: Map<string, number>;

  /** `beforeReady(buf, from, to)` runs on each bucket's final local values just before it is handed over. */
  constructor(readonly plan: BucketPlan, private readonly specs: readonly ParamSpec[], private readonly sync: GradSync,
    private readonly beforeReady: (buf: Float32Array, from: number, to: number) => void = () => undefined)
  {
    this.buf = sync.attach(plan.spans, plan.total);
    if (this.buf.length !== plan.total) {
      throw new Error(`GradSync.attach returned ${this.buf.length} slots, expected ${plan.total}`);
    }
    this.readyAt = new Float64Array(plan.spans.length);
    this.pending = new Int32Array(plan.spans.length);
    this.arrived = new Uint8Array(specs.length);
    this.index = new Map(specs.map((s, i) => [s.name, i]));
  }

  /** Starts micro-batch `micro` of `count` and returns the parameter view its forward must read through
   *  (inside the tf.variableGrads function). The gradients of the `count` micro-batches are summed and,
   *  on the last one, divided by `divisor` (1: left as the sum) bucket by bucket, and each bucket is handed
   *  over as it completes; `lossSlot` gives the value of the loss slot (read when bucket 0 completes, i.e.
   *  during backward, after forward produced the loss). */
  begin(vars: readonly tf.Variable[], micro: number, count: number, divisor: number, lossSlot: () => number): Params {
    if (!(micro >= 0 && micro < count) || !(divisor >= 1)) {
      throw new RangeError(`GradBuckets.begin: micro ${micro} of ${count}, divisor ${divisor}`);
    }
    this.micro = micro;
    this.count = count;
    this.divisor = divisor;
    this.lossSlot = lossSlot;
    this.arrived.fill(0);
    this.plan.members.forEach((m, b) => {
      this.pending[b] = m.length;
    });
    const hooked = new Map<string, tf.Tensor>();
    return {
      get: (name) => {
        let t = hooked.get(name);
        const i = this.index.get(name);
        if (t === undefined && i !== undefined) {
          const hook = tf.customGrad((x) => ({ value: (x as tf.Tensor).clone(), gradFunc: (dy: tf.Tensor) => {
            this.arrive(i, dy);
            return dy;
          } }));
          t = hook(vars[i]);
          hooked.set(name, t);
        }
        return t;
      },
    };
  }

  /** After a micro-batch's backward: every parameter must have received its gradient. */
  end(): void {
    const missing = this.specs.filter((_, i) => !this.arrived[i]).map((s) => s.name);
    if (missing.length) throw new Error(`backward produced no gradient for parameter(s) ${missing.join(', ')}`);
  }

  private arrive(i: number, dy: tf.Tensor): void {
    const s = this.specs[i];
    if (this.arrived[i]) throw new Error(`parameter ${s.name} received two gradients in one backward`);
    this.arrived[i] = 1;
    if (this.micro === 0) copyInto(dy, this.buf, s.offset); // first micro-batch: overwrite, one memcpy
    else {
      const g = dy.dataSync();
      const o = s.offset;
      for (let k = 0; k < s.size; k++) this.buf[o + k] += g[k];
    }
    if (this.micro !== this.count - 1) return;
    const b = this.plan.bucketOf[i];
    if (--this.pending[b] > 0) return;
    const { offset, length } = this.plan.spans[b];
    const P = this.plan.total - 1;
    if (this.divisor !== 1) { for (let k = offset; k < Math.min(offset + length, P); k++) this.buf[k] /= this.divisor; }
    if (offset + length > P) this.buf[P] = this.lossSlot();
    this.beforeReady(this.buf, offset, offset + length);
    this.readyAt[b] = epochMs();
    this.sync.ready(b);
  }
}
