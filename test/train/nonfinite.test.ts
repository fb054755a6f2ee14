// train.nonfinite: a NaN/Inf loss or gradient is never applied and never checkpointed. skip: the step is
// skipped identically on every rank (decided from the reduced values), up to train.max_nonfinite_skips;
// stop (or the skip limit): NonFiniteError naming the step and whether this rank's own gradient was bad.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { Trainer, identityAllReduce } from '../../src/train/trainer';
import { NonFiniteError, TEST_NAN_ENV, testPoisonFromEnv } from '../../src/train/nonfinite';
import { saveRunCheckpoint } from './sync_save';
import { readCheckpoint } from '../../src/train/checkpoint';
import { latestCheckpoint } from '../../src/util/run_dir';
import { localAllReduce } from './local_allreduce';
import { testConfig, tmpDir } from '../helpers';

const base = ['backend.name=wasm', 'model.n_layer=1', 'model.n_head=2', 'model.n_embd=32', 'model.block_size=16',
  'model.dropout=0', 'train.batch_size=4', 'train.max_steps=10', 'train.warmup_steps=2', 'train.lr=3e-3',
  'train.eval_batches=2'];
const quiet = () => {};
const poisonAt = (...steps: number[]) => (s: number) => steps.includes(s);

test('skip: a poisoned step on one of 2 ranks is skipped on both, replicas stay identical, ' +
  'then the limit stops', async () => {
  const cfg = testConfig([...base, 'train.nonfinite=skip', 'train.max_nonfinite_skips=2']);
  const ar = localAllReduce(2);
  const ranks = await Promise.all(
    [0, 1].map((rank) =>
      Trainer.create(cfg, { rank, worldSize: 2, allreduce: ar, log: quiet,
        poisonGradient: rank === 1 ? poisonAt(2, 4, 5) : undefined })
    ),
  );
  const both = () => Promise.all(ranks.map((t) => t.trainStep()));
  const [a1] = await both();
  assert.equal(a1.skipped, false);
  const before = ranks[0].weightsChecksum();
  const s2 = await both();
  assert.deepEqual(s2.map((r) => [r.step, r.skipped, r.nonfinite, r.nonfiniteSkips]), [[2, true, false, 1], [2, true,
    true, 1]]);
  assert.ok(s2.every((r) => Number.isNaN(r.gradNorm))); // the hook poisons a gradient value, not the loss
  assert.equal(ranks[0].weightsChecksum(), before, 'a skipped step changed the weights');
  const s3 = await both();
  assert.ok(s3.every((r) => !r.skipped && Number.isFinite(r.loss)));
  assert.notEqual(ranks[0].weightsChecksum(), before);
  assert.equal((await both())[1].nonfiniteSkips, 2);
  assert.equal(ranks[0].weightsChecksum(), ranks[1].weightsChecksum());
  const errs = await Promise.allSettled(ranks.map((t) => t.trainStep())); // step 5: third non-finite step
  const e = errs.map((r) => (r.status === 'rejected' ? r.reason : r.value));
  for (const [rank, err] of e.entries()) {
    assert.ok(err instanceof NonFiniteError, String(err));
    assert.equal(err.step, 5);
    assert.equal(err.rank, rank);
    assert.equal(err.local, rank === 1);
    assert.match(err.message, /step 5: .*2 step\(s\) already skipped, train\.max_nonfinite_skips is 2/);
  }
  assert.equal(ranks[0].weightsChecksum(), ranks[1].weightsChecksum());
  ranks.forEach((t) => t.dispose());
});

test('stop: the first non-finite step throws NonFiniteError naming the step; nothing applied', async () => {
  const t = await Trainer.create(testConfig([...base, 'train.nonfinite=stop']), { rank: 0, worldSize: 1,
    allreduce: identityAllReduce, log: quiet, poisonGradient: poisonAt(3) });
  await t.trainStep();
  await t.trainStep();
  const sum = t.weightsChecksum();
  await assert.rejects(t.trainStep(),
    (e: unknown) =>
      e instanceof NonFiniteError && e.step === 3 && e.rank === 0 && e.local &&
      /train\.nonfinite is stop/.test(e.message));
  assert.equal(t.weightsChecksum(), sum);
  t.dispose();
});

test('weights that overflow the forward pass (no hook) give a non-finite loss that is skipped, ' +
  'named local', async () => {
  const t = await Trainer.create(testConfig([...base, 'train.nonfinite=skip']), { rank: 0, worldSize: 1,
    allreduce: identityAllReduce, log: quiet });
  const p = t.getFlatParams();
  p.fill(3e38, 0, 64); // token embedding rows: Inf/NaN activations
  t.setFlatParams(p);
  const r = await t.trainStep();
  assert.ok(r.skipped && r.nonfinite && r.nonfiniteSkips === 1, JSON.stringify(r));
  assert.deepEqual(t.getFlatParams(), p);
  t.dispose();
});

test('latest never points at non-finite weights: the save is refused and the pointer stays', async () => {
  const dir = tmpDir('nfck');
  const t = await Trainer.create(testConfig([...base, 'train.nonfinite=skip']), { rank: 0, worldSize: 1,
    allreduce: identityAllReduce, log: quiet, poisonGradient: poisonAt(2) });
  await t.trainStep();
  const good = await saveRunCheckpoint(t, dir, 0);
  await t.trainStep(); // skipped: the weights stay finite and the step may be saved, skip count included
  const second = await saveRunCheckpoint(t, dir, 0);
  assert.equal((await readCheckpoint(second)).header.nonfiniteSkips, 1);
  const p = t.getFlatParams();
  p[7] = NaN;
  t.setFlatParams(p); // as if an update had produced NaN
  await assert.rejects(saveRunCheckpoint(t, dir, 0), (e: unknown) =>
    e instanceof NonFiniteError &&
    /weights\[7\] is NaN; checkpoint .*ckpt-000002\.bin not written/.test(e.message));
  assert.equal(latestCheckpoint(dir), second);
  assert.deepEqual(fs.readdirSync(dir).sort(), [path.basename(good), path.basename(second), 'latest']);
  // A resumed trainer continues the skip count.
  const u = await Trainer.create(testConfig([...base, 'train.nonfinite=skip']), { rank: 0, worldSize: 1,
    allreduce: identityAllReduce, log: quiet });
  await u.loadCheckpoint(second);
  assert.equal((await u.trainStep()).nonfiniteSkips, 1);
  t.dispose();
  u.dispose();
});

test('train.nonfinite and train.max_nonfinite_skips are range-checked, naming the key', () => {
  assert.throws(() => testConfig(['train.nonfinite=ignore']),
    /train\.nonfinite must be one of skip \| stop, got "ignore"/);
  assert.throws(() => testConfig(['train.max_nonfinite_skips=-1']),
    /train\.max_nonfinite_skips must be an integer >= 0/);
  const d = testConfig([]);
  assert.equal(d.train.nonfinite, 'skip');
  assert.equal(d.train.max_nonfinite_skips, 20);
});

test('MYGPT_TEST_NAN_GRAD (test-only hook for worker processes) parses RANK:STEPS for its rank only', () => {
  const env = { [TEST_NAN_ENV]: '1:3,5' };
  assert.equal(testPoisonFromEnv(0, env), undefined);
  const h = testPoisonFromEnv(1, env)!;
  assert.deepEqual([2, 3, 4, 5].map(h), [false, true, false, true]);
  assert.equal(testPoisonFromEnv(1, {}), undefined);
  assert.throws(() => testPoisonFromEnv(1, { [TEST_NAN_ENV]: 'rank1@3' }),
    /MYGPT_TEST_NAN_GRAD \(test only\) must look like RANK:STEP/);
});
