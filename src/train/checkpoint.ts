// One-file checkpoints. Format 2 (written):
//   'MYGPTCK2' | sha256 (32 raw bytes) of everything after it | u32 LE header length | JSON header |
//   space padding to 4 bytes | raw little-endian float32 arrays (params, adam m, adam v)
// so one hash covers the header (step, config, world size) and the payload alike. Format 1 ('MYGPTCK1',
// no hash field, header.payloadSha256 over the payload only) is still read by its own rule, so runs
// saved before format 2 can resume; both go through the same header checks (step range, name, finite).
// Written atomically by the caller (writeAtomic in src/util/run_dir.ts).
import * as fs from 'fs';
import { createHash } from 'crypto';
import type { Config } from '../config/types';
import { configDiff } from '../config/load';
import { defaultConfig } from '../config/schema';
import { stepOfCheckpoint } from '../util/run_dir';
import { firstNonFinite } from './nonfinite';

const MAGIC_V1 = Buffer.from('MYGPTCK1', 'ascii');
const MAGIC = Buffer.from('MYGPTCK2', 'ascii');
export const CHECKPOINT_FORMAT = 2;
const HASH_AT = MAGIC.length, LEN_AT = HASH_AT + 32, JSON_AT = LEN_AT + 4;

export interface CheckpointHeader {
  format: number;
  step: number;                  // completed optimizer steps
  paramCount: number;
  specs: { name: string; shape: number[] }[];
  tokenizer: string;             // the vocabulary, in id order
  config: Config;
  configHash: string;
  /** Where the data order stands: the next step reads batchIndices(step=this.step, ...). */
  dataPosition: { step: number; epoch: number; batchInEpoch: number };
  /** Dropout and data-order randomness are pure functions of (seed, step, micro, rank): no hidden state. */
  rng: { scheme: string; seed: number };
  backend: string;
  worldSize: number;
  /** Steps skipped so far for non-finite values (train.nonfinite: skip); 0 in format 1. */
  nonfiniteSkips: number;
  /** Format 1 only: sha256 of the payload. */
  payloadSha256?: string;
  savedAt: string;
}

export interface CheckpointData { header: CheckpointHeader; params: Float32Array; m: Float32Array; v: Float32Array; }

/** An unreadable, corrupt, tampered or mismatched checkpoint: retrying with the same file cannot help. */
export class CheckpointError extends Error {
  constructor(readonly file: string, readonly why: string) {
    super(`checkpoint ${file}: ${why}`);
    this.name = 'CheckpointError';
  }
}

function bytesOf(a: Float32Array): Buffer { return Buffer.from(a.buffer, a.byteOffset, a.byteLength); }
const padTo4 = (n: number) => (4 - (n % 4)) % 4;

export function encodeCheckpoint(d: Omit<CheckpointData, 'header'> & { header: Omit<CheckpointHeader, 'payloadSha256' | 'format'> }): Buffer {
  const header: CheckpointHeader = { ...d.header, format: CHECKPOINT_FORMAT };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  const body = [len, json, Buffer.alloc(padTo4(JSON_AT + json.length), 0x20), bytesOf(d.params), bytesOf(d.m), bytesOf(d.v)];
  const sha = createHash('sha256');
  for (const b of body) sha.update(b);
  return Buffer.concat([MAGIC, sha.digest(), ...body]);
}

/** Read and validate a checkpoint; every problem is a CheckpointError naming the file. */
export async function readCheckpoint(file: string): Promise<CheckpointData> {
  const fail = (why: string): never => { throw new CheckpointError(file, why); };
  let buf: Buffer;
  try { buf = await fs.promises.readFile(file); } catch (e) {
    return fail(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const v1 = buf.length >= 12 && buf.subarray(0, 8).equals(MAGIC_V1);
  if (!v1 && (buf.length < JSON_AT || !buf.subarray(0, 8).equals(MAGIC))) fail('not a mygpt checkpoint (bad magic)');
  const jsonAt = v1 ? 12 : JSON_AT;
  const hlen = buf.readUInt32LE(jsonAt - 4);
  const start = jsonAt + hlen + padTo4(jsonAt + hlen);
  let header: CheckpointHeader | null = null;
  try { header = JSON.parse(buf.subarray(jsonAt, Math.min(buf.length, jsonAt + hlen)).toString('utf8')); } catch (e) {
    if (v1) fail(`corrupt header JSON (${(e as Error).message})`);
  }
  const P = header?.paramCount as number;
  const sizeOk = Number.isSafeInteger(P) && P > 0 && buf.length === start + 3 * P * 4;
  const sizeWhy = () => jsonAt + hlen > buf.length ? `truncated header (${hlen} bytes declared, file has ${buf.length})`
    : `size ${buf.length} bytes, expected ${start + 3 * P * 4} for ${P} parameters (truncated or corrupt)`;
  if (!v1) {
    const sha = createHash('sha256').update(buf.subarray(LEN_AT)).digest();
    // A readable header whose size disagrees says "truncated" better than a hash mismatch does.
    if (!sha.equals(buf.subarray(HASH_AT, LEN_AT))) fail(header && !sizeOk ? sizeWhy() : 'sha256 of header and payload does not match the stored one (corrupt or edited)');
  }
  if (header === null || typeof header !== 'object') return fail('header is not a JSON object');
  if (header.format !== (v1 ? 1 : CHECKPOINT_FORMAT)) fail(`header format ${header.format} does not match the file's magic (format ${v1 ? 1 : CHECKPOINT_FORMAT})`);
  if (v1) header.nonfiniteSkips = 0;
  if (!Number.isSafeInteger(P) || P <= 0) fail(`bad paramCount ${P}`);
  if (!sizeOk) fail(sizeWhy());
  if (v1) {
    const sha = createHash('sha256').update(buf.subarray(start)).digest('hex');
    if (sha !== header.payloadSha256) fail(`payload sha256 ${sha} does not match header ${header.payloadSha256} (corrupt)`);
  }
  checkHeader(file, header);
  // Copy into fresh aligned arrays.
  const arr = (i: number) => new Float32Array(buf.buffer.slice(buf.byteOffset + start + i * P * 4, buf.byteOffset + start + (i + 1) * P * 4));
  const d: CheckpointData = { header, params: arr(0), m: arr(1), v: arr(2) };
  for (const [name, a] of [['weights', d.params], ['adam m', d.m], ['adam v', d.v]] as const) {
    const i = firstNonFinite(a);
    if (i >= 0) fail(`holds non-finite ${name} (value ${i} is ${a[i]}); it cannot be resumed from`);
  }
  return d;
}

const isCount = (x: unknown, min: number) => typeof x === 'number' && Number.isSafeInteger(x) && x >= min;

/** Field ranges and internal consistency (step vs data position vs file name). */
function checkHeader(file: string, h: CheckpointHeader): void {
  const fail = (why: string): never => { throw new CheckpointError(file, why); };
  if (!isCount(h.step, 0)) fail(`step ${JSON.stringify(h.step)} must be an integer >= 0`);
  const named = stepOfCheckpoint(file);
  if (named !== null && named !== h.step) fail(`header step ${h.step} does not match the file name (step ${named})`);
  if (h.dataPosition?.step !== h.step) fail(`dataPosition.step ${JSON.stringify(h.dataPosition?.step)} does not match step ${h.step}`);
  if (!isCount(h.worldSize, 1)) fail(`worldSize ${JSON.stringify(h.worldSize)} must be an integer >= 1`);
  if (!isCount(h.nonfiniteSkips, 0)) fail(`nonfiniteSkips ${JSON.stringify(h.nonfiniteSkips)} must be an integer >= 0`);
  if (typeof h.tokenizer !== 'string' || !Array.isArray(h.specs) || h.config === null || typeof h.config !== 'object') {
    fail('header lacks tokenizer, specs or config');
  }
}

/** What the resuming process has: the checkpoint must have been written for the same model, tokenizer,
 *  training config and world size. */
export interface ResumeTarget {
  cfg: Config;
  worldSize: number;
  tokenizer: string;
  specs: readonly { name: string; shape: readonly number[] }[];
  paramCount: number;
}

/** Training-relevant keys a resumed run may change: extending (or shortening) a run. Logged, not refused. */
const MAY_CHANGE = ['train.max_steps'];

/** Throws CheckpointError naming what differs; returns the allowed differences (to be logged). */
export function checkResumable(file: string, h: CheckpointHeader, t: ResumeTarget): string[] {
  const fail = (why: string): never => { throw new CheckpointError(file, why); };
  if (h.tokenizer !== t.tokenizer) fail(`tokenizer differs from the one built from ${t.cfg.data.path}`);
  if (h.paramCount !== t.paramCount || h.specs.length !== t.specs.length ||
    h.specs.some((s, i) => s.name !== t.specs[i].name || s.shape.join('x') !== t.specs[i].shape.join('x'))) {
    fail(`model shape differs (checkpoint model ${JSON.stringify(h.config.model)}, config model ${JSON.stringify(t.cfg.model)})`);
  }
  // Keys added since the checkpoint was written take their defaults.
  const base = defaultConfig() as unknown as Record<string, Record<string, unknown>>;
  const saved = Object.fromEntries(Object.entries(base).map(([s, d]) =>
    [s, { ...d, ...((h.config as unknown as Record<string, Record<string, unknown>>)[s] ?? {}) }])) as unknown as Config;
  const diff = configDiff(saved, t.cfg);
  const refused = diff.filter((d) => !MAY_CHANGE.some((k) => d.startsWith(`${k}:`)));
  if (refused.length) fail(`was written with a different training config: ${refused.join(', ')}`);
  if (h.step > t.cfg.train.max_steps) fail(`step ${h.step} is beyond train.max_steps ${t.cfg.train.max_steps}: nothing left to train`);
  if (h.worldSize !== t.worldSize) {
    fail(`was written by ${h.worldSize} worker(s), this run has ${t.worldSize}: the global batch ` +
      `(train.batch_size x grad_accum x workers) and the data order would change; resume with ${h.worldSize} workers`);
  }
  return diff.filter((d) => !refused.includes(d));
}
