// Shared CLI plumbing: one place that turns an error into `prog: message` and a non-zero exit.
import * as path from 'path';

export function runCli(main: () => Promise<void>): void {
  const prog = path.basename(process.argv[1] ?? 'mygpt').replace(/\.js$/, '');
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`${prog}: error: ${msg}\n`);
      if (process.env.MYGPT_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
      process.exit(1);
    },
  );
}
