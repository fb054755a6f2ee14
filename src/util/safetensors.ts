// The safetensors file format (https://huggingface.co/docs/safetensors, "Format"), written and read here
// without dependencies:
//   u64 little-endian N | N bytes of UTF-8 JSON header | byte buffer
// The header maps each tensor name to {dtype, shape, data_offsets: [begin, end]} (offsets into the byte
// buffer, end exclusive) and may hold "__metadata__", a string -> string map. Tensors are little-endian,
// row-major (C order). The buffer is covered entirely: sorted by offset, the tensors are contiguous from 0
// to its end (no holes, no overlap). We pad the header with spaces so the buffer starts 8-byte aligned, as
// the reference writer does.
import * as os from 'os';

/** Bytes per element of every dtype the format names. */
export const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

/** The reference implementation's limit on the header, against a hostile length. */
export const MAX_HEADER_BYTES = 100_000_000;

export interface TensorEntry {
  name: string;
  dtype: string;
  shape: number[];
  data: Uint8Array;
}
export interface SafetensorsFile {
  tensors: Map<string, TensorEntry>;
  metadata: Record<string, string>;
}

/** A file that breaks the format; names the file and the rule. */
export class SafetensorsError extends Error {
  constructor(readonly file: string, readonly why: string) {
    super(`safetensors ${file}: ${why}`);
    this.name = 'SafetensorsError';
  }
}

const elements = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** float32 tensors (in the given order) and metadata -> one safetensors file. */
export function encodeSafetensors(tensors: readonly { name: string; shape: number[]; data: Float32Array; }[],
  metadata: Record<string, string>): Buffer
{
  if (os.endianness() !== 'LE') throw new Error('safetensors: writing from a big-endian host is not supported');
  // any tensor name is a plain key
  const header: Record<string, unknown> = Object.assign(Object.create(null) as object, { __metadata__: metadata });
  let at = 0;
  for (const t of tensors) {
    if (t.name === '__metadata__' || Object.prototype.hasOwnProperty.call(header, t.name)) {
      throw new RangeError(`safetensors: duplicate or reserved tensor name ${t.name}`);
    }
    if (elements(t.shape) !== t.data.length) {
      throw new RangeError(`safetensors: ${t.name} has ${t.data.length} values for shape [${t.shape}]`);
    }
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [at, at + t.data.byteLength] };
    at += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  return Buffer.concat([head, Buffer.from(json, 'utf8'),
    ...tensors.map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength))]);
}

/** Parse and validate a whole file; every rule broken is a SafetensorsError naming `file`. */
export function decodeSafetensors(file: string, buf: Buffer): SafetensorsFile {
  const fail = (why: string): never => {
    throw new SafetensorsError(file, why);
  };
  if (buf.length < 8) fail(`${buf.length} bytes: too short for the 8-byte header length`);
  const n = buf.readBigUInt64LE(0);
  if (n > BigInt(MAX_HEADER_BYTES)) fail(`header length ${n} is over the format's limit of ${MAX_HEADER_BYTES} bytes`);
  if (8n + n > BigInt(buf.length)) {
    fail(`header length ${n} runs past the end of the file (${buf.length} bytes): truncated or not safetensors`);
  }
  const text = buf.subarray(8, 8 + Number(n)).toString('utf8');
  if (!text.startsWith('{')) fail('header does not start with "{": not a safetensors file');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    return fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    return fail('header is not a JSON object');
  }
  const data = buf.subarray(8 + Number(n));
  const metadata: Record<string, string> = {};
  const spans: { name: string; begin: number; end: number; }[] = [];
  const tensors = new Map<string, TensorEntry>();
  for (const [name, v] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) fail('__metadata__ is not an object');
      for (const [k, s] of Object.entries(v as Record<string, unknown>)) {
        if (typeof s !== 'string') fail(`__metadata__.${k} is ${typeof s}, the format allows only strings`);
        metadata[k] = s as string;
      }
      continue;
    }
    const e = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown; };
    if (e === null || typeof e !== 'object') fail(`tensor ${name}: entry is not an object`);
    const size = typeof e.dtype === 'string' ? DTYPE_BYTES[e.dtype] : undefined;
    if (size === undefined) fail(`tensor ${name}: unknown dtype ${JSON.stringify(e.dtype)}`);
    const isDim = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
    if (!Array.isArray(e.shape) || !e.shape.every(isDim)) {
      fail(`tensor ${name}: shape ${JSON.stringify(e.shape)} is not a list of integers >= 0`);
    }
    const off = e.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every(isDim) || off[0] > off[1]) {
      fail(`tensor ${name}: data_offsets ${JSON.stringify(off)} is not [begin, end] with 0 <= begin <= end`);
    }
    const [begin, end] = off as number[];
    const shape = e.shape as number[];
    if (end - begin !== elements(shape) * size!) {
      fail(
        `tensor ${name}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, shape [${shape}] of ${e
          .dtype as string} needs ${elements(shape) * size!}`,
      );
    }
    if (end > data.length) {
      fail(`tensor ${name}: data_offsets end ${end} is past the byte buffer (${data.length} bytes): truncated`);
    }
    spans.push({ name, begin, end });
    tensors.set(name, { name, dtype: e.dtype as string, shape, data: data.subarray(begin, end) });
  }
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const s of spans) {
    if (s.begin < at) {
      fail(`tensor ${s.name}: bytes [${s.begin}, ${s.end}) overlap the previous tensor (ends at ${at})`);
    }
    if (s.begin > at) fail(`bytes [${at}, ${s.begin}) before tensor ${s.name} belong to no tensor`);
    at = s.end;
  }
  if (at !== data.length) fail(`the byte buffer has ${data.length} bytes, the tensors cover ${at}`);
  return { tensors, metadata };
}

/** A float32 tensor's values (copied into an aligned array). */
export function float32Of(file: string, t: TensorEntry): Float32Array {
  if (t.dtype !== 'F32') throw new SafetensorsError(file, `tensor ${t.name} is ${t.dtype}; only F32 is read`);
  if (os.endianness() !== 'LE') throw new Error('safetensors: reading on a big-endian host is not supported');
  return new Float32Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength));
}
