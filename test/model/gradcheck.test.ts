// Analytic gradients (tf.variableGrads through our forward + loss) against central finite differences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { GPTConfig, paramSpecs, initFlat } from '../../src/model/params';
import { GPTModel } from '../../src/model/gpt';
import { Rng } from '../../src/util/rng';

test('gradients match finite differences on a tiny model (cpu, float32)', async () => {
  await tf.setBackend('cpu');
  const c: GPTConfig = { vocabSize: 7, nLayer: 2, nHead: 2, nEmbd: 8, blockSize: 6, dropout: 0 };
  const specs = paramSpecs(c);
  const flat = initFlat(c, specs, 11);
  const rng = new Rng(5);
  // Perturb every parameter (LN gains/biases too) so no gradient is trivially zero.
  for (let i = 0; i < flat.length; i++) flat[i] += 0.3 * rng.normal();
  const vars = specs.map((s) => tf.variable(tf.tensor(flat.slice(s.offset, s.offset + s.size), s.shape)));
  const params = new Map(specs.map((s, i) => [s.name, vars[i] as tf.Tensor]));
  const model = new GPTModel(c, specs);
  const B = 2, T = 6;
  const x = tf.tensor2d(Array.from({ length: B * T }, () => rng.int(7)), [B, T], 'int32');
  const y = tf.tensor1d(Array.from({ length: B * T }, () => rng.int(7)), 'int32');
  const lossFn = () => GPTModel.crossEntropy(model.forward(params, x, { training: false }), y);
  const { value, grads } = tf.variableGrads(lossFn, vars);
  value.dispose();

  const checked = ['wte', 'wpe', 'h0.ln1.g', 'h0.ln1.b', 'h0.attn.w', 'h0.attn.b', 'h1.attn.proj.w', 'h1.ln2.g',
    'h1.mlp.fc.w', 'h1.mlp.proj.b', 'lnf.g'];
  const h = 1e-2;
  for (const name of checked) {
    const i = specs.findIndex((s) => s.name === name);
    const s = specs[i];
    const g = grads[vars[i].name].dataSync();
    // Directional derivative along a random unit direction: sum(g * d) vs (L(p + h d) - L(p - h d)) / 2h.
    const d = new Float32Array(s.size);
    let n = 0;
    for (let k = 0; k < s.size; k++) {
      d[k] = rng.normal();
      n += d[k] * d[k];
    }
    for (let k = 0; k < s.size; k++) d[k] /= Math.sqrt(n);
    let analytic = 0;
    for (let k = 0; k < s.size; k++) analytic += g[k] * d[k];
    const base = flat.slice(s.offset, s.offset + s.size);
    const at = (sign: number) => {
      vars[i].assign(tf.tensor(base.map((v, k) => v + sign * h * d[k]), s.shape));
      return tf.tidy(() => lossFn().dataSync()[0]);
    };
    const numeric = (at(1) - at(-1)) / (2 * h);
    vars[i].assign(tf.tensor(base, s.shape));
    const err = Math.abs(numeric - analytic);
    assert.ok(Math.abs(analytic) > 1e-3,
      `${name}: directional gradient ${analytic} too small to be a meaningful check`);
    assert.ok(err <= 2e-3 + 2e-2 * Math.abs(analytic),
      `${name}: analytic ${analytic} vs numeric ${numeric} (err ${err})`);
    // And a single large element, checked directly.
    let k = 0;
    for (let j = 1; j < s.size; j++) if (Math.abs(g[j]) > Math.abs(g[k])) k = j;
    const e = new Float32Array(s.size);
    e[k] = 1;
    const one = (sign: number) => {
      vars[i].assign(tf.tensor(base.map((v, j) => v + sign * h * e[j]), s.shape));
      return tf.tidy(() => lossFn().dataSync()[0]);
    };
    const num1 = (one(1) - one(-1)) / (2 * h);
    vars[i].assign(tf.tensor(base, s.shape));
    assert.ok(Math.abs(num1 - g[k]) <= 2e-3 + 2e-2 * Math.abs(g[k]),
      `${name}[${k}]: analytic ${g[k]} vs numeric ${num1}`);
  }
  tf.dispose(grads);
});
