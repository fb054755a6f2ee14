// A trainer's whole training state as bytes, and back: the weights, the AdamW moments, the step (which
// fixes the data position and every RNG stream: both are pure functions of run.seed and the step) and the
// non-finite skip count. The bytes ARE a checkpoint file (encodeCheckpoint, sha256 embedded), so the state
// a replacement or a laggard receives from a healthy peer and the state a resume reads from disk are one
// format with one reader: applyState serves both (Trainer.loadCheckpoint is applyState over a file's bytes).
// stateChecksum is what every rank of a group must agree on before it trains.
import { createHash } from 'crypto';
import { configHash, redactSecrets } from '../config/load';
import type { Config } from '../config/types';
import type { CharTokenizer } from '../data/tokenizer';
import type { Replica } from './replica';
import { type CheckpointData, type CheckpointState, checkResumable, decodeCheckpoint, encodeCheckpoint,
  type ResumeTarget } from './checkpoint';
import { assertFiniteState } from './nonfinite';
import { dataPosition } from './units';

/** What these functions read of a trainer (./trainer.ts Trainer, which imports them: no import back). */
export interface StatefulTrainer {
  readonly step: number;
  readonly rank: number;
  readonly cfg: Config;
  readonly configuredWorldSize: number;
  readonly replica: Replica;
  readonly tokenizer: CharTokenizer;
  readonly data: { train: { numSequences: number; }; };
  readonly backendName: string;
  readonly nonfiniteSkips: number;
  readonly moments: { m: Float32Array; v: Float32Array; };
  /** Replaces the whole state with `d`, already checked. */
  installState(d: CheckpointData): void;
}

/** What a checkpoint of the trainer's current step holds: its header and VIEWS of the live weights and Adam
 *  moments (they change with the next step: copy them, as ./ckpt_writer.ts does, or encode at once). */
export function checkpointState(t: StatefulTrainer): CheckpointState {
  const { cfg, replica } = t;
  const W0 = t.configuredWorldSize;
  return {
    header: {
      step: t.step,
      paramCount: replica.size,
      specs: replica.specs.map((s) => ({ name: s.name, shape: s.shape })),
      tokenizer: t.tokenizer.toJSON(),
      config: redactSecrets(cfg),
      configHash: configHash(cfg),
      dataPosition: dataPosition(t.step, cfg.train, t.data.train.numSequences, W0),
      rng: {
        scheme:
          'dropout seed = mixSeed(run.seed, step, micro, configured rank); data order = batchIndices(run.seed, step)',
        seed: cfg.run.seed,
      },
      backend: t.backendName,
      worldSize: W0, // a member count below it changes no config: not recorded
      nonfiniteSkips: t.nonfiniteSkips,
      savedAt: new Date().toISOString(),
    },
    params: replica.master,
    ...t.moments,
  };
}

/** What a state must have been written for to be applied to `t` (./checkpoint.ts checkResumable). */
function resumeTarget(t: StatefulTrainer): ResumeTarget {
  return { cfg: t.cfg, worldSize: t.configuredWorldSize, tokenizer: t.tokenizer.toJSON(), specs: t.replica.specs,
    paramCount: t.replica.size };
}

/** The trainer's state at its current step, encoded as a checkpoint file's bytes. `target` names where the
 *  bytes go (a file, or a peer) in the NonFiniteError raised instead when a weight or moment is non-finite:
 *  such a state is never written nor sent. */
export function encodeState(trainer: StatefulTrainer, target = `state of step ${trainer.step} in flight`): Buffer {
  const s = checkpointState(trainer);
  assertFiniteState(trainer.step, trainer.rank, target, { weights: s.params, 'adam m': s.m, 'adam v': s.v });
  return encodeCheckpoint(s);
}

/** Replaces the trainer's state with `bytes` (a checkpoint file's, or a peer's in flight; `source` names
 *  them in errors and logs). Everything is checked before anything is replaced: the envelope (magic,
 *  sha256, length, header), every value finite, and checkResumable against this run (model, tokenizer,
 *  training config, world size). A torn, corrupt, non-finite or foreign state is a CheckpointError naming
 *  `source` and leaves the trainer exactly as it was. Returns the config keys that differ but may
 *  (train.max_steps), for the caller to log. */
export async function applyState(trainer: StatefulTrainer, bytes: Uint8Array,
  source = 'state in flight'): Promise<string[]>
{
  const d = await decodeCheckpoint(source, bytes); // fresh arrays: the trainer is untouched so far
  const changed = checkResumable(source, d.header, resumeTarget(trainer));
  trainer.installState(d);
  return changed;
}

/** hex sha256 over step (u64 LE) | non-finite skips (u32 LE) | weights | adam m | adam v (float32 LE):
 *  equal on two ranks iff their next steps give bit-identical results. */
export function stateChecksum(trainer: StatefulTrainer): string {
  const { header, params, m, v } = checkpointState(trainer);
  const head = Buffer.alloc(12);
  head.writeBigUInt64LE(BigInt(header.step), 0);
  head.writeUInt32LE(header.nonfiniteSkips, 8);
  const h = createHash('sha256').update(head);
  for (const a of [params, m, v]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}
