// Data plane of one ring rank: a PULL bound for the previous rank, a PUSH connected to the next.
// Errors carry the neighbour's rank (`peerRank`) once the owner called setPeers().
// Who may connect (transport/ring_auth.ts, as the native link, native/zmq_auth.c): the PULL is a PLAIN server
// (or with CURVE a CURVE server with this link's key pair, made for this generation) whose ZAP domain (zap.ts)
// admits only the previous rank's credential for this generation, set at connect() (connections before that
// wait for it), one connection at a time; the PUSH presents this rank's. Refused connections are counted and
// logged as rejections ("ring connection refused: why"), naming the address ZAP reports.
import * as zmq from 'zeromq';
import { validateFrames } from '../frames';
import { RING_SHM_BODIES } from '../shm';
import { Credential, ringCredentials } from '../ring_auth';
import { BadFrameError, HandshakeError, Message, PeerLostError, ReceivedMessage, RingLink, RingNeighbours, RingPeer,
  TransportConfigError, TransportStats, TransportTimeoutError } from '../types';
import { Rejections } from '../log';
import { curveClientOptions, serverDefaults, framesOf, isAgain, recvOptions, Resolved, ringKeepalive, sendOptions,
  ZmqOptions } from './options';
import { receiveValid, SocketSendChain } from './receive';
import { ConnectionWatch, HandshakeWatch } from './watch';
import { bindRingServer, RingZap } from './zap';

/** How long an admission (ZAP 200) counts as a connection whose handshake still runs (as native/zmq_auth.c's
 *  ADMISSION_PENDING_MS): only about one round trip remains after the ZAP reply, and an admitted connection that
 *  never finishes (its peer went away) must not refuse the real neighbour's redials for libzmq's whole handshake
 *  interval (the zeromq.js sockets here keep its default, longer than this). */
export const ADMISSION_PENDING_MS = 2_000;
/** How soon the PUSH dials again after the next rank refused it (as native/zmq_monitor.c's REDIAL_MS). */
const REDIAL_MS = 100;

export class ZmqRingLink implements RingLink {
  private pull: zmq.Pull;
  private push: zmq.Push;
  private o: Resolved;
  private q = new SocketSendChain();
  private rej: Rejections;
  private inWatch: ConnectionWatch;
  private outWatch: ConnectionWatch;
  private prev: { rank?: number; name: string; } = { name: 'previous rank' };
  private next: { rank?: number; name: string; } = { name: 'next rank' };
  private outHs?: HandshakeWatch;
  private ringZap?: RingZap; // the PULL's ZAP domain, once bound
  private expected?: Credential; // what connect() admits (set on ringZap once bound)
  private refused = 0;
  private closed = false;
  private offered = false; // the previous rank's ShmOffer was seen (and declined)
  private nextEndpoint = '';
  private redialTimer?: NodeJS.Timeout;
  constructor(private opts: ZmqOptions) {
    this.o = serverDefaults(opts);
    this.pull = new zmq.Pull({ ...recvOptions(this.o), ...ringKeepalive });
    this.push = new zmq.Push({ ...sendOptions(this.o), ...ringKeepalive, immediate: true });
    this.rej = new Rejections(this.o.log);
    // Connections that fail before ZAP is asked (another mechanism, a NULL socket, garbage) are refusals too, as
    // native/zmq_auth.c logs them; ZAP refusals come from the handler (refuse), and a refused handshake's auth
    // event adds nothing.
    const failed = (what: string) => (e: { address: string; error?: { code?: string; }; }) =>
      this.refuse('?', `${what} on ${e.address}${e.error?.code ? ` (${e.error.code})` : ''}`);
    this.inWatch = new ConnectionWatch(this.pull.events, this.o.lostGraceMs,
      failed('closed during the handshake (not ZeroMQ, or an old ZMTP version)'));
    this.outWatch = new ConnectionWatch(this.push.events, this.o.lostGraceMs);
    this.pull.events.on('handshake:error:protocol',
      failed("ZMTP handshake failed: not a ring peer with this plane's mechanism"));
    this.pull.events.on('handshake:error:other',
      failed('closed before finishing the handshake (another mechanism, or not ZeroMQ)'));
  }
  private refuse(address: string, why: string): void {
    this.refused++;
    this.rej.reject(new BadFrameError(address, `ring connection refused: ${why}`));
  }
  async bind(endpoint: string): Promise<string> {
    const b = await bindRingServer(this.pull, endpoint, this.opts.curve, ADMISSION_PENDING_MS,
      (address, why) => this.refuse(address, why), {
      busy: (alive) => {
        this.inWatch.reconcile(alive);
        return this.inWatch.established > 0;
      },
      handshakeFailures: (after) => this.inWatch.handshakeFailures(after),
    });
    this.ringZap = b.zap;
    this.pull.events.on('handshake', () => b.zap.handshook());
    if (this.closed) b.zap.release();
    else if (this.expected) b.zap.expect(this.expected.user, this.expected.credential);
    return b.endpoint;
  }
  /** With CURVE, from now on only this key may open a connection (the previous rank's ring key), one at a time. */
  allowOnly(publicKeys: readonly string[]): void {
    if (this.opts.curve && publicKeys.length === 1 && publicKeys[0]) {
      this.expect({ user: `mygpt-ring ${this.prev.name}`, credential: publicKeys[0] });
    }
  }
  private expect(c: Credential): void {
    this.expected = c;
    this.ringZap?.expect(c.user, c.credential);
  }
  /** With CURVE: the PUSH dials the next rank, whose server key this is. Without CURVE the PUSH needs the
   *  generation's PLAIN credential: connect(). */
  connectNext(endpoint: string, serverKey?: string): void {
    if (this.next.rank === undefined) this.next = { name: endpoint };
    const c = this.opts.curve;
    if (!c) {
      throw new TransportConfigError(
        `ZeroMQ ring link to ${endpoint}: without CURVE it dials with the generation's ring credential (connect())`,
      );
    }
    if (!serverKey) {
      throw new TransportConfigError(`CURVE ring link to ${endpoint}: the next rank's public key is unknown`);
    }
    Object.assign(this.push, curveClientOptions(c, serverKey));
    this.dial(endpoint, 'CURVE');
  }
  /** A refused handshake ends libzmq's session for good (it redials only after connection errors), but the next
   *  rank refuses a redial while its old connection still counts as up (a drop it has not seen yet, or an
   *  admission's pending window): dial again REDIAL_MS later, as the native link does, until the send or
   *  collective deadline decides (its error says how many refusals came meanwhile). */
  private dial(endpoint: string, mech: 'CURVE' | 'PLAIN'): void {
    this.nextEndpoint = endpoint;
    this.outHs = new HandshakeWatch(this.push.events, 'ring link to the next rank', this.o.log, mech, () => {
      if (this.closed) return;
      clearTimeout(this.redialTimer);
      this.redialTimer = setTimeout(() => this.redial(), REDIAL_MS);
      this.redialTimer.unref();
    });
    this.push.connect(endpoint);
  }
  private redial(): void {
    if (this.closed) return;
    try {
      this.push.disconnect(this.nextEndpoint);
    } catch { /* the refused session is gone already */ }
    this.push.connect(this.nextEndpoint);
  }
  /** What a timeout adds when the next rank refused this rank since its last handshake. */
  private refusedNote(): string {
    const hs = this.outHs;
    return hs && hs.refusals > 0
      ? ` (meanwhile ${this.next.name} refused this rank ${hs.refusals} times: ${hs.refusal})`
      : '';
  }
  /** The Welcome's neighbours: named in errors; the inbound socket admits only the previous rank's credential
   *  from now on (PLAIN user + password, or with CURVE its key), the PUSH dials the next rank with this rank's
   *  (ring_auth.ts). Throws TransportConfigError when the Welcome lacked the ring secret (or a CURVE key). */
  connect(n: RingNeighbours): void {
    this.setPeers(n.prev, n.next);
    if (n.worldSize < 2) return;
    const { expect, dial } = ringCredentials(n, !!this.opts.curve);
    this.expect(expect);
    if (this.opts.curve) return this.connectNext(n.next.address, dial.credential as string);
    const password = typeof dial.credential === 'string'
      ? dial.credential
      : Buffer.from(dial.credential).toString('ascii'); // hex
    Object.assign(this.push, { plainUsername: dial.user, plainPassword: password });
    this.dial(n.next.address, 'PLAIN');
  }
  setPeers(prev: RingPeer, next: RingPeer): void {
    this.prev = { rank: prev.rank, name: prev.name };
    this.next = { rank: next.rank, name: next.name };
  }
  private lostNext(waitingFor: string) {
    return new PeerLostError(this.next.name, waitingFor, this.next.rank);
  }
  sendNext(msg: Message): Promise<void> {
    if (this.outWatch.lost()) return Promise.reject(this.lostNext('sending to it'));
    return this.q.push(async () => {
      try {
        await this.push.send(framesOf(msg));
      } catch (e) {
        if (!isAgain(e)) throw e;
        if (this.outWatch.lost()) throw this.lostNext('sending to it');
        throw new TransportTimeoutError(this.next.name, `it to accept data (send queue full)${this.refusedNote()}`,
          this.o.sendTimeoutMs, this.next.rank);
      }
    });
  }
  receivePrev(timeoutMs: number, waitingFor = 'ring data'): Promise<ReceivedMessage> {
    const lim = { maxHeaderBytes: this.o.maxHeaderBytes, maxPayloadBytes: this.o.maxPayloadBytes,
      allow: RING_SHM_BODIES };
    return receiveValid({
      sock: this.pull,
      timeoutMs,
      sliceMs: Math.min(100, this.o.lostGraceMs),
      rejections: this.rej,
      timeout: () =>
        new TransportTimeoutError(this.prev.name, `${waitingFor}${this.refusedNote()}`, timeoutMs, this.prev.rank),
      checkLost: () => {
        if (this.outHs?.failure) {
          throw new HandshakeError(this.next.name, `${this.next.name}: ${this.outHs.failure}`, this.next.rank);
        }
        if (this.inWatch.lost()) throw new PeerLostError(this.prev.name, waitingFor, this.prev.rank);
        if (this.outWatch.lost()) throw this.lostNext(`${waitingFor} (outbound connection lost)`);
      },
      accept: (parts) => this.accept(validateFrames(this.prev.name, parts, lim)),
    });
  }
  /** A native previous rank offers shared memory once, first: this link maps none, so its payloads stay on the
   *  socket (said once). A second offer breaks the protocol, as on the native link: a BadFrameError, which
   *  this link drops and counts (rejectedFrames, a bounded log) as any bad frame. */
  private accept(m: ReceivedMessage): ReceivedMessage | undefined {
    if (m.envelope.shmSlot) {
      throw new BadFrameError(this.prev.name, 'ShmSlot, but no shared memory was mapped', this.prev.rank);
    }
    if (!m.envelope.shmOffer) return m;
    if (this.offered) throw new BadFrameError(this.prev.name, 'shared memory: a second ShmOffer', this.prev.rank);
    this.offered = true;
    this.o.log(`ring: from ${this.prev.name}: payloads over the socket: the zeromq.js link maps no shared memory`);
    return undefined;
  }

  /** ZAP requests held long enough to count as connections known to be up (tests wait for one). */
  heldRequests(): number {
    return this.ringZap?.held() ?? 0;
  }
  stats(): TransportStats {
    return { ...this.rej.s, refusedConnections: this.refused };
  }
  close(): void {
    this.closed = true;
    clearTimeout(this.redialTimer);
    this.push.close();
    this.pull.close();
    this.ringZap?.release();
  }
}

export const createZmqRingLink = (opts: ZmqOptions = {}): ZmqRingLink => new ZmqRingLink(opts);
