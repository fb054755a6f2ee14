// The communication thread's body (started by comm_thread.ts with worker_threads). It owns the ring
// sockets (the ZeroMQ socket objects live in this thread) and runs one collective at a time, in the
// order the main thread asked for them, on SharedArrayBuffer memory the main thread owns: gradient
// buckets (sum in place, posted by ready()) and one-off calls (weights broadcast, eval-loss sums).
// Every rank posts the same sequence, so the per-call step number (seq) agrees across ranks.
import { parentPort, workerData } from 'node:worker_threads';
import type { BucketSpan } from '../train/grad_sync';
import { CollectiveError } from './errors';
import { ringKernels } from './kernels';
import { Collective } from './select';
import { createRing, Ring, RingSetupOptions } from './setup';
import type { CollectiveOptions } from './select';

/** main -> thread */
export type ToThread =
  | { type: 'connect'; addresses: string[]; publicKeys?: string[] }
  | { type: 'attach'; sab: SharedArrayBuffer; buckets: BucketSpan[] }
  | { type: 'ready'; b: number }
  | { type: 'call'; id: number; kind: 'allreduce' | 'broadcast'; sab: SharedArrayBuffer; length: number; op: 'sum' | 'mean' }
  | { type: 'close' };

/** A failure as it crosses the thread boundary; `collective` ones become CollectiveError again. */
export type WireError =
  | { kind: 'collective'; rank: number; step: number; failedRank: number; reason: string }
  | { kind: 'other'; message: string };

/** thread -> main. Times are absolute (performance.timeOrigin + now(), ms), comparable across threads. */
export type FromThread =
  | { type: 'bound'; address: string; native: boolean }
  | { type: 'done'; b: number; startMs: number; endMs: number }
  | { type: 'failed'; error: WireError }
  | { type: 'reply'; id: number; error?: WireError }
  | { type: 'log'; line: string }
  | { type: 'fatal'; error: WireError };

export type ThreadData = Omit<CollectiveOptions & RingSetupOptions, 'zmq'> & { zmq?: Omit<NonNullable<RingSetupOptions['zmq']>, 'log'> };

/** After closing the sockets, how long the thread stays alive: ZeroMQ releases zero-copy messages by
 *  calling back into this thread's module, which must still exist (else the process crashes). */
export const CLOSE_GRACE_MS = 200;

const now = () => performance.timeOrigin + performance.now();

export function toWireError(e: unknown): WireError {
  if (e instanceof CollectiveError) return { kind: 'collective', rank: e.rank, step: e.step, failedRank: e.failedRank, reason: e.reason };
  return { kind: 'other', message: (e as Error)?.message ?? String(e) };
}

class CommWorker {
  private grad: Float32Array = new Float32Array(0);
  private spans: BucketSpan[] = [];
  private seq = 0;                       // step number of the next collective
  private chain: Promise<void> = Promise.resolve();
  private failed: WireError | null = null;

  constructor(private ring: Ring, private coll: Collective, private post: (m: FromThread) => void) {}

  handle(m: ToThread): void {
    switch (m.type) {
      case 'connect': this.ring.connect(m.addresses, m.publicKeys); return;
      case 'attach': this.grad = new Float32Array(m.sab); this.spans = m.buckets; return;
      case 'ready': this.enqueue(() => this.bucket(m.b), () => undefined); return;
      case 'call': this.enqueue(() => this.call(m), (error) => this.post({ type: 'reply', id: m.id, error })); return;
      case 'close': void this.close(); return;
    }
  }

  /** Runs jobs one after another; after a failure every later job fails with the first error. */
  private enqueue(job: () => Promise<void>, onFail: (e: WireError) => void): void {
    this.chain = this.chain.then(async () => {
      if (this.failed) return onFail(this.failed);
      try {
        await job();
      } catch (e) {
        this.failed = toWireError(e);
        this.post({ type: 'failed', error: this.failed });
        onFail(this.failed);
      }
    });
  }

  private async bucket(b: number): Promise<void> {
    const s = this.spans[b];
    const startMs = now();
    await this.coll.allreduce(this.grad.subarray(s.offset, s.offset + s.length), this.seq++, 'sum');
    this.post({ type: 'done', b, startMs, endMs: now() });
  }

  private async call(m: Extract<ToThread, { type: 'call' }>): Promise<void> {
    const buf = new Float32Array(m.sab, 0, m.length);
    if (m.kind === 'broadcast') await this.coll.broadcast(buf, this.seq++);
    else await this.coll.allreduce(buf, this.seq++, m.op);
    this.post({ type: 'reply', id: m.id });
  }

  private async close(): Promise<void> {
    await Promise.race([this.chain, new Promise((r) => setTimeout(r, 1000))]); // a job blocked on a dead peer is not waited for
    this.ring.close();
    setTimeout(() => parentPort!.close(), CLOSE_GRACE_MS);
  }
}

async function main(): Promise<void> {
  const port = parentPort!;
  const post = (m: FromThread) => port.postMessage(m);
  const o = workerData as ThreadData;
  let ring: Ring;
  try {
    // linger 0: at close, what is still queued is dropped at once (see CLOSE_GRACE_MS)
    ring = await createRing({ ...o, zmq: { ...o.zmq, lingerMs: 0, log: (line) => post({ type: 'log', line }) } });
  } catch (e) {
    post({ type: 'fatal', error: toWireError(e) });
    port.close();
    return;
  }
  const w = new CommWorker(ring, new Collective(ring.link, o), post);
  port.on('message', (m: ToThread) => w.handle(m));
  post({ type: 'bound', address: ring.address, native: ringKernels().native });
}

if (parentPort && (workerData as { mygptCommThread?: boolean } | null)?.mygptCommThread) void main();
