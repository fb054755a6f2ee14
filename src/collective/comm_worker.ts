// The communication thread's body (started by comm_thread.ts with worker_threads). It owns the ring
// sockets (the ring link and its sockets live in this thread) and runs one collective at a time, in the
// order the main thread asked for them, on SharedArrayBuffer memory the main thread owns: gradient
// buckets (sum in place, posted by ready()), one-off sums (eval loss) and broadcasts (broadcast.ts: the
// root's bytes in the SharedArrayBuffer, the receivers' result transferred back to the main thread).
// Every rank posts the same sequence, so the per-call step number (seq) agrees across ranks.
// The thread builds the transport itself by name (a RingLinkFactory cannot cross the thread boundary).
// abort ends this generation's link (the op in flight fails: a native receive sees the closing word the
// main thread set, a TCP one the closed link); rebind then waits for the op to unwind, binds a new
// inbound socket in this same thread and accepts calls again (sequence numbers from 0, like a new rank).
// Fencing: each rebind starts the next epoch on both sides (the main thread counts its 'rebind' posts, the
// thread the ones it handled). Calls carry the epoch they were posted in and results the epoch of the call
// that made them: a call of an older epoch never runs, and a result of one (an op that outlived rebind's
// unwind bound) is never posted, nor counted by the main thread, nor fails the new generation.
import { parentPort, workerData } from 'node:worker_threads';
import type { BucketSpan } from '../contracts';
import { ringLinks } from '../transport';
import { type FromThread, type ThreadData, type ToThread, toWireError, type WireError } from './comm_messages';
import { ringKernels } from './kernels';
import { Collective } from './select';
import { createRing, Ring, RingMembers } from './setup';

/** How long rebind waits for the op in flight to unwind after an abort (a native receive returns within
 *  a slice once the closing word is set); past it the next generation does not queue behind it. */
export const REBIND_UNWIND_MS = 2000;

/** After closing the sockets, how long the thread stays alive: ZeroMQ releases zero-copy messages by
 *  calling back into this thread's module, which must still exist (else the process crashes). Kept for
 *  the TCP transport too: its sockets' close callbacks also run on this thread. */
export const CLOSE_GRACE_MS = 200;

const now = () => performance.timeOrigin + performance.now();

/** A result: posted by the thread, counted by the main thread, only in the epoch of the call that made it. */
type Result = Extract<FromThread, { epoch: number; }>;
type Unstamped<T> = T extends unknown ? Omit<T, 'epoch'> : never;

class CommWorker {
  private grad: Float32Array = new Float32Array(0);
  private spans: BucketSpan[] = [];
  private seq = 0; // step number of the next collective
  private chain: Promise<void> = Promise.resolve();
  private failed: WireError | null = null;
  private epoch = 0; // rebinds handled so far (the main thread counts its own the same)
  private rebinding: Promise<void> | null = null;
  private closed = false;

  private coll: Collective | null = null;

  constructor(private ring: Ring, private o: ThreadData,
    private post: (m: FromThread, transfer?: ArrayBuffer[]) => void)
  {}

  handle(m: ToThread): void {
    switch (m.type) {
      case 'connect':
        this.connect(m.members);
        return;
      case 'attach':
        this.grad = new Float32Array(m.sab);
        this.spans = m.buckets;
        return;
      case 'ready':
        this.enqueue(m.epoch, () => this.bucket(m.epoch, m.b), () => undefined);
        return;
      case 'call':
        this.enqueue(m.epoch, () => this.call(m), (error) => this.result(m.epoch, { type: 'reply', id: m.id, error }));
        return;
      case 'broadcast':
        this.enqueue(m.epoch, () => this.broadcast(m),
          (error) => this.result(m.epoch, { type: 'reply', id: m.id, error }));
        return;
      case 'abort':
        this.abort();
        return;
      case 'rebind':
        if (!this.closed) {
          this.rebinding = this.rebind().finally(() => {
            this.rebinding = null;
          });
        }
        return;
      case 'close':
        void this.close();
        return;
    }
  }

  /** Posts a result of a call made in `epoch`, stamped with it, unless a rebind has started another since. */
  private result(epoch: number, m: Unstamped<Result>, transfer?: ArrayBuffer[]): void {
    if (epoch === this.epoch) this.post({ ...m, epoch }, transfer);
  }

  /** Runs jobs one after another; after a failure every later job fails with the first error. A job of an
   *  older epoch does not run, and its late failure touches nothing of the current one. */
  private enqueue(epoch: number, job: () => Promise<void>, onFail: (e: WireError) => void): void {
    this.chain = this.chain.then(async () => {
      if (epoch !== this.epoch) return;
      if (this.failed) return onFail(this.failed);
      try {
        await job();
      } catch (e) {
        if (epoch !== this.epoch) return;
        this.failed ??= toWireError(e); // after abort(): the op's own error is the closed link's, not the cause
        this.result(epoch, { type: 'failed', error: this.failed });
        onFail(this.failed);
      }
    });
  }

  private connect(members: RingMembers): void {
    try {
      this.ring.connect(members); // validates rank, world, addresses; names the neighbours
      this.coll = new Collective(this.ring.link, { ...this.o, ...members });
    } catch (e) {
      this.failed = toWireError(e);
      this.result(this.epoch, { type: 'failed', error: this.failed });
    }
  }

  private collective(): Collective {
    if (!this.coll) throw new Error('collective before connect()');
    return this.coll;
  }

  private async bucket(epoch: number, b: number): Promise<void> {
    const s = this.spans[b];
    const stats = await this.collective().allreduce(this.grad.subarray(s.offset, s.offset + s.length), this.seq++);
    this.result(epoch, { type: 'done', b, endMs: now(), stats });
  }

  private async call(m: Extract<ToThread, { type: 'call'; }>): Promise<void> {
    const stats = await this.collective().allreduce(new Float32Array(m.sab, 0, m.length), this.seq++);
    this.result(m.epoch, { type: 'reply', id: m.id, stats });
  }

  private async broadcast(m: Extract<ToThread, { type: 'broadcast'; }>): Promise<void> {
    const c = this.collective(), isRoot = m.root === c.ring.rank;
    const r = await c.broadcast(isRoot ? new Uint8Array(m.sab, 0, m.length) : undefined, m.root, this.seq++,
      m.maxBytes);
    if (isRoot) this.result(m.epoch, { type: 'reply', id: m.id, stats: r.stats }); // the main thread has the bytes
    else {this.result(m.epoch, { type: 'reply', id: m.id, stats: r.stats, bytes: r.bytes }, [
        r.bytes.buffer as ArrayBuffer,
      ]); // a fresh array: moved, not copied
    }
  }

  /** Fails this and every later op (until rebind) and closes the link, so a receive waiting on it returns. */
  private abort(): void {
    this.failed ??= { kind: 'aborted', rank: this.coll?.ring.rank ?? this.o.rank ?? 0 };
    this.ring.close();
  }

  private async rebind(): Promise<void> {
    this.abort();
    this.epoch++; // what the old generation still has queued does not run; what it still finishes is not posted
    let t: NodeJS.Timeout | undefined;
    const unwound = await Promise.race([this.chain.then(() => true), new Promise<boolean>((r) => {
      t = setTimeout(() => r(false), REBIND_UNWIND_MS);
    })]);
    clearTimeout(t);
    if (!unwound) {
      this.post({ type: 'log', line: `rebind: the aborted op did not unwind within ${REBIND_UNWIND_MS} ms; ` +
        'the next generation does not wait for it' });
    }
    const closing = this.o.links.closing;
    // nothing blocks on the old link any more: the new one must not see it set
    if (closing) Atomics.store(closing, 0, 0);
    let next: Ring;
    try {
      next = await this.ring.rebind();
    } catch (e) {
      this.post({ type: 'rebound', error: toWireError(e) });
      return;
    }
    if (this.closed) {
      next.close();
      return;
    } // close() came meanwhile: the new socket goes with the thread
    this.ring = next;
    this.chain = Promise.resolve();
    this.coll = null;
    this.seq = 0; // a new generation: every member (a fresh replacement too) counts from 0
    this.failed = null;
    this.post({ type: 'rebound', address: this.ring.address, bound: this.ring.bound });
  }

  /** Waits for a rebind under way (it closes the link it binds), then briefly for the op in flight. */
  private async close(): Promise<void> {
    this.closed = true;
    await this.rebinding;
    let t: NodeJS.Timeout | undefined; // a job blocked on a dead peer is not waited for
    await Promise.race([this.chain, new Promise((r) => {
      t = setTimeout(r, 1000);
    })]);
    clearTimeout(t);
    this.ring.close();
    setTimeout(() => parentPort!.close(), CLOSE_GRACE_MS);
  }
}

async function main(): Promise<void> {
  const port = parentPort!;
  const post = (m: FromThread, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
  const o = workerData as ThreadData;
  let ring: Ring;
  try {
    // linger 0: at close, what is still queued is dropped at once (see CLOSE_GRACE_MS)
    const log = (line: string) => post({ type: 'log', line });
    ring = await createRing({ ...o, links: ringLinks({ ...o.links, lingerMs: 0, log: (l) => log(`[ring] ${l}`) }),
      log });
  } catch (e) {
    post({ type: 'fatal', error: toWireError(e) });
    port.close();
    return;
  }
  const w = new CommWorker(ring, o, post);
  port.on('message', (m: ToThread) => w.handle(m));
  post({ type: 'bound', address: ring.address, bound: ring.bound, native: ringKernels().native });
}

if (parentPort && (workerData as { mygptCommThread?: boolean; } | null)?.mygptCommThread) void main();
