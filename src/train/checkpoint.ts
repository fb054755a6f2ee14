// One-file checkpoints: the layout, hash and header checks are src/util/checkpoint_file.ts (shared with the
// coordinator, which verifies files without decoding them); here the arrays are encoded and decoded, and a
// checkpoint is checked against the run that wants to resume from it.
// Written atomically by the caller (writeAtomic in src/util/run_dir.ts).
import { createHash } from 'crypto';
import type { Config } from '../config/types';
import { configDiff } from '../config/load';
import { defaultConfig } from '../config/schema';
import { CHECKPOINT_FORMAT, CheckpointError, CheckpointHeader, JSON_AT, MAGIC, bytesInMemory, padTo4,
  readCheckpointBytes, readEnvelope } from '../util/checkpoint_file';
import { firstNonFinite } from './nonfinite';

export { CHECKPOINT_FORMAT, CheckpointError, type CheckpointHeader };

export interface CheckpointData {
  header: CheckpointHeader;
  params: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

/** What encodeCheckpoint takes: the header without the fields the encoder sets, and the three arrays. */
export type CheckpointState = Omit<CheckpointData, 'header'> & {
  header: Omit<CheckpointHeader, 'payloadSha256' | 'format'>;
};

function bytesOf(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

export function encodeCheckpoint(d: CheckpointState): Buffer {
  const header: CheckpointHeader = { ...d.header, format: CHECKPOINT_FORMAT };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  const body = [len, json, Buffer.alloc(padTo4(JSON_AT + json.length), 0x20), bytesOf(d.params), bytesOf(d.m),
    bytesOf(d.v)];
  const sha = createHash('sha256');
  for (const b of body) sha.update(b);
  return Buffer.concat([MAGIC, sha.digest(), ...body]);
}

/** Read and validate a checkpoint (a regular file; envelope checks in src/util/checkpoint_file.ts; no
 *  non-finite values); every problem is a CheckpointError naming the file. */
export async function readCheckpoint(file: string): Promise<CheckpointData> {
  return decodeCheckpoint(file, await readCheckpointBytes(file));
}

/** Validates checkpoint bytes (from a file, or a peer's state in flight: `source` names them in errors) and
 *  decodes the arrays into fresh buffers, so nothing of `buf` is shared and a caller that applies only
 *  after this returned never holds half a state. Magic, sha256, size and header checks, then every value
 *  must be finite; every problem is a CheckpointError naming `source`. */
export async function decodeCheckpoint(source: string, bytes: Uint8Array): Promise<CheckpointData> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { header, payloadAt: start } = await readEnvelope(source, bytesInMemory(buf));
  const P = header.paramCount;
  // Copy into fresh aligned arrays.
  const arr = (i: number) =>
    new Float32Array(buf.buffer.slice(buf.byteOffset + start + i * P * 4, buf.byteOffset + start + (i + 1) * P * 4));
  const d: CheckpointData = { header, params: arr(0), m: arr(1), v: arr(2) };
  for (const [name, a] of [['weights', d.params], ['adam m', d.m], ['adam v', d.v]] as const) {
    const i = firstNonFinite(a);
    if (i >= 0) {
      throw new CheckpointError(source, `holds non-finite ${name} (value ${i} is ${a[i]}); it cannot be resumed from`);
    }
  }
  return d;
}

/** What the resuming process has: the checkpoint must have been written for the same model, tokenizer,
 *  training config and configured world size. */
export interface ResumeTarget {
  cfg: Config;
  /** The configured world (cluster.workers / cluster.world_size), not the members now: a group shrunk
   *  below it (cluster.min_workers) trains the same global batch and data order (./units.ts). */
  worldSize: number;
  tokenizer: string;
  specs: readonly { name: string; shape: readonly number[]; }[];
  paramCount: number;
}

/** Training-relevant keys a resumed run may change: extending (or shortening) a run. Logged, not refused. */
const MAY_CHANGE = ['train.max_steps'];

/** Throws CheckpointError naming what differs; returns the allowed differences (to be logged). */
export function checkResumable(file: string, h: CheckpointHeader, t: ResumeTarget): string[] {
  const fail = (why: string): never => {
    throw new CheckpointError(file, why);
  };
  if (h.tokenizer !== t.tokenizer) fail(`tokenizer differs from the one built from ${t.cfg.data.path}`);
  if (h.paramCount !== t.paramCount || h.specs.length !== t.specs.length ||
    h.specs.some((s, i) => s.name !== t.specs[i].name || s.shape.join('x') !== t.specs[i].shape.join('x')))
  {
    fail(
      `model shape differs (checkpoint model ${JSON.stringify(h.config.model)}, config model ${
        JSON.stringify(t.cfg.model)
      })`,
    );
  }
  // Keys added since the checkpoint was written take their defaults.
  const base = defaultConfig() as unknown as Record<string, Record<string, unknown>>;
  const saved = Object.fromEntries(
    Object.entries(base).map((
      [s, d],
    ) => [s, { ...d, ...((h.config as unknown as Record<string, Record<string, unknown>>)[s] ?? {}) }]),
  ) as unknown as Config;
  const diff = configDiff(saved, t.cfg);
  const refused = diff.filter((d) => !MAY_CHANGE.some((k) => d.startsWith(`${k}:`)));
  if (refused.length) fail(`was written with a different training config: ${refused.join(', ')}`);
  if (h.step > t.cfg.train.max_steps) {
    fail(`step ${h.step} is beyond train.max_steps ${t.cfg.train.max_steps}: nothing left to train`);
  }
  if (h.worldSize !== t.worldSize) {
    fail(`was written by ${h.worldSize} worker(s), this run has ${t.worldSize}: the global batch ` +
      `(train.batch_size x grad_accum x workers) and the data order would change; resume with ${h.worldSize} workers ` +
      `(the configured world size; cluster.min_workers lets fewer of them train it)`);
  }
  return diff.filter((d) => !refused.includes(d));
}
