// One-file checkpoints: magic, JSON header, then raw little-endian float32 arrays (params, adam m, adam v).
// Written atomically: temp file in the same directory, fsync, rename, fsync the directory.
import * as fs from 'fs';
import { createHash } from 'crypto';
import type { Config } from '../config/types';

const MAGIC = Buffer.from('MYGPTCK1', 'ascii');
export const CHECKPOINT_FORMAT = 1;

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
  payloadSha256: string;
  savedAt: string;
}

export interface CheckpointData { header: CheckpointHeader; params: Float32Array; m: Float32Array; v: Float32Array; }

function bytesOf(a: Float32Array): Buffer { return Buffer.from(a.buffer, a.byteOffset, a.byteLength); }

export function encodeCheckpoint(d: Omit<CheckpointData, 'header'> & { header: Omit<CheckpointHeader, 'payloadSha256' | 'format'> }): Buffer {
  const payload = [bytesOf(d.params), bytesOf(d.m), bytesOf(d.v)];
  const sha = createHash('sha256');
  for (const p of payload) sha.update(p);
  const header: CheckpointHeader = { ...d.header, format: CHECKPOINT_FORMAT, payloadSha256: sha.digest('hex') };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  const headEnd = MAGIC.length + 4 + json.length;
  const pad = Buffer.alloc((4 - (headEnd % 4)) % 4, 0x20);
  return Buffer.concat([MAGIC, len, json, pad, ...payload]);
}

/** Read and validate a checkpoint; every problem is an error naming the file. */
export async function readCheckpoint(file: string): Promise<CheckpointData> {
  const fail = (why: string): never => { throw new Error(`checkpoint ${file}: ${why}`); };
  let buf: Buffer;
  try { buf = await fs.promises.readFile(file); } catch (e) {
    return fail(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (buf.length < 12 || !buf.subarray(0, 8).equals(MAGIC)) fail('not a mygpt checkpoint (bad magic)');
  const hlen = buf.readUInt32LE(8);
  if (12 + hlen > buf.length) fail(`truncated header (${hlen} bytes declared, file has ${buf.length})`);
  let header: CheckpointHeader;
  try { header = JSON.parse(buf.subarray(12, 12 + hlen).toString('utf8')); } catch (e) {
    return fail(`corrupt header JSON (${(e as Error).message})`);
  }
  if (header.format !== CHECKPOINT_FORMAT) fail(`unsupported format ${header.format} (expected ${CHECKPOINT_FORMAT})`);
  const P = header.paramCount;
  if (!Number.isInteger(P) || P <= 0) fail(`bad paramCount ${P}`);
  const start = 12 + hlen + ((4 - ((12 + hlen) % 4)) % 4);
  const expected = start + 3 * P * 4;
  if (buf.length !== expected) fail(`size ${buf.length} bytes, expected ${expected} for ${P} parameters (truncated or corrupt)`);
  const sha = createHash('sha256').update(buf.subarray(start)).digest('hex');
  if (sha !== header.payloadSha256) fail(`payload sha256 ${sha} does not match header ${header.payloadSha256} (corrupt)`);
  // Copy into fresh aligned arrays.
  const arr = (i: number) => new Float32Array(buf.buffer.slice(buf.byteOffset + start + i * P * 4, buf.byteOffset + start + (i + 1) * P * 4));
  return { header, params: arr(0), m: arr(1), v: arr(2) };
}
