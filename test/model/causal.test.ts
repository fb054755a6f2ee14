import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { GPTConfig, paramSpecs, initFlat } from '../../src/model/params';
import { GPTModel } from '../../src/model/gpt';

function build(c: GPTConfig, seed: number): { model: GPTModel; params: Map<string, tf.Tensor>; } {
  const specs = paramSpecs(c);
  const flat = initFlat(c, specs, seed);
  // Larger weights than GPT-2 init so every position's logits depend strongly on the context.
  for (let i = 0; i < flat.length; i++) flat[i] *= 10;
  const params = new Map(specs.map((s) => [s.name, tf.tensor(flat.slice(s.offset, s.offset + s.size), s.shape)]));
  return { model: new GPTModel(c, specs), params };
}

test('causality: changing tokens after position t leaves logits at positions <= t unchanged', async () => {
  await tf.setBackend('cpu');
  const c: GPTConfig = { vocabSize: 11, nLayer: 2, nHead: 2, nEmbd: 16, blockSize: 12, dropout: 0 };
  const { model, params } = build(c, 3);
  const T = 12, t = 5;
  const a = Array.from({ length: T }, (_, i) => (i * 7 + 3) % 11);
  const b = a.map((v, i) => (i > t ? (v + 1 + i) % 11 : v));
  const logits = (ids: number[]) =>
    tf.tidy(() => model.forward(params, tf.tensor2d([ids], [1, T], 'int32'), { training: false }).arraySync());
  const la = logits(a), lb = logits(b);
  for (let i = 0; i <= t; i++) assert.deepEqual(la[i], lb[i], `position ${i} changed`);
  // The test can fail: positions after t do change.
  for (let i = t + 1; i < T; i++) assert.notDeepEqual(la[i], lb[i], `position ${i} should depend on its own token`);
  // Also across a batch: row 1 unaffected by row 0.
  const batched = tf.tidy(() =>
    model.forward(params, tf.tensor2d([a, b], [2, T], 'int32'), { training: false }).arraySync()
  );
  for (let i = 0; i < T; i++) assert.ok(Math.max(...batched[T + i].map((v, k) => Math.abs(v - lb[i][k]))) < 1e-4);
  tf.dispose([...params.values()]);
});
