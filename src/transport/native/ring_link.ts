// The ZeroMQ ring link driven from native code (native/zmq_link.c): libzmq's PUSH -> PULL ring called
// synchronously from the thread that owns the link (the communication thread), no promise or event-loop turn
// per message on the receive path, payloads sent zero-copy from the caller's memory and received into recycled
// buffers. Only the previous rank is admitted on the inbound socket (ring_auth.ts; native/zmq_auth.c).
//   receivePrev: one blocking native call up to the deadline; it returns early for a message, for a neighbour
//                whose connection has been gone for lostGraceMs, or (while sends wait for queue room) when the
//                send queue has room again, so a blocked receive never holds up this rank's own sends.
//   sendNext:    the send side, its queues and deadlines: send_queue.ts.
//   shared memory: with a next rank on this host, payloads go through a region of ours it maps (../shm.ts,
//                'in-region': the offer is the first message, the reader's ready and release words live in the
//                region, since PUSH -> PULL has no way back); a slot's payload is copied at sendNext, so the
//                ShmSlot message and the chunk's Envelope behind it are header-only and settle at once.
import { encodeEnvelope, validateFrames } from '../frames';
import { Rejections } from '../log';
import { PayloadPool } from '../pool';
import { ringCredentials } from '../ring_auth';
import { RING_SHM_BODIES, ShmProtocolError, ShmWriter, shmLayout } from '../shm';
import { ShmReader } from '../shm_reader';
import { BadFrameError, Message, PeerLostError, ReceivedMessage, RingLink, RingNeighbours, TransportConfigError,
  TransportStats, TransportTimeoutError } from '../types';
import type { LinkHandle, ZmqAddon } from './addon';
import { RecvCode } from './addon';
import { NativeZmqOptions, ResolvedNative, resolveNative } from './options';
import { SendQueue } from './send_queue';

/** With a closing word (RingLinkChoice.closing), a receive blocks in native code at most this long at a time. */
const CLOSING_SLICE_MS = 100;

export class NativeZmqRingLink implements RingLink {
  private h: LinkHandle;
  private o: ResolvedNative;
  private rej: Rejections;
  private header: Uint8Array;
  private info = new Float64Array(3); // [header bytes, payload bytes or -1, refusals waiting to be logged]
  private pool: PayloadPool;
  private sends: SendQueue;
  private closed = false;
  private n?: RingNeighbours;
  private refusedTotal = 0;
  private shmw?: ShmWriter; // our region for the next rank's payloads
  private shmr = new ShmReader('in-region'); // the previous rank's region, once offered and mapped
  private broken?: Error; // the previous rank broke the shared-memory protocol: receives fail

  constructor(private a: ZmqAddon, opts: NativeZmqOptions) {
    this.o = resolveNative(opts);
    const c = this.o.curve;
    this.h = a.zmqLinkCreate(!!c, this.o.maxHeaderBytes, this.o.maxPayloadBytes, this.o.receiveHighWaterMark,
      this.o.sendHighWaterMark, this.o.handshakeTimeoutMs, c?.publicKey, c?.secretKey);
    this.header = new Uint8Array(this.o.maxHeaderBytes);
    this.rej = new Rejections(this.o.log);
    this.pool = new PayloadPool(this.o.poolBudgetBytes);
    this.sends = new SendQueue(a, this.h, this.o, () => ({ name: this.nextName, rank: this.n?.next.rank }));
  }

  private get prevName() {
    return this.n?.prev.name ?? 'previous rank';
  }
  private get nextName() {
    return this.n?.next.name ?? 'next rank';
  }

  bind(endpoint: string): Promise<string> {
    try {
      return Promise.resolve(this.a.zmqLinkBind(this.h, endpoint));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  connect(n: RingNeighbours): void {
    this.n = n;
    if (n.worldSize < 2) return;
    const { expect, dial } = ringCredentials(n, !!this.o.curve);
    try {
      this.a.zmqLinkExpect(this.h, expect.user, expect.credential);
      this.a.zmqLinkConnect(this.h, n.next.address, dial.user, dial.credential);
    } catch (e) {
      throw new TransportConfigError(`ZeroMQ ring link: ${(e as Error).message}`);
    }
    this.offerShm();
  }

  /** Offers the next rank a region (the first message on the link); payloads use it once it says it mapped it. */
  private offerShm(): void {
    if (this.o.shmBudgetBytes <= 0) return;
    const { slotBytes, slots } = shmLayout(this.o.maxPayloadBytes, this.o.shmBudgetBytes);
    const r = ShmWriter.create(slotBytes, slots, 'in-region');
    if ('why' in r) {
      this.o.log(`ring: payloads to ${this.nextName} over the socket: ${r.why}`);
      return;
    }
    this.shmw = r.w;
    this.sendNext({ header: encodeEnvelope(r.w.offer()) }).catch(() => {/* the link failed: the next send says so */});
  }

  sendNext(msg: Message): Promise<void> {
    return this.sends.send(msg, (m) => this.viaShm(m));
  }

  /** What goes on the socket for msg: with the next rank's mapping of our region, the payload is copied into
   *  a slot and only the Envelopes go. */
  private viaShm(msg: Message): Message[] {
    if (this.shmw?.ready()) this.o.log(`ring: to ${this.nextName}: ${this.shmw.line()}`);
    const slot = msg.payload && this.shmw?.put(msg.payload);
    return slot ? [{ header: encodeEnvelope(slot) }, { header: msg.header }] : [msg];
  }

  private lost(code: number, waitingFor: string): Error {
    return code === RecvCode.PREV_LOST ?
      new PeerLostError(this.prevName, waitingFor, this.n?.prev.rank)
      : new PeerLostError(this.nextName, waitingFor, this.n?.next.rank);
  }

  receivePrev(timeoutMs: number, waitingFor = 'ring data'): Promise<ReceivedMessage> {
    try {
      return Promise.resolve(this.receive(timeoutMs, waitingFor));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private receive(timeoutMs: number, waitingFor: string): ReceivedMessage {
    if (this.closed) throw new PeerLostError(this.prevName, `${waitingFor} (link closed)`, this.n?.prev.rank);
    const deadline = performance.now() + timeoutMs;
    const lim = { maxHeaderBytes: this.o.maxHeaderBytes, maxPayloadBytes: this.o.maxPayloadBytes,
      allow: RING_SHM_BODIES };
    for (;;) {
      if (this.broken) throw this.broken;
      this.sends.step();
      if (this.sends.failure) throw this.sends.failure;
      const c = this.o.closing;
      if (c && Atomics.load(c, 0) !== 0) {
        throw new PeerLostError(this.prevName, `${waitingFor} (link closing)`, this.n?.prev.rank);
      }
      const remaining = Math.max(0, Math.ceil(deadline - performance.now()));
      const left = c ? Math.min(remaining, CLOSING_SLICE_MS) : remaining;
      this.info[2] = 0;
      const code = this.a.zmqLinkRecv(this.h, left, this.o.lostGraceMs, this.header, this.info, this.sends.blocked);
      if (this.info[2] > 0) this.logRefusals();
      if (code === RecvCode.MESSAGE) {
        const m = this.take(lim);
        if (m) return m;
      } else if (code === RecvCode.REJECTED) {
        this.rej.reject(new BadFrameError(this.prevName, this.a.zmqLinkEvents(this.h).reject, this.n?.prev.rank));
      } else if (code === RecvCode.PREV_LOST || code === RecvCode.NEXT_LOST) {
        const e = this.lost(code,
          code === RecvCode.NEXT_LOST ? `${waitingFor} (outbound connection lost)` : waitingFor);
        if (code === RecvCode.NEXT_LOST) this.sends.fail(e);
        throw e;
      } else if (code === RecvCode.TIMEOUT && left < remaining) {
        continue; // a slice, not the deadline: look at the closing word again
      } else if (code === RecvCode.TIMEOUT) {
        const ev = this.a.zmqLinkEvents(this.h);
        const why = ev.outFailures > 0 && !ev.outUp
          ? ` (meanwhile ${this.nextName} refused this rank ${ev.outFailures} times: ${ev.outFailure})`
          : '';
        throw new TransportTimeoutError(this.prevName, `${waitingFor}${why}`, timeoutMs, this.n?.prev.rank);
      }
    }
  }

  /** The message zmqLinkRecv announced: header copied out, payload into a recycled buffer (or the slot a ShmSlot
   *  announced), then validated; the shared-memory messages are handled here (undefined: nothing for the caller). */
  private take(lim: Parameters<typeof validateFrames>[2]): ReceivedMessage | undefined {
    const header = this.header.slice(0, this.info[0]), bytes = this.info[1];
    let own: Uint8Array | undefined, payload: Uint8Array | undefined;
    if (bytes > 0) {
      own = this.pool.take(bytes);
      this.a.zmqLinkTake(this.h, own);
    } else if (bytes === 0) {
      this.a.zmqLinkDrop(this.h);
      own = new Uint8Array(0);
    }
    try {
      payload = this.shmr.payloadOf(header, own);
      const m = validateFrames(this.prevName, payload ? [header, payload] : [header], lim);
      if (m.envelope.shmOffer) {
        const r = this.shmr.offer(m.envelope.shmOffer, this.o.maxPayloadBytes, this.o.shmBudgetBytes > 0);
        this.o.log(`ring: from ${this.prevName}: ${r.line}`);
      } else if (m.envelope.shmSlot) {
        this.shmr.slot(m.envelope.shmSlot);
      } else {
        return m;
      }
      return undefined;
    } catch (e) {
      if (payload) this.recycle(payload);
      if (own && own !== payload) this.pool.give(own);
      if (e instanceof ShmProtocolError) {
        throw (this.broken = new BadFrameError(this.prevName, `shared memory: ${e.message}`, this.n?.prev.rank));
      }
      if (!(e instanceof BadFrameError)) throw e;
      this.rej.reject(e); // dropped and counted; the receive goes on within its deadline
      return undefined;
    }
  }

  /** Refused connections (strangers, a wrong credential) as the TCP plane words them: address and why. */
  /** Logs the refusals the ZAP thread queued; returns how many requests it holds now. */
  private logRefusals(): number {
    const ev = this.a.zmqLinkEvents(this.h);
    for (const r of ev.refusals) {
      const [addr, why] = r.split('\t');
      this.rej.reject(new BadFrameError(addr, `ring connection refused: ${why}`));
    }
    this.refusedTotal = ev.refusedTotal;
    return ev.held;
  }
  /** ZAP requests held now (tests wait for one). */
  heldRequests(): number {
    return this.closed ? 0 : this.logRefusals();
  }

  recycle(payload: Uint8Array): void {
    // a slot of the previous rank's region: it may reuse it now
    if (!this.shmr.release(payload)) this.pool.give(payload);
  }

  stats(): TransportStats {
    if (!this.closed) this.logRefusals();
    return { ...this.rej.s, refusedConnections: this.refusedTotal, shmPayloadsSent: this.shmw?.sent ?? 0,
      shmPayloadsReceived: this.shmr.received };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sends.close(new PeerLostError(this.nextName, 'sending to it (link closed)', this.n?.next.rank));
    this.a.zmqLinkClose(this.h); // libzmq has released every payload it held: the retained ones may go
    this.sends.dropRetained();
    this.pool.clear();
    this.shmw?.close();
    this.shmr.close();
  }
}
