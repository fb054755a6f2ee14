// The ZeroMQ ring link driven from native code (native/zmq_link.c): libzmq's PUSH -> PULL ring called
// synchronously from the thread that owns the link (the communication thread), no promise or event-loop turn
// per message on the receive path, payloads sent zero-copy from the caller's memory and received into recycled
// buffers. Only the previous rank is admitted on the inbound socket (ring_auth.ts; native/zmq_auth.c).
//   receivePrev: one blocking native call up to the deadline; it returns early for a message, for a neighbour
//                whose connection has been gone for lostGraceMs, or (while sends wait for queue room) when the
//                send queue has room again, so a blocked receive never holds up this rank's own sends.
//   sendNext:    the header is copied, the payload (>= 1 KiB) handed to libzmq by reference: the promise resolves
//                once libzmq has written it (the payload must not change until then). A send that finds the
//                queue full or the next rank not yet connected waits here, in order, until sendTimeoutMs.
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

/** With a closing word (RingLinkChoice.closing), a receive blocks in native code at most this long at a time. */
const CLOSING_SLICE_MS = 100;

interface Waiting {
  seq: number;
  resolve: () => void;
  reject: (e: Error) => void;
  payload?: Uint8Array;
  deadline: number;
} // zero-copy, not yet written
interface Unsent {
  msg: Message;
  resolve: () => void;
  reject: (e: Error) => void;
  deadline: number;
} // queue was full

export class NativeZmqRingLink implements RingLink {
  private h: LinkHandle;
  private o: ResolvedNative;
  private rej: Rejections;
  private header: Uint8Array;
  private info = new Float64Array(3); // [header bytes, payload bytes or -1, refusals waiting to be logged]
  private pool: PayloadPool;
  private waiting: Waiting[] = [];
  private retained: Waiting[] = []; // failed while libzmq may still read their payloads: kept until close()
  private unsent: Unsent[] = [];
  private pumping = false;
  private failure?: Error;
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
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const deadline = performance.now() + this.o.sendTimeoutMs;
      if (this.shmw?.ready()) this.o.log(`ring: to ${this.nextName}: ${this.shmw.line()}`);
      const slot = msg.payload && this.shmw?.put(msg.payload); // copied: only the Envelopes go on the socket
      if (slot) {
        this.unsent.push({ msg: { header: encodeEnvelope(slot) }, resolve: () => {}, reject: () => {}, deadline });
        msg = { header: msg.header };
      }
      this.unsent.push({ msg, resolve, reject, deadline });
      if (this.unsent.length === 1) this.flush();
      this.pump();
    });
  }

  /** Hands queued sends to libzmq in order until one finds the queue full. A send libzmq refuses (over a
   *  limit, a socket error) fails the link: nothing after it could be delivered in order. */
  private flush(): void {
    while (this.unsent.length > 0 && !this.failure) {
      const u = this.unsent[0];
      let seq: number;
      try {
        seq = this.a.zmqLinkSend(this.h, u.msg.header, u.msg.payload);
      } catch (e) {
        this.fail(new PeerLostError(this.nextName, `sending to it: ${(e as Error).message}`, this.n?.next.rank));
        return;
      }
      if (seq < 0) return;
      this.unsent.shift();
      if (seq === 0) u.resolve();
      else {this.waiting.push({ seq, resolve: u.resolve, reject: u.reject, payload: u.msg.payload,
          deadline: performance.now() + this.o.sendTimeoutMs });}
    }
  }

  /** Resolves the sends libzmq has finished writing (in order); asks libzmq only when some are out. */
  private settle(known?: number): void {
    if (this.waiting.length === 0) return;
    const upto = known ?? this.a.zmqLinkSentUpto(this.h);
    let i = 0;
    while (i < this.waiting.length && this.waiting[i].seq <= upto) this.waiting[i++].resolve();
    if (i > 0) this.waiting.splice(0, i);
  }

  /** While sends are outstanding and no receive drives the link: wait for them in short native waits (for
   *  queue room or a connection, a 1 ms timer between tries). */
  private pump(): void {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    const again = () => {
      this.pumping = false;
      if (this.closed || this.failure) return;
      this.step();
      const last = this.waiting[this.waiting.length - 1];
      if (last) this.settle(this.a.zmqLinkWaitSent(this.h, last.seq, 2));
      if (this.unsent.length > 0 || this.waiting.length > 0) this.pump();
    };
    if (this.waiting.length > 0) setImmediate(again);
    else setTimeout(again, 1);
  }

  /** One round of bookkeeping: queued sends, written sends, their deadlines, a lost next rank, refusals. */
  private step(): void {
    this.flush();
    this.settle();
    const u = this.unsent[0], w = this.waiting[0];
    if (w && performance.now() > w.deadline) { // handed to libzmq, never written: the next rank stopped reading
      this.fail(
        new TransportTimeoutError(this.nextName, 'it to accept data (send queue full)', this.o.sendTimeoutMs,
          this.n?.next.rank),
      );
    } else if (u && performance.now() > u.deadline) {
      this.fail(
        new TransportTimeoutError(this.nextName,
          this.a.zmqLinkEvents(this.h).outUp ? 'it to accept data (send queue full)' : 'it to connect',
          this.o.sendTimeoutMs, this.n?.next.rank),
      );
    } else if (this.unsent.length > 0 && this.a.zmqLinkCheck(this.h, this.o.lostGraceMs) === RecvCode.NEXT_LOST) {
      this.fail(this.lost(RecvCode.NEXT_LOST, 'sending to it'));
    }
  }

  /** The link cannot send any more: every queued or unwritten send fails with e (sticky). Payloads libzmq may
   *  still read stay referenced until close() has ended its context. */
  private fail(e: Error): void {
    this.failure ??= e;
    for (const u of this.unsent.splice(0)) u.reject(this.failure);
    for (const w of this.waiting.splice(0)) {
      w.reject(this.failure);
      this.retained.push(w);
    }
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
      this.step();
      if (this.failure) throw this.failure;
      const c = this.o.closing;
      if (c && Atomics.load(c, 0) !== 0) {
        throw new PeerLostError(this.prevName, `${waitingFor} (link closing)`, this.n?.prev.rank);
      }
      const remaining = Math.max(0, Math.ceil(deadline - performance.now()));
      const left = c ? Math.min(remaining, CLOSING_SLICE_MS) : remaining;
      this.info[2] = 0;
      const code = this.a.zmqLinkRecv(this.h, left, this.o.lostGraceMs, this.header, this.info, this.unsent.length > 0);
      if (this.info[2] > 0) this.logRefusals();
      if (code === RecvCode.MESSAGE) {
        const m = this.take(lim);
        if (m) return m;
      } else if (code === RecvCode.REJECTED) {
        this.rej.reject(new BadFrameError(this.prevName, this.a.zmqLinkEvents(this.h).reject, this.n?.prev.rank));
      } else if (code === RecvCode.PREV_LOST || code === RecvCode.NEXT_LOST) {
        const e = this.lost(code,
          code === RecvCode.NEXT_LOST ? `${waitingFor} (outbound connection lost)` : waitingFor);
        if (code === RecvCode.NEXT_LOST) this.fail(e);
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
  private logRefusals(): void {
    const ev = this.a.zmqLinkEvents(this.h);
    for (const r of ev.refusals) {
      const [addr, why] = r.split('\t');
      this.rej.reject(new BadFrameError(addr, `ring connection refused: ${why}`));
    }
    this.refusedTotal = ev.refusedTotal;
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
    this.fail(new PeerLostError(this.nextName, 'sending to it (link closed)', this.n?.next.rank));
    this.a.zmqLinkClose(this.h); // libzmq has released every payload it held: the retained ones may go
    this.retained = [];
    this.pool.clear();
    this.shmw?.close();
    this.shmr.close();
  }
}
