// What every bench reads from its command line and environment: `--name value` flags and the corpus.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The value after `--name`, else `def`. */
export function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

/** The Tiny Shakespeare corpus: MYGPT_DATA, else ../shared/data beside the repository; `who` names the bench
 *  in the error when it is missing. */
export function corpusPath(who: string): string {
  const p = process.env.MYGPT_DATA ??
    path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'tinyshakespeare.txt');
  if (!fs.existsSync(p)) throw new Error(`bench/${who}: corpus ${p} not found (set MYGPT_DATA)`);
  return p;
}
