import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { Trainer, identityAllReduce } from '../../src/train/trainer';
import { CheckpointError, readCheckpoint } from '../../src/train/checkpoint';
import { latestCheckpoint } from '../../src/util/run_dir';
import { saveCheckpoint, saveRunCheckpoint } from './sync_save';
import { runBin, testConfig, tmpDir } from '../helpers';

const quiet = () => {};
// Dropout on and grad_accum 2, so resume must restore the data position and the dropout streams too.
const cfg = testConfig(['backend.name=wasm', 'model.n_layer=1', 'model.n_head=2', 'model.n_embd=32',
  'model.block_size=16', 'model.dropout=0.1', 'train.batch_size=8', 'train.grad_accum=2', 'train.max_steps=6',
  'train.warmup_steps=2', 'train.lr=3e-3', 'train.eval_batches=2']);
const mk = () => Trainer.create(cfg, { rank: 0, worldSize: 1, allreduce: identityAllReduce, log: quiet });

test('checkpoint round trip + resume gives the same next losses as the uninterrupted run', async () => {
  const dir = tmpDir('ckpt');
  const full = await mk();
  const fullLosses: number[] = [];
  for (let i = 0; i < 6; i++) fullLosses.push((await full.trainStep()).loss);

  const a = await mk();
  for (let i = 0; i < 3; i++) assert.equal((await a.trainStep()).loss, fullLosses[i]);
  const file = path.join(dir, 'a.bin');
  await saveCheckpoint(a, file);
  const sumA = a.weightsChecksum();
  a.dispose();

  const b = await mk();
  assert.notEqual(b.weightsChecksum(), sumA);
  await b.loadCheckpoint(file);
  assert.equal(b.step, 3);
  assert.equal(b.weightsChecksum(), sumA);
  const resumed: number[] = [];
  for (let i = 0; i < 3; i++) resumed.push((await b.trainStep()).loss);
  assert.deepEqual(resumed, fullLosses.slice(3));
  assert.equal(b.weightsChecksum(), full.weightsChecksum());
  assert.equal(await b.evaluate(), await full.evaluate());

  // The file holds what the header says.
  const ck = await readCheckpoint(file);
  assert.equal(ck.header.step, 3);
  assert.equal(ck.header.tokenizer.length, 65);
  assert.equal(ck.params.length, b.paramCount);
  assert.ok(ck.m.some((v) => v !== 0) && ck.v.some((v) => v > 0));
  assert.deepEqual(ck.header.config, cfg);

  // run-dir layout + latest pointer; no temp files left behind.
  const runDir = path.join(dir, 'run');
  const saved = await saveRunCheckpoint(b, runDir, 0);
  assert.equal(path.basename(saved), 'ckpt-000006.bin');
  assert.equal(latestCheckpoint(runDir), saved);
  assert.deepEqual(fs.readdirSync(runDir).sort(), ['ckpt-000006.bin', 'latest']);

  // Prompt character outside the vocabulary, through the real CLI.
  const r = runBin('mygpt-generate.js', ['--checkpoint', saved, '--prompt', 'O Ro@meo', '--tokens', '5', '--backend',
    'cpu']);
  assert.equal(r.code, 2); // bad input: Config
  assert.match(r.stderr, /prompt: character "@" at position 4 is not in the vocabulary/);
  const g = runBin('mygpt-generate.js', ['--checkpoint', saved, '--prompt', 'O Romeo', '--tokens', '20', '--backend',
    'cpu']);
  assert.equal(g.code, 0, g.stderr);
  assert.equal(g.stdout.length, 'O Romeo'.length + 20 + 1);
  full.dispose();
  b.dispose();
});

test('loading a corrupt, truncated or mismatched checkpoint names the file', async () => {
  const dir = tmpDir('ckbad');
  const t = await mk();
  const file = path.join(dir, 'good.bin');
  await saveCheckpoint(t, file);
  const buf = fs.readFileSync(file);
  const corrupt = path.join(dir, 'corrupt.bin');
  const c = Buffer.from(buf);
  c[c.length - 5] ^= 0xff;
  fs.writeFileSync(corrupt, c);
  await assert.rejects(t.loadCheckpoint(corrupt), (e: Error) =>
    e instanceof CheckpointError && e.file === corrupt &&
    e.message.includes(`checkpoint ${corrupt}: sha256 of header and payload does not match`));
  const trunc = path.join(dir, 'trunc.bin');
  fs.writeFileSync(trunc, buf.subarray(0, buf.length - 100));
  await assert.rejects(t.loadCheckpoint(trunc), (e: Error) => e.message.includes(`checkpoint ${trunc}: size`));
  await assert.rejects(t.loadCheckpoint(path.join(dir, 'missing.bin')), /missing\.bin: cannot read \(ENOENT\)/);
  const other = await Trainer.create({ ...cfg, model: { ...cfg.model, n_embd: 16 } }, { rank: 0, worldSize: 1,
    allreduce: identityAllReduce, log: quiet });
  await assert.rejects(other.loadCheckpoint(file),
    (e: Error) => e.message.includes(`checkpoint ${file}: model shape differs`));
  // Extending (or shortening) a run loads, and is reported; every other training-relevant key is refused.
  const lines: string[] = [];
  const longer = await Trainer.create({ ...cfg, train: { ...cfg.train, max_steps: 9 } }, { rank: 0, worldSize: 1,
    allreduce: identityAllReduce, log: (l) => lines.push(l) });
  await longer.loadCheckpoint(file);
  assert.match(lines.join('\n'), /continuing with a changed train\.max_steps: 6 -> 9$/m);
  t.dispose();
  other.dispose();
  longer.dispose();
});
