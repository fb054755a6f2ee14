// Native BatchMatMul/_FusedMatMul agree with the stock wasm kernels in every transpose/batch/broadcast case,
// including when the output allocation grows (and so detaches) the wasm heap.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useWasm, stockAndNative, relErr, rand, nativeBuilt } from './helpers';
import { enableNativeKernels, describeNative } from '../../src/native';

const skip = !nativeBuilt() && 'native addon not built (needs gcc + libopenblas-dev)';
before(useWasm);

// [a shape, b shape] before transposes are applied (i.e. as stored), for each (transA, transB).
const CASES: Array<[number[], number[], string]> = [
  [[7, 5], [5, 3], '2d'],
  [[4, 7, 5], [4, 5, 3], 'batched'],
  [[2, 3, 7, 5], [2, 3, 5, 9], 'rank-4 batched (attention)'],
  [[4, 7, 5], [5, 3], 'b broadcast (rank 2)'],
  [[1, 7, 5], [4, 5, 3], 'a broadcast (batch 1)'],
  [[7, 5], [2, 4, 5, 3], 'a broadcast (rank 2 vs 4)'],
  [[2, 1, 7, 5], [1, 3, 5, 3], 'both broadcast (2x1 vs 1x3)'],
  [[3, 1, 7, 5], [4, 5, 3], 'mixed broadcast (3x1 vs 4)'],
  [[96, 128], [128, 384], 'linear layer'],
  [[1, 33], [33, 1], 'vectors'],
];

function stored(shape: number[], trans: boolean): number[] {
  const s = shape.slice();
  if (trans) [s[s.length - 2], s[s.length - 1]] = [s[s.length - 1], s[s.length - 2]];
  return s;
}

for (const [sa, sb, name] of CASES) {
  for (const ta of [false, true]) {
    for (const tb of [false, true]) {
      test(`matMul ${name} transposeA=${ta} transposeB=${tb}`, { skip }, () => {
        // Reference: stock kernel on inputs explicitly broadcast to the full batch (the stock wasm kernel
        // itself only handles equal batches or a batch of 1 on one side).
        const outer = tf.broadcastArgs(tf.tensor1d(sa.slice(0, -2).concat(1, 1), 'int32'),
          tf.tensor1d(sb.slice(0, -2).concat(1, 1), 'int32'));
        const full = Array.from(outer.dataSync()).slice(0, -2);
        const bcast = (t: tf.Tensor) => tf.broadcastTo(t, [...full, ...t.shape.slice(-2)]);
        const a = () => rand(stored(sa, ta), 1), b = () => rand(stored(sb, tb), 2);
        const { stock, native, status } = stockAndNative(() => tf.matMul(a(), b(), ta, tb), () =>
          tf.matMul(bcast(a()), bcast(b()), ta, tb));
        assert.ok(status.active.includes('BatchMatMul'), 'native BatchMatMul is active');
        assert.ok(relErr(native[0], stock[0]) <= 1e-5, `rel err ${relErr(native[0], stock[0])}`);
      });
    }
  }
}

test('matMul gradient (backprop uses both transposes)', { skip }, () => {
  const { stock, native } = stockAndNative(() => {
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b).square().sum());
    return g([rand([3, 6, 4], 3), rand([3, 4, 5], 4)]);
  });
  for (let i = 0; i < 2; i++) {
    assert.ok(relErr(native[i], stock[i]) <= 1e-5, `grad ${i}: ${relErr(native[i], stock[i])}`);
  }
});

test('fused matMul + bias + relu/linear (and prelu, which falls back to stock)', { skip }, () => {
  // Reference: the unfused ops on stock kernels (stock wasm _FusedMatMul with relu on batched input is wrong in 4.22).
  const a = () => rand([2, 9, 6], 5), b = () => rand([2, 6, 7], 6), bias = () => rand([7], 7),
    bT = () => rand([2, 7, 6], 8);
  const { stock, native } = stockAndNative(() => [
    tf.fused.matMul({ a: a(), b: b(), bias: bias(), activation: 'relu' }),
    tf.fused.matMul({ a: a(), b: b(), bias: bias(), activation: 'linear' }),
    tf.fused.matMul({ a: a(), b: bT(), transposeB: true, activation: 'relu' }),
    tf.fused.matMul({ a: rand([9, 6], 5), b: rand([6, 7], 6), bias: bias(), activation: 'prelu',
      preluActivationWeights: tf.scalar(0.1) }),
  ], () => [
    tf.relu(tf.matMul(a(), b()).add(bias())),
    tf.matMul(a(), b()).add(bias()),
    tf.relu(tf.matMul(a(), bT(), false, true)),
    tf.prelu(tf.matMul(rand([9, 6], 5), rand([6, 7], 6)).add(bias()), tf.scalar(0.1)),
  ]);
  stock.forEach((s, i) => assert.ok(relErr(native[i], s) <= 1e-5, `case ${i}: ${relErr(native[i], s)}`));
});

test('heap growth during the output allocation: results land in the new heap', { skip }, () => {
  // A 3000x3000 output (36 MB) is larger than anything allocated so far, so makeOutput grows (and detaches)
  // the heap. Reference in plain JS (the stock kernel takes ~30 s on this shape).
  const heapBytes = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array; }; }).wasm.HEAPU8.length;
  const M = 3000, K = 4;
  const a = rand([M, K], 9), b = rand([K, M], 10);
  const av = a.dataSync(), bv = b.dataSync();
  enableNativeKernels({ threads: 1 });
  const before = heapBytes();
  const c = tf.matMul(a, b);
  assert.ok(heapBytes() > before, `heap grew (${before} -> ${heapBytes()})`);
  const cv = c.dataSync();
  let err = 0, scale = 0;
  for (let i = 0; i < M; i += 7) {
    for (let j = 0; j < M; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += av[i * K + k] * bv[k * M + j];
      err = Math.max(err, Math.abs(cv[i * M + j] - s));
      scale = Math.max(scale, Math.abs(s));
    }
  }
  assert.ok(err <= 1e-5 * scale, `rel err ${err / scale}`);
  tf.dispose([a, b, c]);
});

test('mismatched inner dims throw a clear error', { skip }, () => {
  stockAndNative(() => tf.zeros([1])); // leaves native enabled
  assert.throws(() => tf.matMul(tf.zeros([2, 3]), tf.zeros([4, 5])), /inner/);
});

test('BLAS thread count is set explicitly and reported', { skip }, () => {
  const two = enableNativeKernels({ threads: 2 });
  assert.equal(two.threads, 2);
  assert.match(describeNative(two), /\(OpenBLAS .*, 2 threads\)$/);
  // re-enables with 1
  const { stock, native } = stockAndNative(() => tf.matMul(rand([300, 200], 31), rand([200, 100], 32)));
  assert.ok(relErr(native[0], stock[0]) <= 1e-5);
  const one = enableNativeKernels({ threads: 1 });
  assert.equal(one.threads, 1);
  assert.match(describeNative(one), /, 1 thread\)$/);
});
