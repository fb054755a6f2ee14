// A trainer's place in its group between two membership changes (elastic membership, cluster.min_workers):
// its position among the current members, the collectives that reach them (injected by the worker: train
// never imports the network), its share of every step (./units.ts WorkPlan) and the gradient buffer
// attached to that GradSync. Trainer.rewire() replaces the whole Member at a step boundary.
import type { Config } from '../config/types';
import type { ParamSpec } from '../model/params';
import type { AllReduce, GradSync } from '../contracts';
import { serialGradSync } from './grad_sync';
import type { BucketPlan } from './buckets';
import { GradBuckets } from './grad_buckets';
import { BucketLog } from './bucket_log';
import { WorkPlan } from './units';

/** The AllReduce of a single worker: the sum over one member is its own gradient. */
export const identityAllReduce: AllReduce = async () => {};

/** Who the trainer is in the group and how it reaches the others: what Trainer.rewire() changes. */
export interface Membership {
  rank: number; // position among the members, 0..worldSize-1
  worldSize: number; // members now: 1..configuredWorldSize
  allreduce: AllReduce; // evaluation, and the gradients unless gradSync is given
  /** Gradient exchange during backward (default: serialGradSync(allreduce), no overlap). */
  gradSync?: GradSync;
}

/** Trainer.rewire() off a step boundary: a step or evaluation is in flight, or a failed step was not aborted. */
export class MidStepError extends Error {
  constructor(readonly step: number, readonly what: string) {
    super(`Trainer.rewire at step ${step}: ${what}; the membership changes only between steps`);
    this.name = 'MidStepError';
  }
}

/** What stays the same across memberships for the whole run. */
export interface RunShape {
  cfg: Config;
  configuredWorldSize: number;
  numSequences: number; // training sequences
  specs: readonly ParamSpec[];
  bucketPlan: BucketPlan;
  /** Runs on each bucket's final local values just before it is handed over (the non-finite check). */
  beforeReady: (buf: Float32Array, from: number, to: number) => void;
}

export class Member {
  private constructor(
    readonly rank: number,
    readonly worldSize: number,
    readonly allreduce: AllReduce,
    readonly gradSync: GradSync,
    readonly plan: WorkPlan,
    /** Gradients in buckets (backward order) in the GradSync's flat buffer: P values, then the loss. */
    readonly buckets: GradBuckets,
    readonly bucketLog: BucketLog | null,
  ) {}

  /** Checks the membership (a RangeError naming rank, member count and configured world) and attaches
   *  a gradient buffer to its GradSync; nothing of an earlier Member is touched. */
  static join(m: Membership, run: RunShape): Member {
    const t = run.cfg.train;
    const plan = new WorkPlan({ configuredWorldSize: run.configuredWorldSize, gradAccum: t.grad_accum,
      batchSize: t.batch_size, seed: run.cfg.run.seed, numSequences: run.numSequences }, m.rank, m.worldSize);
    const gradSync = m.gradSync ?? serialGradSync(m.allreduce);
    const buckets = new GradBuckets(run.bucketPlan, run.specs, gradSync, run.beforeReady);
    return new Member(m.rank, m.worldSize, m.allreduce, gradSync, plan, buckets,
      BucketLog.fromEnv(run.cfg.run.dir, m.rank, run.bucketPlan.spans));
  }
}

/** Whether the trainer is at a step boundary, the only place rewire() may change the membership: no step or
 *  evaluation in flight (awaiting its collective), and no step that failed before its update pending. */
export class StepBoundary {
  private busy: 'step' | 'evaluation' | null = null;
  /** A step failed before its update (the gradient exchange threw): Trainer.abortStep() must run before the next. */
  failed = false;

  /** MidStepError naming the trainer's `step` unless at a step boundary. */
  checkRewire(step: number): void {
    if (this.busy) throw new MidStepError(step, `${this.busy} in flight`);
    if (this.failed) throw new MidStepError(step, `step ${step + 1} failed before its update; call abortStep() first`);
  }

  /** Runs `f` as the one step or evaluation in flight. */
  async run<T>(what: 'step' | 'evaluation', f: () => Promise<T>): Promise<T> {
    if (this.busy) throw new Error(`Trainer: ${what} started with ${this.busy} in flight`);
    this.busy = what;
    try {
      return await f();
    } finally {
      this.busy = null;
    }
  }
}
