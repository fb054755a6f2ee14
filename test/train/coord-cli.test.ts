// The single-process entry end to end as a real process: progress, checkpoints, summary, sample, --resume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { dataPath, runBin, tmpDir } from '../helpers';

test('mygpt-coord trains, checkpoints, prints summary + sample, and --resume continues', () => {
  const dir = path.join(tmpDir('coord'), 'run');
  const sets = ['backend.name=wasm', `data.path=${dataPath()}`, `run.dir=${dir}`, 'model.n_layer=1', 'model.n_head=2',
    'model.n_embd=32', 'model.block_size=16', 'train.batch_size=4', 'train.log_interval=2', 'train.eval_interval=0',
    'train.eval_batches=2', 'train.checkpoint_interval=2', 'train.sample_tokens=12', 'train.sample_prompt=ROMEO:'];
  const args = (max: number) => sets.concat(`train.max_steps=${max}`).flatMap((s) => ['--set', s]);
  let r = runBin('mygpt-coord.js', args(4), 120_000);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^backend: wasm/m);
  assert.match(r.stdout, /^step 2\/4 \| loss \d\.\d{4} \| lr \d\.\de-\d \| [\d,]+ tok\/s \| ETA \S+$/m);
  assert.match(r.stdout, /^step 4\/4 \| loss \d\.\d{4} \| val \d\.\d{4} \|/m);
  assert.match(r.stdout, /^done: 4 steps \| final val loss \d\.\d{4} \| [\d,]+ tok\/s \| wall \S+$/m);
  assert.ok(r.stdout.includes(`checkpoint: ${path.join(dir, 'ckpt-000004.bin')}`), r.stdout);
  assert.match(r.stdout, /----\nROMEO:.{12}\n----/s);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['ckpt-000002.bin', 'ckpt-000004.bin', 'latest']);

  r = runBin('mygpt-coord.js', [...args(6), '--resume'], 120_000);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes(`resumed from ${path.join(dir, 'ckpt-000004.bin')} at step 4`), r.stdout);
  assert.match(r.stdout, /train\.max_steps: 4 -> 6/);
  assert.doesNotMatch(r.stdout, /^step 2\/6/m);
  assert.match(r.stdout, /^done: 6 steps/m);
  assert.equal(fs.readFileSync(path.join(dir, 'latest'), 'utf8').trim(), 'ckpt-000006.bin');
});
