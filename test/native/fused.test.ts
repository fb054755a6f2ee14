// The model's fused ops on native wasm agree with the composite formulas on stock kernels (value and gradient).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gelu, geluComposite } from '../../src/model/gpt';
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

test('disabling native removes the fused kernels again', { skip }, () => {
  enableNativeKernels({ threads: 1 });
  assert.ok(hasFused(FUSED_GELU));
  enableNativeKernels({ threads: 1, disable: true });
  assert.ok(!hasFused(FUSED_GELU));
});
