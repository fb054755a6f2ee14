// Range checks on every number and path a worker reports, before any of it reaches the coordinator's
// state, metrics or files. A bad report is that rank's failure (named, restartable): never the
// coordinator's. Pure functions over the decoded message; the inbox turns a non-empty answer into a
// RunError for the rank.
import * as path from 'path';
import { mygpt } from '../gen/mygpt';
import { ExitCode } from '../exit_codes';
import { stepOfCheckpoint } from '../util/run_dir';
import { printable } from '../control/printable';
import { Cause, Restart, RunError } from './failure';
import { describeSlot, WorkerSlot } from './registry';

const MAX_SECONDS = 1e7; // a duration over ~115 days is not a measurement
const MAX_CHECKSUM_CHARS = 128; // sha256 hex is 64

export interface ReportLimits {
  maxSteps: number;
  runDir: string;
}

type Field = [name: string, value: unknown];

const isNum = (v: unknown): v is number => typeof v === 'number';
const seconds = ([k, v]: Field) =>
  isNum(v) && Number.isFinite(v) && v >= 0 && v <= MAX_SECONDS ?
    '' :
    `${k} ${String(v)} is not a duration in 0..${MAX_SECONDS} s`;
const count = ([k, v]: Field) =>
  isNum(v) && Number.isSafeInteger(v) && v >= 0 ? '' : `${k} ${String(v)} is not a count >= 0`;
// loss, val loss and grad norm may be NaN/Inf (a diverging run must be visible); they must be numbers
const float = ([k, v]: Field) => v === null || v === undefined || isNum(v) ? '' : `${k} is not a number`;

function stepIn(step: unknown, lim: ReportLimits): string {
  return isNum(step) && Number.isSafeInteger(step) && step >= 0 && step <= lim.maxSteps ?
    '' :
    `step ${String(step)} is outside the run (0..${lim.maxSteps}, train.max_steps)`;
}

/** The checkpoint a report names: only rank 0 writes them, and only as a checkpoint name of this run
 *  directory at or before the reported step. Returns [reason, the path to keep] ('' = none / refused). */
export function checkpointOf(rank: number, reported: string | null | undefined, step: number,
  lim: ReportLimits): [string, string]
{
  const p = reported ?? '';
  if (!p) return ['', ''];
  if (rank !== 0) return [`names a checkpoint (${JSON.stringify(printable(p, 80))}) but only rank 0 writes them`, ''];
  const ckptStep = stepOfCheckpoint(p);
  const name = path.basename(p);
  if (ckptStep === null || /[\\/]/.test(name) || p.includes('\0')) {
    return [`checkpoint path ${JSON.stringify(printable(p, 80))} is not a checkpoint name`, ''];
  }
  if (ckptStep > step) return [`checkpoint ${name} is for step ${ckptStep}, after the reported step ${step}`, ''];
  return ['', path.join(lim.runDir, name)]; // a plain name inside run.dir, whatever directory the text named
}

/** '' when every field of the StepReport is in range, else what is wrong (first problem found). */
export function checkStepReport(rank: number, r: mygpt.IStepReport, lim: ReportLimits): string {
  const problems = [
    stepIn(r.step ?? 0, lim),
    ...([['compute_s', r.computeS], ['exposed_comm_s', r.exposedCommS], ['wait_s', r.waitS], ['step_s', r.stepS], [
      'overhead_s',
      r.overheadS,
    ]] as Field[]).map((f) => seconds([f[0], f[1] ?? 0])),
    ...([['tokens', r.tokens], ['allreduce_bytes', r.allreduceBytes], ['nonfinite_skips', r.nonfiniteSkips]] as Field[])
      .map((f) => count([f[0], f[1] ?? 0])),
    ...([['loss', r.loss], ['val_loss', r.valLoss], ['grad_norm', r.gradNorm]] as Field[]).map(float),
    isNum(r.lr ?? 0) && Number.isFinite(r.lr ?? 0) && (r.lr ?? 0) >= 0
      ? ''
      : `lr ${String(r.lr)} is not a finite rate >= 0`,
    (r.weightsChecksum ?? '').length <= MAX_CHECKSUM_CHARS
      ? ''
      : `weights_checksum is longer than ${MAX_CHECKSUM_CHARS} characters`,
    checkpointOf(rank, r.checkpointPath, Number(r.step ?? 0), lim)[0],
  ];
  return problems.find(Boolean) ?? '';
}

/** '' when the Done is in range, else what is wrong. */
export function checkDone(rank: number, d: mygpt.IDone, lim: ReportLimits): string {
  return [stepIn(d.step ?? 0, lim), float(['final_val_loss', d.finalValLoss]),
    (d.weightsChecksum ?? '').length <= MAX_CHECKSUM_CHARS ? '' : 'weights_checksum too long',
    checkpointOf(rank, d.checkpointPath, Number(d.step ?? 0), lim)[0]].find(Boolean) ?? '';
}

/** A rank sent a report that cannot be true: its failure (restartable), never the coordinator's. */
export function badReportError(s: WorkerSlot, what: string, why: string): RunError {
  return new RunError(`${describeSlot(s)} sent a bad ${what}: ${why}`, { cause: Cause.Report, rank: s.rank,
    restart: Restart.Counted, exitCode: ExitCode.Internal, detail: { step: s.lastStep } });
}
