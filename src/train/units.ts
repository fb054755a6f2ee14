// The work of one optimizer step as "work units", and how the members of a group, possibly fewer than the
// configured world, share it (elastic membership: cluster.min_workers).
//
// A run configured for W0 workers (cluster.workers or cluster.world_size) with train.grad_accum A and
// train.batch_size B does U = W0 x A units per step, whatever the membership:
//   unit u = (virtual rank v, micro m) = (floor(u / A), u mod A)
//   its B sequences  = batchIndices({ rank: v, worldSize: W0, micro: m, step, gradAccum: A, batchSize: B })
//   its dropout seed = mixSeed(run.seed, step, m, v)
// i.e. exactly the (rank, micro) pairs of a W0-worker run. Member p of W (1 <= W <= W0) computes the
// contiguous units [floor(U p / W), floor(U (p+1) / W)): at least A of them, since U / W >= A. At W == W0
// that is its own A micros in today's order. So the global batch, the data order and every RNG stream are
// functions of (run.seed, step, W0) only: every sequence of an epoch is used once however the membership
// changes between steps (../data/shard.ts works by global position).
//
// Recombining: a member accumulates the gradients of its units (float32, in unit order), divides by A and
// puts (its losses' sum) / A in the loss slot (./grad_buckets.ts); the all-reduce SUMs over members; the
// trainer divides by W0 (meanAndClip). Sum over members / W0 = sum over the U units / (A W0): the mean
// over the global batch. At W == W0 these are the float operations of a W0-worker run, bit for bit; at
// W < W0 only the order of the float32 additions differs.
import { batchIndices, batchesPerEpoch, evalRange } from '../data/shard';
import { mixSeed } from '../util/rng';

/** What fixes the units of a step: the same on every member, for the whole run. */
export interface UnitShape {
  configuredWorldSize: number; // W0
  gradAccum: number; // A
  batchSize: number; // B
  seed: number; // run.seed
  numSequences: number; // training sequences (block_size + 1 chars each)
}

/** One unit: the micro-batch `micro` of configured rank `vrank`. */
export interface WorkUnit {
  unit: number;
  vrank: number;
  micro: number;
}

/** The units [start, end) of member `position` of `members`, out of `total`. For every members >= 1 the
 *  ranges of positions 0..members-1 tile [0, total) in order, without gap or overlap. */
export function unitRange(total: number, position: number, members: number): { start: number; end: number; } {
  const cut = (p: number) => Math.floor((total * p) / members);
  return { start: cut(position), end: cut(position + 1) };
}

/** Refuses a membership the units cannot be shared by: 1 <= members <= W0, 0 <= position < members. */
export function checkMembership(position: number, members: number, configured: number): void {
  if (!Number.isInteger(configured) || configured < 1) {
    throw new RangeError(`configured world size ${configured} must be an integer >= 1`);
  }
  if (!Number.isInteger(members) || members < 1 || members > configured) {
    throw new RangeError(`${members} member(s): must be an integer from 1 to the configured world size ${configured}`);
  }
  if (!Number.isInteger(position) || position < 0 || position >= members) {
    throw new RangeError(`rank ${position} out of range for ${members} member(s)`);
  }
}

/** This member's share of every step: which units, which sequences and seeds, which validation sequences. */
export class WorkPlan {
  /** U = W0 x A: units per step (the global batch is U x B sequences). */
  readonly total: number;
  /** This member's units, in the order it computes them (ascending). */
  readonly units: readonly WorkUnit[];

  constructor(readonly shape: UnitShape, readonly position: number, readonly members: number) {
    checkMembership(position, members, shape.configuredWorldSize);
    const A = shape.gradAccum;
    this.total = shape.configuredWorldSize * A;
    const { start, end } = unitRange(this.total, position, members);
    this.units = Array.from({ length: end - start },
      (_, i) => ({ unit: start + i, vrank: Math.floor((start + i) / A), micro: (start + i) % A }));
  }

  /** The training sequence indices of unit `u` at 0-based step `step` (B of them). */
  sequences(step: number, u: WorkUnit): number[] {
    const s = this.shape;
    return batchIndices({ seed: s.seed, numSequences: s.numSequences, step, micro: u.micro, gradAccum: s.gradAccum,
      batchSize: s.batchSize, rank: u.vrank, worldSize: s.configuredWorldSize });
  }

  /** The dropout seed of unit `u` at 0-based step `step`. */
  dropoutSeed(step: number, u: WorkUnit): number {
    return mixSeed(this.shape.seed, step, u.micro, u.vrank) % 1_000_000;
  }

  /** This member's contiguous share of the validation sequences: the evaluated set depends on
   *  evalBatches and the global batch B x A x W0 only, the split on the member count. */
  evalShare(evalBatches: number, valSequences: number): { start: number; end: number; } {
    const s = this.shape;
    return evalRange({ evalBatches, globalBatch: s.batchSize * s.gradAccum * s.configuredWorldSize,
      numSequences: valSequences, rank: this.position, worldSize: this.members });
  }
}

/** After the all-reduce, g[0..P) holds the sum over members of (their units' gradient sum) / A: turns it
 *  into the mean over the global batch (divides by W0), clipped to global norm maxNorm (0: off), in ONE
 *  pass; `norm` is the mean's norm (l2norm(g, P) / W0). Bit-identical to dividing and then clipping when
 *  W0 is a power of two (exact scaling), and identical on every member for any W0. */
export function meanAndClip(g: Float32Array, P: number, W0: number, maxNorm: number, norm: number): void {
  const clip = maxNorm > 0 && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
  if (W0 === 1 && clip === 1) return;
  const s = clip / W0;
  for (let i = 0; i < P; i++) g[i] *= s;
}

/** Where 0-based step `step` starts in the data (the checkpoint header's dataPosition): the epoch and the
 *  global micro-batch within it, counted in the configured world's global micro-batches of B x W0. */
export function dataPosition(step: number, t: { batch_size: number; grad_accum: number; }, numSequences: number,
  configuredWorldSize: number): { step: number; epoch: number; batchInEpoch: number; }
{
  const perEpoch = batchesPerEpoch(numSequences, t.batch_size, configuredWorldSize);
  const micro = step * t.grad_accum;
  return { step, epoch: Math.floor(micro / perEpoch), batchInEpoch: micro % perEpoch };
}
