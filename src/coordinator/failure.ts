// Typed run failures. Every failure the coordinator acts on is a RunError carrying: the rank at fault
// (-1: not one worker), how it was observed (Cause, which also ranks simultaneous reports), what a
// restart may do about it (Restart) and the exit code the coordinator ends with if it ends the run.
// Decisions read these fields and the proto enums (Failure.reason, Failure.failed_rank), never text.
//
// A killed worker makes its ring neighbours fail too (peer lost / timeout): reports are collected for a
// short settle window by the FailureArbiter and the most direct cause wins.
import { mygpt } from '../gen/mygpt';
import { ExitCode } from '../exit_codes';

export enum Cause {
  Report = 1, // a worker's Failure message about itself (often a consequence)
  Heartbeat = 2, // silence past heartbeat_timeout_s, or a peer named by a neighbour's Failure.failed_rank
  Check = 3, // coordinator-side check: handshake, checksum divergence, gang timeout
  Exit = 4, // a launched worker process exited with a code (often a consequence too)
  Killed = 5, // a launched worker process was killed by a signal (OOM killer, kill -9)
  Signal = 6, // the coordinator itself was asked to stop
}

/** What a group restart can do about a failure. */
export enum Restart {
  Never = 0, // restarting cannot help (config, checkpoint, non-finite, divergence, refusal)
  Counted = 1, // restart from the last checkpoint, counted against cluster.max_restarts
  Free = 2, // preempted (SIGTERM, node drain): restart when it is back, not counted
}

/** What is known about how the failed worker ended (for failure.json). */
export interface FailureDetail {
  exitCode?: number | null;
  signal?: string | null;
  step?: number;
}

export interface RunErrorInit {
  cause: Cause;
  rank: number;
  restart: Restart;
  exitCode: ExitCode; // the coordinator's exit code if this failure ends the run
  detail?: FailureDetail;
}

export class RunError extends Error {
  readonly cause_: Cause;
  readonly rank: number;
  readonly restart: Restart;
  readonly exitCode: ExitCode;
  readonly detail: FailureDetail;
  constructor(message: string, init: RunErrorInit) {
    super(message);
    this.name = 'RunError';
    this.cause_ = init.cause;
    this.rank = init.rank;
    this.restart = init.rank < 0 ? Restart.Never : init.restart;
    this.exitCode = init.exitCode;
    this.detail = init.detail ?? {};
  }

  /** The same failure with another message (e.g. with a note appended) and, optionally, exit code. */
  withMessage(message: string, exitCode = this.exitCode): RunError {
    return new RunError(message, { cause: this.cause_, rank: this.rank, restart: this.restart, exitCode,
      detail: this.detail });
  }
}

/** A coordinator-side check that failed (not a worker failure: never restarted). */
export function checkError(message: string, rank: number, exitCode = ExitCode.Unrecoverable): RunError {
  return new RunError(message, { cause: Cause.Check, rank, restart: Restart.Never, exitCode });
}

/** The coordinator itself was asked to stop (SIGTERM/SIGINT): decided at once, exit Preempted. */
export function signalError(message: string): RunError {
  return new RunError(message, { cause: Cause.Signal, rank: -1, restart: Restart.Never, exitCode: ExitCode.Preempted });
}

/** Anything unexpected inside the coordinator. */
export function internalError(e: unknown): RunError {
  return e instanceof RunError ?
    e :
    new RunError(`coordinator: ${(e as Error)?.stack ?? String(e)}`, { cause: Cause.Check, rank: -1,
      restart: Restart.Never, exitCode: ExitCode.Internal });
}

const R = mygpt.FailureReason;

/** How a failure is handled: may the run restart, and the coordinator's exit code if it does not. */
export interface Policy {
  readonly restart: Restart;
  readonly exitCode: ExitCode;
}
const COUNTED: Policy = { restart: Restart.Counted, exitCode: ExitCode.Internal };
const CONFIG: Policy = { restart: Restart.Never, exitCode: ExitCode.Config };
const UNRECOVERABLE: Policy = { restart: Restart.Never, exitCode: ExitCode.Unrecoverable };
const PREEMPTED: Policy = { restart: Restart.Free, exitCode: ExitCode.Preempted };

// A worker says the same thing by a FailureReason in its report or by its exit code: both map to one policy.
const BY_REASON = new Map<mygpt.FailureReason, Policy>([
  [R.FAILURE_NON_FINITE, UNRECOVERABLE],
  [R.FAILURE_CONFIG, CONFIG],
  [R.FAILURE_CHECKPOINT, CONFIG],
  [R.FAILURE_PREEMPTED, PREEMPTED],
]);
const BY_EXIT = new Map<number | null, Policy>([
  [ExitCode.Config, CONFIG],
  [ExitCode.Refused, CONFIG],
  [ExitCode.Unrecoverable, UNRECOVERABLE],
  [ExitCode.Preempted, PREEMPTED],
]);

/** Restart policy and coordinator exit code for a worker's FailureReason (UNSPECIFIED = its own internal failure). */
export function policyOfReason(reason: mygpt.FailureReason): Policy {
  return BY_REASON.get(reason) ?? COUNTED;
}

/** Restart policy and coordinator exit code for a launched worker's exit code (src/exit_codes.ts). */
export function policyOfExit(code: number | null): Policy {
  return BY_EXIT.get(code) ?? COUNTED;
}

/** Failure reasons whose failed_rank names a peer (the sender only saw it fail). */
export function blamesPeer(reason: mygpt.FailureReason): boolean {
  return reason === R.FAILURE_PEER_LOST || reason === R.FAILURE_PEER_TIMEOUT || reason === R.FAILURE_PEER_PROTOCOL;
}

export class FailureArbiter {
  private candidates: RunError[] = [];
  private timer?: NodeJS.Timeout;
  decided?: RunError;
  firstAt?: number; // performance.now() of the first report: where a restart's cost starts

  constructor(private readonly settleMs: number, private readonly onDecide: (e: RunError) => void) {}

  /** Reports are being collected (a failure is about to be decided). */
  get pending(): boolean {
    return this.candidates.length > 0 && !this.decided;
  }

  /** now: decide at once, without the settle window (the coordinator itself saw a member fall silent: what
   *  follows are consequences). */
  report(e: RunError, now = false): void {
    if (this.decided) return;
    this.firstAt ??= performance.now();
    this.candidates.push(e);
    // Nothing outranks these: a stop asked by a signal, a launched worker killed by one (the neighbours'
    // peer-lost reports that follow are its consequences). Decided at once, no settle window.
    if (now || e.cause_ === Cause.Signal || e.cause_ === Cause.Killed) return this.decide();
    this.timer ??= setTimeout(() => this.decide(), this.settleMs);
  }

  private decide(): void {
    clearTimeout(this.timer);
    const sorted = [...this.candidates].sort((a, b) => b.cause_ - a.cause_);
    const root = sorted[0];
    // A worker that reported its own failure and then exited: the exit decides (policy, exit code), the
    // report says why, so the printed error leads with the report (e.g. the config key at fault).
    const lead = root.cause_ === Cause.Exit
      ? sorted.find((r) => r.cause_ === Cause.Report && r.rank === root.rank) ?? root
      : root;
    const also = sorted.filter((r) => r !== lead && r.message !== lead.message).map((r) => `\n  (also: ${r.message})`)
      .join('');
    this.decided = root.withMessage(lead.message + also);
    this.onDecide(this.decided);
  }

  cancel(): void {
    clearTimeout(this.timer);
  }
}
