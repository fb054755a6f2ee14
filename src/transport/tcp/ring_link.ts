// Data plane of one ring rank over plain TCP streams (node:net), cluster.ring_transport: tcp: one
// length-prefixed stream per neighbour, no broker thread between the socket and this thread, and every
// read lands exactly where its bytes belong (chunk payloads straight into recycled buffers, Node's `onread`).
// Direction (handshake.ts): this rank LISTENS for the next rank, which dials in and reads what we write;
// it DIALS the previous rank and reads from that connection. Strangers' connections are closed and counted.
// Between ranks on one host, payloads skip the socket through shared memory (shm.ts); the write side is
// out_stream.ts.
import * as net from 'node:net';
import { validateFrames } from '../frames';
import { mygpt } from '../../gen/mygpt';
import { Rejections, RateLimitedLog } from '../log';
import { BadFrameError, HandshakeError, Message, PeerLostError, ReceivedMessage, RingLink, RingNeighbours,
  TransportStats, TransportTimeoutError } from '../types';
import { FrameReader, FramingError } from './framing';
import { envelopeFrame, Handshake, HANDSHAKE_BODIES, HANDSHAKE_MAX_HEADER_BYTES, Role } from './handshake';
import { ringSecret } from '../ring_auth';
import { Inbox } from './inbox';
import { PayloadPool } from '../pool';
import { OutStream } from './out_stream';
import { RING_SHM_BODIES, ShmProtocolError } from '../shm';
import { ShmReader } from '../shm_reader';
import { parseTcpEndpoint, tcpEndpoint, type TcpOptions, resolveTcp, ResolvedTcp } from './options';

/** An accepted connection in its handshake: ours (once the Welcome told us the generation), the dialer's frames
 *  so far. */
interface Accepting {
  hs?: Handshake;
  reader: FrameReader;
  frames: [Uint8Array, mygpt.Envelope][];
  timer: NodeJS.Timeout;
}

/** A handshake frame: one small Envelope (RingHello or RingProof), no payload. */
const HS_LIMITS = { maxHeaderBytes: HANDSHAKE_MAX_HEADER_BYTES, maxPayloadBytes: 0 };
const HS_FRAME_LIMITS = { ...HS_LIMITS, allow: HANDSHAKE_BODIES };
/** The body kind of an Envelope, or '?' when it does not decode (validateFrames then says why). */
const peerOf = (s: net.Socket) => `${s.remoteAddress ?? '?'}:${s.remotePort ?? '?'}`;

class TcpRingLink implements RingLink {
  private o: ResolvedTcp;
  private server = net.createServer((s) => this.accepted(s));
  private rej: Rejections;
  private events: RateLimitedLog;
  private n?: RingNeighbours;
  private secret = Buffer.alloc(0);
  private waiting = new Map<net.Socket, Accepting>(); // accepted, handshake not finished
  private out: OutStream; // to the authenticated next rank (we write)
  private inSock?: net.Socket; // dialed previous rank (we read)
  private inbox: Inbox;
  private closed = false;
  private dialTimer?: NodeJS.Timeout;
  private pool: PayloadPool;
  private shmr = new ShmReader(); // the previous rank's region, once mapped
  private prevName = 'previous rank';
  private nextName = 'next rank';

  constructor(opts: TcpOptions) {
    this.o = resolveTcp(opts);
    this.rej = new Rejections(this.o.log);
    this.events = new RateLimitedLog(this.o.log);
    this.pool = new PayloadPool(this.o.poolBudgetBytes);
    this.out = new OutStream(this.o, () => ({ name: this.nextName, rank: this.n?.next.rank }));
    this.inbox = new Inbox(this.o.queueBudgetBytes, () => this.inSock?.resume());
  }

  bind(endpoint: string): Promise<string> {
    const { host, port } = parseTcpEndpoint(endpoint);
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port, exclusive: true }, () => {
        this.server.off('error', reject);
        this.server.on('error', (e) => this.o.log(`ring listener: ${e.message}`));
        resolve(tcpEndpoint(host, (this.server.address() as net.AddressInfo).port));
      });
    });
  }

  connect(n: RingNeighbours): void {
    this.secret = Buffer.from(ringSecret(n, 'TCP'));
    this.n = n;
    this.prevName = n.prev.name;
    this.nextName = n.next.name;
    for (const [s, st] of this.waiting) this.startAccepterHandshake(s, st);
    this.dial();
  }

  // ---- accepting side: the next rank dials in, we write to it ----
  private accepted(s: net.Socket): void {
    if (this.closed) {
      s.destroy();
      return;
    }
    // Full: the oldest goes. A real next rank finishes its handshake within a round trip of connecting, so
    // strangers holding every slot cannot keep it out (it also dials again if it was dropped).
    if (this.waiting.size >= this.o.maxPendingConnections) {
      this.refuse(this.waiting.keys().next().value!,
        'too many connections waiting for a handshake; the oldest is dropped');
    }
    s.setNoDelay(true);
    const who = peerOf(s);
    const st: Accepting = { frames: [],
      timer: setTimeout(() => this.refuse(s, `no handshake within ${this.o.handshakeTimeoutMs} ms`),
        this.o.handshakeTimeoutMs), reader: new FrameReader(HS_LIMITS, (h) => {
        if (st.frames.length >= 2) throw new FramingError('sent more than a handshake');
        st.frames.push([h, validateFrames(who, [h], HS_FRAME_LIMITS).envelope]);
      }) };
    this.waiting.set(s, st);
    s.on('data', (d: Buffer) => {
      if (s === this.out.socket) {
        this.out.onData(d);
        return;
      } // its shared-memory answer
      try {
        st.reader.push(d);
      } catch (e) {
        if (e instanceof FramingError || e instanceof BadFrameError) {
          this.refuse(s, e.message);
          return;
        }
        throw e;
      }
      this.tryAccept(s, st);
    });
    s.on('error', () => undefined); // 'close' follows
    s.on('close', () => {
      clearTimeout(st.timer);
      this.waiting.delete(s);
      if (s === this.out.socket && !this.closed) this.out.fail();
    });
    if (this.n) this.startAccepterHandshake(s, st);
  }

  private startAccepterHandshake(s: net.Socket, st: Accepting): void {
    const n = this.n!;
    st.hs = new Handshake(this.secret, Role.RING_ROLE_ACCEPTER, n.generation, n.rank, n.next.rank);
    s.write(st.hs.own.frame);
    this.tryAccept(s, st);
  }

  /** Runs the dialer's handshake frames received so far (they may arrive before our Welcome). */
  private tryAccept(s: net.Socket, st: Accepting): void {
    while (st.hs && st.frames.length > 0 && this.waiting.has(s)) {
      const [header, env] = st.frames.shift()!;
      const r = st.hs.step(header, env);
      if (r.fail) {
        this.refuse(s, r.fail);
        return;
      }
      if (r.send) s.write(r.send); // our proof goes once we have its hello: a dialer with another secret fails at once
      if (!r.done) continue;
      if (this.out.socket) {
        this.refuse(s, `a second authenticated connection for ${this.nextName}`);
        return;
      }
      clearTimeout(st.timer);
      this.waiting.delete(s);
      this.out.attach(s);
    }
  }

  private refuse(s: net.Socket, why: string): void {
    this.rej.reject(new BadFrameError(peerOf(s), `ring connection refused: ${why}`));
    this.waiting.delete(s);
    s.destroy();
  }

  sendNext(msg: Message): Promise<void> {
    return this.out.send(msg);
  }

  // ---- dialing side: we read from the previous rank ----
  private dial(): void {
    if (this.closed || !this.n || this.n.worldSize < 2) return;
    const n = this.n, { host, port } = parseTcpEndpoint(n.prev.address);
    let authed = false;
    const reader = new FrameReader({ maxHeaderBytes: this.o.maxHeaderBytes, maxPayloadBytes: this.o.maxPayloadBytes },
      (h, p) => this.frame(s, h, p), (bytes) => this.pool.take(bytes));
    const hs = new Handshake(this.secret, Role.RING_ROLE_DIALER, n.generation, n.rank, n.prev.rank);
    const refused = (why: string) => { // something other than our previous rank answers there, or secrets differ
      this.inbox.fail(new HandshakeError(this.prevName, `${this.prevName}: ${why}`, n.prev.rank));
      s.destroy();
    };
    const hsReader = new FrameReader(HS_LIMITS, (header) => {
      const r = hs.step(header, validateFrames(this.prevName, [header], HS_FRAME_LIMITS).envelope);
      if (r.fail) refused(r.fail);
      else if (r.send) s.write(r.send);
      else if (r.done) authed = true;
    });
    // Where each read lands: exactly the rest of the frame part being read (handshake, then data), in place.
    const into = () => (authed ? reader.readInto() : hsReader.readInto());
    const s: net.Socket = net.connect({ host, port, onread: { buffer: into, callback: (nread: number) => {
      if (authed) return this.feed(s, reader, () => reader.filled(nread));
      try {
        hsReader.filled(nread);
      } catch (e) {
        if (!(e instanceof FramingError || e instanceof BadFrameError)) throw e;
        refused(`handshake: ${e.message}`);
      }
      return !s.destroyed;
    } } } as net.NetConnectOpts);
    this.inSock = s;
    s.setNoDelay(true);
    s.on('connect', () => s.write(hs.own.frame));
    s.on('error', (e) => {
      if (!authed) {
        this.events.line(`dial:${e.message}`, `ring: dialing ${this.prevName} failed (${e.message}); retrying`);
      }
    });
    s.on('close', () => {
      if (this.closed) return;
      if (authed) {
        this.inbox.fail(new PeerLostError(this.prevName, 'ring data', n.prev.rank));
        return;
      }
      if (this.inbox.failed()) return;
      this.dialTimer = setTimeout(() => this.dial(), 100); // not up yet, or it refused us: try again
    });
  }

  /** Runs one parse step; a broken stream fails the link (framing is lost). false = stop reading (queue full). */
  private feed(s: net.Socket, reader: FrameReader, step: () => void): boolean {
    try {
      step();
    } catch (e) {
      if (!(e instanceof FramingError)) throw e;
      this.inbox.fail(new BadFrameError(this.prevName, `stream framing broken: ${e.message}`, this.n?.prev.rank));
      s.destroy();
      return false;
    }
    return !this.inbox.full();
  }

  private frame(s: net.Socket, header: Uint8Array, received: Uint8Array | undefined): void {
    const lim = { maxHeaderBytes: this.o.maxHeaderBytes, maxPayloadBytes: this.o.maxPayloadBytes,
      allow: RING_SHM_BODIES };
    let payload: Uint8Array | undefined;
    try {
      payload = this.shmr.payloadOf(header, received); // received, or the slot a ShmSlot before this frame announced
      const m = validateFrames(this.prevName, payload ? [header, payload] : [header], lim);
      const env = m.envelope;
      if (env.shmOffer) {
        const r = this.shmr.offer(env.shmOffer, this.o.maxPayloadBytes, this.o.shmBudgetBytes > 0);
        s.write(envelopeFrame(r.answer!));
        this.o.log(`ring: from ${this.prevName}: ${r.line}`);
      } else if (env.shmSlot) {
        this.shmr.slot(env.shmSlot);
      } else {
        this.inbox.push(m, header.length + (payload?.length ?? 0));
      }
    } catch (e) {
      if (payload && payload !== received) this.recycle(payload);
      if (e instanceof ShmProtocolError) {
        this.inbox.fail(new BadFrameError(this.prevName, `shared memory: ${e.message}`, this.n?.prev.rank));
        s.destroy();
        return;
      }
      if (!(e instanceof BadFrameError)) throw e;
      this.rej.reject(e); // a bad message from an authenticated peer: dropped and counted like ZeroMQ's
    }
  }

  receivePrev(timeoutMs: number, waitingFor = 'ring data'): Promise<ReceivedMessage> {
    return this.inbox.take(timeoutMs,
      () => new TransportTimeoutError(this.prevName, waitingFor, timeoutMs, this.n?.prev.rank));
  }

  recycle(payload: Uint8Array): void {
    // a slot of the previous rank's region: it may reuse it now
    if (!this.shmr.release(payload)) this.pool.give(payload);
  }

  stats(): TransportStats {
    return { ...this.rej.s, shmPayloadsSent: this.out.shmSent, shmPayloadsReceived: this.shmr.received };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pool.clear();
    this.shmr.close();
    clearTimeout(this.dialTimer);
    this.inbox.fail(new PeerLostError(this.prevName, 'ring data (link closed)', this.n?.prev.rank));
    this.out.fail(undefined, true);
    this.inSock?.destroy();
    for (const s of this.waiting.keys()) s.destroy();
    this.server.close();
  }
}

export const createTcpRingLink = (opts: TcpOptions = {}): RingLink => new TcpRingLink(opts);
