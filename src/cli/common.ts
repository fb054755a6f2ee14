// Shared CLI plumbing: one place that turns an error into `prog: message` and a non-zero exit, and picks
// the log format (--log-format text|json, src/util/log.ts) before the bin's main() runs.
import * as path from 'path';
import yargs, { Argv } from 'yargs';
import { ConfigError } from '../config/load';
import { ExitCode } from '../exit_codes';
import { LOG_FORMATS, LOG_FORMAT_ENV, initLog, writeLog } from '../util/log';

/** The --log-format option every bin declares (runCli has read it already; yargs checks and documents it). */
export const LOG_FORMAT_OPTION = {
  type: 'string',
  choices: LOG_FORMATS as string[],
  default: 'text',
  describe:
    `log lines as human text, or one JSON object per line: time, level, msg, rank, step (env ${LOG_FORMAT_ENV})`,
} as const;

/** stdout closed by its reader (`mygpt-coord ... | head`): drop further output instead of dying on
 *  EPIPE with a stack trace; the run goes on, its record stays in run.dir (progress.jsonl, summary.json). */
export function tolerateClosedStdout(prog: string): void {
  let told = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    if (!told) writeLog('warn', `${prog}: stdout closed by its reader; further output dropped, the run continues`);
    told = true;
  });
}

/** Runs a CLI's main(); a numeric result is the exit code (coordinator, worker), none means 0. A
 *  ConfigError (bad flags, config, corpus) exits 2 (Config: retrying the same input cannot help), any
 *  other error 1 (Internal). */
export function runCli(main: () => Promise<number | void>,
  prog = path.basename(process.argv[1] ?? 'mygpt').replace(/\.js$/, '')): void
{
  const bad = initLog(prog, process.argv.slice(2));
  if (bad) {
    writeLog('error', `${prog}: error: ${bad}`);
    process.exit(ExitCode.Config);
  }
  tolerateClosedStdout(prog);
  main().then(
    (code) => process.exit(typeof code === 'number' ? code : 0),
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      writeLog('error', `${prog}: error: ${msg}`);
      if (process.env.MYGPT_DEBUG && e instanceof Error) writeLog('debug', `${e.stack}`, {}, 'stderr');
      process.exit(e instanceof ConfigError ? ExitCode.Config : ExitCode.Internal);
    },
  );
}

/** The yargs setup of every bin: its name; a --help that starts with `prog: what` (one line saying what
 *  it does), then `Usage: usage`; --log-format (read by runCli before main; declared here so yargs checks
 *  and documents it); strict flags; and usage errors (an unknown flag, a missing option, a number flag
 *  given "abc", a failed .check) as a ConfigError, so they exit 2 (Config) like any bad input, printed by
 *  runCli as `prog: error: <why> (see prog --help)`, a JSON line under --log-format json. */
export function cliParser(argv: string[], prog: string, what: string, usage: string): Argv {
  return yargs(argv).scriptName(prog).usage(`${prog}: ${what}\n\nUsage: ${usage}`)
    .option('log-format', LOG_FORMAT_OPTION)
    .check((a) => {
      // yargs turns a `type: 'number'` flag given "abc" into NaN without complaint (under both spellings,
      // top-k and topK: name the one on the command line)
      const nan = Object.keys(a).filter((k) => typeof a[k] === 'number' && Number.isNaN(a[k]));
      if (nan.length === 0) return true;
      const bad = nan.find((k) => givenValue(argv, k) !== undefined) ?? nan[0];
      const raw = givenValue(argv, bad);
      return `--${bad}: expected a number${raw === undefined ? '' : `, got "${raw}"`}`;
    }, true)
    .strict()
    .help()
    .fail((msg: string | null, err?: unknown) => {
      if (err instanceof Error) throw err; // thrown by a check or a command handler: keeps its own type
      throw new ConfigError(`${(msg ?? String(err)).replace(/\n/g, '; ')} (see ${prog} --help)`);
    });
}

/** The text given on the command line for --key (`--key v` or `--key=v`), undefined if not there. */
function givenValue(argv: readonly string[], key: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${key}`) return argv[i + 1] ?? '';
    if (argv[i].startsWith(`--${key}=`)) return argv[i].slice(key.length + 3);
  }
  return undefined;
}
