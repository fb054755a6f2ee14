// The send side of the native ZeroMQ ring link (ring_link.ts): the sends to the next rank, in order, from the
// caller's promise to libzmq having written them.
//   sendNext: the header is copied, the payload (>= 1 KiB) handed to libzmq by reference: the promise resolves
//             once libzmq has written it (the payload must not change until then). A send that finds the
//             queue full or the next rank not yet connected waits here, in order, until sendTimeoutMs.
// Two queues: Unsent (libzmq has not taken them: queue full, or no connection yet) and Waiting (taken zero-copy,
// not yet written). Receives drive them (step()); while none does, pump() does, in short native waits. A failure
// is sticky: every queued or unwritten send fails with it, and the payloads libzmq may still read are retained
// until the link's native handle is closed.
import { Message, PeerLostError, TransportTimeoutError } from '../types';
import type { LinkHandle, ZmqAddon } from './addon';
import { RecvCode } from './addon';
import type { ResolvedNative } from './options';

/** A send handed to libzmq zero-copy, not yet written. */
interface Waiting {
  seq: number;
  resolve: () => void;
  reject: (e: Error) => void;
  payload?: Uint8Array;
  deadline: number;
}
/** A send not yet handed to libzmq (its queue was full, or sends ahead of it were). */
interface Unsent {
  msg: Message;
  resolve: () => void;
  reject: (e: Error) => void;
  deadline: number;
}

/** Who the sends go to, as the link knows it now (names and ranks come with RingLink.connect). */
export type NextOf = () => { name: string; rank?: number; };

export class SendQueue {
  private waiting: Waiting[] = [];
  private retained: Waiting[] = []; // failed while libzmq may still read their payloads: kept until dropRetained()
  private unsent: Unsent[] = [];
  private pumping = false;
  private closed = false;
  private err?: Error;

  constructor(private a: ZmqAddon, private h: LinkHandle, private o: ResolvedNative, private next: NextOf) {}

  /** Why the link can send no more (sticky), if it cannot. */
  get failure(): Error | undefined {
    return this.err;
  }

  /** Sends wait for queue room or a connection: a receive should wake when the queue has room again. */
  get blocked(): boolean {
    return this.unsent.length > 0;
  }

  /** Queues msg; route turns it into the messages that go on the socket (the last one carries the promise). */
  send(msg: Message, route: (m: Message) => Message[] = (m) => [m]): Promise<void> {
    if (this.err) return Promise.reject(this.err);
    return new Promise((resolve, reject) => {
      const deadline = performance.now() + this.o.sendTimeoutMs;
      const msgs = route(msg);
      for (const m of msgs.slice(0, -1)) this.unsent.push({ msg: m, resolve: () => {}, reject: () => {}, deadline });
      this.unsent.push({ msg: msgs[msgs.length - 1], resolve, reject, deadline });
      if (this.unsent.length === msgs.length) this.flush(); // nothing queued before it: hand it over now
      this.pump();
    });
  }

  /** Hands queued sends to libzmq in order until one finds the queue full. A send libzmq refuses (over a
   *  limit, a socket error) fails the link: nothing after it could be delivered in order. */
  private flush(): void {
    while (this.unsent.length > 0 && !this.err) {
      const u = this.unsent[0];
      let seq: number;
      try {
        seq = this.a.zmqLinkSend(this.h, u.msg.header, u.msg.payload);
      } catch (e) {
        const n = this.next();
        this.fail(new PeerLostError(n.name, `sending to it: ${(e as Error).message}`, n.rank));
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
      if (this.closed || this.err) return;
      this.step();
      const last = this.waiting[this.waiting.length - 1];
      if (last) this.settle(this.a.zmqLinkWaitSent(this.h, last.seq, 2));
      if (this.unsent.length > 0 || this.waiting.length > 0) this.pump();
    };
    if (this.waiting.length > 0) setImmediate(again);
    else setTimeout(again, 1);
  }

  /** One round of bookkeeping: queued sends, written sends, their deadlines, a lost next rank. */
  step(): void {
    this.flush();
    this.settle();
    const u = this.unsent[0], w = this.waiting[0];
    if (w && performance.now() > w.deadline) { // handed to libzmq, never written: the next rank stopped reading
      const n = this.next();
      this.fail(new TransportTimeoutError(n.name, 'it to accept data (send queue full)', this.o.sendTimeoutMs, n.rank));
    } else if (u && performance.now() > u.deadline) {
      const n = this.next();
      this.fail(
        new TransportTimeoutError(n.name,
          this.a.zmqLinkEvents(this.h).outUp ? 'it to accept data (send queue full)' : 'it to connect',
          this.o.sendTimeoutMs, n.rank),
      );
    } else if (this.unsent.length > 0 && this.a.zmqLinkCheck(this.h, this.o.lostGraceMs) === RecvCode.NEXT_LOST) {
      const n = this.next();
      this.fail(new PeerLostError(n.name, 'sending to it', n.rank));
    }
  }

  /** The link cannot send any more: every queued or unwritten send fails with e (sticky). Payloads libzmq may
   *  still read stay referenced until dropRetained(), once the native handle is closed. */
  fail(e: Error): void {
    this.err ??= e;
    for (const u of this.unsent.splice(0)) u.reject(this.err);
    for (const w of this.waiting.splice(0)) {
      w.reject(this.err);
      this.retained.push(w);
    }
  }

  /** No more sends or pumping: pending ones fail with e. The caller then closes the native handle and only
   *  after that calls dropRetained(). */
  close(e: Error): void {
    this.closed = true;
    this.fail(e);
  }

  /** libzmq has released every payload it held (its context ended): the retained ones may go. */
  dropRetained(): void {
    this.retained = [];
  }
}
