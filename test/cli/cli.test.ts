// CLI plumbing shared by every bin (src/cli/common.ts) and the small CLIs' help, through real processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const COMMON = path.join(ROOT, 'dist/src/cli/common.js');

/** A CLI (through runCli) printing `lines` lines, its stdout read until the first chunk and then closed,
 *  like `mygpt-coord ... | head -1`. */
function printerPipedToHead(lines: number, guarded: boolean): Promise<{ code: number | null; err: string }> {
  const body = `const { runCli } = require(${JSON.stringify(COMMON)});
    const main = async () => { for (let i = 0; i < ${lines}; i++) { console.log('step ' + i); await new Promise((r) => setImmediate(r)); }
      process.stderr.write('summary written\\n'); return 0; };
    ${guarded ? "runCli(main, 'printer');" : 'main();'}`;
  const p = spawn(process.execPath, ['-e', body], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  p.stderr.on('data', (d) => { err += d; });
  p.stdout.once('data', () => p.stdout.destroy());
  return new Promise((resolve) => p.on('close', (code) => resolve({ code, err })));
}

test('stdout closed by its reader: the CLI keeps running and ends normally, no EPIPE stack trace', async () => {
  const r = await printerPipedToHead(3000, true);
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.err, /EPIPE|Unhandled 'error'/);
  assert.match(r.err, /printer: stdout closed by its reader; further output dropped, the run continues\n[\s\S]*summary written/);
});

test('the EPIPE check can fail: without runCli the same program dies on EPIPE', async () => {
  const r = await printerPipedToHead(3000, false);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /EPIPE/);
});

test('mygpt-generate --help starts with a usage line', () => {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bin/mygpt-generate.js'), '--help'], { encoding: 'utf8' });
  assert.match(out.split('\n')[0], /^mygpt-generate --checkpoint FILE \[--prompt TEXT\]/);
});
