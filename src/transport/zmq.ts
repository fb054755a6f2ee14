// ZeroMQ implementation of the transport interfaces. The ONLY file importing `zeromq`.
// Control plane: ROUTER (coordinator) <-> DEALER (workers). Data plane: ring of PUSH -> PULL.
// Every received message passes validateFrames (frames.ts); invalid ones are logged,
// counted and dropped while the caller keeps waiting within its deadline.
import * as zmq from 'zeromq';
import {
  BodyKind, CONTROL_BODIES, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_PAYLOAD_BYTES, RING_BODIES, validateFrames,
} from './frames';
import {
  BadFrameError, ControlClient, ControlServer, Message, PeerLostError, ReceivedMessage, RingLink,
  TransportStats, TransportTimeoutError,
} from './types';

export interface ZmqOptions {
  maxPayloadBytes?: number;   // largest accepted payload frame (default 64 MiB)
  maxHeaderBytes?: number;    // largest accepted Envelope frame (default 64 KiB)
  sendHighWaterMark?: number; // messages queued per peer before send() waits (default 1000)
  receiveHighWaterMark?: number;
  sendTimeoutMs?: number;     // a send blocked this long (peer not draining) fails (default 10 s)
  lingerMs?: number;          // how long close() lets queued messages drain at exit (default 500)
  lostGraceMs?: number;       // ring: neighbour without a connection this long = lost (default 300)
  log?: (line: string) => void; // rejected frames and peer events (default stderr)
}

const defaults = (o: ZmqOptions) => ({
  maxPayloadBytes: o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
  maxHeaderBytes: o.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
  sendHighWaterMark: o.sendHighWaterMark ?? 1000,
  receiveHighWaterMark: o.receiveHighWaterMark ?? 1000,
  sendTimeoutMs: o.sendTimeoutMs ?? 10_000,
  lingerMs: o.lingerMs ?? 500,
  lostGraceMs: o.lostGraceMs ?? 300,
  log: o.log ?? ((line: string) => process.stderr.write(`[transport] ${line}\n`)),
});
type Resolved = ReturnType<typeof defaults>;

/** Socket options shared by every socket: bounded frame size, bounded queues, small linger. */
const recvOptions = (o: Resolved) => ({
  maxMessageSize: o.maxPayloadBytes + o.maxHeaderBytes, // zmq drops the connection above this
  receiveHighWaterMark: o.receiveHighWaterMark,
  linger: o.lingerMs,
});
const sendOptions = (o: Resolved) => ({
  sendHighWaterMark: o.sendHighWaterMark,
  sendTimeout: o.sendTimeoutMs,
  linger: o.lingerMs,
});
const socketOptions = (o: Resolved) => ({ ...recvOptions(o), ...sendOptions(o) });

/** Buffer view over the same bytes (zeromq would stringify a plain Uint8Array). No copy. */
const asBuffer = (u: Uint8Array): Buffer =>
  Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);

const frames = (m: Message): Buffer[] => (m.payload ? [asBuffer(m.header), asBuffer(m.payload)] : [asBuffer(m.header)]);

const isAgain = (e: unknown) => (e as { code?: string }).code === 'EAGAIN';

/** Serialises sends on one socket (zeromq allows one send in flight per socket). */
class SendQueue {
  private tail: Promise<void> = Promise.resolve();
  push(fn: () => Promise<void>): Promise<void> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

class Rejections {
  readonly s: TransportStats = { rejectedFrames: 0, lastRejection: '' };
  constructor(private log: (l: string) => void) {}
  reject(e: BadFrameError): void {
    this.s.rejectedFrames++;
    this.s.lastRejection = e.message;
    // Log the first few and then every 1000th so a flood cannot fill the disk.
    if (this.s.rejectedFrames <= 5 || this.s.rejectedFrames % 1000 === 0) {
      this.log(`${e.message} (rejected so far: ${this.s.rejectedFrames})`);
    }
  }
}

interface ReceiveLoop<T> {
  sock: { receive(): Promise<Buffer[]>; receiveTimeout: number };
  timeoutMs: number;
  sliceMs: number;                        // wake up this often to check for a lost peer
  peerName: () => string;                 // for the timeout error
  waitingFor: string;
  checkLost?: () => void;                 // throws PeerLostError
  accept: (parts: Buffer[]) => T;         // throws BadFrameError -> dropped, counted
  rejections: Rejections;
}

/** Receive until a valid message or the deadline; bad frames never end the wait. */
async function receiveValid<T>(r: ReceiveLoop<T>): Promise<T> {
  const deadline = Date.now() + r.timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new TransportTimeoutError(r.peerName(), r.waitingFor, r.timeoutMs);
    r.sock.receiveTimeout = Math.max(1, Math.min(left, r.sliceMs));
    let parts: Buffer[];
    try {
      parts = await r.sock.receive();
    } catch (e) {
      if (!isAgain(e)) throw e;
      r.checkLost?.();
      continue;
    }
    try {
      return r.accept(parts);
    } catch (e) {
      if (!(e instanceof BadFrameError)) throw e;
      r.rejections.reject(e);
    }
  }
}

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
  private q = new SendQueue();
  private rej: Rejections;
  private lim: { maxHeaderBytes: number; maxPayloadBytes: number; allow: ReadonlySet<BodyKind> };
  constructor(opts: ZmqOptions) {
    this.o = defaults(opts);
    this.sock = new zmq.Router({ ...socketOptions(this.o), mandatory: true });
    this.rej = new Rejections(this.o.log);
    this.lim = { maxHeaderBytes: this.o.maxHeaderBytes, maxPayloadBytes: this.o.maxPayloadBytes, allow: CONTROL_BODIES };
  }
  async bind(endpoint: string): Promise<string> {
    await this.sock.bind(endpoint);
    return this.sock.lastEndpoint ?? endpoint;
  }
  send(peer: string, msg: Message): Promise<void> {
    return this.q.push(async () => {
      try {
        await this.sock.send([idOf(peer), ...frames(msg)]);
      } catch (e) {
        if (isAgain(e)) throw new TransportTimeoutError(peer, 'send queue to drain', this.o.sendTimeoutMs);
        if ((e as { code?: string }).code === 'EHOSTUNREACH') throw new Error(`control peer ${peer} is not connected`);
        throw e;
      }
    });
  }
  receive(timeoutMs: number): Promise<{ peer: string; msg: ReceivedMessage }> {
    return receiveValid({
      sock: this.sock, timeoutMs, sliceMs: timeoutMs, peerName: () => 'any worker', waitingFor: 'a control message',
      rejections: this.rej,
      accept: ([id, ...rest]) => {
        const peer = peerOf(id);
        return { peer, msg: validateFrames(peer, rest, this.lim) };
      },
    });
  }
  stats(): TransportStats { return { ...this.rej.s }; }
  close(): void { this.sock.close(); }
}

class ZmqControlClient implements ControlClient {
  private sock: zmq.Dealer;
  private o: Resolved;
  private q = new SendQueue();
  private rej: Rejections;
  private endpoint = '(not connected)';
  constructor(opts: ZmqOptions & { routingId?: string }) {
    this.o = defaults(opts);
    this.sock = new zmq.Dealer({ ...socketOptions(this.o), ...(opts.routingId ? { routingId: opts.routingId } : {}) });
    this.rej = new Rejections(this.o.log);
  }
  connect(endpoint: string): void {
    this.endpoint = endpoint;
    this.sock.connect(endpoint);
  }
  send(msg: Message): Promise<void> {
    return this.q.push(async () => {
      try {
        await this.sock.send(frames(msg));
      } catch (e) {
        if (isAgain(e)) throw new TransportTimeoutError(`coordinator ${this.endpoint}`, 'send queue to drain', this.o.sendTimeoutMs);
        throw e;
      }
    });
  }
  receive(timeoutMs: number): Promise<ReceivedMessage> {
    const peer = `coordinator ${this.endpoint}`;
    const lim = { maxHeaderBytes: this.o.maxHeaderBytes, maxPayloadBytes: this.o.maxPayloadBytes, allow: CONTROL_BODIES };
    return receiveValid({
      sock: this.sock, timeoutMs, sliceMs: timeoutMs, peerName: () => peer, waitingFor: 'a control message',
      rejections: this.rej, accept: (parts) => validateFrames(peer, parts, lim),
    });
  }
  stats(): TransportStats { return { ...this.rej.s }; }
  close(): void { this.sock.close(); }
}

/** Counts live connections from socket events; "lost" = none for longer than graceMs
 *  after there has been at least one (a SIGKILLed peer's TCP connection closes at once). */
class ConnectionWatch {
  private live = 0;
  private ever = false;
  private zeroSince = 0;
  constructor(events: zmq.Observer, up: 'accept' | 'connect', private graceMs: number) {
    events.on(up, () => { this.live++; this.ever = true; });
    events.on('disconnect', () => {
      this.live = Math.max(0, this.live - 1);
      if (this.live === 0) this.zeroSince = Date.now();
    });
  }
  lost(): boolean {
    return this.ever && this.live === 0 && Date.now() - this.zeroSince > this.graceMs;
  }
}

class ZmqRingLink implements RingLink {
  private pull: zmq.Pull;
  private push: zmq.Push;
  private o: Resolved;
  private q = new SendQueue();
  private rej: Rejections;
  private lim: { maxHeaderBytes: number; maxPayloadBytes: number; allow: ReadonlySet<BodyKind> };
  private inWatch: ConnectionWatch;
  private outWatch: ConnectionWatch;
  private prevName = 'previous rank';
  private nextName = 'next rank';
  constructor(opts: ZmqOptions) {
    this.o = defaults(opts);
    this.pull = new zmq.Pull(recvOptions(this.o));
    this.push = new zmq.Push({ ...sendOptions(this.o), immediate: true });
    this.rej = new Rejections(this.o.log);
    this.lim = { maxHeaderBytes: this.o.maxHeaderBytes, maxPayloadBytes: this.o.maxPayloadBytes, allow: RING_BODIES };
    this.inWatch = new ConnectionWatch(this.pull.events, 'accept', this.o.lostGraceMs);
    this.outWatch = new ConnectionWatch(this.push.events, 'connect', this.o.lostGraceMs);
  }
  async bind(endpoint: string): Promise<string> {
    await this.pull.bind(endpoint);
    return this.pull.lastEndpoint ?? endpoint;
  }
  connectNext(endpoint: string): void {
    if (this.nextName === 'next rank') this.nextName = endpoint;
    this.push.connect(endpoint);
  }
  setPeerNames(prev: string, next: string): void {
    this.prevName = prev;
    this.nextName = next;
  }
  sendNext(msg: Message): Promise<void> {
    if (this.outWatch.lost()) return Promise.reject(new PeerLostError(this.nextName, 'sending to it'));
    return this.q.push(async () => {
      try {
        await this.push.send(frames(msg));
      } catch (e) {
        if (!isAgain(e)) throw e;
        if (this.outWatch.lost()) throw new PeerLostError(this.nextName, 'sending to it');
        throw new TransportTimeoutError(this.nextName, 'it to accept data (send queue full)', this.o.sendTimeoutMs);
      }
    });
  }
  receivePrev(timeoutMs: number, waitingFor = 'ring data'): Promise<ReceivedMessage> {
    return receiveValid({
      sock: this.pull, timeoutMs, sliceMs: Math.min(100, this.o.lostGraceMs), waitingFor,
      peerName: () => this.prevName, rejections: this.rej,
      checkLost: () => {
        if (this.inWatch.lost()) throw new PeerLostError(this.prevName, waitingFor);
        if (this.outWatch.lost()) throw new PeerLostError(this.nextName, `${waitingFor} (outbound connection lost)`);
      },
      accept: (parts) => validateFrames(this.prevName, parts, this.lim),
    });
  }
  stats(): TransportStats { return { ...this.rej.s }; }
  close(): void {
    this.push.close();
    this.pull.close();
  }
}

export const createZmqControlServer = (opts: ZmqOptions = {}): ControlServer => new ZmqControlServer(opts);
export const createZmqControlClient = (opts: ZmqOptions & { routingId?: string } = {}): ControlClient =>
  new ZmqControlClient(opts);
export const createZmqRingLink = (opts: ZmqOptions = {}): RingLink => new ZmqRingLink(opts);

/** Sends arbitrary frames, unvalidated: for fuzz tests and diagnostics only (lets tests
 *  produce wrong frame counts and garbage without importing zeromq themselves). */
export interface RawSender {
  send(parts: Uint8Array[]): Promise<void>;
  close(): void;
}
export function createZmqRawSender(endpoint: string, kind: 'push' | 'dealer', opts: ZmqOptions = {}): RawSender {
  const o = defaults(opts);
  const sock = kind === 'push' ? new zmq.Push(sendOptions(o)) : new zmq.Dealer(socketOptions(o));
  sock.connect(endpoint);
  const q = new SendQueue();
  return {
    send: (parts) => q.push(() => sock.send(parts.map(asBuffer))),
    close: () => sock.close(),
  };
}
