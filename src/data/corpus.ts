// Where the corpus comes from and how it is checked: present (a missing one names the download command),
// its sha256, and `mygpt-data download|verify` (fetch the canonical Tiny Shakespeare, check its sha256).
import * as fs from 'fs';
import * as path from 'path';
import { createHash } from 'crypto';
import { ConfigError } from '../config/load';

export const CORPUS_URL = 'https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt';
export const CORPUS_SHA256 = '86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed';
export const DEFAULT_DATA_PATH = 'data/tinyshakespeare.txt';
export const DOWNLOAD_HINT = 'npx mygpt-data download';

export function sha256Hex(buf: Buffer | Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** A missing corpus is a ConfigError (the same on every retry) naming the path and the download command. */
export function checkCorpusPresent(path: string): void {
  if (!fs.existsSync(path)) {
    throw new ConfigError(`data file ${path} not found: run \`${DOWNLOAD_HINT} --out ${path}\` ` +
      `(or place ${CORPUS_URL} there by hand)`);
  }
}

/** Read the corpus text (checkCorpusPresent first). */
export function readCorpus(path: string): string {
  checkCorpusPresent(path);
  return fs.readFileSync(path, 'utf8');
}

/** true when `file` exists and has the canonical hash; false when it differs; a missing file is a ConfigError. */
export function verifyFile(file: string): { ok: boolean; sha: string; } {
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: no such file`);
  const sha = sha256Hex(fs.readFileSync(file));
  return { ok: sha === CORPUS_SHA256, sha };
}

/** Download to `out` (atomically, verified). Returns when the file is in place with the right hash. A
 *  different file already at `out` is a ConfigError (rerunning cannot help); a failed fetch is not. */
export async function download(out: string, log: (line: string) => void, timeoutMs = 30_000): Promise<void> {
  if (fs.existsSync(out)) {
    const { ok, sha } = verifyFile(out);
    if (ok) {
      log(`${out} already present, sha256 ${sha} OK`);
      return;
    }
    throw new ConfigError(`${out} exists but its sha256 is ${sha}, expected ${CORPUS_SHA256}; delete it and rerun`);
  }
  const manual = `download ${CORPUS_URL} by other means and place it at ${out} ` +
    `(expected sha256 ${CORPUS_SHA256}; check with \`mygpt-data verify ${out}\`)`;
  let body: Buffer;
  try {
    const res = await fetch(CORPUS_URL, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    body = Buffer.from(await res.arrayBuffer());
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string; }; }).cause;
    const why = cause?.code ?? cause?.message ?? (e as Error).message;
    throw new Error(`cannot fetch ${CORPUS_URL} (${why}); ${manual}`);
  }
  const sha = sha256Hex(body);
  if (sha !== CORPUS_SHA256) throw new Error(`downloaded file has sha256 ${sha}, expected ${CORPUS_SHA256}; ${manual}`);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, body);
  fs.renameSync(tmp, out);
  log(`wrote ${out} (${body.length} bytes, sha256 ${sha} OK)`);
}
