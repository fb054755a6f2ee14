// The step loop of one rank (one loop for 1..N ranks): train, evaluate at eval_interval, rank 0
// checkpoints at checkpoint_interval (written in the background: ckpt_writer.ts), checksums at
// checksum_interval, a report after every step, the end-of-run sample, and the checkpoint-and-stop
// protocol (StopVote). The reporter is injected.
import * as path from 'path';
import type { Config } from '../config/types';
import { mixSeed } from '../util/rng';
import type { Trainer } from './trainer';
import type { AllReduce, BucketSpan, GradSync } from '../contracts';
import { CheckpointWriter } from './ckpt_writer';
import { writeLog } from '../util/log';
import { SAMPLE_TEMPERATURE } from '../config/schema';
import type { CommCounters, LoopReporter, StepReportOut } from './reporter';

/** The checkpoint-and-stop request travels inside the all-reduce: one extra element, 1 on a rank asked to
 *  stop. Every rank sees the same sum after the same call, so all stop at the same step boundary
 *  (`agreed`) even if the request reached them at different moments. */
export class StopVote {
  private _agreed = false;
  constructor(private readonly requested: () => boolean) {}
  get agreed(): boolean {
    return this._agreed;
  }
  wrap(inner: AllReduce): AllReduce {
    let ext = new Float32Array(0);
    return async (buf) => {
      if (ext.length !== buf.length + 1) ext = new Float32Array(buf.length + 1);
      ext.set(buf);
      ext[buf.length] = this.requested() ? 1 : 0;
      await inner(ext);
      buf.set(ext.subarray(0, buf.length));
      if (ext[buf.length] > 0) this._agreed = true;
    };
  }
  /** The same vote inside the bucketed gradient exchange. The inner buffer is the trainer's (total)
   *  elements plus ONE vote slot at index `total`; the bucket that ends at the trainer's buffer end (the
   *  first one handed over: it holds the loss slot) is extended by one element to cover it. The trainer
   *  sees the first `total` elements and the spans it asked for; the vote is written just before that
   *  bucket's ready() and the summed vote read after finish(). */
  wrapSync(inner: GradSync): GradSync {
    let ext: Float32Array = new Float32Array(0), total = 0, voteBucket = -1;
    return {
      attach: (buckets, n) => {
        voteBucket = buckets.findIndex((s) => s.offset + s.length === n);
        if (voteBucket < 0) {
          throw new Error(`StopVote.wrapSync: no bucket ends at the gradient buffer's end (${n} elements)`);
        }
        const spans: BucketSpan[] = buckets.map((s,
          b) => (b === voteBucket ? { offset: s.offset, length: s.length + 1 } : { ...s })
        );
        ext = inner.attach(spans, n + 1);
        total = n;
        return ext.subarray(0, n);
      },
      ready: (b) => {
        if (b === voteBucket) ext[total] = this.requested() ? 1 : 0;
        inner.ready(b);
      },
      finish: async () => {
        const r = await inner.finish();
        if (ext[total] > 0) this._agreed = true;
        return r;
      },
    };
  }
}

export interface LoopDeps {
  rank: number;
  reporter: LoopReporter;
  stop: StopVote;
  comm: CommCounters;
  log?: (line: string) => void; // the checkpoint lines (default: stdout)
  resumedFrom?: string; // the checkpoint this generation loaded ('' / none: a fresh start)
}

const every = (n: number, step: number) => n > 0 && step % n === 0;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const abs = (p: string) => (p ? path.resolve(p) : '');

/** Trains from trainer.step to train.max_steps, or to the boundary where a StopVote was agreed. Rank 0
 *  checkpoints in the background (ckpt_writer.ts): a step's report names the newest checkpoint that
 *  finished since the previous report, and Done waits until every snapshot taken is on disk. */
export async function trainLoop(trainer: Trainer, cfg: Config, d: LoopDeps): Promise<void> {
  const rank = d.rank;
  const writer = rank === 0 ?
    new CheckpointWriter({ runDir: cfg.run.dir, keep: cfg.train.keep_checkpoints, rank, paramCount: trainer.paramCount,
      resumedFrom: d.resumedFrom || undefined, log: d.log ?? ((l) => writeLog('info', l)) }) :
    null;
  let ended = false;
  try {
    await steps(trainer, cfg, d, writer);
    ended = true;
  } finally {
    // After Done nothing is queued: the thread exits at once. After a failure the queued writes finish
    // (unawaited: the failure is reported first; a process exit before then leaves `latest` as it was).
    const closed = writer?.close();
    if (ended) await closed;
  }
}

async function steps(trainer: Trainer, cfg: Config, d: LoopDeps, writer: CheckpointWriter | null): Promise<void> {
  const t = cfg.train, rank = d.rank;
  let val = NaN;
  d.comm(); // drop what setup sent (e.g. the initial checksum exchange)
  let loopS = 0; // the previous iteration's bookkeeping (report, event-loop turn): part of the overhead
  while (trainer.step < t.max_steps) {
    const { skipped: _skipped, ...r } = await trainer.trainStep();
    const report: StepReportOut = { ...r, rank, valLoss: NaN, waitS: 0, allreduceBytes: 0, weightsChecksum: '',
      checkpointPath: '', overheadS: r.overheadS + loopS };
    d.reporter.completed?.(report);
    const last = r.step === t.max_steps;
    const v = every(t.eval_interval, r.step) || last ? await trainer.evaluate() : NaN;
    if (!Number.isNaN(v)) val = v;
    const snap = writer && (every(t.checkpoint_interval, r.step) || last) ? await writer.snapshot(trainer, last) : null;
    const c = writer?.poll() ?? ''; // a checkpoint of this step or an earlier one, now durable
    const sum = every(cfg.cluster.checksum_interval, r.step) || last ? trainer.weightsChecksum() : '';
    const comm = d.comm(); // this step's training and evaluation traffic
    const tLoop = performance.now();
    d.reporter.step({ ...report, valLoss: v, waitS: comm.waitS, allreduceBytes: comm.bytes, weightsChecksum: sum,
      checkpointPath: abs(c) });
    // Let the event loop run I/O and timers once per step: a step is synchronous compute whose awaits are
    // only microtasks when nothing is awaited on a socket (1 worker), which would starve the report queue,
    // the heartbeats and the stop/coordinator-loss handling until the end of training.
    await yieldToLoop();
    loopS = (performance.now() - tLoop) / 1000;
    if (d.stop.agreed && !last) {
      // Stop agreed by every rank at this boundary: rank 0 snapshots (unless this step just did) and waits
      // until it is on disk, so the checkpoint Done names exists before anyone exits.
      if (writer && !snap) await writer.snapshot(trainer);
      const stopCkpt = writer ? await writer.flush() : '';
      return d.reporter.done({ rank, step: trainer.step, finalValLoss: NaN, checkpointPath: abs(stopCkpt),
        weightsChecksum: trainer.weightsChecksum(), sample: '' });
    }
  }
  const sample = rank === 0 && t.sample_tokens > 0 ? await sampleInSlices(trainer, cfg) : ''; // overlaps the last write
  const ckpt = writer ? await writer.flush() : '';
  d.reporter.done({ rank, step: trainer.step, finalValLoss: val, checkpointPath: abs(ckpt),
    weightsChecksum: trainer.weightsChecksum(), sample });
}

/** The end-of-run sample (temperature SAMPLE_TEMPERATURE), generated in slices with event-loop turns
 *  between them so heartbeats keep flowing during a long sample. Slice i is seeded by (run.seed, i). */
async function sampleInSlices(trainer: Trainer, cfg: Config): Promise<string> {
  const { sample_prompt: prompt, sample_tokens: n } = cfg.train;
  let out = '';
  for (let i = 0; out.length < n; i++) {
    out += trainer.generate(prompt + out, Math.min(64, n - out.length), { temperature: SAMPLE_TEMPERATURE,
      seed: mixSeed(cfg.run.seed, i) });
    await yieldToLoop();
  }
  return out;
}
