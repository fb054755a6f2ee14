// The contract's data-parallel promise, with an in-process all-reduce standing in for the ring:
// 2 ranks x batch B == 1 rank x batch 2B == 1 rank x batch B x grad_accum 2 (up to float summation order),
// and the ranks stay bit-identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trainer, identityAllReduce } from '../../src/train/trainer';
import { localAllReduce } from './local_allreduce';
import { testConfig } from '../helpers';

const base = ['backend.name=wasm', 'model.n_layer=1', 'model.n_head=2', 'model.n_embd=32', 'model.block_size=16',
  'model.dropout=0', 'train.max_steps=10', 'train.warmup_steps=2', 'train.lr=3e-3', 'train.eval_batches=4'];
const quiet = () => {};

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

test('2 ranks x batch 4 == 1 rank x batch 8 == 1 rank x batch 4 x grad_accum 2', async () => {
  const ar = localAllReduce(2);
  const ranks = await Promise.all(
    [0, 1].map((rank) =>
      Trainer.create(testConfig([...base, 'train.batch_size=4']), { rank, worldSize: 2, allreduce: ar, log: quiet })
    ),
  );
  const single = await Trainer.create(testConfig([...base, 'train.batch_size=8']), { rank: 0, worldSize: 1,
    allreduce: identityAllReduce, log: quiet });
  const accum = await Trainer.create(testConfig([...base, 'train.batch_size=4', 'train.grad_accum=2']), { rank: 0,
    worldSize: 1, allreduce: identityAllReduce, log: quiet });
  assert.equal(ranks[0].weightsChecksum(), single.weightsChecksum());
  for (let s = 0; s < 4; s++) {
    const [r0, r1] = await Promise.all(ranks.map((t) => t.trainStep()));
    const one = await single.trainStep();
    const acc = await accum.trainStep();
    assert.equal(r0.loss, r1.loss);
    assert.equal(r0.tokens, 4 * 16);
    assert.ok(Math.abs(r0.loss - one.loss) < 1e-5, `step ${s}: 2 ranks ${r0.loss} vs 1 rank ${one.loss}`);
    assert.ok(Math.abs(acc.loss - one.loss) < 1e-5, `step ${s}: accum ${acc.loss} vs 1 rank ${one.loss}`);
    assert.ok(Math.abs(r0.gradNorm - one.gradNorm) < 1e-4 * one.gradNorm);
    assert.equal(ranks[0].weightsChecksum(), ranks[1].weightsChecksum(), 'replicas diverged');
  }
  assert.ok(maxDiff(ranks[0].getFlatParams(), single.getFlatParams()) < 1e-5);
  assert.ok(maxDiff(accum.getFlatParams(), single.getFlatParams()) < 1e-5);
  // eval_batches counts global batches: all three evaluate the same 4 x 8 validation sequences
  const [v0, v1] = await Promise.all(ranks.map((t) => t.evaluate()));
  assert.equal(v0, v1);
  const v1rank = await single.evaluate(), vAccum = await accum.evaluate();
  assert.ok(Math.abs(v0 - v1rank) < 1e-5, `val loss: 2 ranks ${v0} vs 1 rank ${v1rank}`);
  assert.ok(Math.abs(vAccum - v1rank) < 1e-5, `val loss: accum ${vAccum} vs 1 rank ${v1rank}`);
  // setFlatParams (e.g. after a broadcast) makes replicas identical again.
  const p = single.getFlatParams();
  ranks[1].setFlatParams(p);
  assert.equal(ranks[1].weightsChecksum(), single.weightsChecksum());
  for (const t of [...ranks, single, accum]) t.dispose();
});
