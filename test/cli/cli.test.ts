// CLI plumbing shared by every bin (src/cli/common.ts) and the small CLIs' help, through real processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ExitCode } from '../../src/exit_codes';

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

function bin(name: string, args: string[]): { code: number | null; err: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', `${name}.js`), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, err: r.stderr };
}

test('mygpt-worker --coordinator without tcp://: exit 2 naming the flag and the expected form', () => {
  const r = bin('mygpt-worker', ['--coordinator', 'localhost:29500', '--set', 'backend.name=cpu']);
  assert.equal(r.code, ExitCode.Config, r.err);
  assert.match(r.err, /--coordinator "localhost:29500" is not a coordinator endpoint: expected tcp:\/\/HOST:PORT \(did you mean tcp:\/\/localhost:29500\?\)/);
  assert.equal(bin('mygpt-worker', ['--coordinator', 'tcp://localhost:0']).code, ExitCode.Config);
});

test('a config error in a worker exits 2 (Config), not 1', () => {
  const r = bin('mygpt-worker', ['--coordinator', 'tcp://127.0.0.1:1', '--config', '/nonexistent/run.yaml']);
  assert.equal(r.code, ExitCode.Config, r.err);
  assert.match(r.err, /\/nonexistent\/run\.yaml: cannot read config file/);
});

test('mygpt-coord without --config says which defaults it trains with', () => {
  const r = bin('mygpt-coord', ['--set', 'data.path=/nonexistent/corpus.txt', '--set', 'run.dir=/nonexistent/run']);
  assert.match(r.err, /^mygpt-coord: no --config: the built-in defaults \(src\/config\/schema\.ts \+ --set\): \d+ steps of a \d+-layer, \d+-wide model on 1 worker\(s\), run\.dir \/nonexistent\/run/m);
  assert.equal(r.code, ExitCode.Config);
});
