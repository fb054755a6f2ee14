// Native AdamW and grad-norm are BIT-identical to the JS loops in src/train/adamw.ts (ranks may mix them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdamW, l2norm } from '../../src/train/adamw';
import type { ParamSpec } from '../../src/model/params';
import { enableNativeKernels } from '../../src/native';
import { nativeOptimizer } from '../../src/native/optim';
import { Rng } from '../../src/util/rng';
import { nativeBuilt } from './helpers';

const skip = !nativeBuilt() && 'native addon not built';
const SPECS: ParamSpec[] = [
  { name: 'w', shape: [300, 7], offset: 0, size: 2100, decay: true } as ParamSpec,
  { name: 'b', shape: [77], offset: 2100, size: 77, decay: false } as ParamSpec,
];
const N = 2177;

function run(native: boolean): { p: Float32Array; m: Float32Array; v: Float32Array; norms: number[]; } {
  enableNativeKernels({ threads: 1, disable: !native });
  assert.equal(nativeOptimizer() !== null, native);
  const rng = new Rng(3);
  const p = Float32Array.from({ length: N }, () => rng.normal() * 0.1);
  p[5] = 1e-30;
  p[6] = -3e4;
  p[7] = 0;
  p[8] = -0;
  const opt = new AdamW(SPECS, N);
  const norms: number[] = [];
  for (let t = 1; t <= 6; t++) {
    const g = Float32Array.from({ length: N }, (_, i) => (i % 97 === 0 ? 0 : rng.normal() * (i % 3 === 0 ? 1e-4 : 3)));
    norms.push(l2norm(g), l2norm(g, 1000));
    opt.update(p, g, t, { lr: 3e-3 / t, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 });
  }
  return { p, m: opt.m, v: opt.v, norms };
}

const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

test('native AdamW and l2norm are bit-identical to the JS loops', { skip }, () => {
  const js = run(false), nat = run(true);
  assert.ok(bytes(nat.p).equals(bytes(js.p)), 'params bit-identical');
  assert.ok(bytes(nat.m).equals(bytes(js.m)), 'm bit-identical');
  assert.ok(bytes(nat.v).equals(bytes(js.v)), 'v bit-identical');
  assert.deepEqual(nat.norms, js.norms);
  assert.ok(!bytes(js.p).equals(bytes(run(false).p.map((x, i) => (i === 9 ? x + 1e-3 : x)))), 'comparison can fail');
});
