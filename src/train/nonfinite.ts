// Non-finite guard (train.nonfinite: skip | stop). A NaN/Inf loss or gradient is never applied:
//   1. before the all-reduce each rank checks its OWN loss + gradient (local: names the rank at fault);
//   2. after it, the decision is taken from the REDUCED gradient norm and loss, which every rank holds
//      bit-identically (a NaN anywhere is NaN in every rank's sum), so every rank skips or stops at the
//      same step and the replicas stay identical.
// `skip` skips the optimizer step (the step counter, data order and LR schedule still advance) at most
// train.max_nonfinite_skips times in a run; the next non-finite step, or the first one with `stop`, throws
// NonFiniteError. Weights and optimizer moments are checked again before a checkpoint is written.
import type { TrainConfig } from '../config/types';
import { JS_OPTIMIZER_LOOPS, l2norm, type OptimizerLoops } from './adamw';

export type NonFiniteMode = 'skip' | 'stop';

/** A non-finite loss/gradient the policy does not allow to skip, or non-finite weights at a checkpoint.
 *  `local`: this rank's own (pre-all-reduce) loss or gradient was non-finite, i.e. this rank is at fault. */
export class NonFiniteError extends Error {
  constructor(readonly step: number, readonly rank: number, readonly local: boolean, readonly detail: string) {
    super(
      `non-finite values at step ${step}: ${detail} (rank ${rank}: its local loss/gradient was ${
        local ? 'NON-FINITE' : 'finite'
      })`,
    );
    this.name = 'NonFiniteError';
  }
}

/** Index of the first NaN/Inf in a[0..n), or -1. Fast path: the sum of squares (with `loops`, accumulated in
 *  double, so float32 values cannot overflow it) is finite iff every value is. */
export function firstNonFinite(a: Float32Array, n = a.length, loops: OptimizerLoops = JS_OPTIMIZER_LOOPS): number {
  if (Number.isFinite(l2norm(a, n, loops))) return -1;
  for (let i = 0; i < n; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}

/** TEST ONLY (never set outside tests): return true to put a NaN into this rank's local gradient of the
 *  given 1-based step before the all-reduce, as a poisoned batch would. */
export type PoisonHook = (step: number) => boolean;

export class NonFiniteGuard {
  /** Steps skipped so far in this run (restored from the checkpoint on resume). */
  skips = 0;
  private step = -1;
  private localBad = false;
  private poisoned = false;

  /** `rank`: the position named in errors (Trainer.rewire moves it); `loops`: the optimizer's, for the local
   *  check's sum of squares. */
  constructor(private readonly mode: NonFiniteMode, private readonly maxSkips: number, public rank: number,
    private readonly poison?: PoisonHook, private readonly loops: OptimizerLoops = JS_OPTIMIZER_LOOPS)
  {}

  static of(t: TrainConfig, rank: number, poison?: PoisonHook, loops?: OptimizerLoops): NonFiniteGuard {
    return new NonFiniteGuard(t.nonfinite, t.max_nonfinite_skips, rank, poison, loops);
  }

  /** Before the all-reduce of 1-based step `step`: is this rank's own loss/gradient buf[from..to) finite?
   *  Call it on the whole buffer, or once per bucket before the bucket is handed to the all-reduce; the
   *  result for the step (any span non-finite) is remembered for decide(). */
  checkLocal(step: number, buf: Float32Array, from = 0, to = buf.length): boolean {
    if (step !== this.step) {
      this.step = step;
      this.localBad = false;
      this.poisoned = false;
    }
    if (!this.poisoned && this.poison?.(step)) {
      buf[from] = NaN;
      this.poisoned = true;
    }
    if (!Number.isFinite(l2norm(buf.subarray(from, to), to - from, this.loops))) this.localBad = true;
    return !this.localBad;
  }

  /** The step being checked failed before decide() (its gradient exchange threw) and will be run again
   *  under the same step number: forget its local verdict and test poison, so the retry is checked (and
   *  poisoned) exactly as a first attempt. The skip count is untouched: only decide() moves it. */
  abortStep(): void {
    this.step = -1;
    this.localBad = false;
    this.poisoned = false;
  }

  /** Whether the last checkLocal found a non-finite value on this rank. */
  get localNonfinite(): boolean {
    return this.localBad;
  }

  /** After the all-reduce, from values every rank shares: true = apply the update, false = skip this
   *  step. Throws NonFiniteError when the policy says stop. `step` is the 1-based step being completed. */
  decide(step: number, reducedNorm: number, reducedLoss: number): boolean {
    if (Number.isFinite(reducedNorm) && Number.isFinite(reducedLoss)) return true;
    const what = `reduced loss ${reducedLoss}, gradient norm ${reducedNorm}`;
    if (this.mode === 'stop') {
      throw new NonFiniteError(step, this.rank, this.localBad, `${what}; train.nonfinite is stop`);
    }
    if (this.skips >= this.maxSkips) {
      throw new NonFiniteError(step, this.rank, this.localBad,
        `${what}; ${this.skips} step(s) already skipped, train.max_nonfinite_skips is ${this.maxSkips}`);
    }
    this.skips++;
    return false;
  }
}

/** Refuse to checkpoint non-finite weights or optimizer moments (so `latest` never points at them). */
export function assertFiniteState(step: number, rank: number, file: string,
  arrays: Record<string, Float32Array>): void
{
  for (const [name, a] of Object.entries(arrays)) {
    const i = firstNonFinite(a);
    if (i >= 0) throw new NonFiniteError(step, rank, true, `${name}[${i}] is ${a[i]}; checkpoint ${file} not written`);
  }
}

/** TEST ONLY, for end-to-end tests through real worker processes: MYGPT_TEST_NAN_GRAD="RANK:STEP[,STEP...]"
 *  poisons that rank's local gradient at those 1-based steps. Never set it outside tests. */
export const TEST_NAN_ENV = 'MYGPT_TEST_NAN_GRAD';

export function testPoisonFromEnv(rank: number, env: NodeJS.ProcessEnv = process.env): PoisonHook | undefined {
  const v = env[TEST_NAN_ENV];
  if (!v) return undefined;
  const m = /^(\d+):(\d+(?:,\d+)*)$/.exec(v);
  if (!m) {
    throw new RangeError(`${TEST_NAN_ENV} (test only) must look like RANK:STEP[,STEP...], got ${JSON.stringify(v)}`);
  }
  if (Number(m[1]) !== rank) return undefined;
  const steps = new Set(m[2].split(',').map(Number));
  return (step) => steps.has(step);
}
