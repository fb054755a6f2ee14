// The write side of a TCP ring link: the authenticated stream to the next rank. Sends queue until the
// stream is attached (handshake done), each with its deadline; once attached, every frame is written in
// order. Where the next rank mapped our shared-memory region (shm.ts), a payload is copied into a slot and
// only the Envelopes go on the socket. The only bytes the next rank may send back are its one
// shared-memory answer; anything else, or any violation, fails the stream naming it.
import type * as net from 'node:net';
import type { mygpt } from '../../gen/mygpt';
import { validateFrames } from '../frames';
import { BadFrameError, Message, PeerLostError, TransportTimeoutError } from '../types';
import { FrameReader, FramingError, framePrefix } from './framing';
import type { ResolvedTcp } from './options';
import { envelopeFrame } from './handshake';
import { SHM_BACK_MAX_HEADER_BYTES, SHM_TO_WRITER, ShmProtocolError, ShmWriter, shmLayout } from '../shm';

interface Pending {
  msg: Message;
  resolve: () => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  done: boolean;
}

const BACK_LIMITS = { maxHeaderBytes: SHM_BACK_MAX_HEADER_BYTES, maxPayloadBytes: 0 };
const BACK_FRAME_LIMITS = { ...BACK_LIMITS, allow: SHM_TO_WRITER };

/** Who the stream goes to, as the link knows it now (names and ranks come with RingLink.connect). */
export type PeerOf = () => { name: string; rank?: number; };

export class OutStream {
  private s?: net.Socket;
  private failure?: Error;
  private queue: Pending[] = []; // sends waiting for the stream
  private shm?: ShmWriter;
  private back?: FrameReader; // what the next rank sends back (its ShmAnswer)

  constructor(private o: ResolvedTcp, private peer: PeerOf) {}

  get socket(): net.Socket | undefined {
    return this.s;
  }
  get shmSent(): number {
    return this.shm?.sent ?? 0;
  }

  /** The handshake is done on s: offer shared memory, then write what was queued. */
  attach(s: net.Socket): void {
    this.s = s;
    this.offerShm(s);
    for (const p of this.queue.splice(0)) this.write(p);
  }

  send(msg: Message): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const { name, rank } = this.peer();
      const p: Pending = { msg, resolve, reject, done: false, timer: setTimeout(
        () =>
          this.settle(p,
            new TransportTimeoutError(name, this.s ? 'it to accept data (send queue full)' : 'it to connect',
              this.o.sendTimeoutMs, rank)),
        this.o.sendTimeoutMs,
      ) };
      if (this.s) this.write(p);
      else this.queue.push(p);
    });
  }

  /** Bytes the next rank sent on the stream. */
  onData(d: Buffer): void {
    if (!this.shm) {
      this.fail(`${this.peer().name} sent data on the write-only stream`);
      return;
    }
    this.back ??= new FrameReader(BACK_LIMITS,
      (h) => this.fromNext(validateFrames(this.peer().name, [h], BACK_FRAME_LIMITS).envelope));
    try {
      this.back.push(d);
    } catch (e) {
      if (!(e instanceof FramingError || e instanceof BadFrameError || e instanceof ShmProtocolError)) throw e;
      this.fail(`${this.peer().name}: shared memory: ${e.message}`);
    }
  }

  /** The stream is lost (why: a protocol violation; none: the connection closed). Sticky. */
  fail(why?: string, closing = false): void {
    const { name, rank } = this.peer();
    this.failure ??= why ?
      new BadFrameError(name, why, rank)
      : new PeerLostError(name, closing ? 'sending to it (link closed)' : 'sending to it', rank);
    this.s?.destroy();
    this.shm?.close();
    for (const p of this.queue.splice(0)) this.settle(p, this.failure);
  }

  /** Offers the next rank our region; payloads use it once it answers "mapped". */
  private offerShm(s: net.Socket): void {
    if (this.o.shmBudgetBytes <= 0) return;
    const { slotBytes, slots } = shmLayout(this.o.maxPayloadBytes, this.o.shmBudgetBytes);
    const r = ShmWriter.create(slotBytes, slots);
    if ('why' in r) {
      this.o.log(`ring: payloads to ${this.peer().name} over the socket: ${r.why}`);
      return;
    }
    this.shm = r.w;
    s.write(envelopeFrame(r.w.offer()));
  }

  private fromNext(env: mygpt.Envelope): void {
    this.o.log(`ring: to ${this.peer().name}: ${this.shm!.answer(env.shmAnswer!)}`);
  }

  private write(p: Pending): void {
    const s = this.s!, payload = p.msg.payload ?? new Uint8Array(0), h = p.msg.header;
    const done = (e?: Error | null) =>
      this.settle(p, e ? new PeerLostError(this.peer().name, 'sending to it', this.peer().rank) : undefined);
    const slot = this.shm?.put(payload); // copied into shared memory: only the Envelopes go on the socket
    s.cork();
    if (slot) {
      s.write(envelopeFrame(slot));
      s.write(framePrefix(h.length, 0, h), done);
    } else {
      s.write(framePrefix(h.length, payload.length, h));
      s.write(payload.length ? payload : Buffer.alloc(0), done);
    }
    s.uncork();
  }

  private settle(p: Pending, e?: Error | null): void {
    if (p.done) return;
    p.done = true;
    clearTimeout(p.timer);
    if (e) p.reject(e);
    else p.resolve();
  }
}
