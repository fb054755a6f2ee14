// CLI plumbing shared by every bin (src/cli/common.ts) and the small CLIs' help, through real processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { ExitCode } from '../../src/exit_codes';
import { joinRe } from '../helpers';

const ROOT = path.resolve(__dirname, '../../..');
const COMMON = path.join(ROOT, 'dist/src/cli/common.js');

/** A CLI (through runCli) printing `lines` lines, its stdout read until the first chunk and then closed,
 *  like `mygpt-coord ... | head -1`. */
function printerPipedToHead(lines: number, guarded: boolean): Promise<{ code: number | null; err: string; }> {
  const body = `const { runCli } = require(${JSON.stringify(COMMON)});
    const main = async () => {
      for (let i = 0; i < ${lines}; i++) { console.log('step ' + i); await new Promise((r) => setImmediate(r)); }
      process.stderr.write('summary written\\n'); return 0; };
    ${guarded ? "runCli(main, 'printer');" : 'main();'}`;
  const p = spawn(process.execPath, ['-e', body], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  p.stderr.on('data', (d) => {
    err += d;
  });
  p.stdout.once('data', () => p.stdout.destroy());
  return new Promise((resolve) => p.on('close', (code) => resolve({ code, err })));
}

test('stdout closed by its reader: the CLI keeps running and ends normally, no EPIPE stack trace', async () => {
  const r = await printerPipedToHead(3000, true);
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.err, /EPIPE|Unhandled 'error'/);
  assert.match(r.err,
    /printer: stdout closed by its reader; further output dropped, the run continues\n[\s\S]*summary written/);
});

test('the EPIPE check can fail: without runCli the same program dies on EPIPE', async () => {
  const r = await printerPipedToHead(3000, false);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /EPIPE/);
});

const WHAT: Record<string, string> = {
  'mygpt-coord': 'run one training job on N workers and serve its metrics',
  'mygpt-worker': "a training process that joins a coordinator's run",
  'mygpt-generate': 'continue a prompt with text sampled from a checkpoint',
  'mygpt-data': 'download or verify the Tiny Shakespeare corpus',
  'mygpt-keys': 'write CURVE key pairs for security.curve (docs/security.md)',
  'mygpt-export': "write a checkpoint's weights as safetensors (GPT-2 names)",
};

test("every bin's --help exits 0 and starts with one line saying what it does, then its usage", () => {
  const bins = Object.keys(
    (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; }).bin,
  );
  assert.deepEqual(bins.filter((b) => !(b in WHAT)), [],
    'a bin without its one-line description here (src: cliParser in src/cli/common.ts)');
  for (const [name, what] of Object.entries(WHAT)) {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'bin', `${name}.js`), '--help'], { encoding: 'utf8' });
    const [first, blank, usage] = out.split('\n');
    assert.equal(first, `${name}: ${what}`, out);
    assert.equal(blank, '', `${name}: the description is one line\n${out}`);
    assert.match(usage, new RegExp(`^Usage: ${name} `), out);
  }
  const worker = execFileSync(process.execPath, [path.join(ROOT, 'bin/mygpt-worker.js'), '--help'], {
    encoding: 'utf8',
  });
  assert.match(worker, /\[--advertise-host HOST\] \[--device LABEL\]/);
  assert.doesNotMatch(worker, /--device cpu\|gpu:N/, 'the device is a label, not a choice of GPU');
});

// Every usage error is bad input, exit 2 (Config), never 1 (Internal, which pod failure policies retry).
const USAGE_ERRORS: [string, string[], RegExp][] = [
  ['mygpt-coord', ['--bogus'], /^mygpt-coord: error: Unknown argument: bogus \(see mygpt-coord --help\)$/m],
  ['mygpt-coord', ['--resume', 'sometimes'], /--resume: expected no value or "auto", got "sometimes"/],
  ['mygpt-worker', ['--coordinator', 'tcp://127.0.0.1:1', '--bogus'], /^mygpt-worker: error: Unknown argument: bogus/m],
  ['mygpt-worker', ['--coordinator', 'tcp://127.0.0.1:1', '--rank', 'x'],
    /^mygpt-worker: error: --rank: expected a number, got "x"/m],
  ['mygpt-worker', [], /^mygpt-worker: error: the coordinator endpoint is required: --coordinator tcp:\/\/HOST:PORT/m],
  ['mygpt-generate', ['--checkpoint', 'x.bin', '--bogus'], /^mygpt-generate: error: Unknown argument: bogus/m],
  ['mygpt-generate', ['--checkpoint', 'x.bin', '--tokens', 'abc'],
    /^mygpt-generate: error: --tokens: expected a number, got "abc"/m],
  ['mygpt-generate', ['--checkpoint', 'x.bin', '--top-k=many'],
    /^mygpt-generate: error: --top-k: expected a number, got "many"/m],
  ['mygpt-generate', ['--checkpoint', 'x.bin', '--tokens', '-1'],
    /^mygpt-generate: error: --tokens must be an integer >= 0, got -1/m],
  ['mygpt-generate', ['--checkpoint', 'x.bin', '--backend', 'abacus'], /^mygpt-generate: error: Invalid values:/m],
  ['mygpt-generate', ['--checkpoint', '/nonexistent/ckpt.bin'],
    /^mygpt-generate: error: --checkpoint \/nonexistent\/ckpt\.bin: no such checkpoint file or run directory/m],
  ['mygpt-export', ['--checkpoint', 'x.bin', '--out', 'x.safetensors', '--bogus'],
    /^mygpt-export: error: Unknown argument: bogus \(see mygpt-export --help\)$/m],
  ['mygpt-export', ['--checkpoint', 'x.bin'], /^mygpt-export: error: Missing required argument: out/m],
  ['mygpt-export', ['--checkpoint', '/nonexistent/ckpt.bin', '--out', 'x.safetensors'],
    /^mygpt-export: error: --checkpoint \/nonexistent\/ckpt\.bin: no such checkpoint file or run directory/m],
  ['mygpt-data', ['verify', 'x.txt', '--bogus'], /^mygpt-data: error: Unknown argument: bogus/m],
  ['mygpt-data', [], /^mygpt-data: error: a command is required: download or verify/m],
  ['mygpt-data', ['verify', '/nonexistent/corpus.txt'],
    /^mygpt-data: error: \/nonexistent\/corpus\.txt: no such file/m],
  ['mygpt-keys', ['--bogus'], /^mygpt-keys: error: Unknown argument: bogus/m],
];

test('usage errors of every bin (unknown flag, bad number, bad name, missing input) exit 2 (Config) ' +
  'naming the cause', () => {
  for (const [name, args, why] of USAGE_ERRORS) {
    const r = bin(name, args);
    assert.equal(r.code, ExitCode.Config, `${name} ${args.join(' ')}: ${r.err}`);
    assert.match(r.err, why, `${name} ${args.join(' ')}`);
  }
});

test('mygpt-keys: a bad key name or an existing pair exits 2 (Config), writing nothing for the bad name', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-keys-'));
  try {
    let r = bin('mygpt-keys', ['--out', dir, 'ok-1', 'a/b']);
    assert.equal(r.code, ExitCode.Config, r.err);
    assert.match(r.err, /^mygpt-keys: error: key name "a\/b" must be letters, digits, '\.', '_' or '-'/m);
    assert.deepEqual(fs.readdirSync(dir), [], 'nothing written when one name is bad');
    r = bin('mygpt-keys', ['--out', dir, 'w', 'w']);
    assert.equal(r.code, ExitCode.Config, r.err);
    assert.match(r.err, /a key name is given twice: w w/);
    assert.equal(bin('mygpt-keys', ['--out', dir, 'w']).code, ExitCode.Ok);
    r = bin('mygpt-keys', ['--out', dir, 'w']);
    assert.equal(r.code, ExitCode.Config, r.err);
    assert.match(r.err, /already exists; pass --force to replace the key pair "w"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function bin(name: string, args: string[]): { code: number | null; err: string; } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', `${name}.js`), ...args], { encoding: 'utf8',
    timeout: 60_000 });
  return { code: r.status, err: r.stderr };
}

test('mygpt-worker --coordinator without tcp://: exit 2 naming the flag and the expected form', () => {
  const r = bin('mygpt-worker', ['--coordinator', 'localhost:29500', '--set', 'backend.name=cpu']);
  assert.equal(r.code, ExitCode.Config, r.err);
  assert.match(r.err,
    joinRe(/--coordinator "localhost:29500" is not a coordinator endpoint: expected tcp:\/\/HOST:PORT \(did you mean /,
      /tcp:\/\/localhost:29500\?\)/));
  assert.equal(bin('mygpt-worker', ['--coordinator', 'tcp://localhost:0']).code, ExitCode.Config);
});

test('a config error in a worker exits 2 (Config), not 1', () => {
  const r = bin('mygpt-worker', ['--coordinator', 'tcp://127.0.0.1:1', '--config', '/nonexistent/run.yaml']);
  assert.equal(r.code, ExitCode.Config, r.err);
  assert.match(r.err, /\/nonexistent\/run\.yaml: cannot read config file/);
});

test('mygpt-coord without --config says which defaults it trains with', () => {
  const r = bin('mygpt-coord', ['--set', 'data.path=/nonexistent/corpus.txt', '--set', 'run.dir=/nonexistent/run']);
  assert.match(r.err,
    joinRe(/^mygpt-coord: no --config: the built-in defaults \(src\/config\/schema\.ts \+ --set\): \d+ steps of a /,
      /\d+-layer, \d+-wide model on 1 worker\(s\), run\.dir \/nonexistent\/run/m));
  assert.equal(r.code, ExitCode.Config);
});
