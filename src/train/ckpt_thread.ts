// The checkpoint writer thread's body (started by ckpt_writer.ts with worker_threads). For each snapshot,
// in the order they were taken: every value must be finite (a non-finite state is never checkpointed),
// encode it with the one checkpoint encoder (train/checkpoint.ts: same format, same sha256), write it
// atomically (temp + fsync + rename + directory fsync), move `latest` to it, then apply
// train.keep_checkpoints. The snapshot buffer belongs to this thread until it answers 'written' or
// 'failed'. No tf, no sockets: only the file system.
import { parentPort, workerData } from 'node:worker_threads';
import { encodeCheckpoint, type CheckpointState } from './checkpoint';
import { NonFiniteError, assertFiniteState } from './nonfinite';
import { pruneCheckpoints, writeAtomic, writeLatestPointer } from '../util/run_dir';
import { sleep } from '../util/async';

/** One snapshot to write: params, adam m, adam v are [0,P), [P,2P), [2P,3P) of `sab`. */
export interface WriteJob {
  type: 'write';
  slot: number;
  sab: SharedArrayBuffer;
  header: CheckpointState['header'];
  file: string;
  runDir: string;
  keep: number;
  pinned: string[]; // never pruned: the checkpoints already reported, the one loaded
  rank: number;
}

export type ToWriter = WriteJob | { type: 'close'; };

/** The thread's error, as plain data: revived on the main thread as the class it was. */
export type WriterError =
  | { kind: 'nonfinite'; step: number; rank: number; local: boolean; detail: string; }
  | { kind: 'io'; message: string; code: string; };

export type FromWriter =
  | { type: 'written'; slot: number; step: number; file: string; bytes: number; writeMs: number; }
  | { type: 'failed'; slot: number; step: number; file: string; error: WriterError; };

export interface WriterThreadData {
  delayMs: number;
  mygptCheckpointThread: true;
}

function errorOf(e: unknown): WriterError {
  if (e instanceof NonFiniteError) {
    return { kind: 'nonfinite', step: e.step, rank: e.rank, local: e.local, detail: e.detail };
  }
  const err = e as NodeJS.ErrnoException;
  return { kind: 'io', message: err?.message ?? String(e), code: err?.code ?? '' };
}

async function write(j: WriteJob, delayMs: number): Promise<FromWriter> {
  const t0 = performance.now(), P = j.header.paramCount, step = j.header.step;
  try {
    const all = new Float32Array(j.sab, 0, 3 * P);
    const s: CheckpointState = { header: j.header, params: all.subarray(0, P), m: all.subarray(P, 2 * P),
      v: all.subarray(2 * P) };
    assertFiniteState(step, j.rank, j.file, { weights: s.params, 'adam m': s.m, 'adam v': s.v });
    const buf = encodeCheckpoint(s);
    await writeAtomic(j.file, buf, delayMs > 0 ? () => sleep(delayMs) : undefined);
    await writeLatestPointer(j.runDir, j.file); // only once the file and its directory entry are durable
    await pruneCheckpoints(j.runDir, j.keep, j.file, j.pinned);
    return { type: 'written', slot: j.slot, step, file: j.file, bytes: buf.length, writeMs: performance.now() - t0 };
  } catch (e) {
    return { type: 'failed', slot: j.slot, step, file: j.file, error: errorOf(e) };
  }
}

if (parentPort && (workerData as WriterThreadData | undefined)?.mygptCheckpointThread) {
  const port = parentPort, { delayMs } = workerData as WriterThreadData;
  let queue: Promise<void> = Promise.resolve(), failed = false;
  port.on('message', (m: ToWriter) => {
    // One write at a time, in snapshot order, so `latest` only ever moves forward. After a failure the
    // rank is about to report it and go: the snapshots queued behind it are answered, not written.
    queue = queue.then(async () => {
      if (m.type === 'close') return port.close(); // after every write posted before it
      const r: FromWriter = failed ?
        { type: 'failed', slot: m.slot, step: m.header.step, file: m.file,
          error: { kind: 'io', message: 'skipped: an earlier checkpoint write failed', code: '' } } :
        await write(m, delayMs);
      failed ||= r.type === 'failed';
      port.postMessage(r);
    });
  });
}
