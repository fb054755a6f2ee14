// Step aggregation and the progress line. Reports arrive per rank; a step is complete when every
// rank reported it. Pure: times come in as arguments, nothing is printed here.
import { mygpt } from '../gen/mygpt';
import { measured, median, num } from '../util/num';
import { formatProgress } from './format';

export interface StepAggregate {
  step: number;
  loss: number; // global mean loss (identical on every rank; rank 0's value)
  valLoss: number; // NaN when not evaluated
  lr: number;
  gradNorm: number;
  tokens: number; // summed over ranks
  stepS: number; // slowest rank's step time
  computeS: number[]; // per rank
  exposedCommS: number[]; // per rank: waited for the gradient all-reduce after backward
  waitS: number[];
  overheadS: number[]; // per rank: step time outside compute and communication
  nonfinite: boolean[]; // per rank: its local loss/gradient was non-finite this step
  nonfiniteSkips: number[]; // per rank: steps skipped so far for non-finite values
  checksums: string[]; // per rank, '' when not sent this step
  checkpointPath: string;
  missingRanks?: number[]; // set only for a step some ranks never reported (the group failed first)
}

/** Collects per-rank StepReports until every rank reported a step. */
export class StepCollector {
  private readonly partial = new Map<number, (mygpt.IStepReport | undefined)[]>();
  constructor(private readonly worldSize: number) {}

  /** Returns the aggregate once the last rank's report for that step arrives. */
  add(r: mygpt.IStepReport): StepAggregate | undefined {
    const step = num(r.step);
    const rank = num(r.rank);
    let row = this.partial.get(step);
    if (!row) {
      row = new Array(this.worldSize).fill(undefined);
      this.partial.set(step, row);
    }
    row[rank] = r;
    if (row.some((x) => x === undefined)) return undefined;
    this.partial.delete(step);
    return aggregate(step, row as mygpt.IStepReport[]);
  }

  /** The steps up to `upto` that some rank reported but not all (in step order), as aggregates of the
   *  reports that came, missing ranks listed, per-rank values NaN/false/'' for them; forgotten after. */
  incomplete(upto: number): StepAggregate[] {
    const out: StepAggregate[] = [];
    for (const step of [...this.partial.keys()].sort((a, b) => a - b)) {
      if (step > upto) continue;
      const row = this.partial.get(step)!;
      this.partial.delete(step);
      const missing = row.flatMap((r, i) => (r === undefined ? [i] : []));
      const blank: mygpt.IStepReport = { step, tokens: 0, stepS: 0, computeS: NaN, waitS: NaN, exposedCommS: NaN,
        overheadS: NaN, nonfiniteSkips: NaN };
      out.push({ ...aggregate(step, row.map((r) => r ?? blank), row.find((r) => r !== undefined)),
        missingRanks: missing });
    }
    return out;
  }
}

/** lead: the report whose loss, lr and grad norm stand for the step (rank 0's when it reported). */
function aggregate(step: number, rows: mygpt.IStepReport[], r0 = rows[0]): StepAggregate {
  const f = num;
  return {
    step,
    loss: f(r0.loss),
    valLoss: measured(r0.valLoss) ?? NaN,
    lr: f(r0.lr),
    gradNorm: f(r0.gradNorm),
    tokens: rows.reduce((s, r) => s + f(r.tokens), 0),
    stepS: Math.max(...rows.map((r) => f(r.stepS))),
    computeS: rows.map((r) => f(r.computeS)),
    exposedCommS: rows.map((r) => f(r.exposedCommS)),
    waitS: rows.map((r) => f(r.waitS)),
    overheadS: rows.map((r) => f(r.overheadS)),
    nonfinite: rows.map((r) => r.nonfinite === true),
    nonfiniteSkips: rows.map((r) => f(r.nonfiniteSkips)),
    checksums: rows.map((r) => r.weightsChecksum ?? ''),
    checkpointPath: rows.find((r) => r.checkpointPath)?.checkpointPath ?? '',
  };
}

/** First rank whose checksum differs from rank 0's, or -1. Ranks without a checksum are skipped. */
export function divergentRank(checksums: readonly string[]): number {
  const ref = checksums[0];
  if (!ref) return -1;
  return checksums.findIndex((c, i) => i > 0 && c !== '' && c !== ref);
}

/** The rank whose compute time is clearly (> factor x) above the median, or -1. */
export function slowestRank(computeS: readonly number[], factor = 1.2): number {
  if (computeS.length < 2) return -1;
  const med = median(computeS);
  let worst = 0;
  for (let i = 1; i < computeS.length; i++) if (computeS[i] > computeS[worst]) worst = i;
  return med > 0 && computeS[worst] > factor * med ? worst : -1;
}

/** Accumulates completed steps between progress lines (window) and over the run. */
export class ProgressWindow {
  private tokens = 0;
  private allreduce = 0;
  private stepTime = 0;
  private compute: number[];
  private steps = 0;
  private lossSum = 0;
  private windowStartMs: number;
  private lastValLoss = NaN;
  totalTokens = 0;

  constructor(private readonly worldSize: number, private readonly totalSteps: number,
    private readonly startStep: number, private readonly runStartMs: number)
  {
    this.compute = new Array<number>(worldSize).fill(0);
    this.windowStartMs = runStartMs;
  }

  add(a: StepAggregate): void {
    this.tokens += a.tokens;
    this.totalTokens += a.tokens;
    this.allreduce += a.exposedCommS.reduce((s, x) => s + x, 0);
    this.stepTime += a.stepS * this.worldSize;
    a.computeS.forEach((c, i) => {
      this.compute[i] += c;
    });
    this.steps++;
    this.lossSum += a.loss;
    if (!Number.isNaN(a.valLoss)) this.lastValLoss = a.valLoss;
  }

  /** Tokens/s since the run started (coordinator wall clock). */
  overallTokensPerS(nowMs: number): number {
    return this.totalTokens / Math.max(1e-9, (nowMs - this.runStartMs) / 1000);
  }

  etaS(step: number, nowMs: number): number {
    const done = step - this.startStep;
    return done > 0 ? ((nowMs - this.runStartMs) / 1000 / done) * (this.totalSteps - step) : NaN;
  }

  /** One progress line for the window ending at `a` (mean loss over the window, latest val loss; all-reduce: the
   *  ranks' exposedCommS over their step time), then resets the window:
   *  `step 20/300 | loss 2.5000 | val 2.6 | lr 1.0e-3 | 640 tok/s | ETA 18s | all-reduce 3.2% of step`. */
  line(a: StepAggregate, nowMs: number): { text: string; tokensPerS: number; etaS: number; slowest: number; } {
    const wallS = Math.max(1e-9, (nowMs - this.windowStartMs) / 1000);
    const tokensPerS = this.tokens / wallS;
    const share = this.stepTime > 0 ? this.allreduce / this.stepTime : 0;
    const etaS = this.etaS(a.step, nowMs);
    const slowest = slowestRank(this.compute);
    const parts = [
      formatProgress({ step: a.step, maxSteps: this.totalSteps, loss: this.lossSum / Math.max(1, this.steps),
        val: Number.isNaN(this.lastValLoss) ? undefined : this.lastValLoss, lr: a.lr, tokPerS: tokensPerS, etaS }),
      `all-reduce ${(share * 100).toFixed(1)}% of step`,
    ];
    if (slowest >= 0) {
      const med = median(this.compute) / this.steps;
      parts.push(
        `slowest rank ${slowest} (compute ${(this.compute[slowest] / this.steps * 1000).toFixed(1)} ms/step vs median ${
          (med * 1000).toFixed(1)
        } ms)`,
      );
    }
    this.tokens = 0;
    this.allreduce = 0;
    this.stepTime = 0;
    this.steps = 0;
    this.lossSum = 0;
    this.compute.fill(0);
    this.windowStartMs = nowMs;
    return { text: parts.join(' | '), tokensPerS, etaS, slowest };
  }
}
