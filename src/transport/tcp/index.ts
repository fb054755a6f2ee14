// The TCP data plane: a ring of plain TCP streams (node:net) with a secret-authenticated handshake
// (handshake.ts), bounded framing (framing.ts) and a bounded receive queue (inbox.ts). Control stays on
// ZeroMQ (../zmq). Chosen by cluster.ring_transport: tcp, or auto (the default) without security.curve. No
// encryption: with security.curve on, only the ZeroMQ ring encrypts gradients.
import type { RingLinkFactory } from '../types';
import { resolveTcp, type TcpOptions } from './options';
import { createTcpRingLink } from './ring_link';

export type { TcpOptions } from './options';
export { createTcpRingLink } from './ring_link';

export const tcpRingLinks = (opts: TcpOptions = {}): RingLinkFactory => ({
  kind: `TCP, secret handshake, shared memory ${opts.shmBudgetBytes === 0 ? 'off' : 'with ranks on this host'}`,
  maxPayloadBytes: resolveTcp(opts).maxPayloadBytes,
  create: (c) => createTcpRingLink({ ...opts, sendTimeoutMs: opts.sendTimeoutMs ?? c.sendTimeoutMs }),
});
