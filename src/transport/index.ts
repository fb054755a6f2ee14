// Picks the data-plane transport by name, so that the collective (and its communication thread, which
// cannot receive a factory object across the thread boundary) never names a concrete transport.
//   tcp: plain TCP streams, authenticated at connect by the generation's ring secret (transport/tcp)
//   zmq: ZeroMQ PUSH/PULL, with CURVE encryption when keys are given: libzmq driven from native code
//        (transport/native) where the addon was built with libzmq, else the zeromq.js link (transport/zmq)
import type { RingTransport } from '../config/types';
import type { RingLinkFactory } from './types';
import { tcpRingLinks } from './tcp';
import { zmqRingLinks, type CurveOptions } from './zmq';
import { nativeZmqRingLinks } from './native';
import { writeLog } from '../util/log';

export type { RingTransport } from '../config/types';

/** (The ZeroMQ values were measured on the zeromq.js link; not re-measured on the native one yet.)
 *  Where the exchange stops paying on each data plane, as the bytes each rank sends with it ((N-1) x the
 *  buffer; collective/select.ts), measured on the 2-core dev VM (docs/benchmarks.md "Algorithm choice"):
 *  TCP: the exchange wins to ~1 MB at world 2 and meets the ring near 0.4 MB at world 4. ZeroMQ: about
 *  even with the ring to 0.5 MB at world 2, behind it from 0.26 MB at world 4, ahead below 256 KB (the
 *  earlier "Algorithm choice" runs): 768 KiB keeps world 4 at <= 256 KiB. cluster.exchange_max_bytes
 *  -1 (the default) means this value. */
export const EXCHANGE_MAX_BYTES: Readonly<Record<RingTransport, number>> = { tcp: 1 << 20, zmq: 768 << 10 };

/** The ring's pipeline chunk on each data plane (docs/benchmarks.md "Chunk size"): TCP moves large buffers
 *  faster in 4 MiB writes (world 4, 40 MB: 96-97 vs 117-122 ms with 1 MiB; world 2 no worse); on ZeroMQ
 *  4 MiB was mixed, so it keeps 1 MiB. Gradient buckets (256 KiB) are below either. cluster.chunk_bytes -1
 *  (the default) means this value. */
export const CHUNK_BYTES: Readonly<Record<RingTransport, number>> = { tcp: 4 << 20, zmq: 1 << 20 };

/** A cluster key as the collective uses it: a set value (>= 0) wins, -1 (or none) is the data plane's. */
const perPlane =
  (table: Readonly<Record<RingTransport, number>>) => (transport: RingTransport,
    configured = -1): number => (configured >= 0 ? configured : table[transport]);

/** cluster.exchange_max_bytes resolved for a data plane. */
export const exchangeMaxBytes = perPlane(EXCHANGE_MAX_BYTES);
/** cluster.chunk_bytes resolved for a data plane. */
export const chunkBytes = perPlane(CHUNK_BYTES);

export interface RingLinkChoice {
  transport: RingTransport;
  maxPayloadBytes?: number;
  // offer/accept shared memory with ranks on this host (default true; not on the zeromq.js link)
  sharedMemory?: boolean;
  curve?: CurveOptions; // zmq only
  lingerMs?: number; // zmq only
  closing?: Int32Array; // native zmq: a word (SharedArrayBuffer) another thread sets to 1 before closing the
  // link's thread: a receive blocked in native code then returns within 100 ms
  log?: (line: string) => void;
}

export function ringLinks(c: RingLinkChoice): RingLinkFactory {
  const shmBudgetBytes = c.sharedMemory === false ? 0 : undefined;
  if (c.transport === 'tcp') return tcpRingLinks({ maxPayloadBytes: c.maxPayloadBytes, shmBudgetBytes, log: c.log });
  const native = nativeZmqRingLinks({ maxPayloadBytes: c.maxPayloadBytes, shmBudgetBytes, curve: c.curve,
    closing: c.closing, log: c.log });
  if ('links' in native) return native.links;
  (c.log ?? ((l: string) => writeLog('warn', `[transport] ${l}`)))(`ZeroMQ ring link: zeromq.js (${native.why})`);
  return zmqRingLinks({ maxPayloadBytes: c.maxPayloadBytes, curve: c.curve, lingerMs: c.lingerMs, log: c.log });
}
