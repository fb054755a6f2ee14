// Sends arbitrary frames, unvalidated, for the fuzz and hostile-peer tests (wrong frame counts, garbage, a
// stranger's or an admitted peer's credentials), with the transport's own socket options.
import * as zmq from 'zeromq';
import { asBuffer, curveClientOptions, defaults, sendOptions, socketOptions,
  ZmqOptions } from '../../src/transport/zmq/options';
import { SocketSendChain } from '../../src/transport/zmq/receive';

export interface RawSender {
  send(parts: Uint8Array[]): Promise<void>;
  /** Resolves once a connection finished its handshake (with PLAIN or CURVE: the server admitted it). */
  handshake: Promise<void>;
  close(): void;
}

/** plain: ZeroMQ PLAIN credentials (a ring link's, transport/ring_auth.ts), to play an admitted peer. */
export function createZmqRawSender(endpoint: string, kind: 'push' | 'dealer',
  opts: ZmqOptions & { plain?: { user: string; password: Uint8Array; }; } = {}): RawSender
{
  const o = defaults(opts);
  const sock = kind === 'push' ? new zmq.Push(sendOptions(o)) : new zmq.Dealer(socketOptions(o));
  if (opts.curve?.serverKey) Object.assign(sock, curveClientOptions(opts.curve, opts.curve.serverKey));
  if (opts.plain) {
    Object.assign(sock, { plainUsername: opts.plain.user,
      plainPassword: Buffer.from(opts.plain.password).toString('ascii') });
  }
  const handshake = new Promise<void>((resolve) => sock.events.on('handshake', () => resolve()));
  sock.connect(endpoint);
  const q = new SocketSendChain();
  return {
    send: (parts) => q.push(() => sock.send(parts.map(asBuffer))),
    handshake,
    close: () => sock.close(),
  };
}
