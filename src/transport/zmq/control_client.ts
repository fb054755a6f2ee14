// Worker side of the control plane: a DEALER connected to the coordinator's ROUTER.
import * as zmq from 'zeromq';
import { CONTROL_BODIES, validateFrames } from '../frames';
import { ControlClient, HandshakeError, Message, ReceivedMessage, TransportConfigError, TransportStats,
  TransportTimeoutError } from '../types';
import { Rejections } from '../log';
import { curveClientOptions, defaults, framesOf, isAgain, Resolved, socketOptions, ZmqOptions } from './options';
import { receiveValid, SocketSendChain } from './receive';
import { HandshakeWatch } from './watch';

class ZmqControlClient implements ControlClient {
  private sock: zmq.Dealer;
  private o: Resolved;
  private q = new SocketSendChain();
  private rej: Rejections;
  private peer = 'coordinator (not connected)';
  private hs?: HandshakeWatch;
  constructor(private opts: ZmqOptions & { routingId?: string; }) {
    this.o = defaults(opts);
    this.sock = new zmq.Dealer({ ...socketOptions(this.o), ...(opts.routingId ? { routingId: opts.routingId } : {}) });
    this.rej = new Rejections(this.o.log);
  }
  connect(endpoint: string): void {
    this.peer = `coordinator ${endpoint}`;
    const c = this.opts.curve;
    if (c) {
      if (!c.serverKey) throw new TransportConfigError(`CURVE control client for ${endpoint}: no server public key`);
      Object.assign(this.sock, curveClientOptions(c, c.serverKey));
    }
    // also without CURVE: a plain client of a CURVE coordinator learns it at once (mechanism mismatch)
    this.hs = new HandshakeWatch(this.sock.events, 'control connection to the coordinator', this.o.log);
    this.sock.connect(endpoint);
  }
  send(msg: Message): Promise<void> {
    return this.q.push(async () => {
      try {
        await this.sock.send(framesOf(msg));
      } catch (e) {
        if (isAgain(e)) throw new TransportTimeoutError(this.peer, 'send queue to drain', this.o.sendTimeoutMs);
        throw e;
      }
    });
  }
  receive(timeoutMs: number): Promise<ReceivedMessage> {
    const peer = this.peer;
    const lim = { maxHeaderBytes: this.o.maxHeaderBytes, maxPayloadBytes: this.o.maxPayloadBytes,
      allow: CONTROL_BODIES };
    return receiveValid({
      sock: this.sock,
      timeoutMs,
      sliceMs: Math.min(timeoutMs, 250),
      rejections: this.rej,
      timeout: () => new TransportTimeoutError(peer, 'a control message', timeoutMs),
      accept: (parts) => validateFrames(peer, parts, lim),
      // A refused key or a wrong server key is permanent: fail now rather than at the deadline.
      checkLost: () => {
        if (this.hs?.failure) throw new HandshakeError(peer, this.hs.failure);
      },
    });
  }
  stats(): TransportStats {
    return { ...this.rej.s };
  }
  close(): void {
    this.sock.close();
  }
}

export const createZmqControlClient = (opts: ZmqOptions & { routingId?: string; } = {}): ControlClient =>
  new ZmqControlClient(opts);
