// run.dir/failure.json: every worker failure the coordinator acted on (restarted or fatal), the first
// one highlighted since it is usually the root cause (later ones are often its consequences).
// Rewritten atomically after each failure so a killed coordinator still leaves the history behind.
import * as fs from 'fs';
import * as path from 'path';
import { ExitCode } from '../exit_codes';
import { Cause, RunError } from './failure';
import type { WorkerSlot } from './registry';

export interface FailureEntry {
  time: string; // ISO 8601
  generation: number; // restart generation the failure happened in
  rank: number; // -1: not one worker (coordinator check, signal)
  host: string;
  pid: number;
  cause: string; // Killed | Exit | Heartbeat | Report | Check | Signal
  exitCode: number | null; // launched workers only
  signal: string | null; // e.g. SIGKILL
  lastStep: number; // last step the worker completed (as reported)
  message: string;
  action: 'restart' | 'fatal';
  recovery?: RecoveryEntry; // a restart: how the next generation started and what it cost (coordinator/recovery.ts)
  logTail: string[]; // last lines the worker printed (launched workers; [] for external ones)
}

export interface RecoveryEntry {
  generation: number; // the generation that started
  source: 'peer' | 'disk' | 'fresh';
  step: number; // where it started
  donor: number; // peer: the rank whose state it started from; -1 otherwise
  worldSize: number; // members of that generation (fewer than configured when shrunk: cluster.min_workers)
  seconds: number; // from the failure acted on to the Start
  transferS: number; // the slowest rank's state transfer (0: none)
  stepsRedone: number; // completed steps computed again
}

export interface FailureFile {
  first: FailureEntry;
  failures: FailureEntry[];
  restarts: number;
  maxRestarts: number;
}

export class FailureReport {
  readonly entries: FailureEntry[] = [];
  constructor(private readonly dir: string, private readonly maxRestarts: number) {}

  get file(): string {
    return path.join(this.dir, 'failure.json');
  }

  add(e: RunError, slot: WorkerSlot | undefined, generation: number, action: FailureEntry['action'],
    logTail: string[]): FailureEntry
  {
    const entry: FailureEntry = {
      time: new Date().toISOString(),
      generation,
      rank: e.rank,
      host: slot?.host ?? '',
      pid: slot?.pid ?? 0,
      cause: Cause[e.cause_],
      exitCode: e.detail.exitCode ?? null,
      signal: e.detail.signal ?? null,
      lastStep: e.detail.step ?? slot?.lastStep ?? 0,
      message: e.message,
      action,
      logTail,
    };
    this.entries.push(entry);
    this.write();
    return entry;
  }

  /** The latest restart's generation started: its entry gets `recovery` (the file is rewritten). */
  recovered(r: RecoveryEntry): void {
    const last = [...this.entries].reverse().find((x) => x.action === 'restart');
    if (!last || last.recovery) return;
    last.recovery = r;
    this.write();
  }

  /** The error that ends the run, pointing at this report; `restartsUsed` when cluster.max_restarts ran out
   *  (then the exit code is RestartsExhausted and the message names the first failure). */
  fatalError(err: RunError, restartsUsed?: number): RunError {
    if (restartsUsed === undefined) return err.withMessage(`${err.message}\n  failure report: ${this.file}`);
    return err.withMessage(
      `${err.message}\n  giving up after ${restartsUsed} restart(s) (cluster.max_restarts ${this.maxRestarts}); ` +
        `first failure: ${this.entries[0].message.split('\n')[0]}; history in ${this.file}`,
      ExitCode.RestartsExhausted,
    );
  }

  private write(): void {
    const body: FailureFile = { first: this.entries[0], failures: this.entries,
      restarts: this.entries.filter((x) => x.action === 'restart').length, maxRestarts: this.maxRestarts };
    fs.mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(body, null, 2) + '\n');
    fs.renameSync(tmp, this.file);
  }
}

/** The lines printed for a failure: its message, then the worker's last output, indented. */
export function formatFailure(f: FailureEntry): string {
  const tail = f.logTail.slice(-10).map((l) => `    | ${l}`).join('\n');
  return `first failure: ${f.message.split('\n')[0]}` + (tail ? `\n  last output of rank ${f.rank}:\n${tail}` : '');
}
