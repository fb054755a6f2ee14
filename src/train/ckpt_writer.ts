// Disk checkpoints off the training path (the writing rank's side; the thread is ckpt_thread.ts).
// snapshot() copies the weights and AdamW moments of the step just completed into one of two
// SharedArrayBuffers (a memcpy of 3 x P floats) with the header (step, skips, data position, RNG, config)
// and hands it to the writer thread, which checks, encodes, writes atomically, moves `latest` and prunes.
// Training goes on meanwhile; the time snapshot() takes is the checkpoint's whole cost to the step loop
// (logged per checkpoint). poll() returns the newest checkpoint written since the last call (the next
// StepReport carries it to the coordinator) and flush() waits for every write (before Done, at a stop);
// both throw the thread's failure as the error class it was: NonFiniteError (non-finite weights are never
// written), CheckpointWriteError (the file system). Both buffers busy: the next snapshot waits for the
// older write and says so in the log. (The same save on the training path, for tests and the
// checkpoint-stall bench: test/train/sync_save.ts.)
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Trainer } from './trainer';
import { NonFiniteError } from './nonfinite';
import type { FromWriter, ToWriter, WriterError, WriterThreadData } from './ckpt_thread';
import { checkpointState } from './state';
import { checkpointName } from '../util/run_dir';

/** A checkpoint could not be written: the file system's error, naming the file and step (or the writer
 *  thread died: then `file` is run.dir and `step` -1). Restartable, as any I/O error (FAILURE_INTERNAL);
 *  `latest` still names the previous checkpoint. */
export class CheckpointWriteError extends Error {
  constructor(readonly file: string, readonly step: number, readonly why: string, readonly code = '') {
    super(step >= 0 ? `checkpoint ${file} (step ${step}) not written: ${why}` : `checkpoints in ${file}: ${why}`);
    this.name = 'CheckpointWriteError';
  }
}

export interface CheckpointWriterOptions {
  runDir: string;
  keep: number; // train.keep_checkpoints
  rank: number; // for NonFiniteError
  log: (line: string) => void;
  paramCount?: number; // allocate both buffers now rather than in the first two snapshots
  resumedFrom?: string; // the checkpoint this generation loaded: never pruned by this writer
}

/** What one snapshot cost the training path. */
export interface Snapshot {
  step: number;
  file: string;
  stallMs: number;
  waitedMs: number;
}

const SLOTS = 2;
/** Writers of this process still finishing their queued writes after close(): the next generation's
 *  rank waits for them (CheckpointWriter.idle) before it loads a checkpoint, so no old write prunes
 *  or repoints `latest` under it. */
const closing = new Set<Promise<void>>();
const ms = (x: number) => x.toFixed(1);

export class CheckpointWriter {
  private readonly w: Worker;
  private readonly bufs: (SharedArrayBuffer | null)[] = new Array<SharedArrayBuffer | null>(SLOTS).fill(null);
  private readonly busy: boolean[] = new Array<boolean>(SLOTS).fill(false);
  private readonly stall = new Map<number, number>(); // step -> snapshot ms, until its write is logged
  private error: Error | null = null;
  private unpolled = ''; // newest file written since the last poll()
  private newest = ''; // newest file written by this writer
  private wake: (() => void)[] = [];
  private closed = false;
  private readonly exited: Promise<void>;
  private reported: string[] = []; // the last two checkpoints poll()/flush() handed out: a restart may load either

  constructor(private readonly o: CheckpointWriterOptions) {
    // Written once now: the first write into fresh memory faults its pages in, which costs far more than the copy.
    if (o.paramCount) {
      for (let i = 0; i < SLOTS; i++) new Uint8Array(this.bufs[i] = new SharedArrayBuffer(12 * o.paramCount)).fill(0);
    }
    const data: WriterThreadData = { delayMs: testCheckpointDelayMs(), mygptCheckpointThread: true };
    this.w = new Worker(path.join(__dirname, 'ckpt_thread.js'), { workerData: data });
    this.w.unref(); // referenced only while a write is in flight
    this.exited = new Promise((resolve) => this.w.once('exit', () => resolve()));
    this.w.on('message', (m: FromWriter) => this.onMessage(m));
    this.w.on('error',
      (e) => this.fail(new CheckpointWriteError(this.o.runDir, -1, `the writer thread threw ${e.message}`)));
    this.w.on('exit', (code) => {
      if (!this.closed) {
        this.fail(new CheckpointWriteError(this.o.runDir, -1, `the writer thread exited (code ${code})`));
      }
    });
  }

  /** Writes still in flight. */
  get pending(): number {
    return this.busy.filter(Boolean).length;
  }

  /** Copies the trainer's state (this step) into a free buffer and queues its write (final: the run's last
   *  checkpoint, whose retention pins nothing); resolves as soon as the
   *  copy is made (after waiting for a buffer if both are busy). Throws an earlier write's failure. */
  async snapshot(trainer: Trainer, final = false): Promise<Snapshot> {
    this.check();
    if (this.closed) throw new Error('CheckpointWriter.snapshot after close()');
    const t0 = performance.now();
    const step = trainer.step, file = path.join(this.o.runDir, checkpointName(step));
    let slot = this.busy.indexOf(false), waitedMs = 0;
    if (slot < 0) {
      while (slot < 0) {
        await new Promise<void>((r) => this.wake.push(r));
        this.check();
        slot = this.busy.indexOf(false);
      }
      waitedMs = performance.now() - t0;
      this.o.log(`checkpoint at step ${step} waited ${ms(waitedMs)} ms for the previous write`);
    }
    const s = checkpointState(trainer), P = s.params.length;
    let sab = this.bufs[slot];
    if (!sab || sab.byteLength !== 12 * P) sab = this.bufs[slot] = new SharedArrayBuffer(12 * P);
    const all = new Float32Array(sab);
    all.set(s.params, 0);
    all.set(s.m, P);
    all.set(s.v, 2 * P);
    this.busy[slot] = true;
    this.w.ref();
    // the run's last checkpoint (train.max_steps): no restart will load an older one, retention is exact again
    const pinned = final ? [] : [...this.reported, ...(this.o.resumedFrom ? [this.o.resumedFrom] : [])];
    this.post({ type: 'write', slot, sab, header: s.header, file, runDir: this.o.runDir, keep: this.o.keep, pinned,
      rank: this.o.rank });
    const stallMs = performance.now() - t0;
    this.stall.set(step, stallMs);
    return { step, file, stallMs, waitedMs };
  }

  /** The newest checkpoint written since the last call ('' = none); throws a write's failure. */
  poll(): string {
    this.check();
    const f = this.unpolled;
    this.unpolled = '';
    if (f) this.report(f);
    return f;
  }

  private report(f: string): void {
    this.reported = [...this.reported, f].slice(-2);
  }

  /** Waits until every snapshot taken is on disk; the newest checkpoint this writer wrote ('' = none). */
  async flush(): Promise<string> {
    while (this.pending > 0 && !this.error) await new Promise<void>((r) => this.wake.push(r));
    this.check();
    this.unpolled = '';
    if (this.newest) this.report(this.newest);
    return this.newest;
  }

  /** Ends the thread once the writes already queued are done (not awaited on a failure path: they are
   *  complete checkpoints of finished steps, and a process exit before then leaves `latest` as it was). */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.w.ref();
      this.post({ type: 'close' });
      closing.add(this.exited);
      void this.exited.then(() => closing.delete(this.exited));
    }
    return this.exited;
  }

  /** Resolves once every writer of this process closed so far has finished its queued writes (or after
   *  boundMs, logging which; a write stuck in the file system must not hold a group restart forever). */
  static async idle(boundMs: number, log: (line: string) => void): Promise<void> {
    if (closing.size === 0) return;
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([Promise.all(closing).then(() => false), new Promise<boolean>((r) => {
      timer = setTimeout(() => r(true), boundMs);
    })]);
    clearTimeout(timer);
    log(late ?
      `checkpoint writes of the previous generation still running after ${boundMs} ms: going on without them`
      : `waited ${ms(performance.now() - t0)} ms for the previous generation's checkpoint writes`);
  }

  private onMessage(m: FromWriter): void {
    this.busy[m.slot] = false;
    if (this.pending === 0 && !this.closed) this.w.unref();
    const stallMs = this.stall.get(m.step) ?? NaN;
    this.stall.delete(m.step);
    if (m.type === 'written') {
      this.unpolled = this.newest = m.file;
      this.o.log(
        `checkpoint step ${m.step}: snapshot ${ms(stallMs)} ms on the training path; written in the background ` +
          `in ${ms(m.writeMs)} ms (${(m.bytes / 1e6).toFixed(1)} MB): ${m.file}`,
      );
    } else this.fail(revive(m.file, m.step, m.error));
    for (const r of this.wake.splice(0)) r();
  }

  private fail(e: Error): void {
    this.error ??= e;
    for (const r of this.wake.splice(0)) r();
  }

  private check(): void {
    if (this.error) throw this.error;
  }

  private post(m: ToWriter): void {
    this.w.postMessage(m);
  }
}

function revive(file: string, step: number, e: WriterError): Error {
  if (e.kind === 'nonfinite') return new NonFiniteError(e.step, e.rank, e.local, e.detail);
  return new CheckpointWriteError(file, step, e.message, e.code);
}

/** Test-only fault (docs/reliability.md, "Test-only hooks"): MYGPT_TEST_CKPT_DELAY_MS=N makes the writer
 *  thread wait N ms before the fsync of each checkpoint's temp file, a slow disk, for the background-checkpoint
 *  tests. 0 when unset, as in production. */
function testCheckpointDelayMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.MYGPT_TEST_CKPT_DELAY_MS;
  if (v === undefined || v === '') return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`MYGPT_TEST_CKPT_DELAY_MS (test only) must be an integer >= 0, got ${JSON.stringify(v)}`);
  }
  return n;
}
