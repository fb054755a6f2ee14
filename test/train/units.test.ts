// Work units (src/train/units.ts): a step's U = W0 x grad_accum units are shared by any 1..W0 members
// without gap or overlap, are exactly the configured world's (rank, micro) pairs with their sequences and
// dropout seeds, and so every sequence of an epoch is used once whatever the membership does between steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkPlan, UnitShape, checkMembership, dataPosition, unitRange } from '../../src/train/units';
import { batchIndices, batchesPerEpoch } from '../../src/data/shard';
import { mixSeed } from '../../src/util/rng';

const shape = (W0: number, A: number, B = 3, numSequences = 1000, seed = 7): UnitShape => ({ configuredWorldSize: W0,
  gradAccum: A, batchSize: B, seed, numSequences });

test('the units of 1..W0 members tile [0, W0 x A) in order, each member at least A units', () => {
  for (let W0 = 1; W0 <= 6; W0++) {
    for (let A = 1; A <= 4; A++) {
      for (let W = 1; W <= W0; W++) {
        const all: number[] = [];
        for (let p = 0; p < W; p++) {
          const plan = new WorkPlan(shape(W0, A), p, W);
          assert.equal(plan.total, W0 * A);
          const { start, end } = unitRange(W0 * A, p, W);
          assert.deepEqual(plan.units.map((u) => u.unit), Array.from({ length: end - start }, (_, i) => start + i));
          assert.ok(plan.units.length >= A, `W0 ${W0} A ${A} W ${W} member ${p}: ${plan.units.length} units`);
          for (const u of plan.units) assert.deepEqual([u.vrank, u.micro], [Math.floor(u.unit / A), u.unit % A]);
          all.push(...plan.units.map((u) => u.unit));
        }
        assert.deepEqual(all, Array.from({ length: W0 * A }, (_, i) => i), `W0 ${W0} A ${A} W ${W}`);
      }
    }
  }
});

test("at W == W0 member p computes exactly rank p's micros of a W0-worker run: same sequences, same dropout seeds, " +
  'same order', () => {
  const W0 = 3, A = 2, B = 4, N = 500, seed = 11;
  for (let p = 0; p < W0; p++) {
    const plan = new WorkPlan(shape(W0, A, B, N, seed), p, W0);
    assert.deepEqual(plan.units.map((u) => [u.vrank, u.micro]), Array.from({ length: A }, (_, m) => [p, m]));
    for (const step of [0, 1, 9]) {
      plan.units.forEach((u, m) => {
        assert.deepEqual(plan.sequences(step, u),
          batchIndices({ seed, numSequences: N, step, micro: m, gradAccum: A, batchSize: B, rank: p, worldSize: W0 }));
        assert.equal(plan.dropoutSeed(step, u), mixSeed(seed, step, m, p) % 1_000_000);
      });
    }
  }
});

test('membership changing between steps (W0 4: 4, 3, 2, 4, 1, 3, 2, 2 members): ' +
  'every sequence of each epoch used exactly once', () => {
  const W0 = 4, A = 2, B = 3, N = 96 + 5, seed = 3; // 8 global micro-batches of 12 per epoch; a tail of 5 skipped
  const perEpoch = batchesPerEpoch(N, B, W0);
  const stepsPerEpoch = perEpoch / A;
  const members = [4, 3, 2, 4, 1, 3, 2, 2];
  assert.equal(members.length, 2 * stepsPerEpoch);
  const epochs: number[][] = [[], []];
  members.forEach((W, step) => {
    const pos = dataPosition(step, { batch_size: B, grad_accum: A }, N, W0);
    assert.deepEqual(pos, { step, epoch: Math.floor(step / stepsPerEpoch), batchInEpoch: (step % stepsPerEpoch) * A });
    for (let p = 0; p < W; p++) {
      const plan = new WorkPlan(shape(W0, A, B, N, seed), p, W);
      for (const u of plan.units) epochs[pos.epoch].push(...plan.sequences(step, u));
    }
  });
  for (const [e, seen] of epochs.entries()) {
    assert.equal(seen.length, perEpoch * B * W0, `epoch ${e}`);
    assert.equal(new Set(seen).size, seen.length, `epoch ${e}: a sequence used twice`);
    assert.ok(seen.every((i) => i >= 0 && i < N));
  }
  assert.notDeepEqual(epochs[0].slice(0, 12), epochs[1].slice(0, 12), 'each epoch has its own order');
});

test("validation: the evaluated set is the configured global batch's for every member count, " +
  'split among the members', () => {
  const W0 = 4, A = 2, B = 3;
  for (const valSequences of [1000, 50]) {
    const total = Math.min(5 * B * A * W0, valSequences);
    for (let W = 1; W <= W0; W++) {
      const covered: number[] = [];
      for (let p = 0; p < W; p++) {
        const { start, end } = new WorkPlan(shape(W0, A, B), p, W).evalShare(5, valSequences);
        for (let s = start; s < end; s++) covered.push(s);
      }
      assert.deepEqual(covered, Array.from({ length: total }, (_, i) => i), `W ${W}, ${valSequences} val sequences`);
    }
  }
});

test('a membership the units cannot be shared by is a RangeError naming it', () => {
  assert.throws(() => checkMembership(0, 3, 2),
    (e: Error) => e instanceof RangeError && /3 member\(s\): .* configured world size 2/.test(e.message));
  assert.throws(() => checkMembership(0, 0, 2), RangeError);
  assert.throws(() => checkMembership(2, 2, 4),
    (e: Error) => e instanceof RangeError && /rank 2 out of range for 2 member\(s\)/.test(e.message));
  assert.throws(() => checkMembership(0, 1, 0), /configured world size 0/);
  assert.throws(() => new WorkPlan(shape(2, 1), 1.5, 2), RangeError);
  checkMembership(1, 2, 4);
});
