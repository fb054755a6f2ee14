import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Trainer, identityAllReduce } from '../../src/train/trainer';
import { testConfig } from '../helpers';

test('no tensor leak: tf.memory().numTensors stable across steps, evals, generation', async () => {
  const cfg = testConfig(['backend.name=wasm', 'model.n_layer=2', 'model.n_head=2', 'model.n_embd=16',
    'model.block_size=16', 'model.dropout=0.1', 'train.batch_size=4', 'train.grad_accum=2', 'train.eval_batches=2',
    'train.max_steps=20']);
  const t = await Trainer.create(cfg, { rank: 0, worldSize: 1, allreduce: identityAllReduce, log: () => {} });
  await t.trainStep();
  await t.evaluate();
  t.generate('O', 3);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 4; i++) {
    await t.trainStep();
    await t.evaluate();
  }
  t.generate('O Romeo', 5, { temperature: 1, topK: 5 });
  t.setFlatParams(t.getFlatParams());
  assert.equal(tf.memory().numTensors, before);
  t.dispose();
  assert.equal(tf.memory().numTensors, before - t.replica.specs.length);
});
