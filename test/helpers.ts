// Shared test helpers: where the corpus is, small configs, spawning the CLIs.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import type { Config } from '../src/config/types';
import { loadConfig } from '../src/config/load';

/** Repository root (tests run from dist/test/...). */
export const REPO = path.resolve(__dirname, '..', '..');

/** Tiny Shakespeare: env MYGPT_DATA, else <repo>/../shared/data/tinyshakespeare.txt. */
export function dataPath(): string {
  const p = process.env.MYGPT_DATA ?? path.resolve(REPO, '..', 'shared', 'data', 'tinyshakespeare.txt');
  if (!fs.existsSync(p)) throw new Error(`test data ${p} not found (set MYGPT_DATA)`);
  return p;
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `mygpt-${prefix}-`));
}

/** Defaults + overrides (`section.key=value` strings), with data.path pointing at the test corpus. */
export function testConfig(sets: string[]): Config {
  return loadConfig(undefined, [`data.path=${dataPath()}`, ...sets]);
}

/** Run a bin script as a real process; bounded by a timeout. */
export function runBin(name: string, args: string[], timeoutMs = 60_000) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', name), ...args], { cwd: REPO, encoding: 'utf8',
    timeout: timeoutMs });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** Waits until `cond()` holds, polling every 10 ms; fails the test naming `what` after `ms`. */
export async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One regular expression written in pieces, to keep long expected messages within the line limit: the pieces'
 *  patterns joined in order (each piece a whole part of the pattern, e.g. split at a space), their flags merged. */
export function joinRe(...parts: RegExp[]): RegExp {
  return new RegExp(parts.map((p) => p.source).join(''), [...new Set(parts.flatMap((p) => [...p.flags]))].join(''));
}
