// The training engine of ONE rank (a member of the group: ./membership.ts). The collectives are injected;
// this module never touches the network.
import * as tf from '@tensorflow/tfjs';
import type { Config, TrainConfig } from '../config/types';
import { ConfigError } from '../config/load';
import { loadDataset, Dataset } from '../data/dataset';
import { CharTokenizer } from '../data/tokenizer';
import { batchesPerEpoch } from '../data/shard';
import { initFlat, paramSpecs, totalSize } from '../model/params';
import { GPTModel } from '../model/gpt';
import { selectBackend } from './backend';
import { AdamW, l2norm } from './adamw';
import type { CheckpointData } from './checkpoint';
import { NonFiniteGuard, PoisonHook } from './nonfinite';
import { readCheckpointBytes } from '../util/checkpoint_file';
import { applyState } from './state';
import { Replica, GenerateOpts } from './replica';
import { planBuckets } from './buckets';
import { epochMs } from './grad_buckets';
import { checkMembership, meanAndClip } from './units';
import { Member, Membership, RunShape, StepBoundary } from './membership';
export { identityAllReduce } from './membership';
import { writeLog } from '../util/log';
import { allocateModel, gptConfigOf } from './model_size';
import type { StepRecord } from './reporter';

export interface TrainerOptions extends Membership {
  /** The configured world W0 (cluster.workers / cluster.world_size; default worldSize): fixes the global
   *  batch, the data order and the RNG streams (./units.ts), and is the checkpoint's world size. */
  configuredWorldSize?: number;
  log?: (line: string) => void; // default: util/log writeLog (stdout)
  poisonGradient?: PoisonHook; // TEST ONLY: NaN into this rank's local gradient at chosen steps
}

/** The step's record (./reporter.ts), and whether its update was skipped. */
export interface StepResult extends StepRecord {
  skipped: boolean; // non-finite reduced loss/gradient: the update was not applied (train.nonfinite: skip)
}

const now = () => performance.now() / 1000;

/** LR for the optimizer step with 0-based index `step` (i.e. the (step+1)-th update): linear warmup to
 *  train.lr, then cosine decay to train.min_lr at max_steps. */
export function learningRate(t: TrainConfig, step: number): number {
  if (t.warmup_steps > 0 && step < t.warmup_steps) return (t.lr * (step + 1)) / t.warmup_steps;
  if (step >= t.max_steps) return t.min_lr;
  const span = Math.max(1, t.max_steps - t.warmup_steps);
  const ratio = (step - t.warmup_steps) / span; // 0 -> 1
  return t.min_lr + 0.5 * (1 + Math.cos(Math.PI * ratio)) * (t.lr - t.min_lr);
}

type RunOptions = Required<Pick<TrainerOptions, 'configuredWorldSize' | 'log'>> & Pick<TrainerOptions,
  'poisonGradient'>;

export class Trainer {
  private _step = 0;
  private readonly boundary = new StepBoundary(); // a step or evaluation in flight, a failed step to abort
  private torn = false; // an update threw half-way (weights moved, step did not): this state must not travel
  /** Position, collectives, work units and gradient buffer of the current membership (rewire()). */
  private member: Member;
  private readonly shape: RunShape;

  private constructor(
    readonly cfg: Config,
    private readonly opts: RunOptions,
    m: Membership,
    readonly backendName: string,
    readonly data: Dataset,
    readonly replica: Replica,
    private readonly adam: AdamW,
    private readonly guard = NonFiniteGuard.of(cfg.train, m.rank, opts.poisonGradient, adam.loops),
  ) {
    // Each bucket's local values are checked for NaN/Inf just before it is handed over (names this rank).
    this.shape = { cfg, configuredWorldSize: opts.configuredWorldSize, numSequences: data.train.numSequences,
      specs: replica.specs, bucketPlan: planBuckets(replica.specs, cfg.cluster.bucket_bytes),
      beforeReady: (buf, from, to) => this.guard.checkLocal(this._step + 1, buf, from, to) };
    this.member = Member.join(m, this.shape);
  }

  /** Selects the backend (cfg.backend), loads + tokenizes data (cfg.data), builds the model with a seeded
   *  init that is bit-identical on every rank (same cfg.run.seed), creates AdamW state. */
  static async create(cfg: Config, opts: TrainerOptions): Promise<Trainer> {
    const W0 = opts.configuredWorldSize ?? opts.worldSize;
    checkMembership(opts.rank, opts.worldSize, W0);
    const run: RunOptions = { configuredWorldSize: W0, log: opts.log ?? ((l: string) => writeLog('info', l)),
      poisonGradient: opts.poisonGradient };
    const backend = await selectBackend(cfg.backend, run.log);
    const data = loadDataset(cfg.data.path, cfg.model.block_size, cfg.data.val_fraction);
    const t = cfg.train;
    if (batchesPerEpoch(data.train.numSequences, t.batch_size, W0) < 1) {
      throw new ConfigError(`train.batch_size ${t.batch_size} x world size ${W0} exceeds the ` +
        `${data.train.numSequences} training sequences of ${cfg.data.path} (block_size ${cfg.model.block_size})`);
    }
    const gpt = gptConfigOf(cfg, data.tokenizer.vocabSize);
    const specs = paramSpecs(gpt);
    const P = totalSize(specs);
    return allocateModel(cfg, P,
      () =>
        new Trainer(cfg, run, opts, backend.name, data,
          new Replica(gpt, data.tokenizer, initFlat(gpt, specs, cfg.run.seed)),
          new AdamW(specs, P, backend.optimizer)));
  }

  get step(): number {
    return this._step;
  }
  /** False after an update threw half-way: a state of no step. */
  get consistent(): boolean {
    return !this.torn;
  }
  /** Position among the current members (rewire()). */
  get rank(): number {
    return this.member.rank;
  }
  /** Members now; configuredWorldSize: fixed for the run. */
  get worldSize(): number {
    return this.member.worldSize;
  }
  get configuredWorldSize(): number {
    return this.opts.configuredWorldSize;
  }
  get paramCount(): number {
    return this.replica.size;
  }
  /** Per step: cluster.bucket_bytes. */
  get bucketCount(): number {
    return this.shape.bucketPlan.spans.length;
  }
  get tokenizer(): CharTokenizer {
    return this.data.tokenizer;
  }
  /** The AdamW moments (live views) and the skip count: with the weights, the state ./state.ts encodes. */
  get moments(): { m: Float32Array; v: Float32Array; } {
    return { m: this.adam.m, v: this.adam.v };
  }
  get nonfiniteSkips(): number {
    return this.guard.skips;
  }

  /** Between steps, becomes member `rank` of `worldSize` (1..configuredWorldSize) reached through new
   *  collectives: the next step computes that member's work units (./units.ts), so the global batch, data
   *  order and RNG streams stay those of the configured world. Re-attaches the gradient buffer to the new
   *  GradSync. Refused (MidStepError) while a step or evaluation is in flight or a failed step was not
   *  aborted (abortStep()); a bad rank / worldSize is a RangeError; either way nothing changes. */
  rewire(m: Membership): void {
    this.boundary.checkRewire(this._step);
    this.member = Member.join(m, this.shape);
    this.guard.rank = m.rank;
  }

  /** One optimizer step: this member's work units (grad_accum micro-batches at the configured world size)
   *  whose last backward hands the gradient buckets to the GradSync, then the wait for the sums, clip, AdamW,
   *  weight upload. */
  async trainStep(): Promise<StepResult> {
    const t0 = now();
    const { cfg, replica, member: mb } = this;
    const P = replica.size;
    if (this.boundary.failed) {
      throw new Error(`Trainer.trainStep: step ${this._step + 1} failed before its update; call abortStep() first`);
    }
    let t1 = t0;
    const { exposedS, doneAt } = await this.boundary.run('step', () => {
      this.boundary.failed = true;
      this.forwardBackward(mb);
      t1 = now();
      return mb.gradSync.finish();
    });
    this.boundary.failed = false;
    const g = mb.buckets.buf; // (P + 1): summed gradients, then the summed loss
    const W0 = this.opts.configuredWorldSize; // the sum over members is W0 x the global mean (./units.ts)
    const loss = g[P] / W0;
    const gradNorm = l2norm(g, P, this.adam.loops) / W0; // of the mean gradient, before clipping
    const lr = learningRate(cfg.train, this._step);
    const apply = this.guard.decide(this._step + 1, gradNorm, loss); // identical on every rank; throws on stop
    if (apply) {
      this.torn = true;
      meanAndClip(g, P, W0, cfg.train.grad_clip, gradNorm);
      this.adam.update(replica.master, g.subarray(0, P), this._step + 1, {
        lr,
        beta1: cfg.train.beta1,
        beta2: cfg.train.beta2,
        eps: cfg.train.eps,
        weightDecay: cfg.train.weight_decay,
      });
      replica.sync();
    }
    this._step++;
    this.torn = false;
    mb.bucketLog?.write(this._step, mb.buckets, doneAt);
    const stepS = now() - t0;
    return { step: this._step, loss, lr, gradNorm,
      tokens: mb.plan.units.length * cfg.train.batch_size * cfg.model.block_size, computeS: t1 - t0,
      exposedCommS: exposedS, overheadS: stepS - (t1 - t0) - exposedS, stepS, skipped: !apply,
      nonfinite: this.guard.localNonfinite, nonfiniteSkips: this.guard.skips };
  }

  /** After a step failed before its update (the GradSync's finish() threw: a peer died mid-step), leaves
   *  the trainer at the last completed step, so the next trainStep() is bit-identical to an undisturbed
   *  run's: step (data position, RNG), weights, moments and skips move only after the sums arrived, and
   *  the next first micro-batch overwrites the gradient buffer; the guard forgets the failed attempt. The
   *  GradSync must be quiescent (collective aborted or rebound) first. A no-op when no step failed (a
   *  failed evaluate() runs after the update). */
  abortStep(): void {
    if (!this.boundary.failed) return;
    this.guard.abortStep();
    this.boundary.failed = false;
  }

  /** Forward + backward of this member's work units (./units.ts; at the configured world size: its
   *  grad_accum micro-batches), one micro-batch each. Every backward adds its gradients into the bucket
   *  buffer; the last one divides by grad_accum and hands each bucket to the GradSync as soon as it is
   *  complete, with the units' loss sum / grad_accum in the loss slot. */
  private forwardBackward({ buckets, plan }: Member): void {
    const { cfg, replica } = this;
    const { batch_size: B, grad_accum: A } = cfg.train;
    const T = cfg.model.block_size;
    const units = plan.units;
    let lossSum = 0;
    for (let i = 0; i < units.length; i++) {
      const { x, y } = this.data.train.batch(plan.sequences(this._step, units[i]));
      const dropoutSeed = plan.dropoutSeed(this._step, units[i]);
      let lossT: tf.Scalar | undefined, lossV: number | undefined;
      const lossOf = (): number => (lossV ??= lossT!.dataSync()[0]);
      const params = buckets.begin(replica.vars, i, units.length, A, () => (lossSum + lossOf()) / A);
      const { value, grads } = tf.variableGrads(() => {
        const logits = replica.model.forward(params, tf.tensor2d(x, [B, T], 'int32'), { training: true, dropoutSeed });
        lossT = GPTModel.crossEntropy(logits, tf.tensor1d(y, 'int32'));
        buckets.backwardStart = epochMs();
        return lossT;
      }, replica.vars);
      buckets.end();
      lossSum += lossOf();
      value.dispose();
      tf.dispose(grads);
    }
  }

  /** Validation loss over the first train.eval_batches x global batch (batch_size x grad_accum x configured
   *  world size) sequences of the val split, at most all of them: fixed, so passes are comparable, and the
   *  same sequences whatever the world size or membership. Each member evaluates its contiguous share
   *  (WorkPlan.evalShare) in batches of at most batch_size; [sum of per-sequence losses, sequences] is
   *  all-reduced, so the result is the mean over every sequence (each has block_size tokens) and differs
   *  between world sizes only by summation order. */
  async evaluate(): Promise<number> {
    const { batch_size: B, eval_batches: NB } = this.cfg.train;
    const T = this.cfg.model.block_size;
    const val = this.data.val;
    const mb = this.member;
    const { start, end } = mb.plan.evalShare(NB, val.numSequences);
    let sum = 0; // float64 here; the all-reduce sums float32
    for (let s = start; s < end; s += B) {
      const n = Math.min(B, end - s);
      const { x, y } = val.batch(Array.from({ length: n }, (_, i) => s + i));
      sum += this.replica.loss(x, y, n, T) * n;
    }
    const buf = Float32Array.of(sum, end - start);
    await this.boundary.run('evaluation', () => mb.allreduce(buf));
    return buf[0] / buf[1];
  }

  /** hex sha256 over the flat parameter bytes. */
  weightsChecksum(): string {
    return this.replica.checksum();
  }
  getFlatParams(): Float32Array {
    return Float32Array.from(this.replica.master);
  }
  setFlatParams(p: Float32Array): void {
    this.replica.setFlat(p);
  }

  /** Replaces weights, optimizer moments, step (hence data position and RNG streams) and the non-finite
   *  skip count. Only for ./state.ts applyState, which verified `d` first. */
  installState(d: CheckpointData): void {
    this.replica.setFlat(d.params);
    this.adam.m.set(d.m);
    this.adam.v.set(d.v);
    this.guard.skips = d.header.nonfiniteSkips;
    this._step = d.header.step;
    this.boundary.failed = this.torn = false;
    this.guard.abortStep(); // a failed attempt's per-step verdict must not carry into the retry of that step
  }

  /** Restores the state of a checkpoint file (./state.ts applyState over its bytes). Model, tokenizer,
   *  training config (but train.max_steps) and configured world size must match: otherwise a CheckpointError naming
   *  the file and what differs, and the trainer is left as it was. */
  async loadCheckpoint(path: string): Promise<void> {
    const changed = await applyState(this, await readCheckpointBytes(path), path);
    if (changed.length) this.opts.log(`checkpoint ${path}: continuing with a changed ${changed.join(', ')}`);
  }

  generate(prompt: string, maxNewTokens: number, opts?: GenerateOpts): string {
    return this.replica.generate(prompt, maxNewTokens, { seed: this.cfg.run.seed, ...opts });
  }

  dispose(): void {
    this.replica.dispose();
  }
}
