// mygpt-generate as a real process: what --checkpoint accepts (a checkpoint file, a run directory, its
// `latest` pointer), the sampling defaults (temperature and top-k as nanoGPT's sample.py, seeded) against
// --greedy, and the errors for what it cannot use. The run directory is written by the trainer's own
// checkpoint path (saveRunCheckpoint, as the step loop does).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { Trainer, identityAllReduce } from '../../src/train/trainer';
import { saveRunCheckpoint } from '../train/sync_save';
import { ExitCode } from '../../src/exit_codes';
import { runBin, testConfig, tmpDir } from '../helpers';

const PROMPT = 'ROMEO:';
const TOKENS = 60;
let runDir = '';

before(async () => {
  runDir = path.join(tmpDir('generate'), 'run');
  const cfg = testConfig(['backend.name=wasm', 'model.n_layer=1', 'model.n_head=2', 'model.n_embd=32',
    'model.block_size=16', 'train.batch_size=16', 'train.max_steps=40', 'train.warmup_steps=2', 'train.lr=1e-2',
    `run.dir=${runDir}`]);
  const t = await Trainer.create(cfg, { rank: 0, worldSize: 1, allreduce: identityAllReduce, log: () => {} });
  try {
    for (let s = 1; s <= 40; s++) {
      await t.trainStep();
      if (s % 20 === 0) await saveRunCheckpoint(t, runDir, 0);
    }
  } finally {
    t.dispose();
  }
});

after(() => fs.rmSync(path.dirname(runDir), { recursive: true, force: true }));

/** stdout (prompt + continuation) of a successful run; fails with stderr otherwise. */
function generate(args: string[]): { text: string; err: string; } {
  const r = runBin('mygpt-generate.js', ['--prompt', PROMPT, '--tokens', String(TOKENS), '--backend', 'wasm', ...args]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.length, PROMPT.length + TOKENS + 1, r.stdout);
  return { text: r.stdout, err: r.stderr };
}

test('--checkpoint takes a run directory or its latest pointer: both generate from the newest checkpoint', () => {
  const newest = path.join(runDir, 'ckpt-000040.bin');
  assert.equal(fs.readFileSync(path.join(runDir, 'latest'), 'utf8').trim(), 'ckpt-000040.bin');
  const file = generate(['--checkpoint', newest, '--seed', '3']);
  const fromDir = generate(['--checkpoint', runDir, '--seed', '3']);
  const fromPointer = generate(['--checkpoint', path.join(runDir, 'latest'), '--seed', '3']);
  for (const g of [file, fromDir, fromPointer]) {
    assert.ok(g.err.includes(`mygpt-generate: ${newest} (step 40), temperature 0.8, top-k 200, seed 3\n`), g.err);
  }
  assert.equal(fromDir.text, file.text);
  assert.equal(fromPointer.text, file.text);
  // an older checkpoint gives other text, so the comparison above does tell checkpoints apart
  assert.notEqual(generate(['--checkpoint', path.join(runDir, 'ckpt-000020.bin'), '--seed', '3']).text, file.text);
});

test('default sampling is seeded and is not greedy; ' +
  '--greedy and --temperature 0 are the same deterministic text', () => {
  const sampled = generate(['--checkpoint', runDir]);
  assert.match(sampled.err, /\(step 40\), temperature 0\.8, top-k 200, seed 1337\n/);
  assert.equal(generate(['--checkpoint', runDir]).text, sampled.text, 'the same (default) seed gives the same text');
  assert.notEqual(generate(['--checkpoint', runDir, '--seed', '4']).text, sampled.text, 'another seed, another sample');
  const greedy = generate(['--checkpoint', runDir, '--greedy']);
  assert.match(greedy.err, /\(step 40\), greedy\n/);
  assert.notEqual(sampled.text, greedy.text, 'the default must not be greedy decoding');
  assert.equal(generate(['--checkpoint', runDir, '--greedy', '--seed', '9']).text, greedy.text,
    'greedy ignores the seed');
  assert.equal(generate(['--checkpoint', runDir, '--temperature', '0']).text, greedy.text);
});

test('what --checkpoint cannot use, and contradictory flags: exit 2 naming the path or the flags', () => {
  const empty = tmpDir('generate-empty');
  const bad = (args: string[], re: RegExp) => {
    const r = runBin('mygpt-generate.js', ['--tokens', '5', '--backend', 'wasm', ...args]);
    assert.equal(r.code, ExitCode.Config, r.stderr);
    assert.match(r.stderr, re);
    assert.equal(r.stdout, '');
  };
  bad(['--checkpoint', empty], new RegExp(`--checkpoint ${empty} is a directory without a \`latest\` pointer`));
  bad(['--checkpoint', path.join(empty, 'nope.bin')],
    new RegExp(`--checkpoint ${empty}/nope\\.bin: no such checkpoint file or run directory`));
  const dangling = path.join(empty, 'latest');
  fs.writeFileSync(dangling, 'ckpt-000099.bin\n');
  bad(['--checkpoint', empty], new RegExp(`${dangling} points to ckpt-000099\\.bin, which does not exist in ${empty}`));
  bad(['--checkpoint', dangling],
    new RegExp(`${dangling} points to ckpt-000099\\.bin, which does not exist in ${empty}`));
  const fifo = path.join(empty, 'ckpt.fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  // refused, not read (a read would hang)
  bad(['--checkpoint', fifo], new RegExp(`--checkpoint ${fifo} is a FIFO, not a checkpoint file or a run directory`));
  const damaged = path.join(empty, 'ckpt-000001.bin');
  fs.writeFileSync(damaged, 'not a checkpoint');
  // damaged: bad input (2), not Internal (1)
  bad(['--checkpoint', damaged], new RegExp(`checkpoint ${damaged}: not a mygpt checkpoint`));
  const damagedExport = path.join(empty, 'model.safetensors');
  fs.writeFileSync(damagedExport, 'not safetensors');
  bad(['--checkpoint', damagedExport], new RegExp(`safetensors ${damagedExport}: `));
  bad(['--checkpoint', runDir, '--greedy', '--temperature', '0.5'],
    /--greedy and --temperature 0\.5 contradict each other/);
  bad(['--checkpoint', runDir, '--seed', '-1'], /--seed must be an integer >= 0, got -1/);
  fs.rmSync(empty, { recursive: true, force: true });
});
