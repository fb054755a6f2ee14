// The training engine of ONE rank. The all-reduce is injected; this module never touches the network.
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/types';
import { ConfigError, configHash, redactSecrets } from '../config/load';
import { loadDataset, Dataset } from '../data/dataset';
import { CharTokenizer } from '../data/tokenizer';
import { batchIndices, batchesPerEpoch, evalRange } from '../data/shard';
import { GPTConfig, initFlat, paramSpecs, totalSize } from '../model/params';
import { GPTModel } from '../model/gpt';
import { mixSeed } from '../util/rng';
import { selectBackend } from './backend';
import { AdamW, l2norm } from './adamw';
import { learningRate } from './schedule';
import { CheckpointData, CheckpointState, ResumeTarget } from './checkpoint';
import { NonFiniteGuard, PoisonHook } from './nonfinite';
import { writeAtomic } from '../util/run_dir';
import { readCheckpointBytes } from '../util/checkpoint_file';
import { applyState, encodeState } from './state';
import { Replica, GenerateOpts } from './replica';
import { GradSync, serialGradSync } from './grad_sync';
import { planBuckets } from './buckets';
import { GradBuckets, epochMs } from './grad_buckets';
import { BucketLog } from './bucket_log';
import { writeLog } from '../util/log';
import { allocateModel } from './model_size';

/** In-place element-wise SUM of `buf` across all ranks; every rank ends with identical bytes.
 *  Identity for a single worker. Injected by the worker (ring all-reduce); train never imports the network. */
export type AllReduce = (buf: Float32Array) => Promise<void>;

export interface TrainerOptions {
  rank: number;            // 0..worldSize-1
  worldSize: number;
  allreduce: AllReduce;    // evaluation, and the gradients unless gradSync is given
  /** Gradient exchange during backward (default: serialGradSync(allreduce), no overlap). */
  gradSync?: GradSync;
  log?: (line: string) => void;   // default: util/log writeLog (stdout)
  poisonGradient?: PoisonHook;     // TEST ONLY: NaN into this rank's local gradient at chosen steps
}

export interface StepResult {
  step: number;            // global optimizer step just completed (1-based count of completed steps)
  loss: number;            // mean train loss over the GLOBAL batch (reduced), identical on all ranks
  lr: number;
  gradNorm: number;        // global grad norm before clipping
  tokens: number;          // tokens this rank processed in this step
  computeS: number;        // forward+backward seconds on this rank (buckets are handed over inside it)
  allreduceS: number;      // seconds waiting for the gradient sums after backward (= exposedCommS)
  exposedCommS: number;    // seconds the step waited for communication after backward
  overheadS: number;       // stepS - computeS - exposedCommS: batch, loss read, clip, optimizer, weight upload
  stepS: number;           // whole step wall time
  skipped: boolean;        // non-finite reduced loss/gradient: the update was not applied (train.nonfinite: skip)
  localNonfinite: boolean; // this rank's own loss/gradient was non-finite before the all-reduce
  nonfiniteSkips: number;  // steps skipped so far in this run
}

export const identityAllReduce: AllReduce = async () => {};

export function gptConfigOf(cfg: Config, vocabSize: number): GPTConfig {
  const m = cfg.model;
  return { vocabSize, nLayer: m.n_layer, nHead: m.n_head, nEmbd: m.n_embd, blockSize: m.block_size, dropout: m.dropout };
}

const now = () => performance.now() / 1000;

/** Each rank sent its local mean, so the sum over W ranks / W is the mean over the global batch. Turns
 *  the sum g[0..P) into that mean, clipped to global norm maxNorm (0: off), in ONE pass; `norm` is the
 *  mean's norm (l2norm(g, P) / W). Bit-identical to dividing and then clipping when W is a power of two
 *  (exact scaling), and identical on every rank for any W. */
export function meanAndClip(g: Float32Array, P: number, W: number, maxNorm: number, norm: number): void {
  const clip = maxNorm > 0 && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
  if (W === 1 && clip === 1) return;
  const s = clip / W;
  for (let i = 0; i < P; i++) g[i] *= s;
}

export class Trainer {
  private _step = 0;
  /** A step failed before its update (the gradient exchange threw): abortStep() must run before the next. */
  private failedStep = false;
  /** Gradients in buckets (backward order) in the GradSync's flat buffer: P values, then the loss. */
  private readonly buckets: GradBuckets;
  private readonly bucketLog: BucketLog | null;

  private constructor(
    readonly cfg: Config,
    private readonly opts: Required<TrainerOptions>,
    readonly backendName: string,
    readonly data: Dataset,
    readonly replica: Replica,
    private readonly adam: AdamW,
    private readonly guard = NonFiniteGuard.of(cfg.train, opts.rank, opts.poisonGradient),
  ) {
    const plan = planBuckets(replica.specs, cfg.cluster.bucket_bytes);
    // Each bucket's local values are checked for NaN/Inf just before it is handed over (names this rank).
    this.buckets = new GradBuckets(plan, replica.specs, opts.gradSync,
      (buf, from, to) => this.guard.checkLocal(this._step + 1, buf, from, to));
    this.bucketLog = BucketLog.fromEnv(cfg.run.dir, opts.rank, plan.spans);
  }

  /** Selects the backend (cfg.backend), loads + tokenizes data (cfg.data), builds the model with a seeded
   *  init that is bit-identical on every rank (same cfg.run.seed), creates AdamW state. */
  static async create(cfg: Config, opts: TrainerOptions): Promise<Trainer> {
    if (!Number.isInteger(opts.worldSize) || opts.worldSize < 1 || !Number.isInteger(opts.rank) || opts.rank < 0 || opts.rank >= opts.worldSize) {
      throw new Error(`Trainer: bad rank ${opts.rank} / worldSize ${opts.worldSize}`);
    }
    const full = { ...opts, log: opts.log ?? ((l: string) => writeLog('info', l)), gradSync: opts.gradSync ?? serialGradSync(opts.allreduce) } as Required<TrainerOptions>;
    const backendName = await selectBackend(cfg.backend, full.log);
    const data = loadDataset(cfg.data.path, cfg.model.block_size, cfg.data.val_fraction);
    const t = cfg.train;
    if (batchesPerEpoch(data.train.numSequences, t.batch_size, opts.worldSize) < 1) {
      throw new ConfigError(`train.batch_size ${t.batch_size} x world size ${opts.worldSize} exceeds the ` +
        `${data.train.numSequences} training sequences of ${cfg.data.path} (block_size ${cfg.model.block_size})`);
    }
    const gpt = gptConfigOf(cfg, data.tokenizer.vocabSize);
    const specs = paramSpecs(gpt);
    const P = totalSize(specs);
    return allocateModel(cfg, P, () => new Trainer(cfg, full, backendName, data,
      new Replica(gpt, data.tokenizer, initFlat(gpt, specs, cfg.run.seed)), new AdamW(specs, P)));
  }

  get step(): number { return this._step; }
  get rank(): number { return this.opts.rank; }
  get paramCount(): number { return this.replica.size; }
  /** Gradient buckets per step (cluster.bucket_bytes over this model). */
  get bucketCount(): number { return this.buckets.plan.spans.length; }
  get tokenizer(): CharTokenizer { return this.data.tokenizer; }

  /** One optimizer step: grad_accum micro-batches whose last backward hands the gradient buckets to the
   *  GradSync, then the wait for the sums, clip, AdamW, weight upload. */
  async trainStep(): Promise<StepResult> {
    const t0 = now();
    const { cfg, replica } = this;
    const P = replica.size;
    if (this.failedStep) throw new Error(`Trainer.trainStep: step ${this._step + 1} failed before its update; call abortStep() first`);
    this.failedStep = true;
    this.forwardBackward();
    const t1 = now();
    const { exposedS, doneAt } = await this.opts.gradSync.finish();
    this.failedStep = false;
    const t2 = now();
    const g = this.buckets.buf;                       // (P + 1): summed gradients, then the summed loss
    const W = this.opts.worldSize;
    const loss = g[P] / W;
    const gradNorm = l2norm(g, P) / W;                // of the mean gradient, before clipping
    const lr = learningRate(cfg.train, this._step);
    const apply = this.guard.decide(this._step + 1, gradNorm, loss); // identical on every rank; throws on stop
    if (apply) {
      meanAndClip(g, P, W, cfg.train.grad_clip, gradNorm);
      this.adam.update(replica.master, g.subarray(0, P), this._step + 1, {
        lr, beta1: cfg.train.beta1, beta2: cfg.train.beta2, eps: cfg.train.eps, weightDecay: cfg.train.weight_decay,
      });
      replica.sync();
    }
    this._step++;
    this.bucketLog?.write(this._step, this.buckets, doneAt);
    const stepS = now() - t0;
    const { batch_size: B, grad_accum: A } = cfg.train;
    return { step: this._step, loss, lr, gradNorm, tokens: A * B * cfg.model.block_size, computeS: t1 - t0,
      allreduceS: t2 - t1, exposedCommS: exposedS, overheadS: stepS - (t1 - t0) - (t2 - t1), stepS,
      skipped: !apply, localNonfinite: this.guard.localNonfinite, nonfiniteSkips: this.guard.skips };
  }

  /** After a step failed before its update (the GradSync's finish() threw: a peer died mid-step), leaves
   *  the trainer at the last completed step, so the next trainStep() is bit-identical to an undisturbed
   *  run's: step (data position, RNG), weights, moments and skips move only after the sums arrived, and
   *  the next first micro-batch overwrites the gradient buffer; the guard forgets the failed attempt. The
   *  GradSync must be quiescent (collective aborted or rebound) first. A no-op when no step failed (a
   *  failed evaluate() runs after the update). */
  abortStep(): void {
    if (!this.failedStep) return;
    this.guard.abortStep();
    this.failedStep = false;
  }

  /** grad_accum micro-batches of forward + backward on this rank's shard. Every backward adds its gradients
   *  into the bucket buffer; the last one hands each bucket to the GradSync as soon as it is complete, with
   *  the local mean loss over the micro-batches in the loss slot. */
  private forwardBackward(): void {
    const { cfg, replica, buckets } = this;
    const { rank, worldSize } = this.opts;
    const { batch_size: B, grad_accum: A } = cfg.train;
    const T = cfg.model.block_size;
    let lossSum = 0;
    for (let micro = 0; micro < A; micro++) {
      const idx = batchIndices({ seed: cfg.run.seed, numSequences: this.data.train.numSequences, step: this._step,
        micro, gradAccum: A, batchSize: B, rank, worldSize });
      const { x, y } = this.data.train.batch(idx);
      const dropoutSeed = mixSeed(cfg.run.seed, this._step, micro, rank) % 1_000_000;
      let lossT: tf.Scalar | undefined, lossV: number | undefined;
      const lossOf = (): number => (lossV ??= lossT!.dataSync()[0]);
      const params = buckets.begin(replica.vars, micro, A, () => (lossSum + lossOf()) / A);
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

  /** Validation loss over the first train.eval_batches x global batch (batch_size x grad_accum x world size)
   *  sequences of the val split, at most all of them: fixed, so passes are comparable, and the same sequences
   *  whatever the world size. Each rank evaluates its contiguous share (evalRange) in batches of at most
   *  batch_size; [sum of per-sequence losses, sequences] is all-reduced, so the result is the mean over every
   *  sequence (each has block_size tokens) and differs between world sizes only by summation order. */
  async evaluate(): Promise<number> {
    const { batch_size: B, grad_accum: A, eval_batches: NB } = this.cfg.train;
    const { rank, worldSize } = this.opts;
    const T = this.cfg.model.block_size;
    const val = this.data.val;
    const { start, end } = evalRange({ evalBatches: NB, globalBatch: B * A * worldSize, numSequences: val.numSequences, rank, worldSize });
    let sum = 0; // float64 here; the all-reduce sums float32
    for (let s = start; s < end; s += B) {
      const n = Math.min(B, end - s);
      const { x, y } = val.batch(Array.from({ length: n }, (_, i) => s + i));
      sum += this.replica.loss(x, y, n, T) * n;
    }
    const buf = Float32Array.of(sum, end - start);
    await this.opts.allreduce(buf);
    return buf[0] / buf[1];
  }

  /** hex sha256 over the flat parameter bytes. */
  weightsChecksum(): string { return this.replica.checksum(); }
  getFlatParams(): Float32Array { return Float32Array.from(this.replica.master); }
  setFlatParams(p: Float32Array): void { this.replica.setFlat(p); }

  /** What a checkpoint of the current step holds: its header and VIEWS of the live weights and Adam
   *  moments (they change with the next step: copy them, as train/ckpt_writer.ts does, or encode at once). */
  checkpointState(): CheckpointState {
    const { cfg, replica } = this;
    const { batch_size: B, grad_accum: A } = cfg.train;
    const perEpoch = batchesPerEpoch(this.data.train.numSequences, B, this.opts.worldSize);
    const micro = this._step * A;
    return {
      header: {
        step: this._step,
        paramCount: replica.size,
        specs: replica.specs.map((s) => ({ name: s.name, shape: s.shape })),
        tokenizer: this.tokenizer.toJSON(),
        config: redactSecrets(cfg),
        configHash: configHash(cfg),
        dataPosition: { step: this._step, epoch: Math.floor(micro / perEpoch), batchInEpoch: micro % perEpoch },
        rng: { scheme: 'dropout seed = mixSeed(run.seed, step, micro, rank); data order = batchIndices(run.seed, step)', seed: cfg.run.seed },
        backend: this.backendName,
        worldSize: this.opts.worldSize,
        nonfiniteSkips: this.guard.skips,
        savedAt: new Date().toISOString(),
      },
      params: replica.master, m: this.adam.m, v: this.adam.v,
    };
  }

  /** What a state must have been written for to be applied here (./checkpoint.ts checkResumable). */
  resumeTarget(): ResumeTarget {
    return { cfg: this.cfg, worldSize: this.opts.worldSize, tokenizer: this.tokenizer.toJSON(), specs: this.replica.specs,
      paramCount: this.replica.size };
  }

  /** Replaces weights, optimizer moments, step (hence data position and RNG streams) and the non-finite
   *  skip count. Only for ./state.ts applyState, which verified `d` first. */
  installState(d: CheckpointData): void {
    this.replica.setFlat(d.params);
    this.adam.m.set(d.m);
    this.adam.v.set(d.v);
    this.guard.skips = d.header.nonfiniteSkips;
    this._step = d.header.step;
    this.failedStep = false;
    this.guard.abortStep(); // a failed attempt's per-step verdict must not carry into the retry of that step
  }

  /** Synchronous save on the training path (tests, tools); the step loop writes in the background instead. */
  async saveCheckpoint(path: string): Promise<void> {
    await writeAtomic(path, encodeState(this, path));
  }

  /** Restores the state of a checkpoint file (./state.ts applyState over its bytes). Model, tokenizer,
   *  training config (but train.max_steps) and world size must match: otherwise a CheckpointError naming
   *  the file and what differs, and the trainer is left as it was. */
  async loadCheckpoint(path: string): Promise<void> {
    const changed = await applyState(this, await readCheckpointBytes(path), path);
    if (changed.length) this.opts.log(`checkpoint ${path}: continuing with a changed ${changed.join(', ')}`);
  }

  generate(prompt: string, maxNewTokens: number, opts?: GenerateOpts): string {
    return this.replica.generate(prompt, maxNewTokens, { seed: this.cfg.run.seed, ...opts });
  }

  dispose(): void { this.replica.dispose(); }
}
