// The ZeroMQ transport: the ONLY folder that imports `zeromq`. Control plane: ROUTER (coordinator) <->
// DEALER (workers); data plane: a ring of PUSH -> PULL. Every received message passes validateFrames
// (../frames.ts); invalid ones are logged, counted and dropped while the caller keeps waiting within its
// deadline. One file per concern: options, log, zap (CURVE/ZAP), watch (handshakes, connections),
// receive (receive loop, send chain), one file per socket kind, raw_sender (tests only), keys.
import type { RingLinkFactory } from '../types';
import { defaults, type ZmqOptions } from './options';
import { createZmqRingLink } from './ring_link';

export type { ZmqOptions, CurveOptions } from './options';
export { createZmqControlServer } from './control_server';
export { createZmqControlClient } from './control_client';
export { createZmqRingLink } from './ring_link';
export { createZmqRawSender, type RawSender } from './raw_sender';
export { curveAvailable, generateCurveKeyPair } from './keys';

/** The RingLinkFactory the production worker, the tests and the bench hand to collective/createRing.
 *  opts.sendTimeoutMs, when set, wins over the collective's timeout. */
export const zmqRingLinks = (opts: ZmqOptions = {}): RingLinkFactory => ({
  maxPayloadBytes: defaults(opts).maxPayloadBytes,
  create: (o) => createZmqRingLink({ ...opts, sendTimeoutMs: opts.sendTimeoutMs ?? o.sendTimeoutMs }),
});
