// The ring as the worker uses it, on the main thread or in the communication thread
// (cluster.comm_thread), behind one shape: bound before Hello (address), connected by the Welcome,
// then an all-reduce function (select.ts picks exchange or ring per call), a broadcast (broadcast.ts) and
// an async close.
//   const ring = cfg.cluster.comm_thread ? await threadedRing(opts) : mainThreadRing(await createRing(...), opts);
import { CommThread, type CommThreadOptions } from './comm_thread';
import { Collective, type CollectiveOptions } from './select';
import type { Ring, RingMembers } from './setup';
import type { AllReduceStats } from './wire';

export type SumFn = (buf: Float32Array) => Promise<AllReduceStats>;

export interface WorkerRing {
  address: string;             // for Hello.ring_address
  bound: string;               // what the socket bound (exposure warning)
  /** The Welcome's members; returns the in-place sum over the ring (every rank calls it in the same order). */
  connect(m: RingMembers): SumFn;
  /** After connect(): `root`'s bytes on every rank, byte-exact (other ranks' `bytes` are ignored). It takes
   *  its place in the same sequence of collective calls as the sums. */
  broadcast(bytes: Uint8Array | undefined, root: number): Promise<Uint8Array>;
  /** The communication thread, which is also the trainer's GradSync (undefined on the main-thread path). */
  thread?: CommThread;
  /** Closes the sockets (and ends the thread); resolves once nothing is left. */
  close(): Promise<void>;
}

/** The ring on this thread (cluster.comm_thread: false, for debugging). */
export function mainThreadRing(ring: Ring, o: Omit<CollectiveOptions, 'rank' | 'worldSize' | 'generation'>): WorkerRing {
  let seq = 0; // every rank makes the same sequence of collective calls: a shared tag
  let coll: Collective | undefined;
  return {
    address: ring.address, bound: ring.bound,
    connect(m) {
      ring.connect(m); // validates the members, names the neighbours, connects
      const c = coll = new Collective(ring.link, { ...o, ...m });
      return (buf) => c.allreduce(buf, seq++);
    },
    async broadcast(bytes, root) {
      if (!coll) throw new Error('broadcast before connect()');
      return (await coll.broadcast(bytes, root, seq++)).bytes;
    },
    close: async () => ring.close(),
  };
}

/** The ring in its own thread (comm_thread.ts); the ZeroMQ sockets live there. */
export async function threadedRing(o: CommThreadOptions): Promise<WorkerRing> {
  const ct = await CommThread.start(o);
  return {
    address: ct.address, bound: ct.bound, thread: ct,
    connect(m) { ct.connect(m); return (buf) => ct.allreduce(buf); },
    broadcast: async (bytes, root) => (await ct.broadcast(bytes, root)).bytes,
    close: () => ct.close(),
  };
}
