// Step tracking while training: every rank's StepReport -> metrics; once all ranks reported a step,
// the aggregate -> replica-divergence check, run.dir/progress.jsonl, TensorBoard scalars, the progress line,
// progress/ETA.
import { mygpt } from '../gen/mygpt';
import type { TensorBoardWriter } from '../metrics/tensorboard';
import type { StepObservation } from '../metrics/training';
import { measured, num as n } from '../util/num';
import type { RunContext } from './context';
import { checkError } from './failure';
import { ProgressWindow, StepAggregate, divergentRank } from './progress';
import type { Generation } from './generation';
import type { WorkerSlot } from './registry';
import type { RunLog } from './runlog';

export class StepTracker {
  lastCheckpoint = ''; // the newest checkpoint rank 0 reported (after its write completed)
  lastValLoss = NaN;
  progress?: ProgressWindow; // from the start of training in the current generation

  constructor(private readonly ctx: RunContext, private readonly runLog: RunLog,
    private readonly tensorboard?: TensorBoardWriter)
  {}

  /** Training starts (again) at `startStep`: a fresh progress window. */
  begin(startStep: number): void {
    this.progress = new ProgressWindow(this.ctx.gen.worldSize, this.ctx.cfg.train.max_steps, startStep, Date.now());
  }

  /** A checkpoint rank 0 reported (after its write completed), already checked by reports.ts ('' = none). */
  noteCheckpoint(p: string): void {
    if (p) this.lastCheckpoint = p;
  }

  onReport(s: WorkerSlot, r: mygpt.IStepReport): void {
    const p = this.ctx.gen.pos(s);
    if (p < 0) return; // not a member of this generation (a replacement waiting for the next)
    // the rank the coordinator assigned to this peer, not a claimed one: its slot in the metrics, its position here
    this.ctx.metrics?.observeStep(stepObservationFromReport({ ...r, rank: s.rank }));
    const agg = this.ctx.gen.collector.add({ ...r, rank: p });
    if (agg) this.onStep(agg);
  }

  /** The group failed and resumes from step `resumeStep`: steps up to it that some rank completed but never
   *  all reported (a rank died after the step's all-reduce, before its report) are logged as they are,
   *  with `missingRanks`, so progress.jsonl still has a line for every step the resumed run will not redo. */
  flushIncomplete(resumeStep: number, g: Generation): void {
    for (const a of g.collector.incomplete(resumeStep)) this.logLate(a, g);
  }

  /** The highest step progress.jsonl has a line for (-1: none). */
  get logged(): number {
    return this.runLog.logged;
  }

  /** A step of an earlier generation completed by every rank, whose reports came late (in the Hellos of the
   *  survivors: the restart cut them off): logged as it was, nothing else (its progress window is gone). */
  logLate(a: StepAggregate, g: Generation): void {
    const missingRanks = a.missingRanks?.map((p) => g.slotOf(p)); // positions of that generation -> stable ranks
    this.runLog.step({ ...a, ...(missingRanks ? { missingRanks } : {}) }, Date.now(), g.number);
  }

  private onStep(a: StepAggregate): void {
    const { ctx } = this;
    const bad = divergentRank(a.checksums);
    if (bad >= 0) {
      throw checkError(
        `replicas diverged at step ${a.step}: rank ${ctx.gen.slotOf(bad)} weights checksum ${a.checksums[bad]} != ` +
          `rank ${ctx.gen.slotOf(0)} ${a.checksums[0]}`,
        ctx.gen.slotOf(bad),
      );
    }
    if (!Number.isNaN(a.valLoss)) this.lastValLoss = a.valLoss;
    if (a.step < ctx.cfg.train.max_steps) ctx.gen.stepped.resolve(); // the last step: the run ends, no grow
    const now = Date.now();
    this.runLog.step(a, now, ctx.gen.number);
    this.tensorboard?.scalars(a.step, stepScalars(a), now);
    const progress = this.progress!;
    progress.add(a);
    const total = ctx.cfg.train.max_steps;
    ctx.metrics?.setProgress(Math.min(a.step, total), total, Math.max(0, progress.etaS(a.step, now) || 0));
    if (a.step % ctx.cfg.train.log_interval === 0 || a.step === total) {
      ctx.log(progress.line(a, now).text, { step: a.step });
    }
  }
}

/** The TensorBoard scalars of one completed step (docs/observability.md "TensorBoard"); a value not
 *  measured this step (val loss between evals, a rank without a timing) is left out. */
export function stepScalars(a: StepAggregate): [string, number][] {
  const exposed = a.exposedCommS.filter(Number.isFinite);
  const out: [string, number][] = [['train/loss', a.loss], ['train/learning_rate', a.lr], ['train/grad_norm',
    a.gradNorm], ['perf/step_s', a.stepS]];
  if (!Number.isNaN(a.valLoss)) out.push(['eval/loss', a.valLoss]);
  if (a.stepS > 0) out.push(['perf/tokens_per_s', a.tokens / a.stepS]);
  if (exposed.length) out.push(['perf/exposed_comm_s', Math.max(...exposed)]);
  return out;
}

/** The metrics' view of a wire StepReport (proto/mygpt.proto). Proto3 omits zero fields, so missing numbers
 *  mean 0; an unset val_loss/grad_norm decodes as 0, which no real cross-entropy or gradient has, so 0 (like
 *  NaN) means "not measured this step". */
export function stepObservationFromReport(r: mygpt.IStepReport): StepObservation {
  return { rank: n(r.rank), step: n(r.step), loss: n(r.loss), lr: n(r.lr), computeS: n(r.computeS),
    exposedCommS: n(r.exposedCommS), waitS: n(r.waitS), stepS: n(r.stepS), tokens: n(r.tokens),
    allreduceBytes: n(r.allreduceBytes), gradNorm: measured(r.gradNorm), valLoss: measured(r.valLoss),
    nonfiniteSkips: n(r.nonfiniteSkips) };
}
