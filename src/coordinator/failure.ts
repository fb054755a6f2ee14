// Picks the root cause when several failures arrive together. A killed worker makes its ring
// neighbours fail too (peer lost / timeout); the error must name the worker that died, so reports
// are collected for a short settle window and the most direct cause wins.
export enum Cause {
  Report = 1,        // a worker's Failure message (often a consequence)
  Heartbeat = 2,     // silence past heartbeat_timeout_s
  Check = 3,         // coordinator-side check: handshake, checksum divergence, gang timeout
  Exit = 4,          // a launched worker process exited with a code (often a consequence too)
  Killed = 5,        // a launched worker process was killed by a signal (OOM killer, kill -9)
  Signal = 6,        // the coordinator itself was asked to stop
}

/** What is known about how the failed worker ended (for failure.json). */
export interface FailureDetail { exitCode?: number | null; signal?: string | null; step?: number }

export class RunError extends Error {
  constructor(message: string, readonly cause_: Cause, readonly rank: number, readonly detail: FailureDetail = {}) {
    super(message);
    this.name = 'RunError';
  }
}

export class FailureArbiter {
  private candidates: RunError[] = [];
  private timer?: NodeJS.Timeout;
  decided?: RunError;

  constructor(private readonly settleMs: number, private readonly onDecide: (e: RunError) => void) {}

  report(e: RunError): void {
    if (this.decided) return;
    this.candidates.push(e);
    if (e.cause_ === Cause.Signal) return this.decide();
    this.timer ??= setTimeout(() => this.decide(), this.settleMs);
  }

  private decide(): void {
    clearTimeout(this.timer);
    const sorted = [...this.candidates].sort((a, b) => b.cause_ - a.cause_);
    const [root, ...rest] = sorted;
    const also = rest.filter((r) => r.message !== root.message).map((r) => `\n  (also: ${r.message})`).join('');
    this.decided = new RunError(root.message + also, root.cause_, root.rank, root.detail);
    this.onDecide(this.decided);
  }

  cancel(): void { clearTimeout(this.timer); }
}

/** A worker failure the group can recover from by restarting from the last checkpoint. Coordinator
 *  checks (handshake, diverged replicas, gang timeout), a refused worker (exit 2) and signals are not. */
export function restartable(e: RunError): boolean {
  if (e.rank < 0) return false;
  if (e.cause_ === Cause.Exit) return e.detail.exitCode !== 2;
  return e.cause_ === Cause.Killed || e.cause_ === Cause.Heartbeat || e.cause_ === Cause.Report;
}
