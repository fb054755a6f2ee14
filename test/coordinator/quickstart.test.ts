// The quick-start path end to end as real processes: bin/mygpt-coord.js with one launched worker prints
// progress lines, writes checkpoints, ends with a summary and a sample, and --resume continues.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { REPO, dataPath, tmpDir } from '../helpers';

function runSingle(args: string[], timeoutMs: number) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'mygpt-coord.js'), ...args], { cwd: REPO,
    encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('mygpt-coord (1 worker) trains, checkpoints, prints summary + sample, and --resume continues', () => {
  const dir = path.join(tmpDir('coord'), 'run');
  const sets = ['backend.name=wasm', 'cluster.workers=1', 'metrics.enabled=false', `data.path=${dataPath()}`,
    `run.dir=${dir}`, 'model.n_layer=1', 'model.n_head=2', 'model.n_embd=32', 'model.block_size=16',
    'train.batch_size=4', 'train.log_interval=2', 'train.eval_interval=0', 'train.eval_batches=2',
    'train.checkpoint_interval=2', 'train.sample_tokens=12', 'train.sample_prompt=ROMEO:'];
  const args = (max: number) => sets.concat(`train.max_steps=${max}`).flatMap((s) => ['--set', s]);
  let r = runSingle(args(4), 120_000);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^rank 0 joined: .*, backend wasm, ring tcp:/m);
  assert.match(r.stdout,
    /^step 2\/4 \| loss \d\.\d{4} \| lr \d\.\de-\d \| [\d,]+ tok\/s \| ETA \S+ \| all-reduce [\d.]+% of step$/m);
  assert.match(r.stdout, /^step 4\/4 \| loss \d\.\d{4} \| val \d\.\d{4} \|/m);
  assert.match(r.stdout, /^done: 4 steps \| final val loss \d\.\d{4} \| [\d,]+ tok\/s \| wall \S+$/m);
  assert.ok(r.stdout.includes(`checkpoint: ${path.join(dir, 'ckpt-000004.bin')}`), r.stdout);
  assert.match(r.stdout, /----\nROMEO:.{12}\n----/s);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['ckpt-000002.bin', 'ckpt-000004.bin', 'latest', 'progress.jsonl',
    'summary.json', 'worker-0.log']);

  r = runSingle([...args(6), '--resume'], 120_000);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes(`resuming from ${path.join(dir, 'ckpt-000004.bin')} at step 4`), r.stdout);
  const workerLog = fs.readFileSync(path.join(dir, 'worker-0.log'), 'utf8');
  assert.match(workerLog, /train\.max_steps: 4 -> 6/,
    'the worker names the config key that changed since the checkpoint');
  assert.doesNotMatch(r.stdout, /^step 2\/6/m);
  assert.match(r.stdout, /^done: 6 steps/m);
  assert.equal(fs.readFileSync(path.join(dir, 'latest'), 'utf8').trim(), 'ckpt-000006.bin');
});
