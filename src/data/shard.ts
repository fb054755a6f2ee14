// Which training sequences each rank uses in each micro-step, and which validation sequences it evaluates.
// Pure functions of their arguments. `rank`/`worldSize` of batchIndices are those of the CONFIGURED world
// (a work unit's virtual rank, ../train/units.ts), so the data order does not depend on how many members
// train; evalRange splits among the members now.
import { mixSeed, permutation } from '../util/rng';

export interface BatchArgs {
  seed: number;
  numSequences: number;
  step: number;
  micro: number;
  gradAccum: number;
  batchSize: number;
  rank: number;
  worldSize: number;
}

let cache: { seed: number; n: number; epoch: number; perm: Uint32Array; } | null = null;

/** Permutation of 0..n-1 for epoch `epoch`, seeded by (seed, epoch). Cached (one epoch at a time). */
export function epochPermutation(seed: number, n: number, epoch: number): Uint32Array {
  if (cache && cache.seed === seed && cache.n === n && cache.epoch === epoch) return cache.perm;
  const perm = permutation(n, mixSeed(seed, 0x5eed0da7, epoch));
  cache = { seed, n, epoch, perm };
  return perm;
}

/** Global micro-batches (of batchSize*worldSize sequences) that fit in one epoch. The tail of an epoch's
 *  permutation that cannot fill a whole global micro-batch is skipped, so a batch never straddles epochs. */
export function batchesPerEpoch(numSequences: number, batchSize: number, worldSize: number): number {
  return Math.floor(numSequences / (batchSize * worldSize));
}

/** Sequence indices (into the train split's non-overlapping sequences of block_size+1 chars) for one
 *  micro-batch. Epoch e uses a deterministic permutation seeded by (seed, e). The global batch of global step s,
 *  micro-step m is the slice [(s*grad_accum+m)*B*W, +B*W) of the epoch's permutation; rank r takes the r-th
 *  B-slice of it. So W workers with batch B see exactly the same sequences as 1 worker with batch B*W, and every
 *  sequence index is used at most once per epoch across ranks (exactly once when B*W divides numSequences;
 *  otherwise the tail numSequences mod B*W of each epoch's permutation is skipped). */
export function batchIndices(a: BatchArgs): number[] {
  const global = a.batchSize * a.worldSize;
  const perEpoch = batchesPerEpoch(a.numSequences, a.batchSize, a.worldSize);
  if (perEpoch < 1) {
    throw new Error(`batchIndices: global micro-batch batch_size*world_size = ${global} exceeds the ` +
      `${a.numSequences} training sequences`);
  }
  if (a.rank < 0 || a.rank >= a.worldSize || a.micro < 0 || a.micro >= a.gradAccum || a.step < 0) {
    throw new Error(`batchIndices: bad arguments ${JSON.stringify(a)}`);
  }
  const micro = a.step * a.gradAccum + a.micro;
  const epoch = Math.floor(micro / perEpoch);
  const start = (micro % perEpoch) * global + a.rank * a.batchSize;
  const perm = epochPermutation(a.seed, a.numSequences, epoch);
  return Array.from(perm.subarray(start, start + a.batchSize));
}

/** The validation sequences rank `rank` of `worldSize` members evaluates: its contiguous share [start, end)
 *  of the first min(evalBatches x globalBatch, numSequences) sequences of the val split, where globalBatch
 *  is batch_size x grad_accum x the configured world size. The set evaluated by all ranks together depends only on
 *  evalBatches and the global batch, so W workers with batch B and 1 worker with batch B*W evaluate the same
 *  sequences (the shares differ by at most one sequence when the val split caps the count). */
export function evalRange(
  a: { evalBatches: number; globalBatch: number; numSequences: number; rank: number; worldSize: number; },
): { start: number; end: number; total: number; } {
  if (a.rank < 0 || a.rank >= a.worldSize || !(a.evalBatches >= 1) || !(a.globalBatch >= 1) || !(a.numSequences >= 1)) {
    throw new Error(`evalRange: bad arguments ${JSON.stringify(a)}`);
  }
  const total = Math.min(a.evalBatches * a.globalBatch, a.numSequences);
  const cut = (r: number) => Math.floor((total * r) / a.worldSize);
  return { start: cut(a.rank), end: cut(a.rank + 1), total };
}
