// `mygpt-data download|verify`: fetch the canonical Tiny Shakespeare and check its sha256.
import * as fs from 'fs';
import * as path from 'path';
import { CORPUS_SHA256, CORPUS_URL, sha256Hex } from './corpus';
import { ConfigError } from '../config/load';

export type Log = (line: string) => void;

/** true when `file` exists and has the canonical hash; false when it differs; a missing file is a ConfigError. */
export function verifyFile(file: string): { ok: boolean; sha: string; } {
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: no such file`);
  const sha = sha256Hex(fs.readFileSync(file));
  return { ok: sha === CORPUS_SHA256, sha };
}

/** Download to `out` (atomically, verified). Returns when the file is in place with the right hash. A
 *  different file already at `out` is a ConfigError (rerunning cannot help); a failed fetch is not. */
export async function download(out: string, log: Log, timeoutMs = 30_000): Promise<void> {
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
