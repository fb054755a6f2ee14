// TensorBoard event files (metrics.tensorboard_dir), written without TensorFlow:
//   file   events.out.tfevents.<unix seconds>.<hostname>   (TensorBoard reads every *tfevents* file in a dir)
//   record TFRecord framing: u64 LE length | u32 LE masked CRC32C of those 8 bytes | data
//          | u32 LE masked CRC32C of data
//   data   a tensorflow.Event protobuf (tensorflow/core/util/event.proto, summary.proto):
//            Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
//            Summary { repeated Value value = 1; }   Value { string tag = 1; float simple_value = 2; }
// The first record is the file_version event "brain.Event:2"; then one event per step with its scalars.
// Encoded by hand (four fields); test/metrics/tensorboard.test.ts decodes them with protobufjs.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1; // Castagnoli, reflected
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli; RFC 3720 B.4), as TFRecord uses it. */
export function crc32c(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC32C_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** TFRecord's masked CRC: rotate right by 15, add 0xa282ead8 (mod 2^32). */
export function maskedCrc32c(buf: Uint8Array): number {
  const c = crc32c(buf);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** One TFRecord around `data`. */
export function tfRecord(data: Uint8Array): Buffer {
  const head = Buffer.alloc(12);
  head.writeBigUInt64LE(BigInt(data.length), 0);
  head.writeUInt32LE(maskedCrc32c(head.subarray(0, 8)), 8);
  const tail = Buffer.alloc(4);
  tail.writeUInt32LE(maskedCrc32c(data), 0);
  return Buffer.concat([head, data, tail]);
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}
const lengthDelimited = (field: number, bytes: Uint8Array) =>
  Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(bytes.length)]), bytes]);

/** tensorflow.Event with wall_time (seconds), step and either file_version or scalar summary values. */
export function encodeEvent(
  e: { wallTimeS: number; step: number; fileVersion?: string; scalars?: readonly [string, number][]; },
): Buffer {
  if (!Number.isSafeInteger(e.step) || e.step < 0) {
    throw new RangeError(`event step must be an integer >= 0, got ${e.step}`);
  }
  const wall = Buffer.alloc(9);
  wall[0] = (1 << 3) | 1; // field 1, 64-bit
  wall.writeDoubleLE(e.wallTimeS, 1);
  const parts = [wall, Buffer.from([(2 << 3) | 0, ...varint(e.step)])];
  if (e.fileVersion !== undefined) parts.push(lengthDelimited(3, Buffer.from(e.fileVersion, 'utf8')));
  if (e.scalars) {
    const values = e.scalars.map(([tag, v]) => {
      const f = Buffer.alloc(5);
      f[0] = (2 << 3) | 5; // Value.simple_value: field 2, 32-bit
      f.writeFloatLE(v, 1);
      return lengthDelimited(1, Buffer.concat([lengthDelimited(1, Buffer.from(tag, 'utf8')), f]));
    });
    parts.push(lengthDelimited(5, Buffer.concat(values)));
  }
  return Buffer.concat(parts);
}

/** One event file in `dir` (created if needed), opened at construction with its file_version record. The
 *  events after it are appended in order off the event loop (the coordinator's inbox and heartbeats never
 *  wait on a slow disk such as NFS); close() waits for them. */
export class TensorBoardWriter {
  readonly file: string;
  private fd: number | null;
  private pending: Promise<void> = Promise.resolve(); // the appends queued so far, in order
  private failed = false;

  /** Throws (with the errno code) when the directory or file cannot be made. A later write that fails
   *  (disk full) calls onError once and ends the file: training goes on without it. */
  constructor(dir: string,
    private readonly opts: { nowMs?: number; host?: string; onError?: (e: Error) => void; } = {})
  {
    const nowMs = opts.nowMs ?? Date.now(), host = opts.host ?? os.hostname();
    fs.mkdirSync(dir, { recursive: true });
    const base = path.join(dir, `events.out.tfevents.${Math.floor(nowMs / 1000)}.${host}`);
    let file = base, fd: number;
    // Another writer in the same second (a restarted coordinator): never append to its file.
    for (let i = 1;; i++) {
      try {
        fd = fs.openSync(file, 'wx');
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i > 100) throw e;
        file = `${base}.${i}`;
      }
    }
    this.file = file;
    this.fd = fd;
    fs.writeSync(fd, tfRecord(encodeEvent({ wallTimeS: nowMs / 1000, step: 0, fileVersion: 'brain.Event:2' })));
  }

  /** One event at `step` holding `scalars` (tag -> value), queued. */
  scalars(step: number, scalars: readonly [string, number][], nowMs = Date.now()): void {
    if (scalars.length) this.write(encodeEvent({ wallTimeS: nowMs / 1000, step, scalars }));
  }

  private write(event: Buffer): void {
    if (this.fd === null || this.failed) return;
    const record = tfRecord(event);
    this.pending = this.pending.then(() => this.append(record));
  }

  private async append(record: Buffer): Promise<void> {
    const fd = this.fd;
    if (fd === null || this.failed) return;
    try {
      for (let off = 0; off < record.length;) off += await writeAt(fd, record.subarray(off));
    } catch (e) {
      this.failed = true;
      this.fd = null;
      try {
        fs.closeSync(fd);
      } catch { /* the write error is the one to report */ }
      this.opts.onError?.(e as Error);
    }
  }

  /** Waits for the queued events, then closes the file. */
  async close(): Promise<void> {
    await this.pending;
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) fs.closeSync(fd);
  }
}

/** One write(2) at the file's current position (only this queue writes it), off the event loop; bytes written. */
function writeAt(fd: number, buf: Buffer): Promise<number> {
  return new Promise((resolve, reject) => fs.write(fd, buf, (e, n) => (e ? reject(e) : resolve(n))));
}
