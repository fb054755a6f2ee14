// Data sharding across ranks (src/data/shard.ts batchIndices as the workers call it): over an epoch
// every sequence index is used exactly once across all ranks and micro-steps, ranks never overlap,
// and W ranks with batch B together take exactly the batch of 1 rank with batch B*W.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchIndices, batchesPerEpoch } from '../../src/data/shard';

function epochCoverage(n: number, W: number, B: number, A: number, seed: number, epoch: number): number[] {
  const seen = new Array<number>(n).fill(0);
  const stepsPerEpoch = batchesPerEpoch(n, B, W) / A;
  for (let step = epoch * stepsPerEpoch; step < (epoch + 1) * stepsPerEpoch; step++) {
    for (let micro = 0; micro < A; micro++) {
      const perRank = Array.from({ length: W }, (_, rank) =>
        batchIndices({ seed, numSequences: n, step, micro, gradAccum: A, batchSize: B, rank, worldSize: W }));
      for (const idx of perRank) {
        assert.equal(idx.length, B);
        for (const i of idx) {
          seen[i]++;
        }
      }
      const single = batchIndices({ seed, numSequences: n, step, micro, gradAccum: A, batchSize: B * W, rank: 0,
        worldSize: 1 });
      assert.deepEqual(perRank.flat(), single,
        `step ${step} micro ${micro}: ranks together != one worker with batch ${B * W}`);
    }
  }
  return seen;
}

test('every sequence index is used exactly once per epoch across ranks (divisible case)', () => {
  for (const [W, B, A] of [[2, 4, 1], [3, 5, 2], [4, 3, 1]]) {
    const n = W * B * A * 7; // 7 optimizer steps per epoch
    for (const epoch of [0, 1]) {
      const seen = epochCoverage(n, W, B, A, 1337, epoch);
      assert.ok(seen.every((c) => c === 1), `W=${W} B=${B} A=${A} epoch ${epoch}: counts ${seen.join('')}`);
    }
  }
});

test('epochs use different permutations and the non-divisible tail is skipped, never reused', () => {
  const W = 2, B = 3, n = 20; // 3 global batches of 6 = 18 used, 2 skipped per epoch
  const first = batchIndices({ seed: 1, numSequences: n, step: 0, micro: 0, gradAccum: 1, batchSize: B, rank: 0,
    worldSize: W });
  const nextEpoch = batchIndices({ seed: 1, numSequences: n, step: 3, micro: 0, gradAccum: 1, batchSize: B, rank: 0,
    worldSize: W });
  assert.notDeepEqual(first, nextEpoch);
  const seen = epochCoverage(n, W, B, 1, 1, 0);
  assert.equal(seen.filter((c) => c === 1).length, 18);
  assert.ok(seen.every((c) => c <= 1));
});
