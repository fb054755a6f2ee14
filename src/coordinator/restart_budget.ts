// What a run may still restart, and the record of every failure acted on: cluster.max_restarts counts the
// restarts after failures, a preemption's restart is free, and each failure goes to failure.json (the first
// one printed whole). The fatal failure's message says when the budget ran out.
import type { Config } from '../config/types';
import type { TrainingMetrics } from '../metrics/training';
import { Cause, Restart, RunError } from './failure';
import { FailureReport, RecoveryEntry, formatFailure } from './failure_report';
import type { WorkerSlot } from './registry';

export class RestartBudget {
  restarts = 0; // counted against cluster.max_restarts
  preemptions = 0; // restarts after a preempted worker (free)
  private readonly failures: FailureReport;

  constructor(private readonly cfg: Config, private readonly warn: (line: string) => void,
    private readonly metrics?: TrainingMetrics)
  {
    this.failures = new FailureReport(cfg.run.dir, cfg.cluster.max_restarts);
  }

  /** A failure may restart the group (not while stopping, not a Restart.Never, not past the budget). */
  allows(e: RunError, stopping: boolean): boolean {
    if (stopping || e.restart === Restart.Never) return false;
    return e.restart === Restart.Free || this.restarts < this.cfg.cluster.max_restarts;
  }

  /** A restart after `err`: recorded, counted; returns how it is named in the restart line. */
  spend(err: RunError, slot: WorkerSlot | undefined, generation: number, logTail: string[]): string {
    const entry = this.failures.add(err, slot, generation, 'restart', logTail);
    if (this.restarts + this.preemptions === 0) this.warn(formatFailure(entry));
    const free = err.restart === Restart.Free;
    if (free) this.preemptions++;
    else this.restarts++;
    this.metrics?.incRestarts(free ? 'preempted' : 'failure');
    return free
      ? `restart after preemption ${this.preemptions} (not counted)`
      : `restart ${this.restarts} of ${this.cfg.cluster.max_restarts}`;
  }

  /** The latest restart's generation started (failure.json's `recovery`). */
  recovered(r: RecoveryEntry): void {
    this.failures.recovered(r);
  }

  /** The failure that ends the run: recorded in failure.json, its message says how many restarts were used. */
  fatal(err: RunError, slot: WorkerSlot | undefined, generation: number, logTail: string[],
    stopping: boolean): RunError
  {
    if (err.cause_ === Cause.Signal) return err;
    const exhausted = err.restart === Restart.Counted && this.restarts >= this.cfg.cluster.max_restarts && !stopping;
    const entry = this.failures.add(err, slot, generation, 'fatal', logTail);
    if (this.failures.entries[0] === entry) this.warn(formatFailure(entry));
    return this.failures.fatalError(err, exhausted ? this.restarts : undefined);
  }
}
