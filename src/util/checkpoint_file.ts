// The checkpoint file's envelope, read without touching the tensors in it: format 2 is
//   'MYGPTCK2' | sha256 (32 raw bytes) of everything after it | u32 LE header length | JSON header |
//   space padding to 4 bytes | raw little-endian float32 arrays (params, adam m, adam v)
// so one hash covers the header (step, config, world size) and the payload alike. Format 1 ('MYGPTCK1',
// no hash field, header.payloadSha256 over the payload only) is still read by its own rule, so runs
// saved before format 2 can resume; both go through the same header checks (step range, name).
// The workers decode the arrays (src/train/checkpoint.ts); the coordinator only verifies a file
// (verifyCheckpointFile) to pick the checkpoint a resume starts from.
import * as fs from 'fs';
import { createHash } from 'crypto';
import type { Config } from '../config/types';
import { openRegular, stepOfCheckpoint } from './run_dir';

export const MAGIC_V1 = Buffer.from('MYGPTCK1', 'ascii');
export const MAGIC = Buffer.from('MYGPTCK2', 'ascii');
export const CHECKPOINT_FORMAT = 2;
export const HASH_AT = MAGIC.length, LEN_AT = HASH_AT + 32, JSON_AT = LEN_AT + 4;
export const padTo4 = (n: number) => (4 - (n % 4)) % 4;

export interface CheckpointHeader {
  format: number;
  step: number; // completed optimizer steps
  paramCount: number;
  specs: { name: string; shape: number[]; }[];
  tokenizer: string; // the vocabulary, in id order
  config: Config;
  configHash: string;
  /** Where the data order stands: the next step reads batchIndices(step=this.step, ...). */
  dataPosition: { step: number; epoch: number; batchInEpoch: number; };
  /** Dropout and data-order randomness are pure functions of (seed, step, micro, rank): no hidden state. */
  rng: { scheme: string; seed: number; };
  backend: string;
  worldSize: number;
  /** Steps skipped so far for non-finite values (train.nonfinite: skip); 0 in format 1. */
  nonfiniteSkips: number;
  /** Format 1 only: sha256 of the payload. */
  payloadSha256?: string;
  savedAt: string;
}

/** An unreadable, corrupt, tampered or mismatched checkpoint (or one that is not a regular file):
 *  retrying with the same file cannot help. */
export class CheckpointError extends Error {
  constructor(readonly file: string, readonly why: string) {
    super(`checkpoint ${file}: ${why}`);
    this.name = 'CheckpointError';
  }
}

/** The bytes of a checkpoint, in memory (the workers) or read on demand from an open file (verification). */
export interface CheckpointBytes {
  size: number;
  read(at: number, length: number): Promise<Buffer>;
  sha256(from: number): Promise<Buffer>; // over [from, size)
}

export function bytesInMemory(buf: Buffer): CheckpointBytes {
  return { size: buf.length, read: async (at, n) => buf.subarray(at, at + n),
    sha256: async (from) => createHash('sha256').update(buf.subarray(from)).digest() };
}

const CHUNK = 1 << 20;

function bytesOfFile(fh: fs.promises.FileHandle, size: number): CheckpointBytes {
  const read = async (at: number, n: number) => {
    const buf = Buffer.alloc(Math.max(0, Math.min(n, size - at)));
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, at + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  };
  return {
    size,
    read,
    sha256: async (from) => {
      const h = createHash('sha256');
      for (let at = from; at < size; at += CHUNK) h.update(await read(at, CHUNK));
      return h.digest();
    },
  };
}

/** Magic, hash, size and header checks; every problem is a CheckpointError naming the file. Returns the
 *  header and where the payload (3 x paramCount float32) starts. */
export async function readEnvelope(file: string,
  b: CheckpointBytes): Promise<{ header: CheckpointHeader; payloadAt: number; }>
{
  const fail = (why: string): never => {
    throw new CheckpointError(file, why);
  };
  const head = await b.read(0, JSON_AT);
  const v1 = b.size >= 12 && head.subarray(0, 8).equals(MAGIC_V1);
  if (!v1 && (b.size < JSON_AT || !head.subarray(0, 8).equals(MAGIC))) fail('not a mygpt checkpoint (bad magic)');
  const jsonAt = v1 ? 12 : JSON_AT;
  const hlen = head.readUInt32LE(jsonAt - 4);
  const start = jsonAt + hlen + padTo4(jsonAt + hlen);
  let header: CheckpointHeader | null = null;
  if (v1 && jsonAt + hlen > b.size) fail(`truncated header (${hlen} bytes declared, file has ${b.size})`);
  if (jsonAt + hlen <= b.size) {
    try {
      header = JSON.parse((await b.read(jsonAt, hlen)).toString('utf8')) as CheckpointHeader;
    } catch (e) {
      if (v1) fail(`corrupt header JSON (${(e as Error).message})`);
    }
  }
  const P = header?.paramCount as number;
  const sizeOk = Number.isSafeInteger(P) && P > 0 && b.size === start + 3 * P * 4;
  const sizeWhy = () =>
    jsonAt + hlen > b.size ?
      `truncated header (${hlen} bytes declared, file has ${b.size})`
      : `size ${b.size} bytes, expected ${start + 3 * P * 4} for ${P} parameters (truncated or corrupt)`;
  if (!v1) {
    // A file that ends inside its header, or a readable header whose size disagrees, says "truncated"
    // better than a hash mismatch does.
    if (!(await b.sha256(LEN_AT)).equals(head.subarray(HASH_AT, LEN_AT))) {
      fail(
        (header && !sizeOk) || jsonAt + hlen > b.size
          ? sizeWhy()
          : 'sha256 of header and payload does not match the stored one (corrupt or edited)',
      );
    }
  }
  if (header === null || typeof header !== 'object') return fail('header is not a JSON object');
  if (header.format !== (v1 ? 1 : CHECKPOINT_FORMAT)) {
    fail(`header format ${header.format} does not match the file's magic (format ${v1 ? 1 : CHECKPOINT_FORMAT})`);
  }
  if (v1) header.nonfiniteSkips = 0;
  if (!Number.isSafeInteger(P) || P <= 0) fail(`bad paramCount ${P}`);
  if (!sizeOk) fail(sizeWhy());
  if (v1) {
    const sha = (await b.sha256(start)).toString('hex');
    if (sha !== header.payloadSha256) {
      fail(`payload sha256 ${sha} does not match header ${header.payloadSha256} (corrupt)`);
    }
  }
  checkHeader(file, header);
  return { header, payloadAt: start };
}

const isCount = (x: unknown, min: number) => typeof x === 'number' && Number.isSafeInteger(x) && x >= min;

/** Field ranges and internal consistency (step vs data position vs file name). */
function checkHeader(file: string, h: CheckpointHeader): void {
  const fail = (why: string): never => {
    throw new CheckpointError(file, why);
  };
  if (!isCount(h.step, 0)) fail(`step ${JSON.stringify(h.step)} must be an integer >= 0`);
  const named = stepOfCheckpoint(file);
  if (named !== null && named !== h.step) fail(`header step ${h.step} does not match the file name (step ${named})`);
  if (h.dataPosition?.step !== h.step) {
    fail(`dataPosition.step ${JSON.stringify(h.dataPosition?.step)} does not match step ${h.step}`);
  }
  if (!isCount(h.worldSize, 1)) fail(`worldSize ${JSON.stringify(h.worldSize)} must be an integer >= 1`);
  if (!isCount(h.nonfiniteSkips, 0)) fail(`nonfiniteSkips ${JSON.stringify(h.nonfiniteSkips)} must be an integer >= 0`);
  if (typeof h.tokenizer !== 'string' || !Array.isArray(h.specs) || h.config === null || typeof h.config !== 'object') {
    fail('header lacks tokenizer, specs or config');
  }
}

/** The whole file, if it is a regular file (a FIFO or a device is refused at once: src/util/run_dir.ts openRegular). */
export async function readCheckpointBytes(file: string): Promise<Buffer> {
  const fh = await openRegular(file, (why) => {
    throw new CheckpointError(file, why);
  });
  try {
    return await fh.readFile();
  } catch (e) {
    throw new CheckpointError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    await fh.close();
  }
}

/** Everything about a checkpoint file that can be checked without its tensors: a regular file, magic,
 *  hash (streamed, never the whole file in memory), size and header. Throws CheckpointError. */
export async function verifyCheckpointFile(file: string): Promise<CheckpointHeader> {
  const fh = await openRegular(file, (why) => {
    throw new CheckpointError(file, why);
  });
  try {
    return (await readEnvelope(file, bytesOfFile(fh, (await fh.stat()).size))).header;
  } finally {
    await fh.close();
  }
}
