// Shared CLI plumbing: one place that turns an error into `prog: message` and a non-zero exit.
import * as path from 'path';

/** Runs a CLI's main(); a numeric result is the exit code (coordinator, worker), none means 0. */
export function runCli(main: () => Promise<number | void>, prog = path.basename(process.argv[1] ?? 'mygpt').replace(/\.js$/, '')): void {
  main().then(
    (code) => process.exit(typeof code === 'number' ? code : 0),
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`${prog}: error: ${msg}\n`);
      if (process.env.MYGPT_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
      process.exit(1);
    },
  );
}
