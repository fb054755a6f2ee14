// Elastic membership in the train layer (src/train/units.ts, membership.ts, Trainer.rewire), with in-process
// all-reduces standing in for the ring: at the configured world size every step is bit-identical to the
// code before work units (checksums recorded from it); fewer members train the same global batch, equal up
// to float32 summation order; one Trainer object lives through memberships 4, 3, 2, 4; rewire() is refused
// off a step boundary; a checkpoint records the configured world, not the member count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trainer, StepResult } from '../../src/train/trainer';
import { MidStepError } from '../../src/train/membership';
import type { GradSync } from '../../src/contracts';
import { CheckpointError } from '../../src/train/checkpoint';
import { applyState, checkpointState, encodeState, stateChecksum } from '../../src/train/state';
import { testConfig } from '../helpers';
import { localAllReduce, localGradSyncs } from './local_allreduce';

const quiet = () => {};
const base = ['backend.name=wasm', 'model.n_layer=1', 'model.n_head=2', 'model.n_embd=32', 'model.block_size=16',
  'model.dropout=0.1', 'train.max_steps=10', 'train.warmup_steps=2', 'train.lr=3e-3', 'train.eval_batches=2',
  'train.grad_clip=0.5'];

/** One generation's collectives for W members (perBucket: each bucket summed on its own). */
function collectives(W: number, perBucket: boolean) {
  const allreduce = localAllReduce(W);
  const syncs = perBucket ? localGradSyncs(W) : [];
  return (rank: number) => ({ rank, worldSize: W, allreduce, gradSync: syncs[rank] as GradSync | undefined });
}

/** W members of a run configured for W0 workers (configuredWorldSize left out when W0 is undefined). */
function group(W: number, W0: number | undefined, sets: string[], perBucket = false): Promise<Trainer[]> {
  const c = collectives(W, perBucket);
  return Promise.all(
    Array.from({ length: W },
      (_, rank) => Trainer.create(testConfig([...base, ...sets]), { ...c(rank), configuredWorldSize: W0, log: quiet })),
  );
}

const steps = (ts: Trainer[]) => Promise.all(ts.map((t) => t.trainStep()));

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function sameReplicas(ts: Trainer[], what: string): void {
  for (const t of ts) assert.equal(t.weightsChecksum(), ts[0].weightsChecksum(), `${what}: replicas diverged`);
}

// [loss, gradNorm, weights sha256] after steps 1..3, then the val loss: recorded from the code before work
// units (commit 227e181) with these configs. Pure wasm on one thread (no OpenBLAS kernels, whose summation
// order may depend on the CPU), so the values do not depend on the machine.
const PINNED = ['backend.native=false', 'backend.threads=1'];
const RECORDED = [
  { W0: 2, sets: ['train.batch_size=4', 'train.grad_accum=2', 'cluster.bucket_bytes=4099'], perBucket: true,
    val: 4.003552436828613, steps: [
      [4.178438186645508, 1.4700349426169754, 'a01b7dac343261fa88e04721a92920aa90a60f0a5fce4d553cc78121202c2966'],
      [4.1326799392700195, 1.5706442175363562, 'c32fa783081218f43e9a49d976733cc3958c32bd391a93094b589fd06dad7b7c'],
      [4.035879135131836, 1.2146360129289098, '5a17bcfc412ab5f677bb3f21db2df8d1da5e490196f6a404c5b0af9050419daf'],
    ] },
  { W0: 3, sets: ['train.batch_size=2', 'train.grad_accum=3'], perBucket: false, val: 3.9978179931640625, steps: [
    [4.1775509516398115, 1.4321999149130928, '25b6d7ed19e8b653c04183efad07c51bffdb5fc0e1c8569d8726ebc96806cff6'],
    [4.137807846069336, 1.492531551784663, 'a63a092cbe5d8b7f40a95a38b0def8f0d3b14fe4e1af260502b642cee5743265'],
    [4.029782931009929, 1.2372211723351645, '1df633923fa3f0a4e1ee9664223a6995b02aa0fd359ddcbaeeddffab74f9c39f'],
  ] },
] as const;

test('W == W0: every step bit-identical to the code before work units (W0 2 per-bucket sums, ' +
  'W0 3 with grad_accum 3)', async () => {
  for (const r of RECORDED) {
    const ts = await group(r.W0, r.W0 === 2 ? undefined : r.W0, [...PINNED, ...r.sets], r.perBucket);
    try {
      for (const [i, want] of r.steps.entries()) {
        const got = await steps(ts);
        sameReplicas(ts, `W0 ${r.W0} step ${i + 1}`);
        assert.deepEqual([got[0].loss, got[0].gradNorm, ts[0].weightsChecksum()], want, `W0 ${r.W0} step ${i + 1}`);
      }
      assert.deepEqual(await Promise.all(ts.map((t) => t.evaluate())), ts.map(() => r.val), `W0 ${r.W0}: val loss`);
    } finally {
      ts.forEach((t) => t.dispose());
    }
  }
});

const shrunkSets = ['train.batch_size=2', 'train.grad_accum=2'];
const close = (a: StepResult, b: StepResult, what: string) => {
  assert.ok(Math.abs(a.loss - b.loss) <= 1e-5 * b.loss, `${what}: loss ${a.loss} vs ${b.loss}`);
  assert.ok(Math.abs(a.gradNorm - b.gradNorm) <= 1e-4 * b.gradNorm,
    `${what}: grad norm ${a.gradNorm} vs ${b.gradNorm}`);
};

test('W < W0: 3, 2 and 1 members of a 4-worker run train its global batch (same loss, grad norm, ' +
  'weights and val loss up to summation order)', async () => {
  const ref = await group(4, 4, shrunkSets);
  const refSteps: StepResult[][] = [];
  for (let s = 0; s < 3; s++) refSteps.push(await steps(ref));
  const refVal = (await Promise.all(ref.map((t) => t.evaluate())))[0];
  try {
    for (const W of [3, 2, 1]) {
      const ts = await group(W, 4, shrunkSets);
      try {
        for (let s = 0; s < 3; s++) {
          const got = await steps(ts);
          sameReplicas(ts, `W ${W} step ${s + 1}`);
          for (const g of got) close(g, refSteps[s][0], `W ${W} step ${s + 1}`);
          assert.equal(got.reduce((n, g) => n + g.tokens, 0), 4 * 2 * 2 * 16,
            'the members process the whole global batch');
        }
        const d = maxDiff(ts[0].getFlatParams(), ref[0].getFlatParams());
        assert.ok(d < 1e-5, `W ${W}: weights differ by ${d}`);
        const val = await Promise.all(ts.map((t) => t.evaluate()));
        assert.ok(val.every((v) => Math.abs(v - refVal) < 1e-5), `W ${W}: val loss ${val} vs ${refVal}`);
        // The checkpoint records the configured world and the same data position as the full group's.
        const h = checkpointState(ts[0]).header;
        assert.equal(h.worldSize, 4);
        assert.deepEqual(h.dataPosition, checkpointState(ref[0]).header.dataPosition);
      } finally {
        ts.forEach((t) => t.dispose());
      }
    }
  } finally {
    ref.forEach((t) => t.dispose());
  }
});

test('one Trainer per member through memberships 4, 3, 2, 4 (rewire; two replacements get state from a survivor) ' +
  '== an undisturbed 4-worker run', async () => {
  const ref = await group(4, 4, shrunkSets, true);
  let ts = await group(4, 4, shrunkSets, true);
  const all = [...ref, ...ts];
  try {
    const compare = async (s: number) => {
      const [want, got] = [await steps(ref), await steps(ts)];
      sameReplicas(ts, `step ${s}`);
      for (const g of got) close(g, want[0], `step ${s} with ${ts.length} members`);
    };
    const rewire = (survivors: Trainer[]) => {
      const c = collectives(survivors.length, true);
      survivors.forEach((t, p) => t.rewire(c(p)));
      assert.deepEqual(survivors.map((t) => [t.rank, t.worldSize, t.configuredWorldSize]),
        survivors.map((_, p) => [p, survivors.length, 4]));
      return survivors;
    };
    await compare(1);
    ts = rewire([ts[0], ts[1], ts[2]]); // rank 3 lost
    await compare(2);
    ts = rewire([ts[0], ts[2]]); // rank 1 lost
    await compare(3);
    // Two replacements join at the step boundary with a survivor's state; the survivors take positions 0, 1.
    const c = collectives(4, true);
    const extra = await Promise.all(
      [2, 3].map((r) =>
        Trainer.create(testConfig([...base, ...shrunkSets]), { ...c(r), configuredWorldSize: 4, log: quiet })
      ),
    );
    all.push(...extra);
    const donor = encodeState(ts[0]);
    for (const t of extra) await applyState(t, donor, 'state from rank 0');
    ts.forEach((t, p) => t.rewire(c(p)));
    ts = [...ts, ...extra];
    assert.ok(ts.every((t) => stateChecksum(t) === stateChecksum(ts[0]) && t.step === 3));
    await compare(4);
    const d = maxDiff(ts[0].getFlatParams(), ref[0].getFlatParams());
    assert.ok(d < 1e-5, `weights differ from the undisturbed run's by ${d}`);
  } finally {
    all.forEach((t) => t.dispose());
  }
});

test('rewire off a step boundary is a MidStepError (step or evaluation in flight, failed step not aborted); ' +
  'a bad membership a RangeError; nothing changes', async () => {
  const [t0, t1] = await group(2, 2, shrunkSets);
  const failing: GradSync = { attach: (_b, n) => new Float32Array(n), ready: () => undefined,
    finish: () => Promise.reject(new Error('rank 1 lost')) };
  const t2 = await Trainer.create(testConfig([...base, ...shrunkSets]), { rank: 0, worldSize: 2, configuredWorldSize: 2,
    allreduce: localAllReduce(2), gradSync: failing, log: quiet });
  const solo = collectives(1, false)(0);
  const midStep = (what: RegExp) => (e: Error) => e instanceof MidStepError && e.step === 0 && what.test(e.message);
  try {
    const p0 = t0.trainStep(); // waits in the exchange for t1
    assert.throws(() => t0.rewire(solo), midStep(/step in flight/));
    await Promise.all([p0, t1.trainStep()]);
    const e0 = t0.evaluate();
    assert.throws(() => t0.rewire(solo), (e: Error) =>
      e instanceof MidStepError && /evaluation in flight/.test(e.message));
    await Promise.all([e0, t1.evaluate()]);
    assert.throws(() => t0.rewire({ ...solo, worldSize: 3 }), (e: Error) =>
      e instanceof RangeError && /3 member\(s\).*configured world size 2/.test(e.message));
    assert.throws(() => t0.rewire({ ...solo, rank: 1 }), (e: Error) =>
      e instanceof RangeError && /rank 1 out of range for 1 member/.test(e.message));
    assert.deepEqual([t0.rank, t0.worldSize], [0, 2]);
    await steps([t0, t1]); // still the old membership's collectives
    sameReplicas([t0, t1], 'after refused rewires');

    await assert.rejects(t2.trainStep(), /rank 1 lost/);
    assert.throws(() => t2.rewire(solo), midStep(/step 1 failed before its update; call abortStep\(\) first/));
    t2.abortStep();
    t2.rewire(solo); // the survivor alone trains the 2-worker global batch
    const r = await t2.trainStep();
    assert.deepEqual([r.step, r.tokens], [1, 2 * 2 * 2 * 16]);
  } finally {
    [t0, t1, t2].forEach((t) => t.dispose());
  }
});

test('checkpoints: a shrunk group writes the configured world size; resumable at any member count of that world, ' +
  'refused by another world', async () => {
  const [one] = await group(1, 2, shrunkSets);
  const [fresh] = await group(1, 2, shrunkSets);
  const [other] = await group(1, 1, shrunkSets);
  try {
    await one.trainStep();
    const bytes = encodeState(one);
    assert.equal(checkpointState(one).header.worldSize, 2);
    await applyState(fresh, bytes, 'checkpoint of 1 member of 2');
    assert.equal(stateChecksum(fresh), stateChecksum(one));
    await assert.rejects(applyState(other, bytes, 'checkpoint of 1 member of 2'), (e: Error) =>
      e instanceof CheckpointError && /written by 2 worker\(s\), this run has 1/.test(e.message));
  } finally {
    [one, fresh, other].forEach((t) => t.dispose());
  }
});
