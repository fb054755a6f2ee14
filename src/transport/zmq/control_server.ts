// Coordinator side of the control plane: a ROUTER; peers are identified by their routing id.
import * as zmq from 'zeromq';
import { CONTROL_BODIES, CONTROL_MAX_HEADER_BYTES, validateFrames } from '../frames';
import { ControlServer, Message, PeerLostError, ReceivedMessage, TransportStats,
  TransportTimeoutError } from '../types';
import { RateLimitedLog, Rejections } from '../log';
import { serverDefaults, framesOf, isAgain, Resolved, socketOptions, ZmqOptions } from './options';
import { receiveValid, SocketSendChain } from './receive';
import { onEstablishedDisconnect } from './watch';
import { bindServer } from './zap';

// ---- routing ids <-> peer strings: printable ids stay readable, others become 0x<hex> ----
function peerOf(id: Buffer): string {
  for (const b of id) if (b < 0x21 || b > 0x7e) return `0x${id.toString('hex')}`;
  return id.toString('latin1');
}
function idOf(peer: string): Buffer {
  return /^0x([0-9a-f]{2})+$/.test(peer) ? Buffer.from(peer.slice(2), 'hex') : Buffer.from(peer, 'latin1');
}

class ZmqControlServer implements ControlServer {
  private sock: zmq.Router;
  private o: Resolved;
  private q = new SocketSendChain();
  private rej: Rejections;
  private zap?: () => void;
  private ending = false;
  constructor(private opts: ZmqOptions) {
    this.o = serverDefaults(opts);
    this.sock = new zmq.Router({ ...socketOptions(this.o), mandatory: true });
    this.rej = new Rejections(this.o.log);
    // ZeroMQ drops a connection whose message exceeds maxMessageSize before JS sees anything: say so.
    // (libzmq gives no other sign of it: a normal exit and a dropped oversized message look the same,
    // so the owner says when disconnects become the normal end: closing().)
    const limit = this.o.maxPayloadBytes + this.o.maxHeaderBytes;
    const lines = new RateLimitedLog(this.o.log);
    onEstablishedDisconnect(this.sock.events, (address) => {
      if (!this.ending) {
        lines.line(`disconnect ${address}`, `a control connection to ${address} closed ` +
          `(a worker exited, or a peer sent a message over the ${limit} B limit and was dropped)`);
      }
    });
  }
  bind(endpoint: string): Promise<string> {
    return bindServer(this.sock, endpoint, 'control socket', this.opts.curve, this.o.log, (release) => {
      this.zap = release;
    });
  }
  send(peer: string, msg: Message, opts: { noWait?: boolean; } = {}): Promise<void> {
    return this.q.push(async () => {
      // one send at a time (the chain): the timeout can be changed for this one send and restored
      if (opts.noWait) this.sock.sendTimeout = 0;
      try {
        await this.sock.send([idOf(peer), ...framesOf(msg)]);
      } catch (e) {
        if (isAgain(e)) throw new TransportTimeoutError(peer, 'send queue to drain', this.o.sendTimeoutMs);
        if ((e as { code?: string; }).code === 'EHOSTUNREACH') {
          throw new PeerLostError(`control peer ${peer}`, 'a send to it (not connected)');
        }
        throw e;
      } finally {
        if (opts.noWait) this.sock.sendTimeout = this.o.sendTimeoutMs;
      }
    });
  }
  receive(timeoutMs: number): Promise<{ peer: string; msg: ReceivedMessage; }> {
    const lim = { maxHeaderBytes: this.o.maxHeaderBytes, maxPayloadBytes: this.o.maxPayloadBytes,
      allow: CONTROL_BODIES };
    return receiveValid({
      sock: this.sock,
      timeoutMs,
      sliceMs: timeoutMs,
      rejections: this.rej,
      timeout: () => new TransportTimeoutError('any worker', 'a control message', timeoutMs),
      accept: ([id, ...rest]) => {
        const peer = peerOf(id);
        return { peer, msg: validateFrames(peer, rest, lim) };
      },
    });
  }
  closing(): void {
    this.ending = true;
  }
  stats(): TransportStats {
    return { ...this.rej.s };
  }
  close(): void {
    this.ending = true;
    this.sock.close();
    this.zap?.();
  }
}

/** Control messages never carry a payload and are a few KiB: unless told otherwise, the ROUTER accepts
 *  CONTROL_MAX_HEADER_BYTES and no payload (libzmq drops a connection that sends more, before JS sees it). */
export const createZmqControlServer = (opts: ZmqOptions = {}): ControlServer =>
  new ZmqControlServer({ maxPayloadBytes: 0, maxHeaderBytes: CONTROL_MAX_HEADER_BYTES, ...opts });
