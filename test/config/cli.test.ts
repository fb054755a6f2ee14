// Bad input to the real CLI process: non-zero exit and a message naming the cause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { runBin, tmpDir } from '../helpers';
import { ExitCode } from '../../src/exit_codes';

const dir = tmpDir('cli');
const yaml = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};

test('unknown key in YAML -> exit 2 (Config) naming file and key', () => {
  const f = yaml('unknown.yaml', 'train:\n  max_stepz: 3\n');
  const r = runBin('mygpt-coord.js', ['--config', f]);
  assert.equal(r.code, ExitCode.Config, r.stderr);
  assert.match(r.stderr, new RegExp(`${f.replace(/[.]/g, '\\.')}: unknown key train\\.max_stepz`));
});

test('wrong type / out of range -> exit 2 (Config) naming file and key', () => {
  const f = yaml('type.yaml', 'train:\n  batch_size: "abc"\n');
  let r = runBin('mygpt-coord.js', ['--config', f]);
  assert.equal(r.code, ExitCode.Config, r.stderr);
  assert.match(r.stderr, /type\.yaml: train\.batch_size must be an integer >= 1, got "abc"/);
  const g = yaml('range.yaml', 'data:\n  val_fraction: 0.9\n');
  r = runBin('mygpt-coord.js', ['--config', g]);
  assert.equal(r.code, ExitCode.Config, r.stderr);
  assert.match(r.stderr, /range\.yaml: data\.val_fraction must be a number > 0 and <= 0\.5, got 0\.9/);
});

test('bad --set -> exit 2 (Config) naming --set and key', () => {
  const r = runBin('mygpt-coord.js', ['--set', 'model.n_head=0']);
  assert.equal(r.code, ExitCode.Config, r.stderr);
  assert.match(r.stderr, /--set: model\.n_head must be an integer >= 1 and <= 256, got 0/);
});

test('missing data file -> exit 2 (Config) naming the path and the download command', () => {
  const missing = path.join(dir, 'nope', 'shakespeare.txt');
  const r = runBin('mygpt-coord.js', ['--set', `data.path=${missing}`, '--set', 'backend.name=cpu', '--set',
    `run.dir=${dir}/run`]);
  assert.equal(r.code, ExitCode.Config, r.stderr);
  assert.ok(r.stderr.includes(`data file ${missing} not found`), r.stderr);
  assert.match(r.stderr, /mygpt-data download --out/);
  assert.doesNotMatch(r.stdout + r.stderr, /launched rank|restart/,
    'a missing corpus is reported before any worker starts, not restarted');
});

test('mygpt-generate: prompt character outside the vocabulary, bad checkpoint', () => {
  const bad = yaml('bad.bin', 'not a checkpoint');
  const r = runBin('mygpt-generate.js', ['--checkpoint', bad, '--prompt', 'hi']);
  assert.equal(r.code, 2); // bad input: Config
  assert.ok(r.stderr.includes(`checkpoint ${bad}: not a mygpt checkpoint`), r.stderr);
});
