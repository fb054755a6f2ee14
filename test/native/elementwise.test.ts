// Native elementwise/reduction kernels agree with the stock wasm kernels on every layout they accept
// (and hand the rest back to stock), and the zero-copy Identity/Cast keep tensors independent.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useWasm, stockAndNative, relErr, rand, nativeBuilt } from './helpers';

const skip = !nativeBuilt() && 'native addon not built (needs gcc + libopenblas-dev)';
before(useWasm);

const check = (name: string, fn: () => tf.Tensor | tf.Tensor[], tol = 1e-5) => {
  const { stock, native, status } = stockAndNative(fn);
  assert.ok(status.active.length > 0, 'native kernels active');
  stock.forEach((s, i) => {
    assert.equal(native[i].length, s.length, `${name}[${i}] size`);
    const e = relErr(native[i], s);
    assert.ok(e <= tol, `${name}[${i}]: rel err ${e}`);
  });
};

// [a, b] shape pairs: same shape, scalar either side, trailing-row broadcast, column broadcast, and two
// layouts the native kernel does not take (middle broadcast, row+col) that must go to stock unchanged.
const PAIRS: Array<[number[], number[]]> = [
  [[6, 5, 7], [6, 5, 7]],
  [[6, 5, 7], []],
  [[], [6, 5, 7]],
  [[6, 5, 7], [7]],
  [[7], [6, 5, 7]],
  [[6, 5, 7], [5, 7]],
  [[1, 5, 7], [6, 5, 7]],
  [[6, 5, 7], [6, 5, 1]],
  [[6, 5, 1], [6, 5, 7]],
  [[6, 5, 7], [6, 1, 7]],
  [[6, 5, 1], [7]],
  [[3], [3]],
  [[1], [4, 1]],
];

for (const op of ['add', 'sub', 'mul', 'div'] as const) {
  test(`binary ${op} on all broadcast layouts`, { skip }, () => {
    check(op, () =>
      PAIRS.map(([sa, sb], i) => {
        const a = rand(sa, 10 + i), b = op === 'div' ? rand(sb, 30 + i).abs().add(0.5) : rand(sb, 30 + i);
        return tf[op](a, b);
      }));
  });
}

test('unary tanh/exp/neg/sqrt/square incl. extremes', { skip }, () => {
  const edge = tf.tensor1d([0, -0, 1e-9, -1e-9, 1e-5, -3e-4, 0.5, -0.5, 5, -5, 9, -9, 20, -20, 80, -80, 100, -100]);
  check('unary', () => [
    tf.tanh(rand([64, 33], 1).mul(4)),
    tf.tanh(edge),
    tf.exp(rand([64, 33], 2).mul(10)),
    tf.exp(tf.tensor1d([-87, -50, -1e-6, 0, 1e-6, 30, 80, 88])),
    tf.neg(rand([5, 3], 3)),
    tf.sqrt(rand([5, 3], 4).abs()),
    tf.square(rand([5, 3], 5)),
  ], 2e-6);
});

test('sum/mean over contiguous axes, keepDims, and non-contiguous axes (stock)', { skip }, () => {
  const x = () => rand([4, 5, 6, 7], 7);
  check('sum', () => [
    tf.sum(x()),
    tf.sum(x(), 0),
    tf.sum(x(), -1),
    tf.sum(x(), [0, 1]),
    tf.sum(x(), [1, 2]),
    tf.sum(x(), [2, 3], true),
    tf.sum(x(), 1, true),
    tf.sum(x(), [0, 2]),
    tf.sum(rand([1000], 8)),
    tf.sum(rand([768, 384], 9), 0),
    tf.mean(x(), -1, true),
    tf.mean(x(), [0, 1]),
    tf.mean(x()),
    tf.mean(x(), [1, 3]),
  ]);
});

test('zero-copy Identity/Cast: clones outlive their source and gradients still flow', { skip }, () => {
  stockAndNative(() => tf.zeros([1])); // enable native
  const a = tf.tensor1d([1, 2, 3]);
  const c = a.clone(), f = tf.cast(a, 'float32'), i = tf.cast(a, 'int32');
  a.dispose();
  assert.deepEqual(Array.from(c.dataSync()), [1, 2, 3]);
  assert.deepEqual(Array.from(f.dataSync()), [1, 2, 3]);
  assert.equal(i.dtype, 'int32');
  c.dispose();
  assert.deepEqual(Array.from(f.dataSync()), [1, 2, 3]);
  f.dispose();
  i.dispose();
  check('grad', () => tf.grads((x: tf.Tensor) => tf.tanh(x).mul(x).sum())([rand([8, 9], 11)]));
});

test('Slice and PadV2 (strided heap copies) match stock, incl. int32, full/partial axes, slice gradients', { skip },
  () => {
    const x = () => rand([4, 5, 6, 7], 12);
    check('slice/pad', () => [
      tf.slice(x(), [1, 0, 2, 0], [2, 5, 3, 7]),
      tf.slice(x(), [0, 0, 0, 3], [4, 5, 6, 4]),
      tf.slice(x(), [3, 4, 5, 6], [1, 1, 1, 1]),
      tf.slice(x(), [1, 1, 0, 0], [-1, -1, -1, -1]),
      tf.slice(x(), [2], [1]),
      tf.slice(rand([768, 384], 13), [0, 128], [768, 128]),
      tf.slice(tf.range(0, 30, 1, 'int32').reshape([5, 6]), [1, 2], [3, 3]).toFloat(),
      tf.slice(rand([9], 14), 3, 4),
      tf.pad(x(), [[0, 1], [2, 0], [0, 0], [1, 1]]),
      tf.pad(rand([768, 128], 15), [[0, 0], [128, 128]], 0.5),
      tf.pad(tf.scalar(3).reshape([1]), [[2, 2]]),
      tf.grad((v: tf.Tensor) => tf.slice(v, [0, 128], [768, 128]).mul(rand([768, 128], 16)).sum())(
        rand([768, 384], 17),
      ),
    ]);
  });

test('Transpose (rank <= 4, float32 and int32) matches stock', { skip }, () => {
  check('transpose', () => [
    tf.transpose(rand([12, 64, 4, 32], 18), [0, 2, 1, 3]),
    tf.transpose(rand([3, 4, 5, 6], 19), [3, 1, 0, 2]),
    tf.transpose(rand([7, 9], 20)),
    tf.transpose(rand([2, 3, 4], 21), [2, 0, 1]),
    tf.transpose(rand([5], 22), [0]),
    tf.transpose(tf.range(0, 24, 1, 'int32').reshape([2, 3, 4]), [1, 2, 0]).toFloat(),
    tf.transpose(rand([2, 1, 3, 2, 2], 23), [4, 3, 2, 1, 0]), // rank 5: stock
  ]);
});
