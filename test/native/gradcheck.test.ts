// Whole-model gradients on wasm + native kernels: against central finite differences (every parameter
// tensor, random direction) and against the stock cpu backend's analytic gradients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { GPTConfig, paramSpecs, initFlat, ParamSpec } from '../../src/model/params';
import { GPTModel } from '../../src/model/gpt';
import { Rng } from '../../src/util/rng';
import { enableNativeKernels } from '../../src/native';
import { useWasm, nativeBuilt, relErr } from './helpers';

const C: GPTConfig = { vocabSize: 7, nLayer: 2, nHead: 2, nEmbd: 8, blockSize: 6, dropout: 0 };
const B = 2, T = 6;

function setup() {
  const specs = paramSpecs(C);
  const flat = initFlat(C, specs, 11);
  const rng = new Rng(5);
  for (let i = 0; i < flat.length; i++) flat[i] += 0.3 * rng.normal(); // no trivially-zero gradients
  const x = Int32Array.from({ length: B * T }, () => rng.int(7)),
    y = Int32Array.from({ length: B * T }, () => rng.int(7));
  return { specs, flat, x, y, rng };
}

/** Loss and per-parameter gradients at `flat` on the current backend. */
function lossAndGrads(specs: ParamSpec[], flat: Float32Array, x: Int32Array, y: Int32Array) {
  const vars = specs.map((s) => tf.variable(tf.tensor(flat.slice(s.offset, s.offset + s.size), s.shape)));
  const params = new Map(specs.map((s, i) => [s.name, vars[i] as tf.Tensor]));
  const model = new GPTModel(C, specs);
  const f = () =>
    GPTModel.crossEntropy(model.forward(params, tf.tensor2d(x, [B, T], 'int32'), { training: false }),
      tf.tensor1d(y, 'int32'));
  const { value, grads } = tf.variableGrads(f, vars);
  const out = { loss: value.dataSync()[0], grads: vars.map((v) => Float32Array.from(grads[v.name].dataSync())) };
  tf.dispose([value, ...Object.values(grads), ...vars]);
  return out;
}

test('wasm+native gradients match finite differences and the cpu backend', {
  skip: !nativeBuilt() && 'native addon not built',
}, async () => {
  const { specs, flat, x, y, rng } = setup();
  await tf.setBackend('cpu');
  const cpu = lossAndGrads(specs, flat, x, y);
  await useWasm();
  const st = enableNativeKernels({ threads: 1 });
  assert.ok(st.active.includes('BatchMatMul') && st.active.includes('MygptGelu'), `native active: ${st.active}`);
  const nat = lossAndGrads(specs, flat, x, y);
  assert.ok(Math.abs(nat.loss - cpu.loss) <= 1e-5 * Math.abs(cpu.loss), `loss ${nat.loss} vs cpu ${cpu.loss}`);
  const h = 1e-2;
  specs.forEach((s, i) => {
    assert.ok(relErr(nat.grads[i], cpu.grads[i]) <= 1e-4,
      `${s.name}: vs cpu rel err ${relErr(nat.grads[i], cpu.grads[i])}`);
    // Directional derivative along a random unit direction d: <g, d> vs (L(p + h d) - L(p - h d)) / 2h.
    const d = Float32Array.from({ length: s.size }, () => rng.normal());
    const norm = Math.hypot(...d);
    let analytic = 0;
    for (let k = 0; k < s.size; k++) {
      d[k] /= norm;
      analytic += nat.grads[i][k] * d[k];
    }
    const at = (sign: number) => {
      const p = Float32Array.from(flat);
      for (let k = 0; k < s.size; k++) p[s.offset + k] += sign * h * d[k];
      return tf.tidy(() => {
        const vars = new Map(specs.map((q) => [q.name, tf.tensor(p.slice(q.offset, q.offset + q.size), q.shape)]));
        return GPTModel.crossEntropy(
          new GPTModel(C, specs).forward(vars, tf.tensor2d(x, [B, T], 'int32'), { training: false }),
          tf.tensor1d(y, 'int32'),
        ).dataSync()[0];
      });
    };
    const numeric = (at(1) - at(-1)) / (2 * h);
    assert.ok(Math.abs(numeric - analytic) <= 2e-3 + 2e-2 * Math.abs(analytic),
      `${s.name}: analytic ${analytic} vs numeric ${numeric}`);
  });
});
