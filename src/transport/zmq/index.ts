// The ZeroMQ transport: the ONLY folder that imports `zeromq`. Control plane: ROUTER (coordinator) <->
// DEALER (workers); data plane: a ring of PUSH -> PULL. Every received message passes validateFrames
// (../frames.ts); invalid ones are logged, counted and dropped while the caller keeps waiting within its
// deadline. One file per concern: options, log, zap (CURVE/ZAP), watch (handshakes, connections),
// receive (receive loop, send chain), one file per socket kind, keys.
import type { RingLinkFactory } from '../types';
import { RING_MAX_HEADER_BYTES } from '../frames';
import { defaults, type ZmqOptions } from './options';
import { createZmqRingLink } from './ring_link';

export { createZmqControlClient } from './control_client';
export { createZmqControlServer } from './control_server';
export { curveAvailable, generateCurveKeyPair } from './keys';
export type { ZmqOptions, CurveOptions } from './options';
export { createZmqRingLink } from './ring_link';

/** The RingLinkFactory the production worker, the tests and the bench hand to collective/createRing.
 *  opts.sendTimeoutMs, when set, wins over the collective's timeout. A ring message is one chunk plus its
 *  header: give maxPayloadBytes = cluster.chunk_bytes so a flood cannot queue more (RING_MAX_HEADER_BYTES
 *  is the header default here). */
export const zmqRingLinks = (opts: ZmqOptions = {}): RingLinkFactory => {
  const o: ZmqOptions = { maxHeaderBytes: RING_MAX_HEADER_BYTES, ...opts };
  return {
    kind: `ZeroMQ, zeromq.js${opts.curve ? ', CURVE' : ''}`,
    maxPayloadBytes: defaults(o).maxPayloadBytes,
    create: (c) => createZmqRingLink({ ...o, sendTimeoutMs: o.sendTimeoutMs ?? c.sendTimeoutMs }),
  };
};
