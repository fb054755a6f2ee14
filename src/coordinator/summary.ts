// The end of a run in numbers: summary.json (via RunLog) and the printed summary. One RunSummary type.
import * as path from 'path';
import type { Config } from '../config/types';
import { formatSummary } from './format';

export interface RunSummary {
  ok: boolean;
  error?: string;
  exitCode?: number; // the coordinator's exit code (src/exit_codes.ts) when the run did not finish
  worldSize: number;
  steps: number;
  finalValLoss: number;
  tokensPerS: number;
  wallS: number;
  checkpointPath: string;
  weightsChecksum: string;
  sample: string;
  endpoint: string;
  metricsUrl: string;
  coordinatorCpuS: number; // CPU seconds this coordinator process (incl. /metrics) used while training ran
  restarts: number; // group restarts after worker failures (cluster.max_restarts bounds them)
  preemptions?: number; // group restarts after a preempted worker (not counted against max_restarts)
  stopped?: boolean; // ended early by SIGTERM/SIGINT with a checkpoint (resume with --resume)
}

/** What the summary is made of, gathered by the coordinator at the end. */
export interface SummaryInput {
  worldSize: number;
  steps: number;
  lastValLoss: number;
  tokensPerS: number;
  lastCheckpoint: string;
  endpoint: string;
  metricsUrl: string;
  restarts: number;
  preemptions: number;
}

/** Wall clock and CPU time of the coordinator process, from construction / from the start of training. */
export class RunClock {
  private readonly startMs = Date.now();
  private trainCpuStartUs = 0;

  trainingStarted(): void {
    if (!this.trainCpuStartUs) this.trainCpuStartUs = cpuUs();
  }

  /** A summary that is not (yet) a successful one; finish() fills in the rest. */
  base(i: SummaryInput): RunSummary {
    return {
      ok: false,
      worldSize: i.worldSize,
      steps: i.steps,
      finalValLoss: i.lastValLoss,
      tokensPerS: i.tokensPerS,
      wallS: (Date.now() - this.startMs) / 1000,
      checkpointPath: i.lastCheckpoint,
      weightsChecksum: '',
      sample: '',
      endpoint: i.endpoint,
      metricsUrl: i.metricsUrl,
      coordinatorCpuS: this.trainCpuStartUs ? (cpuUs() - this.trainCpuStartUs) / 1e6 : 0,
      restarts: i.restarts,
      preemptions: i.preemptions,
    };
  }
}

/** The lines printed at the end of a finished run. */
export function summaryText(s: RunSummary, cfg: Config): string {
  return formatSummary({ steps: s.steps, finalValLoss: s.finalValLoss, tokensPerS: s.tokensPerS, wallS: s.wallS,
    checkpoint: s.checkpointPath || null, sample: s.sample }, cfg.train.sample_prompt) +
    `\n(${s.worldSize} worker(s); per-step log ${path.join(cfg.run.dir, 'progress.jsonl')})`;
}

/** The line printed after an orderly stop (SIGTERM/SIGINT) with a checkpoint. */
export function stoppedText(step: number, maxSteps: number, checkpoint: string): string {
  return `stopped at step ${step} of ${maxSteps}: checkpoint ${checkpoint}; continue with mygpt-coord --resume`;
}

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}
