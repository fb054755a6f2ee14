// Native AdamW and grad-norm are BIT-identical to the JS loops in src/train/adamw.ts (ranks may mix them), and
// the loops an optimizer runs are the ones backend selection handed it (no process-wide switch).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdamW, JS_OPTIMIZER_LOOPS, l2norm, type OptimizerLoops } from '../../src/train/adamw';
import { selectBackend } from '../../src/train/backend';
import type { ParamSpec } from '../../src/model/params';
import { Rng } from '../../src/util/rng';
import { nativeBuilt } from './helpers';

const skip = !nativeBuilt() && 'native addon not built';
const SPECS: ParamSpec[] = [
  { name: 'w', shape: [300, 7], offset: 0, size: 2100, decay: true } as ParamSpec,
  { name: 'b', shape: [77], offset: 2100, size: 77, decay: false } as ParamSpec,
];
const N = 2177;

const loopsOf = async (name: 'wasm' | 'cpu', native: boolean): Promise<OptimizerLoops> =>
  (await selectBackend({ name, threads: 1, native }, () => undefined)).optimizer;

function run(loops: OptimizerLoops): { p: Float32Array; m: Float32Array; v: Float32Array; norms: number[]; } {
  const rng = new Rng(3);
  const p = Float32Array.from({ length: N }, () => rng.normal() * 0.1);
  p[5] = 1e-30;
  p[6] = -3e4;
  p[7] = 0;
  p[8] = -0;
  const opt = new AdamW(SPECS, N, loops);
  const norms: number[] = [];
  for (let t = 1; t <= 6; t++) {
    const g = Float32Array.from({ length: N }, (_, i) => (i % 97 === 0 ? 0 : rng.normal() * (i % 3 === 0 ? 1e-4 : 3)));
    norms.push(l2norm(g, N, loops), l2norm(g, 1000, loops));
    opt.update(p, g, t, { lr: 3e-3 / t, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 });
  }
  return { p, m: opt.m, v: opt.v, norms };
}

const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

test('backend selection hands the optimizer the addon loops with native wasm kernels, else the JS loops', { skip },
  async () => {
    assert.equal(await loopsOf('wasm', false), JS_OPTIMIZER_LOOPS, 'backend.native: false');
    assert.notEqual(await loopsOf('wasm', true), JS_OPTIMIZER_LOOPS, 'backend.native: true');
    assert.equal(await loopsOf('cpu', true), JS_OPTIMIZER_LOOPS, 'no native kernels on the cpu backend');
  });

test('native AdamW and l2norm are bit-identical to the JS loops', { skip }, async () => {
  const native = await loopsOf('wasm', true);
  await loopsOf('wasm', false); // the native kernels are off now: the optimizer given the addon's loops still runs them
  let calls = 0;
  const counted: OptimizerLoops = { adamw: (...a) => (calls++, native.adamw(...a)), sumSquares: native.sumSquares };
  const js = run(JS_OPTIMIZER_LOOPS), nat = run(counted);
  assert.equal(calls, 6, 'every update ran the loops the optimizer was given');
  assert.ok(bytes(nat.p).equals(bytes(js.p)), 'params bit-identical');
  assert.ok(bytes(nat.m).equals(bytes(js.m)), 'm bit-identical');
  assert.ok(bytes(nat.v).equals(bytes(js.v)), 'v bit-identical');
  assert.deepEqual(nat.norms, js.norms);
  assert.ok(!bytes(js.p).equals(bytes(run(JS_OPTIMIZER_LOOPS).p.map((x, i) => (i === 9 ? x + 1e-3 : x)))),
    'comparison can fail');
});
