// The native ZeroMQ ring link (ring_link.ts over native/zmq_link.c), the data plane of
// cluster.ring_transport: zmq wherever the addon was built with libzmq (transport/index.ts picks it).
import type { RingLinkFactory } from '../types';
import { nativeZmq } from './addon';
import { resolveNative, type NativeZmqOptions } from './options';
import { NativeZmqRingLink } from './ring_link';

export { nativeZmq } from './addon';
export type { NativeZmqOptions } from './options';

/** The factory, or why this process cannot have it (no addon, no libzmq at build, MYGPT_ZMQ_LINK=js). */
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
