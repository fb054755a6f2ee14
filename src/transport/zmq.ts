// ZeroMQ implementation of the transport interfaces. The ONLY file importing `zeromq`.
// Control plane: ROUTER (coordinator) <-> DEALER (workers). Data plane: ring of PUSH -> PULL.
// Every received message passes validateFrames (frames.ts); invalid ones are logged,
// counted and dropped while the caller keeps waiting within its deadline.
import * as zmq from 'zeromq';
import {
  BodyKind, CONTROL_BODIES, DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_PAYLOAD_BYTES, RING_BODIES, validateFrames,
} from './frames';
import { z85Encode } from '../security/z85';
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
  curve?: CurveOptions;       // ZeroMQ CURVE: encrypt + authenticate (absent = plain TCP)
}

/** CURVE settings of one socket wrapper; keys are Z85 (40 characters). */
export interface CurveOptions {
  publicKey: string;          // this side's long-term key pair
  secretKey: string;
  serverKey?: string;         // client sockets (control DEALER): the server's public key
  allow?: readonly string[];  // server sockets (control ROUTER, ring PULL): client public keys accepted
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

// ---- CURVE ----

/** Socket options of a CURVE server (ROUTER, PULL): its own secret key, and a ZAP domain that the
 *  process's ZAP handler maps to the allowlist. */
const curveServerOptions = (c: CurveOptions, zapDomain: string) =>
  ({ curveServer: true, curvePublicKey: c.publicKey, curveSecretKey: c.secretKey, zapDomain });
/** Socket options of a CURVE client (DEALER, PUSH) talking to the server whose public key is serverKey. */
const curveClientOptions = (c: CurveOptions, serverKey: string) =>
  ({ curvePublicKey: c.publicKey, curveSecretKey: c.secretKey, curveServerKey: serverKey });

/** Logs one line per new (what, who), then every 100th repeat: ZeroMQ reconnects a refused peer
 *  every 100 ms, which must not flood the log. */
class RateLimitedLog {
  private seen = new Map<string, number>();
  constructor(private log: (l: string) => void) {}
  line(key: string, text: string): void {
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    if (n <= 1 || n % 100 === 0) this.log(n === 1 ? text : `${text} (${n} attempts so far)`);
  }
}

interface ZapDomain { allow: ReadonlySet<string>; what: string; refusals: RateLimitedLog }
interface ZapRegistration { domain: string; release: () => void; rename: (what: string) => void }

/** The process's ZAP handler (ZeroMQ RFC 27): a ROUTER on inproc://zeromq.zap.01 of the global
 *  context, consulted by every CURVE server socket during its handshake. Each server socket has its
 *  own ZAP domain with its own allowlist; an unknown domain or key is refused (status 400) and logged
 *  with the peer's address and public key. Bound while at least one CURVE server socket is open,
 *  and always before such a socket binds (without a handler, libzmq would accept any client key). */
class ZapHandler {
  private static current?: ZapHandler;
  private static seq = 0;
  private readonly domains = new Map<string, ZapDomain>();
  private readonly sock = new zmq.Router({ linger: 0 });
  private readonly ready: Promise<void>;

  private constructor() {
    this.ready = ZapHandler.bind(this.sock);
    void this.ready.then(() => this.serve(), () => undefined);
  }

  /** A handler closed a moment ago may still hold the inproc name (close is asynchronous): retry briefly. */
  private static async bind(sock: zmq.Router): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await sock.bind('inproc://zeromq.zap.01');
      } catch (e) {
        if ((e as { code?: string }).code !== 'EADDRINUSE' || attempt >= 100) throw e;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }

  /** Registers an allowlist; resolves (once the handler is bound) with the domain to set on the socket
   *  and the function that unregisters it (the handler closes with its last domain). */
  static async register(allow: readonly string[], what: string, log: (l: string) => void): Promise<ZapRegistration> {
    const h = (ZapHandler.current ??= new ZapHandler());
    const domain = `mygpt-${process.pid}-${++ZapHandler.seq}`;
    const d: ZapDomain = { allow: new Set(allow), what, refusals: new RateLimitedLog(log) };
    h.domains.set(domain, d);
    await h.ready;
    let released = false;
    return {
      domain, rename: (w) => { d.what = w; }, release: () => {
        if (released) return;
        released = true;
        h.domains.delete(domain);
        if (h.domains.size === 0 && ZapHandler.current === h) { ZapHandler.current = undefined; h.sock.close(); }
      },
    };
  }

  private async serve(): Promise<void> {
    try {
      for await (const frames of this.sock) await this.answer(frames);
    } catch { /* closed */ }
  }

  // Request: [routing id, '', version, request id, domain, address, identity, mechanism, ...credentials]
  private async answer([id, empty, version, requestId, domain, address, , mechanism, key]: Buffer[]): Promise<void> {
    const d = this.domains.get(domain?.toString() ?? '');
    const mech = mechanism?.toString() ?? '';
    const z85 = mech === 'CURVE' && key?.length === 32 ? z85Encode(key) : '';
    const ok = d !== undefined && z85 !== '' && d.allow.has(z85);
    if (!ok) {
      const who = `${address?.toString() || '?'} with ${z85 ? `CURVE key ${z85}` : `mechanism ${mech || '?'}`}`;
      const text = `refused connection to ${d?.what ?? 'an unknown socket'} from ${who}: key not in security.allowed_clients`;
      (d?.refusals ?? new RateLimitedLog((l) => process.stderr.write(`[transport] ${l}\n`))).line(who, text);
    }
    if (version?.toString() !== '1.0') return;
    await this.sock.send([id, empty, '1.0', requestId, ok ? '200' : '400', ok ? 'OK' : 'key not allowed', ok ? z85 : '', '']);
  }
}

/** Binds a server socket (port 0 picks a free one) and resolves to the actual endpoint. With `curve` the
 *  socket becomes a CURVE server whose ZAP allowlist is curve.allow; `onZap` receives the registration's
 *  release, which the owner calls on close. */
async function bindServer(sock: zmq.Router | zmq.Pull, endpoint: string, what: string, curve: CurveOptions | undefined,
  log: (l: string) => void, onZap: (release: () => void) => void): Promise<string> {
  if (curve) {
    const zap = await ZapHandler.register(curve.allow ?? [], `${what} ${endpoint}`, log);
    onZap(zap.release);
    Object.assign(sock, curveServerOptions(curve, zap.domain));
    new HandshakeWatch(sock.events, what, log);
    await sock.bind(endpoint);
    zap.rename(`${what} ${sock.lastEndpoint ?? endpoint}`);
  } else {
    await sock.bind(endpoint);
  }
  return sock.lastEndpoint ?? endpoint;
}

/** Logs failed handshakes on a socket (a peer without CURVE, a wrong server key, a refused key) and
 *  remembers the last one, so that a client can fail fast instead of waiting for its deadline. */
class HandshakeWatch {
  failure = '';
  private readonly lines: RateLimitedLog;
  constructor(events: zmq.Observer, what: string, log: (l: string) => void) {
    this.lines = new RateLimitedLog(log);
    // A key or mechanism mismatch is permanent at once. An aborted handshake (the server hung up: what
    // a client with a wrong server key sees) may be a server restarting: permanent after 3 in a row.
    let aborted = 0;
    const on = (kind: string, why: string, repeatsToFail: number) => events.on(kind as 'handshake:error:auth', (e) => {
      const code = (e as { error?: { code?: string; status?: number } }).error;
      const detail = `${code?.code ?? ''}${code?.status ? ` status ${code.status}` : ''}`.trim();
      const text = `CURVE handshake on ${what} (${e.address}) failed: ${why}${detail ? ` [${detail}]` : ''}`;
      if (repeatsToFail > 1) aborted++;
      if (repeatsToFail === 1 || aborted >= repeatsToFail) this.failure = text;
      this.lines.line(`${kind} ${e.address}`, text);
    });
    on('handshake:error:protocol', 'protocol error (one side uses CURVE and the other not, or a wrong server public key)', 1);
    on('handshake:error:auth', 'authentication refused (key not allowed by the server)', 1);
    on('handshake:error:other', 'handshake aborted by the peer (a wrong server public key, or a peer without CURVE)', 3);
    events.on('handshake', () => { this.failure = ''; aborted = 0; });
  }
}

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
  private zap?: () => void;
  constructor(private opts: ZmqOptions) {
    this.o = defaults(opts);
    this.sock = new zmq.Router({ ...socketOptions(this.o), mandatory: true });
    this.rej = new Rejections(this.o.log);
    this.lim = { maxHeaderBytes: this.o.maxHeaderBytes, maxPayloadBytes: this.o.maxPayloadBytes, allow: CONTROL_BODIES };
    // ZeroMQ drops a connection whose message exceeds maxMessageSize before JS sees anything: say so.
    const limit = this.o.maxPayloadBytes + this.o.maxHeaderBytes;
    const lines = new RateLimitedLog(this.o.log);
    // (libzmq gives no other sign of it: a normal exit and a dropped oversized message look the same.)
    onEstablishedDisconnect(this.sock.events, (address) => lines.line(`disconnect ${address}`, `a control connection to ` +
      `${address} closed (a worker exited, or a peer sent a message over the ${limit} B limit and was dropped)`));
  }
  bind(endpoint: string): Promise<string> {
    return bindServer(this.sock, endpoint, 'control socket', this.opts.curve, this.o.log, (release) => { this.zap = release; });
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
  close(): void { this.sock.close(); this.zap?.(); }
}

class ZmqControlClient implements ControlClient {
  private sock: zmq.Dealer;
  private o: Resolved;
  private q = new SendQueue();
  private rej: Rejections;
  private endpoint = '(not connected)';
  private hs?: HandshakeWatch;
  constructor(private opts: ZmqOptions & { routingId?: string }) {
    this.o = defaults(opts);
    this.sock = new zmq.Dealer({ ...socketOptions(this.o), ...(opts.routingId ? { routingId: opts.routingId } : {}) });
    this.rej = new Rejections(this.o.log);
  }
  connect(endpoint: string): void {
    this.endpoint = endpoint;
    const c = this.opts.curve;
    if (c) {
      if (!c.serverKey) throw new Error(`CURVE control client for ${endpoint}: no server public key`);
      Object.assign(this.sock, curveClientOptions(c, c.serverKey));
    }
    // also without CURVE: a plain client of a CURVE coordinator learns it at once (mechanism mismatch)
    this.hs = new HandshakeWatch(this.sock.events, 'control connection to the coordinator', this.o.log);
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
      sock: this.sock, timeoutMs, sliceMs: Math.min(timeoutMs, 250), peerName: () => peer,
      waitingFor: 'a control message', rejections: this.rej, accept: (parts) => validateFrames(peer, parts, lim),
      // A refused key or a wrong server key is permanent: fail now rather than at the deadline.
      checkLost: () => { if (this.hs?.failure) throw new Error(this.hs.failure); },
    });
  }
  stats(): TransportStats { return { ...this.rej.s }; }
  close(): void { this.sock.close(); }
}

/** Calls fn for each disconnect except the one that follows a failed handshake (libzmq reports the
 *  handshake failure first, then the disconnect, with the same address: the bound endpoint). */
function onEstablishedDisconnect(events: zmq.Observer, fn: (address: string) => void): void {
  let failedHandshakes = 0;
  const failed = () => { failedHandshakes++; };
  events.on('handshake:error:protocol', failed);
  events.on('handshake:error:auth', failed);
  events.on('handshake:error:other', failed);
  events.on('disconnect', (e) => {
    if (failedHandshakes > 0) { failedHandshakes--; return; }
    fn(e.address);
  });
}

/** Counts live connections from socket events; "lost" = none for longer than graceMs
 *  after there has been at least one (a SIGKILLed peer's TCP connection closes at once).
 *  With CURVE a connection counts once its handshake succeeded ('handshake'), and the disconnect
 *  that follows a failed handshake is not counted: a stranger refused by the ZAP handler must not
 *  look like the real neighbour going away. */
class ConnectionWatch {
  private live = 0;
  private ever = false;
  private zeroSince = 0;
  constructor(events: zmq.Observer, up: 'accept' | 'connect' | 'handshake', private graceMs: number) {
    events.on(up, () => { this.live++; this.ever = true; });
    onEstablishedDisconnect(events, () => {
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
  private zap?: () => void;
  private outHs?: HandshakeWatch;
  constructor(private opts: ZmqOptions) {
    this.o = defaults(opts);
    this.pull = new zmq.Pull(recvOptions(this.o));
    this.push = new zmq.Push({ ...sendOptions(this.o), immediate: true });
    this.rej = new Rejections(this.o.log);
    this.lim = { maxHeaderBytes: this.o.maxHeaderBytes, maxPayloadBytes: this.o.maxPayloadBytes, allow: RING_BODIES };
    this.inWatch = new ConnectionWatch(this.pull.events, opts.curve ? 'handshake' : 'accept', this.o.lostGraceMs);
    this.outWatch = new ConnectionWatch(this.push.events, opts.curve ? 'handshake' : 'connect', this.o.lostGraceMs);
  }
  bind(endpoint: string): Promise<string> {
    // With CURVE the PULL is a CURVE server with this rank's own key pair; peers must be in the allowlist.
    return bindServer(this.pull, endpoint, 'ring socket', this.opts.curve, this.o.log, (release) => { this.zap = release; });
  }
  connectNext(endpoint: string, serverKey?: string): void {
    if (this.nextName === 'next rank') this.nextName = endpoint;
    const c = this.opts.curve;
    if (c) {
      if (!serverKey) throw new Error(`CURVE ring link to ${endpoint}: the next rank's public key is unknown`);
      Object.assign(this.push, curveClientOptions(c, serverKey));
      this.outHs = new HandshakeWatch(this.push.events, 'ring link to the next rank', this.o.log);
    }
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
        if (this.outHs?.failure) throw new Error(`${this.nextName}: ${this.outHs.failure}`);
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
    this.zap?.();
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
  if (opts.curve?.serverKey) Object.assign(sock, curveClientOptions(opts.curve, opts.curve.serverKey));
  sock.connect(endpoint);
  const q = new SendQueue();
  return {
    send: (parts) => q.push(() => sock.send(parts.map(asBuffer))),
    close: () => sock.close(),
  };
}

/** Whether this zeromq build supports CURVE (libsodium / tweetnacl compiled in). */
export const curveAvailable = (): boolean => zmq.capability.curve === true;

/** A new CURVE key pair, both keys in Z85 (40 characters). */
export function generateCurveKeyPair(): { publicKey: string; secretKey: string } {
  if (!curveAvailable()) throw new Error('this zeromq build has no CURVE support (zmq.capability.curve is false)');
  return zmq.curveKeyPair();
}
