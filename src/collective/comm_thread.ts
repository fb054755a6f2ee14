// GradSync with communication concurrent with backward: the ring runs in its own thread
// (comm_worker.ts, worker_threads) on gradient buckets in a SharedArrayBuffer. ready(b) posts bucket
// b and returns at once; the thread reduces buckets in order while the main thread keeps computing;
// finish() waits only for what is still in flight. A failure in the thread comes back as the
// collective's CollectiveError (naming the failing rank). close() ends the thread and its sockets.
//
//   const ct = await CommThread.start({ rank, advertiseHost, chunkBytes, wireDtype, timeoutMs,
//     links: { transport: 'tcp' } });
//   // Hello.ring_address = ct.address ... Welcome{rank, world, generation, ring_addresses}
//   ct.connect({ rank, worldSize, generation, addresses, publicKeys, secret });
//   await ct.allreduce(evalLoss);             // one-off collectives go through the thread too
//   // root's bytes, byte-exact, at most stateBytes:
//   const { bytes } = await ct.broadcast(rank === root ? state : undefined, root, stateBytes);
//   const grads = ct.attach(buckets, total);  // the trainer: write bucket b, ct.ready(b), ..., await ct.finish()
//   ct.abort();                               // the coordinator re-forms the ring: the op in flight fails now
//   const next = await ct.rebind();           // same thread, new inbound socket: the next Hello.ring_address
//   ct.connect({ ...nextGeneration });        // buckets stay attached; calls work again
//   await ct.close();
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BucketSpan, GradSync, GradSyncResult } from '../contracts';
import { CollectiveAbortedError } from './errors';
import { checkMaxBytes, type BroadcastResult } from './broadcast';
import { CommThreadError, type FromThread, fromWireError, type ThreadData, type ToThread } from './comm_messages';
import type { RingMembers } from './setup';
import type { AllReduceStats } from './wire';
import { writeLog } from '../util/log';

export type CommThreadOptions = ThreadData & { log?: (line: string) => void; };

type Reply = Extract<FromThread, { type: 'reply'; }>;

const logger = (o: CommThreadOptions) => o.log ?? ((l: string) => writeLog('warn', `[ring] ${l}`));

export class CommThread implements GradSync {
  address: string; // changes with rebind()
  bound: string; // what the thread's ring socket bound
  /** Whether the thread sums with the native loops. */
  readonly native: boolean;
  private grad: Float32Array = new Float32Array(0);
  private outstanding = 0;
  private error: Error | null = null;
  private wake: (() => void) | null = null;
  private calls = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void; }>();
  private nextId = 1;
  private closing?: Int32Array; // shared with the thread's ring link (RingLinkChoice.closing)
  private scratch = new SharedArrayBuffer(0);
  private doneAt: number[] = []; // absolute ms each bucket's sum completed, this step
  private exited: Promise<void>;
  private rank: number; // the rank asked for until connect() names the real one
  private aborted = false;
  private epoch = 0; // rebind() posts so far: results of another epoch are not counted (comm_worker.ts)
  private ended: CommThreadError | null = null; // closed, or the thread exited: nothing more will answer
  private rebinding: { resolve: (address: string) => void; reject: (e: Error) => void; } | null = null;
  /** Called with each gradient bucket's stats (bytes sent, wait) as its sum completes: the worker's traffic
   *  counters. */
  onBucketStats: ((s: AllReduceStats) => void) | null = null;

  private constructor(private w: Worker, private o: CommThreadOptions, bound: Extract<FromThread, { type: 'bound'; }>) {
    this.address = bound.address;
    this.bound = bound.bound;
    this.native = bound.native;
    this.rank = o.rank;
    this.exited = new Promise((resolve) => w.once('exit', () => resolve()));
    w.on('message', (m: FromThread) => this.onMessage(m));
    w.on('error', (e) => this.fail(this.threadDied(`threw ${e.message}`)));
    w.on('exit', (code) => this.end(this.threadDied(`exited (code ${code})`)));
  }

  /** Starts the thread, which binds the ring socket; resolves once it is bound. */
  static start(o: CommThreadOptions): Promise<CommThread> {
    const { log: _log, ...data } = o;
    // set by close() before it posts 'close': a link blocked in a native receive returns within a slice
    const closing = new Int32Array(new SharedArrayBuffer(4));
    const w = new Worker(path.join(__dirname, 'comm_worker.js'), {
      workerData: { ...data, links: { ...data.links, closing }, mygptCommThread: true },
    });
    return new Promise((resolve, reject) => {
      const onMsg = (m: FromThread) => {
        if (m.type === 'log') {
          logger(o)(m.line);
          return;
        }
        w.off('message', onMsg);
        w.off('exit', onExit);
        if (m.type === 'bound') resolve(Object.assign(new CommThread(w, o, m), { closing }));
        else {reject(
            fromWireError(o.rank, m.type === 'fatal' ? m.error : { kind: 'other', message: `unexpected ${m.type}` }),
          );}
      };
      const onExit = (code: number) =>
        reject(new Error(`rank ${o.rank}: communication thread exited (code ${code}) before binding`));
      w.on('message', onMsg);
      w.on('exit', onExit);
    });
  }

  /** Who is in the ring (the Welcome); the thread connects to the next rank. A bad list fails the next call. */
  connect(members: RingMembers): void {
    this.rank = members.rank;
    this.post({ type: 'connect', members });
  }

  attach(buckets: readonly BucketSpan[], total: number): Float32Array {
    if (this.outstanding > 0) {
      throw new Error(`rank ${this.rank}: attach() while ${this.outstanding} buckets are in flight`);
    }
    for (const [b, s] of buckets.entries()) {
      if (!(s.offset >= 0 && s.length >= 0 && s.offset + s.length <= total)) {
        throw new Error(
          `rank ${this.rank}: bucket ${b} {offset ${s.offset}, length ${s.length}} ` +
            `outside the ${total}-element gradient`,
        );
      }
    }
    const sab = new SharedArrayBuffer(total * 4);
    this.grad = new Float32Array(sab);
    this.post({ type: 'attach', sab, buckets: buckets.map((s) => ({ offset: s.offset, length: s.length })) });
    return this.grad;
  }

  ready(b: number): void {
    if (this.error) return; // finish() reports it
    if (this.outstanding === 0) this.doneAt = [];
    this.outstanding++;
    this.post({ type: 'ready', epoch: this.epoch, b });
  }

  async finish(): Promise<GradSyncResult> {
    const t0 = performance.now();
    while (this.outstanding > 0 && !this.error) {
      await new Promise<void>((r) => {
        this.wake = r;
      });
    }
    if (this.error) throw this.error;
    return { exposedS: (performance.now() - t0) / 1000, doneAt: this.doneAt.slice() };
  }

  /** The thread's id (worker_threads): the same across rebind(). */
  get threadId(): number {
    return this.w.threadId;
  }

  /** In-place sum of buf across ranks, through the thread (copied in and out): the trainer's AllReduce. */
  async allreduce(buf: Float32Array): Promise<AllReduceStats> {
    if (this.error) throw this.error;
    if (this.scratch.byteLength < buf.byteLength) this.scratch = new SharedArrayBuffer(buf.byteLength);
    const view = new Float32Array(this.scratch, 0, buf.length);
    view.set(buf);
    const r = await this.request((id) => ({ type: 'call', epoch: this.epoch, id, sab: this.scratch,
      length: buf.length })
    );
    buf.set(view);
    return r.stats!;
  }

  /** `root`'s bytes on every rank, byte-exact, through the thread (broadcast.ts); other ranks' `bytes` are
   *  ignored. In the same call sequence as allreduce(): every rank makes the same calls in the same order.
   *  `maxBytes`: the most bytes this rank accepts; a root claiming more fails the call (PEER_PROTOCOL, naming
   *  the root) before anything is allocated. */
  async broadcast(bytes: Uint8Array | undefined, root: number, maxBytes: number): Promise<BroadcastResult> {
    if (this.error) throw this.error;
    if (root === this.rank && !(bytes instanceof Uint8Array)) {
      throw new Error(`rank ${this.rank}: the broadcast root needs a Uint8Array to send`);
    }
    checkMaxBytes(this.rank, maxBytes);
    const n = root === this.rank ? bytes!.length : 0; // only the root's bytes travel (through the shared scratch)
    if (this.scratch.byteLength < n) this.scratch = new SharedArrayBuffer(n);
    if (n > 0) new Uint8Array(this.scratch, 0, n).set(bytes!);
    const r = await this.request((id) => ({ type: 'broadcast', epoch: this.epoch, id, root, maxBytes, sab: this.scratch,
      length: n })
    );
    return { bytes: r.bytes ?? bytes!, stats: r.stats! };
  }

  private request(msg: (id: number) => ToThread): Promise<Reply> {
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.post(msg(id));
    });
  }

  /** Fails the op in flight (gradient buckets, all-reduce or broadcast) at once with a
   *  CollectiveAbortedError, and every later call until rebind(). A receive the thread is blocked in
   *  returns: the native ZeroMQ link sees the closing word within a slice, the others' link is closed. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.fail(new CollectiveAbortedError(this.rank));
    this.scratch = new SharedArrayBuffer(0); // a zero-copy send may still hold the old one: never reused
    if (this.closing) Atomics.store(this.closing, 0, 1);
    this.post({ type: 'abort' });
  }

  /** The next generation, in this same thread: aborts what is in flight, closes this generation's link,
   *  binds a new inbound socket and resolves to its address (for the next generation). The gradient buckets stay
   *  attached; after connect() calls work again, also after a failure. */
  rebind(): Promise<string> {
    if (this.ended) return Promise.reject(this.ended); // closed or exited: nothing would ever answer
    if (this.rebinding) {
      return Promise.reject(new Error(`rank ${this.rank}: rebind() while another rebind is under way`));
    }
    this.abort();
    this.epoch++;
    return new Promise<string>((resolve, reject) => {
      this.rebinding = { resolve, reject };
      this.post({ type: 'rebind' });
    });
  }

  private rebound(m: Extract<FromThread, { type: 'rebound'; }>): void {
    const r = this.rebinding;
    this.rebinding = null;
    if (m.error) {
      r?.reject(fromWireError(this.rank, m.error));
      return;
    } // still aborted: unusable
    // every message of the old generation came before this one: nothing of it is left to count
    this.address = m.address!;
    this.bound = m.bound!;
    this.error = null;
    this.aborted = false;
    this.outstanding = 0;
    this.wake = null;
    r?.resolve(this.address);
  }

  /** Ends the thread and its sockets (a rebind under way fails, and the socket it binds is closed too);
   *  resolves when it has exited. */
  async close(): Promise<void> {
    this.end(new CommThreadError(this.rank, 'closed'));
    if (this.closing) Atomics.store(this.closing, 0, 1);
    this.post({ type: 'close' });
    let t: NodeJS.Timeout | undefined;
    const bound = new Promise<boolean>((r) => {
      t = setTimeout(() => r(false), 5000);
    });
    if (!(await Promise.race([this.exited.then(() => true), bound]))) await this.w.terminate();
    clearTimeout(t);
  }

  private onMessage(m: FromThread): void {
    if (m.type === 'log') logger(this.o)(m.line);
    else if ((m.type === 'done' || m.type === 'failed' || m.type === 'reply') && m.epoch !== this.epoch) {
      return; // an older generation's
    } else if (m.type === 'done') {
      this.doneAt[m.b] = m.endMs;
      this.onBucketStats?.(m.stats);
      this.outstanding--;
      if (this.outstanding === 0) this.wakeUp();
    } else if (m.type === 'failed') this.fail(fromWireError(this.rank, m.error));
    else if (m.type === 'rebound') this.rebound(m);
    else if (m.type === 'reply') {
      const c = this.calls.get(m.id);
      this.calls.delete(m.id);
      if (m.error) c?.reject(fromWireError(this.rank, m.error));
      else c?.resolve(m);
    }
  }

  private fail(e: Error): void {
    this.error ??= e;
    for (const c of this.calls.values()) c.reject(this.error);
    this.calls.clear();
    this.wakeUp();
  }

  /** Nothing more will answer (closed, exited): every call and a rebind under way fail with e. */
  private end(e: CommThreadError): void {
    this.ended ??= e;
    this.fail(e);
    this.rebinding?.reject(e);
    this.rebinding = null;
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private threadDied(how: string): CommThreadError {
    return new CommThreadError(this.rank, how);
  }

  private post(m: ToThread): void {
    this.w.postMessage(m);
  }
}
