// Where the corpus comes from and how it is checked.
import * as fs from 'fs';
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
