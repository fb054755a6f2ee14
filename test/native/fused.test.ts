// The model's fused ops on native wasm agree with the composite formulas on stock kernels (value and gradient).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { GPTModel } from '../../src/model/gpt';
import { causalSoftmax, gelu, geluComposite, layerNorm, layerNormComposite, mergeHeads,
  splitHeads } from '../../src/model/gpt';
import { FUSED_GELU, hasFused } from '../../src/model/fused';
import { enableNativeKernels } from '../../src/native';
import { useWasm, stockAndNative, relErr, rand, nativeBuilt } from './helpers';

const skip = !nativeBuilt() && 'native addon not built (needs gcc + libopenblas-dev)';
before(useWasm);

test('fused GELU: value and gradient match the composite formula', { skip }, () => {
  const x = () => tf.concat([rand([3000], 1).mul(6), tf.tensor1d([0, 1e-6, -1e-6, 10, -10, 30, -30])]);
  const { stock, native } = stockAndNative(() => {
    assert.ok(hasFused(FUSED_GELU), 'fused gelu kernel registered');
    return [gelu(x()), tf.grad((v: tf.Tensor) => gelu(v).mul(rand([3007], 2)).sum())(x())];
  }, () => {
    assert.ok(!hasFused(FUSED_GELU), 'no fused kernel on stock');
    return [geluComposite(x()), tf.grad((v: tf.Tensor) => geluComposite(v).mul(rand([3007], 2)).sum())(x())];
  });
  assert.ok(relErr(native[0], stock[0]) <= 1e-5, `value: ${relErr(native[0], stock[0])}`);
  assert.ok(relErr(native[1], stock[1]) <= 1e-5, `grad: ${relErr(native[1], stock[1])}`);
});

test('fused LayerNorm: value and gradients (x, gain, bias) match the composite formula', { skip }, () => {
  const x = () => rand([3, 5, 48], 3).mul(3).add(0.7), g = () => rand([48], 4).add(1), b = () => rand([48], 5);
  const w = () => rand([3, 5, 48], 6);
  const run = (ln: typeof layerNorm) => () => {
    const grads = tf.grads((xv: tf.Tensor, gv: tf.Tensor, bv: tf.Tensor) => ln(xv, gv, bv).mul(w()).sum())([x(), g(),
      b()]);
    return [ln(x(), g(), b()), ...grads, ln(rand([7, 16], 7), g().slice(0, 16), b().slice(0, 16))];
  };
  const { stock, native } = stockAndNative(run(layerNorm), run(layerNormComposite));
  ['y', 'dx', 'dg', 'db', 'y (rank 2)'].forEach((n, i) =>
    assert.ok(relErr(native[i], stock[i]) <= 1e-5, `${n}: ${relErr(native[i], stock[i])}`)
  );
});

test('fused causal softmax: value and gradient match softmax(scale * x + additive mask)', { skip }, () => {
  const x = () => rand([6, 9, 9], 8).mul(5), w = () => rand([6, 9, 9], 9);
  const run =
    () => [causalSoftmax(x(), 0.3), tf.grad((v: tf.Tensor) => causalSoftmax(v, 0.3).mul(w()).sum())(x()),
      causalSoftmax(rand([2, 3, 1, 1], 10), 2)];
  const { stock, native } = stockAndNative(run); // stock: no fused kernel registered -> composite
  ['y', 'dx', 'T=1'].forEach((n, i) =>
    assert.ok(relErr(native[i], stock[i]) <= 1e-5, `${n}: ${relErr(native[i], stock[i])}`)
  );
  // Above the diagonal the probabilities are exactly 0 (no attention to the future).
  enableNativeKernels({ threads: 1 });
  const y = causalSoftmax(x(), 0.3).arraySync() as number[][][];
  for (const m of y) for (let i = 0; i < 9; i++) for (let j = i + 1; j < 9; j++) assert.equal(m[i][j], 0);
});

test('fused split/merge heads: values and gradients match slice/reshape/transpose', { skip }, () => {
  const B = 3, T = 5, nh = 2, hs = 4, C = nh * hs;
  const x = () => rand([B * T, 3 * C], 40), w = (i: number) => rand([B * nh, T, hs], 41 + i),
    wy = () => rand([B * T, C], 44);
  const run = () => {
    const parts = splitHeads(x(), B, T, nh, 3);
    const gx = tf.grad((v: tf.Tensor) => tf.addN(splitHeads(v, B, T, nh, 3).map((p, i) => p.mul(w(i)).sum())))(x());
    const gy = tf.grad((v: tf.Tensor) => mergeHeads(v, B, T, nh).mul(wy()).sum())(w(0));
    return [...parts, mergeHeads(parts[1], B, T, nh), gx, gy];
  };
  const { stock, native } = stockAndNative(run);
  ['q', 'k', 'v', 'merge(k)', 'd split', 'd merge'].forEach((n, i) => assert.equal(relErr(native[i], stock[i]), 0, n));
});

test('fused cross-entropy: loss and gradient match logSoftmax/oneHot; bad targets are named', { skip }, () => {
  const logits = () => rand([40, 13], 50).mul(8),
    t = () => tf.tensor1d(Array.from({ length: 40 }, (_, i) => (i * 7) % 13), 'int32');
  const run =
    () => [GPTModel.crossEntropy(logits() as tf.Tensor2D, t()),
      tf.grad((x: tf.Tensor) => GPTModel.crossEntropy(x as tf.Tensor2D, t()).mul(3))(logits())];
  const { stock, native } = stockAndNative(run);
  ['loss', 'dlogits'].forEach((n, i) =>
    assert.ok(relErr(native[i], stock[i]) <= 1e-5, `${n}: ${relErr(native[i], stock[i])}`)
  );
  assert.throws(() => GPTModel.crossEntropy(tf.zeros<tf.Rank.R2>([2, 5]), tf.tensor1d([1, 5], 'int32')),
    /target 5 at row 1 is outside the vocabulary \[0, 5\)/);
});

test('fused LayerNorm rejects a gain that does not match the last axis', { skip }, () => {
  enableNativeKernels({ threads: 1 });
  assert.throws(() => layerNorm(tf.zeros([2, 8]), tf.ones([4]), tf.zeros([4])),
    /gain \[4\] must have the size of x's last axis/);
});

test('disabling native removes the fused kernels again', { skip }, () => {
  enableNativeKernels({ threads: 1 });
  assert.ok(hasFused(FUSED_GELU));
  enableNativeKernels({ threads: 1, disable: true });
  assert.ok(!hasFused(FUSED_GELU));
});
