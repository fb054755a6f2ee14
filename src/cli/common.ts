// Shared CLI plumbing: one place that turns an error into `prog: message` and a non-zero exit.
import * as path from 'path';
import { ConfigError } from '../config/load';
import { ExitCode } from '../exit_codes';

/** stdout closed by its reader (`mygpt-coord ... | head`): drop further output instead of dying on
 *  EPIPE with a stack trace; the run goes on, its record stays in run.dir (progress.jsonl, summary.json). */
export function tolerateClosedStdout(prog: string): void {
  let told = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    if (!told) process.stderr.write(`${prog}: stdout closed by its reader; further output dropped, the run continues\n`);
    told = true;
  });
}

/** Runs a CLI's main(); a numeric result is the exit code (coordinator, worker), none means 0. A
 *  ConfigError (bad flags, config, corpus) exits 2 (Config: retrying the same input cannot help), any
 *  other error 1 (Internal). */
export function runCli(main: () => Promise<number | void>, prog = path.basename(process.argv[1] ?? 'mygpt').replace(/\.js$/, '')): void {
  tolerateClosedStdout(prog);
  main().then(
    (code) => process.exit(typeof code === 'number' ? code : 0),
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`${prog}: error: ${msg}\n`);
      if (process.env.MYGPT_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
      process.exit(e instanceof ConfigError ? ExitCode.Config : ExitCode.Internal);
    },
  );
}
