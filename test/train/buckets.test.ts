// Gradient buckets: the plan covers every parameter once, in backward order, and what backward hands to
// the GradSync is final and bit-identical to tf.variableGrads (tied wte included: both contributions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { GPTConfig, ParamSpec, initFlat, paramSpecs } from '../../src/model/params';
import { GPTModel } from '../../src/model/gpt';
import { backwardOrder, planBuckets } from '../../src/train/buckets';
import { GradBuckets } from '../../src/train/grad_buckets';
import type { BucketSpan, GradSync } from '../../src/contracts';
import { contiguousRuns, serialGradSync } from '../../src/train/grad_sync';
import { Rng } from '../../src/util/rng';
import { selectBackend } from '../../src/train/backend';

const GPT: GPTConfig = { vocabSize: 11, nLayer: 2, nHead: 2, nEmbd: 8, blockSize: 6, dropout: 0 };

function checkPlan(specs: ParamSpec[], bucketBytes: number): number {
  const plan = planBuckets(specs, bucketBytes);
  const P = specs[specs.length - 1].offset + specs[specs.length - 1].size;
  assert.equal(plan.total, P + 1);
  // Members, concatenated, are exactly the backward order: every parameter once.
  assert.deepEqual(plan.members.flat(), backwardOrder(specs));
  // Spans tile [0, P + 1) from the end: bucket 0 ends at the loss slot, each next one ends where the last began.
  let end = P + 1;
  plan.spans.forEach((s, b) => {
    assert.equal(s.offset + s.length, end, `bucket ${b} is not contiguous with bucket ${b - 1}`);
    const m = plan.members[b];
    assert.equal(s.offset, specs[m[m.length - 1]].offset);
    for (const i of m) assert.equal(plan.bucketOf[i], b);
    const bytes = 4 * m.reduce((a, i) => a + specs[i].size, 0);
    // DDP's rule: a bucket closes once it reaches bucketBytes, so only its last member may overshoot,
    // and only the last bucket may stay under.
    if (b < plan.spans.length - 1) assert.ok(bytes >= bucketBytes, `bucket ${b}: ${bytes} B < ${bucketBytes}`);
    assert.ok(bytes - 4 * specs[m[m.length - 1]].size < bucketBytes, `bucket ${b} should have closed earlier`);
    end = s.offset;
  });
  assert.equal(end, 0);
  return plan.spans.length;
}

test('bucket plan: every parameter exactly once, in backward order, contiguous, ' +
  'for odd sizes and one huge bucket', () => {
  const specs = paramSpecs(GPT);
  const P = specs[specs.length - 1].offset + specs[specs.length - 1].size;
  assert.equal(checkPlan(specs, 4), specs.length); // one parameter per bucket
  for (const bytes of [7, 4 * 37 + 1, 999, 4 * P - 1]) checkPlan(specs, bytes);
  assert.equal(checkPlan(specs, 4 * P), 1); // exactly the model
  assert.equal(checkPlan(specs, 1 << 30), 1); // larger than the model
  const big = paramSpecs({ ...GPT, vocabSize: 65, nLayer: 4, nHead: 4, nEmbd: 128, blockSize: 64 });
  assert.equal(checkPlan(big, 1 << 20), 4); // 3.2 MB model: 3 x ~1 MiB + the tail (h0's first params, wpe, wte)
  assert.equal(checkPlan(big, 1 << 18), 13);
  assert.throws(() => planBuckets(specs, 0), /bucket_bytes/);
});

/** A GradSync that snapshots each bucket when it is handed over and checks the hand-over order. */
function recordingSync(): GradSync & { got: Map<number, Float32Array>; order: number[]; } {
  let buf = new Float32Array(0), spans: readonly BucketSpan[] = [];
  const got = new Map<number, Float32Array>(), order: number[] = [];
  return {
    got,
    order,
    attach(b, total) {
      spans = b;
      buf = new Float32Array(total);
      return buf;
    },
    ready(b) {
      order.push(b);
      got.set(b, buf.slice(spans[b].offset, spans[b].offset + spans[b].length));
    },
    async finish() {
      return { exposedS: 0 };
    },
  };
}

/** `accum` micro-batches (a member's work units) summed, then divided by `divisor` (train.grad_accum). */
async function bucketedMatchesVariableGrads(backend: string, bucketBytes: number, accum: number,
  divisor = accum): Promise<void>
{
  await selectBackend({ name: backend as 'cpu' | 'wasm', threads: 1, native: true }, () => undefined);
  const specs = paramSpecs(GPT);
  const flat = initFlat(GPT, specs, 3);
  const rng = new Rng(9);
  for (let i = 0; i < flat.length; i++) flat[i] += 0.2 * rng.normal(); // no trivially zero gradient
  const vars = specs.map((s) => tf.variable(tf.tensor(flat.slice(s.offset, s.offset + s.size), s.shape)));
  const plain = new Map(specs.map((s, i) => [s.name, vars[i] as tf.Tensor]));
  const model = new GPTModel(GPT, specs);
  const B = 3, T = GPT.blockSize;
  const batches = Array.from({ length: accum }, () => ({
    x: tf.tensor2d(Array.from({ length: B * T }, () => rng.int(GPT.vocabSize)), [B, T], 'int32'),
    y: tf.tensor1d(Array.from({ length: B * T }, () => rng.int(GPT.vocabSize)), 'int32'),
  }));
  // Reference: plain tf.variableGrads per micro-batch, accumulated and averaged like the trainer does.
  const P = flat.length;
  const ref = new Float32Array(P + 1);
  const losses: number[] = [];
  batches.forEach(({ x, y }, micro) => {
    const { value, grads } = tf.variableGrads(
      () => GPTModel.crossEntropy(model.forward(plain, x, { training: false }), y),
      vars,
    );
    losses.push(value.dataSync()[0]);
    specs.forEach((s, i) => {
      const g = grads[vars[i].name].dataSync();
      for (let k = 0; k < s.size; k++) ref[s.offset + k] = micro === 0 ? g[k] : ref[s.offset + k] + g[k];
    });
    tf.dispose([value, ...Object.values(grads)]);
  });
  if (divisor > 1) { for (let k = 0; k < P; k++) ref[k] /= divisor; }
  ref[P] = losses.reduce((a, b) => a + b, 0) / divisor;

  const sync = recordingSync();
  const plan = planBuckets(specs, bucketBytes);
  const gb = new GradBuckets(plan, specs, sync);
  let lossSum = 0;
  batches.forEach(({ x, y }, micro) => {
    let lossT: tf.Scalar | undefined;
    const params = gb.begin(vars, micro, accum, divisor, () => (lossSum + lossT!.dataSync()[0]) / divisor);
    const { value, grads } = tf.variableGrads(
      () => (lossT = GPTModel.crossEntropy(model.forward(params, x, { training: false }), y)),
      vars,
    );
    gb.end();
    if (micro < accum - 1) assert.equal(sync.order.length, 0, 'a bucket was handed over before the last micro-batch');
    lossSum += value.dataSync()[0];
    tf.dispose([value, ...Object.values(grads)]);
  });
  assert.deepEqual(sync.order, plan.spans.map((_, b) => b), 'buckets must be handed over in backward order, each once');
  plan.spans.forEach((s, b) => {
    const want = ref.subarray(s.offset, s.offset + s.length), have = sync.got.get(b)!;
    for (let k = 0; k < s.length; k++) {
      if (!Object.is(have[k], want[k])) {
        const i = specs.findIndex((p) => p.offset <= s.offset + k && s.offset + k < p.offset + p.size);
        assert.fail(
          `${backend}, bucket ${b}: ${i >= 0 ? specs[i].name : 'loss slot'}[${
            s.offset + k - (specs[i]?.offset ?? P)
          }] ` +
            `${have[k]} != variableGrads ${want[k]}`,
        );
      }
    }
  });
  tf.dispose([...vars, ...batches.flatMap((b) => [b.x, b.y])]);
}

for (const backend of ['cpu', 'wasm']) {
  test(`${backend}: handed-over buckets equal tf.variableGrads bit for bit (tied wte: both contributions), ` +
    `any bucket size`, async () => {
    await bucketedMatchesVariableGrads(backend, 4, 1); // one parameter per bucket: arrival order == plan order
    await bucketedMatchesVariableGrads(backend, 4 * 301, 1);
    await bucketedMatchesVariableGrads(backend, 1 << 30, 1);
    await bucketedMatchesVariableGrads(backend, 4 * 301, 2); // grad_accum 2: only the last backward hands over
    await bucketedMatchesVariableGrads(backend, 4 * 301, 3, 2); // a shrunk group's member: 3 units, grad_accum 2
  });
}

test('serialGradSync: buckets handed over during one synchronous backward cost one all-reduce call; ' +
  'later ones their own', async () => {
  const calls: [number, number][] = [];
  const sync = serialGradSync(async (b) => {
    calls.push([b.byteOffset / 4, b.length]);
    for (let i = 0; i < b.length; i++) b[i] *= 2;
  });
  const spans = [{ offset: 6, length: 4 }, { offset: 3, length: 3 }, { offset: 0, length: 3 }];
  const base = sync.attach(spans, 10);
  base.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (let b = 0; b < 3; b++) sync.ready(b); // synchronous, like backward
  const r = await sync.finish();
  assert.deepEqual(calls, [[0, 10]]);
  assert.deepEqual(Array.from(base), [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
  assert.equal(r.doneAt?.length, 3);
  calls.length = 0;
  sync.ready(0);
  await Promise.resolve();
  await Promise.resolve(); // the chain runs in between
  sync.ready(1);
  sync.ready(2);
  await sync.finish();
  assert.deepEqual(calls, [[6, 4], [0, 6]]);
  assert.deepEqual(contiguousRuns(spans, [0, 2]).map((x) => [x.offset, x.length]), [[6, 4], [0, 3]]); // not adjacent
  assert.deepEqual(contiguousRuns(spans, [2, 1, 0]).map((x) => x.buckets), [[2, 1, 0]]); // either direction
});
