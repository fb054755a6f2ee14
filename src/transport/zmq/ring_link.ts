// Data plane of one ring rank: a PULL bound for the previous rank, a PUSH connected to the next.
// Errors carry the neighbour's rank (`peerRank`) once the owner called setPeers().
import * as zmq from 'zeromq';
import { RING_BODIES, validateFrames } from '../frames';
import {
  HandshakeError, Message, PeerLostError, ReceivedMessage, RingLink, RingNeighbours, RingPeer, TransportConfigError, TransportStats,
  TransportTimeoutError,
} from '../types';
import { Rejections } from '../log';
import { curveClientOptions, serverDefaults, framesOf, isAgain, recvOptions, Resolved, sendOptions, ZmqOptions } from './options';
import { receiveValid, SocketSendChain } from './receive';
import { ConnectionWatch, HandshakeWatch } from './watch';
import { bindServer } from './zap';

export class ZmqRingLink implements RingLink {
  private pull: zmq.Pull;
  private push: zmq.Push;
  private o: Resolved;
  private q = new SocketSendChain();
  private rej: Rejections;
  private inWatch: ConnectionWatch;
  private outWatch: ConnectionWatch;
  private prev: { rank?: number; name: string } = { name: 'previous rank' };
  private next: { rank?: number; name: string } = { name: 'next rank' };
  private zap?: () => void;
  private restrictZap?: (allow: readonly string[]) => void;
  private outHs?: HandshakeWatch;
  constructor(private opts: ZmqOptions) {
    this.o = serverDefaults(opts);
    this.pull = new zmq.Pull(recvOptions(this.o));
    this.push = new zmq.Push({ ...sendOptions(this.o), immediate: true });
    this.rej = new Rejections(this.o.log);
    this.inWatch = new ConnectionWatch(this.pull.events, opts.curve ? 'handshake' : 'accept', this.o.lostGraceMs);
    this.outWatch = new ConnectionWatch(this.push.events, opts.curve ? 'handshake' : 'connect', this.o.lostGraceMs);
  }
  bind(endpoint: string): Promise<string> {
    // With CURVE the PULL is a CURVE server with this rank's own key pair; peers must be in the allowlist.
    return bindServer(this.pull, endpoint, 'ring socket', this.opts.curve, this.o.log, (release, restrict) => {
      this.zap = release;
      this.restrictZap = restrict;
    });
  }
  allowOnly(publicKeys: readonly string[]): void {
    // With CURVE, from now on only these keys may open a connection (the previous rank's): any other
    // allowed client key (another worker, the coordinator's) can no longer push into this ring socket.
    if (this.opts.curve && publicKeys.every(Boolean)) this.restrictZap?.(publicKeys);
  }
  connectNext(endpoint: string, serverKey?: string): void {
    if (this.next.rank === undefined) this.next = { name: endpoint };
    const c = this.opts.curve;
    if (c) {
      if (!serverKey) throw new TransportConfigError(`CURVE ring link to ${endpoint}: the next rank's public key is unknown`);
      Object.assign(this.push, curveClientOptions(c, serverKey));
      this.outHs = new HandshakeWatch(this.push.events, 'ring link to the next rank', this.o.log);
    }
    this.push.connect(endpoint);
  }
  /** The Welcome's neighbours: named in errors, CURVE allowlist narrowed to the previous rank's key, the
   *  PUSH connected to the next rank (its server key with CURVE). */
  connect(n: RingNeighbours): void {
    this.setPeers(n.prev, n.next);
    if (n.worldSize < 2) return;
    this.connectNext(n.next.address, n.next.publicKey || undefined);
    if (n.prev.publicKey) this.allowOnly([n.prev.publicKey]);
  }
  setPeers(prev: RingPeer, next: RingPeer): void {
    this.prev = { rank: prev.rank, name: prev.name };
    this.next = { rank: next.rank, name: next.name };
  }
  private lostNext(waitingFor: string) { return new PeerLostError(this.next.name, waitingFor, this.next.rank); }
  sendNext(msg: Message): Promise<void> {
    if (this.outWatch.lost()) return Promise.reject(this.lostNext('sending to it'));
    return this.q.push(async () => {
      try {
        await this.push.send(framesOf(msg));
      } catch (e) {
        if (!isAgain(e)) throw e;
        if (this.outWatch.lost()) throw this.lostNext('sending to it');
        throw new TransportTimeoutError(this.next.name, 'it to accept data (send queue full)', this.o.sendTimeoutMs, this.next.rank);
      }
    });
  }
  receivePrev(timeoutMs: number, waitingFor = 'ring data'): Promise<ReceivedMessage> {
    const lim = { maxHeaderBytes: this.o.maxHeaderBytes, maxPayloadBytes: this.o.maxPayloadBytes, allow: RING_BODIES };
    return receiveValid({
      sock: this.pull, timeoutMs, sliceMs: Math.min(100, this.o.lostGraceMs), rejections: this.rej,
      timeout: () => new TransportTimeoutError(this.prev.name, waitingFor, timeoutMs, this.prev.rank),
      checkLost: () => {
        if (this.outHs?.failure) throw new HandshakeError(this.next.name, `${this.next.name}: ${this.outHs.failure}`, this.next.rank);
        if (this.inWatch.lost()) throw new PeerLostError(this.prev.name, waitingFor, this.prev.rank);
        if (this.outWatch.lost()) throw this.lostNext(`${waitingFor} (outbound connection lost)`);
      },
      accept: (parts) => validateFrames(this.prev.name, parts, lim),
    });
  }
  stats(): TransportStats { return { ...this.rej.s }; }
  close(): void {
    this.push.close();
    this.pull.close();
    this.zap?.();
  }
}

export const createZmqRingLink = (opts: ZmqOptions = {}): ZmqRingLink => new ZmqRingLink(opts);
