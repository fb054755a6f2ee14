// The data-plane link factories, and the pick of one by name, so that the collective (and its communication
// thread, which cannot receive a factory object across the thread boundary) never names a concrete transport.
//   tcp: plain TCP streams, authenticated at connect by the generation's ring secret (transport/tcp: handshake,
//        bounded framing, bounded receive queue; no encryption: with security.curve on, only ZeroMQ encrypts)
//   zmq: ZeroMQ PUSH/PULL, with CURVE encryption when keys are given: libzmq driven from native code
//        (transport/native) where the addon was built with libzmq, else the zeromq.js link (transport/zmq, the
//        only folder that imports `zeromq`; also the control plane, ROUTER <-> DEALER)
import type { RingTransport } from '../config/types';
import type { RingLinkFactory } from './types';
import { RING_MAX_HEADER_BYTES } from './frames';
import { resolveTcp, type TcpOptions } from './tcp/options';
import { createTcpRingLink } from './tcp/ring_link';
import { defaults, type CurveOptions, type ZmqOptions } from './zmq/options';
import { createZmqRingLink } from './zmq/ring_link';
import { nativeZmq } from './native/addon';
import { resolveNative, type NativeZmqOptions } from './native/options';
import { NativeZmqRingLink } from './native/ring_link';
import { writeLog } from '../util/log';

export type { RingTransport } from '../config/types';

/** Where the exchange stops paying on each data plane, as the bytes each rank sends with it ((N-1) x the
 *  buffer; collective/select.ts): below it the exchange's fewer hand-offs win, above it the ring's smaller
 *  sends. Chosen from the all-reduce bench (`--algos ring,exchange`); the runs behind each value, and which
 *  ZeroMQ link they used, are in docs/benchmarks.md ("Algorithm choice"). cluster.exchange_max_bytes -1 (the
 *  default) means this value. */
export const EXCHANGE_MAX_BYTES: Readonly<Record<RingTransport, number>> = { tcp: 1 << 20, zmq: 768 << 10 };

/** The ring's pipeline chunk on each data plane: TCP moves large buffers faster in larger writes, on ZeroMQ
 *  they were mixed (docs/benchmarks.md "Chunk size on TCP"). Gradient buckets of the default
 *  cluster.bucket_bytes are smaller than either, so this matters for single large all-reduces.
 *  cluster.chunk_bytes -1 (the default) means this value. */
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
  /** Offer/accept shared memory with ranks on this host (default true; not on the zeromq.js link). */
  sharedMemory?: boolean;
  curve?: CurveOptions; // zmq only
  lingerMs?: number; // zmq only
  closing?: Int32Array; // native zmq: a word (SharedArrayBuffer) another thread sets to 1 before closing the
  // link's thread: a receive blocked in native code then returns within one polling slice
  log?: (line: string) => void;
}

/** The TCP data plane (cluster.ring_transport: tcp, or auto without security.curve). */
export const tcpRingLinks = (opts: TcpOptions = {}): RingLinkFactory => ({
  kind: `TCP, secret handshake, shared memory ${opts.shmBudgetBytes === 0 ? 'off' : 'with ranks on this host'}`,
  maxPayloadBytes: resolveTcp(opts).maxPayloadBytes,
  create: (c) => createTcpRingLink({ ...opts, sendTimeoutMs: opts.sendTimeoutMs ?? c.sendTimeoutMs }),
});

/** The native ZeroMQ ring link (native/zmq_link.c), or why this process cannot have it (no addon, no libzmq
 *  at build, MYGPT_ZMQ_LINK=js). */
export function nativeZmqRingLinks(opts: NativeZmqOptions = {}): { links: RingLinkFactory; } | { why: string; } {
  const n = nativeZmq();
  if ('why' in n) return n;
  return { links: {
    kind: `ZeroMQ, native libzmq ${n.version}, only the previous rank admitted (${
      opts.curve ? 'CURVE key' : 'PLAIN credential'
    })`,
    maxPayloadBytes: resolveNative(opts).maxPayloadBytes,
    create: (c) => new NativeZmqRingLink(n.a, { ...opts, sendTimeoutMs: opts.sendTimeoutMs ?? c.sendTimeoutMs }),
  } };
}

/** The zeromq.js ring link (the fallback). opts.sendTimeoutMs, when set, wins over the collective's timeout. A
 *  ring message is one chunk plus its header: give maxPayloadBytes = cluster.chunk_bytes so a flood cannot
 *  queue more (RING_MAX_HEADER_BYTES is the header default here). */
export const zmqRingLinks = (opts: ZmqOptions = {}): RingLinkFactory => {
  const o: ZmqOptions = { maxHeaderBytes: RING_MAX_HEADER_BYTES, ...opts };
  return {
    kind: `ZeroMQ, zeromq.js${opts.curve ? ', CURVE' : ''}`,
    maxPayloadBytes: defaults(o).maxPayloadBytes,
    create: (c) => createZmqRingLink({ ...o, sendTimeoutMs: o.sendTimeoutMs ?? c.sendTimeoutMs }),
  };
};

export function ringLinks(c: RingLinkChoice): RingLinkFactory {
  const shmBudgetBytes = c.sharedMemory === false ? 0 : undefined;
  if (c.transport === 'tcp') return tcpRingLinks({ maxPayloadBytes: c.maxPayloadBytes, shmBudgetBytes, log: c.log });
  const native = nativeZmqRingLinks({ maxPayloadBytes: c.maxPayloadBytes, shmBudgetBytes, curve: c.curve,
    closing: c.closing, log: c.log });
  if ('links' in native) return native.links;
  (c.log ?? ((l: string) => writeLog('warn', `[transport] ${l}`)))(`ZeroMQ ring link: zeromq.js (${native.why})`);
  return zmqRingLinks({ maxPayloadBytes: c.maxPayloadBytes, curve: c.curve, lingerMs: c.lingerMs, log: c.log });
}
