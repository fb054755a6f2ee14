// Data parallelism must not change the math: 2 workers with per-worker batch B reproduce 1 worker
// with batch 2B on the same data order (same losses, same final weights within float tolerance).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readCheckpoint } from '../../src/train/checkpoint';
import { cleanup, exitWithin, readJsonl, start, tinyConfig } from './harness';

interface Row {
  step: number;
  loss: number;
  valLoss: number | null;
}

async function train(workers: number,
  batch: number): Promise<{ dir: string; rows: Row[]; params: Float32Array; out: string; }>
{
  const { dir, file } = tinyConfig({
    // the same eval_batches in both runs: 2 global batches of 8 = 16 validation sequences whatever the world size
    train: { batch_size: batch, max_steps: 24, checkpoint_interval: 0, eval_interval: 12, eval_batches: 2,
      sample_tokens: 0 },
    // ~5 gradient buckets of 4 KiB on this ~20 KB model: the gradients reach the ring bucket by bucket
    cluster: { workers, bucket_bytes: 4096 },
  });
  const coord = start('mygpt-coord', ['--config', file]);
  const { code } = await exitWithin(coord, 90_000);
  assert.equal(code, 0, coord.out());
  const runDir = path.join(dir, 'run');
  const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
  const ck = await readCheckpoint(summary.checkpointPath);
  return { dir, rows: readJsonl<Row>(path.join(runDir, 'progress.jsonl')), params: ck.params, out: coord.out() };
}

test('2 workers x batch 4 == 1 worker x batch 8 over 24 steps with gradient buckets (losses and final weights)', {
  timeout: 180_000,
}, async () => {
  const one = await train(1, 8);
  const two = await train(2, 4);
  try {
    // the 2-worker run reduced its buckets in the communication thread during backward (the default)
    assert.equal(
      [...two.out.matchAll(/\] .*, (\d+) gradient bucket\(s\) reduced in the communication thread during backward$/mg)]
        .filter((m) => Number(m[1]) > 1).length,
      2,
      two.out,
    );
    assert.equal(one.rows.length, 24);
    assert.equal(two.rows.length, 24);
    let maxLossDiff = 0;
    for (let i = 0; i < 24; i++) {
      assert.equal(one.rows[i].step, i + 1);
      assert.equal(two.rows[i].step, i + 1);
      maxLossDiff = Math.max(maxLossDiff, Math.abs(one.rows[i].loss - two.rows[i].loss));
    }
    assert.ok(maxLossDiff < 1e-5, `max train-loss difference ${maxLossDiff}`);
    // val loss at every evaluation (steps 12 and 24) and in the summary line
    for (const i of [11, 23]) {
      const [a, b] = [one.rows[i].valLoss!, two.rows[i].valLoss!];
      assert.ok(Number.isFinite(a) && Math.abs(a - b) < 1e-5,
        `val loss at step ${i + 1}: 1 worker ${a} vs 2 workers ${b}`);
    }
    const printed = (out: string) => Number(/^done: 24 steps \| final val loss (\d\.\d{4}) /m.exec(out)?.[1]);
    assert.ok(Math.abs(printed(one.out) - printed(two.out)) <= 1e-4,
      `printed: ${printed(one.out)} vs ${printed(two.out)}`);
    // the loss moved, so the comparison is not trivially equal
    assert.ok(one.rows[0].loss - one.rows[23].loss > 0.05,
      `loss did not fall: ${one.rows[0].loss} -> ${one.rows[23].loss}`);
    assert.equal(one.params.length, two.params.length);
    let maxW = 0;
    for (let i = 0; i < one.params.length; i++) maxW = Math.max(maxW, Math.abs(one.params[i] - two.params[i]));
    assert.ok(maxW < 1e-5, `max weight difference ${maxW}`);
    console.log(`equivalence: max loss diff ${maxLossDiff.toExponential(2)}, max weight diff ${maxW.toExponential(2)}`);
  } finally {
    cleanup(one.dir);
    cleanup(two.dir);
  }
});
