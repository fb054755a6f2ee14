// The ring as the worker uses it, on the main thread or in the communication thread
// (cluster.comm_thread), behind one shape: bound before Hello (address), connected by the Welcome,
// then an all-reduce function (select.ts picks exchange or ring per call), a broadcast (broadcast.ts) and
// an async close. For in-place recovery, abort() fails the collective in flight at once, rebind()
// binds the next generation's inbound socket (same process, same thread) for a new connect().
//   const ring = cfg.cluster.comm_thread ? await threadedRing(opts) : mainThreadRing(await createRing(...), opts);
import { CommThread, type CommThreadOptions } from './comm_thread';
import { CollectiveAbortedError, RingClosedError } from './errors';
import { Collective, type CollectiveOptions } from './select';
import type { Ring, RingMembers } from './setup';
import type { AllReduceStats } from './wire';

export type SumFn = (buf: Float32Array) => Promise<AllReduceStats>;

export interface WorkerRing {
  readonly address: string; // for Hello.ring_address (the next one's after rebind())
  readonly bound: string; // what the socket bound (exposure warning)
  /** The Welcome's members; returns the in-place sum over the ring (every rank calls it in the same order). */
  connect(m: RingMembers): SumFn;
  /** After connect(): `root`'s bytes on every rank, byte-exact (other ranks' `bytes` are ignored). It takes
   *  its place in the same sequence of collective calls as the sums. `maxBytes`: the most bytes this rank
   *  accepts (the expected state size); a root claiming more fails the call before anything is allocated,
   *  with a CollectiveError FAILURE_PEER_PROTOCOL naming the root. */
  broadcast(bytes: Uint8Array | undefined, root: number, maxBytes: number): Promise<Uint8Array>;
  /** The communication thread, which is also the trainer's GradSync (undefined on the main-thread path). */
  thread?: CommThread;
  /** Fails the collective in flight (and every later one) at once with a CollectiveAbortedError, also when
   *  blocked waiting on a silent peer; the ring is unusable until rebind(). */
  abort(): void;
  /** Closes this generation's link (aborting what is in flight) and binds the next one in the same process
   *  and thread; resolves to its address. Then connect() with the next generation's members. After or
   *  during close() it fails (CommThreadError on the threaded ring, RingClosedError on the main thread)
   *  and the socket it was binding is closed. */
  rebind(): Promise<string>;
  /** Closes the sockets (and ends the thread); resolves once nothing is left. */
  close(): Promise<void>;
}

/** The ring on this thread (cluster.comm_thread: false, for debugging). */
export function mainThreadRing(ring: Ring,
  o: Omit<CollectiveOptions, 'rank' | 'worldSize' | 'generation'>): WorkerRing
{
  let seq = 0; // every rank makes the same sequence of collective calls: a shared tag
  let coll: Collective | undefined;
  let rank = 0, aborted: CollectiveAbortedError | null = null, closed = false;
  const inFlight = new Set<(e: Error) => void>();
  /** The op, unless abort() ends it first (its own later failure, the closed link's, is dropped). */
  const abortable = <T>(op: () => Promise<T>): Promise<T> => {
    if (aborted) return Promise.reject(aborted);
    return new Promise<T>((resolve, reject) => {
      inFlight.add(reject);
      op().then(resolve, reject).finally(() => inFlight.delete(reject));
    });
  };
  return {
    get address() {
      return ring.address;
    },
    get bound() {
      return ring.bound;
    },
    connect(m) {
      ring.connect(m); // validates the members, names the neighbours, connects
      rank = m.rank;
      const c = coll = new Collective(ring.link, { ...o, ...m });
      return (buf) => abortable(() => c.allreduce(buf, seq++));
    },
    broadcast(bytes, root, maxBytes) {
      const c = coll;
      if (!c) return Promise.reject(new Error('broadcast before connect()'));
      return abortable(async () => (await c.broadcast(bytes, root, seq++, maxBytes)).bytes);
    },
    abort() {
      aborted ??= new CollectiveAbortedError(rank);
      for (const reject of inFlight) reject(aborted);
      ring.close(); // a receive waiting on the link fails (the op's own error goes nowhere)
    },
    async rebind() {
      if (closed) throw new RingClosedError(rank);
      this.abort();
      const next = await ring.rebind();
      if (closed) {
        next.close();
        throw new RingClosedError(rank);
      } // close() came meanwhile: the new socket goes too
      ring = next;
      coll = undefined;
      seq = 0;
      aborted = null; // a new generation counts its calls from 0
      return ring.address;
    },
    close: async () => {
      closed = true;
      ring.close();
    },
  };
}

/** The ring in its own thread (comm_thread.ts); the ring link and its sockets live there. */
export async function threadedRing(o: CommThreadOptions): Promise<WorkerRing> {
  const ct = await CommThread.start(o);
  return {
    get address() {
      return ct.address;
    },
    get bound() {
      return ct.bound;
    },
    thread: ct,
    connect(m) {
      ct.connect(m);
      return (buf) => ct.allreduce(buf);
    },
    broadcast: async (bytes, root, maxBytes) => (await ct.broadcast(bytes, root, maxBytes)).bytes,
    abort: () => ct.abort(),
    rebind: () => ct.rebind(),
    close: () => ct.close(),
  };
}
