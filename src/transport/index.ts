// Picks the data-plane transport by name, so that the collective (and its communication thread, which
// cannot receive a factory object across the thread boundary) never names a concrete transport.
//   tcp: plain TCP streams, authenticated at connect by the generation's ring secret (transport/tcp)
//   zmq: ZeroMQ PUSH/PULL, with CURVE encryption when keys are given (transport/zmq)
import type { RingLinkFactory } from './types';
import { tcpRingLinks } from './tcp';
import { zmqRingLinks, type CurveOptions } from './zmq';

export type RingTransport = 'tcp' | 'zmq';
export const RING_TRANSPORTS: readonly RingTransport[] = ['tcp', 'zmq'];

export interface RingLinkChoice {
  transport: RingTransport;
  maxPayloadBytes?: number;
  curve?: CurveOptions;       // zmq only
  lingerMs?: number;          // zmq only
  log?: (line: string) => void;
}

export function ringLinks(c: RingLinkChoice): RingLinkFactory {
  if (c.transport === 'tcp') return tcpRingLinks({ maxPayloadBytes: c.maxPayloadBytes, log: c.log });
  return zmqRingLinks({ maxPayloadBytes: c.maxPayloadBytes, curve: c.curve, lingerMs: c.lingerMs, log: c.log });
}
