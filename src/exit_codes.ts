// The one exit-code contract of every mygpt process (coordinator, worker, CLIs). Launchers, the
// coordinator's restart decision and Kubernetes failure policies (k8s/) all read these values; the
// README's table is generated from EXIT_TABLE and a test keeps them in step.
export enum ExitCode {
  /** Training reached train.max_steps (or the command did what it was asked). */
  Ok = 0,
  /** Unexpected error (a bug, an I/O error): retrying may help. */
  Internal = 1,
  /** Bad config, flags, corpus or checkpoint for this config: retrying the same input cannot help. */
  Config = 2,
  /** A worker was refused by the coordinator's handshake (config hash, rank, token, protocol). */
  Refused = 3,
  /** Stopped by SIGTERM/SIGINT after writing a checkpoint: start again (`--resume`) to continue. */
  Preempted = 4,
  /** An unrecoverable check failed (replicas diverged, non-finite values with train.nonfinite: stop). */
  Unrecoverable = 5,
  /** Workers kept failing: cluster.max_restarts group restarts were used up. */
  RestartsExhausted = 6,
  /** A worker lost its coordinator (process gone or silent past cluster.coordinator_timeout_s). */
  CoordinatorLost = 7,
  /** A worker was told to stop by its coordinator because the run failed or is ending. */
  Stopped = 8,
}

export interface ExitRow {
  code: ExitCode;
  name: string;
  who: string;
  retry: boolean;
  meaning: string;
}

/** A row of the table; its name is the enum member's. */
const row = (code: ExitCode, who: string, retry: boolean, meaning: string): ExitRow => ({
  code,
  name: ExitCode[code],
  who,
  retry,
  meaning,
});

/** code -> who exits with it, whether running the same thing again can succeed, and what it means. */
export const EXIT_TABLE: readonly ExitRow[] = [
  row(ExitCode.Ok, 'all', false, 'finished: train.max_steps reached'),
  row(ExitCode.Internal, 'all', true, 'unexpected error (bug, I/O)'),
  row(ExitCode.Config, 'all', false, 'bad config, flags, corpus or checkpoint'),
  row(ExitCode.Refused, 'worker', false, 'refused by the coordinator handshake'),
  row(ExitCode.Preempted, 'coordinator, worker', true, 'SIGTERM/SIGINT: checkpoint written, start again to resume'),
  row(ExitCode.Unrecoverable, 'coordinator, worker', false, 'a check failed (replicas diverged, non-finite values)'),
  row(ExitCode.RestartsExhausted, 'coordinator', false, 'cluster.max_restarts used up'),
  row(ExitCode.CoordinatorLost, 'worker', true, 'coordinator gone or silent'),
  row(ExitCode.Stopped, 'worker', false, 'told to stop by its coordinator (run failed or ending)'),
];

/** `3 (Refused)`, or `137 (signal?)` for a code outside the table. */
export function describeExitCode(code: number | null): string {
  if (code === null) return 'no exit code';
  const row = EXIT_TABLE.find((r) => r.code === code);
  return row ? `${code} (${row.name})` : `${code}`;
}

/** The README's table (test/util/exit_codes.test.ts compares it with the README). */
export function exitTableMarkdown(): string {
  const lines = ['| code | name | who | retry helps | meaning |', '|---|---|---|---|---|'];
  for (const r of EXIT_TABLE) {
    lines.push(`| ${r.code} | ${r.name} | ${r.who} | ${r.retry ? 'yes' : 'no'} | ${r.meaning} |`);
  }
  return lines.join('\n');
}
