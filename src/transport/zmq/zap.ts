// ZeroMQ authentication: the process-wide ZAP handler (one ZAP domain per server socket: a CURVE allowlist, or
// the one credential a ring PULL admits, PLAIN or CURVE, one connection at a time), and the binds that turn a
// socket into a CURVE or PLAIN server registered with that handler.
import { timingSafeEqual } from 'node:crypto';
import * as zmq from 'zeromq';
import { z85Decode, z85Encode } from '../../security/z85';
import { RateLimitedLog } from '../log';
import { CurveOptions, curveServerOptions } from './options';
import { SocketSendChain } from './receive';
import { HandshakeWatch, RingWatch } from './watch';
import { writeLog } from '../../util/log';

interface CurveDomain {
  kind: 'curve';
  allow: ReadonlySet<string>;
  what: string;
  refusals: RateLimitedLog;
}
/** A ring PULL: until expect() its requests are held (at most RING_HELD), then judged: the previous rank's PLAIN
 *  user + password, or with CURVE its ring key (`secret`: the password, or the 32 key bytes). One connection at a
 *  time: while watch.busy() (an admitted connection is up) or an admission's handshake runs (pendingUntil), a
 *  request with the right credential is held for up to SECOND_HOLD_MS, then refused. */
interface RingDomain {
  kind: 'ring';
  curve: boolean;
  expect?: { user: Buffer; secret: Buffer; };
  held: Held[];
  refuse: (address: string, why: string) => void;
  watch: RingWatch;
  pendingUntil: number;
  pendingMs: number; // how long an admission counts as a handshake still running (until handshook())
  timer?: NodeJS.Timeout;
}
/** A held ring request: when it came, and how many handshakes had failed on the socket by then (with
 *  EVENTS_SETTLE_MS of slack: its connection's failure may be read before the request). */
interface Held {
  frames: Buffer[];
  since: number;
  failuresBefore: number;
}
type ZapDomain = CurveDomain | RingDomain;
interface ZapRegistration {
  domain: string;
  release: () => void;
  rename: (what: string) => void;
  restrict: (allow: readonly string[]) => void;
}
/** A ring socket's registration: expect() sets the one credential admitted from then on (PLAIN: user + password;
 *  CURVE: user + the Z85 public key); handshook() says the admitted connection finished its handshake. */
export interface RingZap {
  domain: string;
  release: () => void;
  expect: (user: string, credential: Uint8Array | string) => void;
  handshook: () => void;
  held: () => number; // requests held long enough to count as connections known to be up (for tests)
}

/** Requests held per ring domain (as native/zmq_auth.c's ZAP_HELD): the previous rank may dial before this rank
 *  has its Welcome, and libzmq never redials after a refused handshake; when full, the oldest is refused (the real
 *  neighbour dials once, strangers many times). */
export const RING_HELD = 16;
/** How long a second connection with the right credential waits for the admitted one to go (a redial after a
 *  drop whose disconnect is not seen yet) before it is refused (as native/zmq_auth.c). */
export const SECOND_HOLD_MS = 500;
/** How long socket events may lag behind a ZAP request (both come from libzmq's I/O thread, by different paths). */
const EVENTS_SETTLE_MS = 100;
const SECOND =
  "a second connection with the previous rank's credential while its admitted connection is up (one at a time)";

/** Refusals for sockets whose domain is unknown: one limiter for the process, not one per refusal. */
const unknownDomain = new RateLimitedLog((l) => writeLog('warn', `[transport] ${l}`));

/** The process's ZAP handler (ZeroMQ RFC 27): a ROUTER on inproc://zeromq.zap.01 of the global
 *  context, consulted by every CURVE or PLAIN server socket during its handshake. Each server socket has
 *  its own ZAP domain: a CURVE allowlist (an unknown domain or key is refused, status 400, and logged with
 *  the peer's address and public key), or a ring PULL's one PLAIN user + password (refusals go to the
 *  link). Bound while at least one such server socket is open, and always before it binds (without a
 *  handler, libzmq would accept any client key). */
export class ZapHandler {
  private static current?: ZapHandler;
  private static seq = 0;
  private readonly domains = new Map<string, ZapDomain>();
  private readonly sock = new zmq.Router({ linger: 0 });
  private readonly ready: Promise<void>;
  private readonly tx = new SocketSendChain(); // replies come from the serve loop and from expect()

  private constructor() {
    this.ready = ZapHandler.bind(this.sock);
    void this.ready.then(() => this.serve(), () => undefined);
  }

  /** A handler closed a moment ago may still hold the inproc name (close is asynchronous): retry briefly. */
  private static async bind(sock: zmq.Router): Promise<void> {
    for (let attempt = 1;; attempt++) {
      try {
        return await sock.bind('inproc://zeromq.zap.01');
      } catch (e) {
        if ((e as { code?: string; }).code !== 'EADDRINUSE' || attempt >= 100) throw e;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }

  /** Registers an allowlist; resolves (once the handler is bound) with the domain to set on the socket
   *  and the function that unregisters it (the handler closes with its last domain). */
  static async register(allow: readonly string[], what: string, log: (l: string) => void): Promise<ZapRegistration> {
    const d: CurveDomain = { kind: 'curve', allow: new Set(allow), what, refusals: new RateLimitedLog(log) };
    const { domain, release } = await ZapHandler.add(d);
    return { domain, release, rename: (w) => {
      d.what = w;
    }, restrict: (keys) => {
      d.allow = new Set(keys);
    } };
  }

  /** Registers a ring socket's domain; refuse(address, why) hears each refused connection, watch.busy() says
   *  whether an admitted connection is up. */
  static async registerRing(curve: boolean, pendingMs: number, refuse: (address: string, why: string) => void,
    watch: RingWatch): Promise<RingZap>
  {
    const d: RingDomain = { kind: 'ring', curve, held: [], refuse, watch, pendingUntil: 0, pendingMs };
    const { h, domain, release } = await ZapHandler.add(d);
    return {
      domain,
      release: () => {
        clearTimeout(d.timer);
        d.held = [];
        release();
      },
      expect: (user, credential) => {
        const secret = curve ? Buffer.from(z85Decode(String(credential)) ?? []) : Buffer.from(credential);
        d.expect = { user: Buffer.from(user), secret };
        h.judgeHeld(d);
      },
      handshook: () => {
        d.pendingUntil = 0;
      },
      held: () => d.held.filter((r) => performance.now() - r.since >= EVENTS_SETTLE_MS).length,
    };
  }

  private static async add(d: ZapDomain): Promise<{ h: ZapHandler; domain: string; release: () => void; }> {
    const h = (ZapHandler.current ??= new ZapHandler());
    const domain = `mygpt-${process.pid}-${++ZapHandler.seq}`;
    h.domains.set(domain, d);
    await h.ready;
    let released = false;
    return {
      h,
      domain,
      release: () => {
        if (released) return;
        released = true;
        h.domains.delete(domain);
        if (h.domains.size === 0 && ZapHandler.current === h) {
          ZapHandler.current = undefined;
          h.sock.close();
        }
      },
    };
  }

  private async serve(): Promise<void> {
    try {
      for await (const frames of this.sock) await this.answer(frames);
    } catch { /* closed */ }
  }

  private reply(id: Buffer, requestId: Buffer | undefined, status: '200' | '400', text: string, user: string): void {
    void this.tx.push(() => this.sock.send([id, '', '1.0', requestId ?? '', status, text, user, ''])).catch(() =>
      undefined
    ); // closed
  }

  // Request: [routing id, '', version, request id, domain, address, identity, mechanism, ...credentials]
  private async answer(frames: Buffer[]): Promise<void> {
    const [id, , version, requestId, domain, address, , mechanism, key] = frames;
    const d = this.domains.get(domain?.toString() ?? '');
    if (d?.kind === 'ring') {
      const since = performance.now(), w = d.watch;
      const req = { frames, since,
        failuresBefore: w.handshakeFailures() - w.handshakeFailures(since - EVENTS_SETTLE_MS) };
      if (d.expect && this.judgeRing(d, req)) return;
      if (d.held.length === RING_HELD) {
        const [oldest] = d.held.splice(0, 1);
        if (oldest.frames[0]) this.reply(oldest.frames[0], oldest.frames[3], '400', 'too many connections waiting', '');
        d.refuse('?', d.expect ?
          "too many connections with the previous rank's credential; the oldest was refused"
          : "too many connections before this rank's Welcome; the oldest was refused");
      }
      d.held.push(req);
      this.judgeHeld(d);
      return;
    }
    const mech = mechanism?.toString() ?? '';
    const z85 = mech === 'CURVE' && key?.length === 32 ? z85Encode(key) : '';
    const ok = d !== undefined && z85 !== '' && d.allow.has(z85);
    if (!ok) {
      const who = `${address?.toString() || '?'} with ${z85 ? `CURVE key ${z85}` : `mechanism ${mech || '?'}`}`;
      const text = `refused connection to ${
        d?.what ?? 'an unknown socket'
      } from ${who}: key not in security.allowed_clients`;
      // keyed by address only: a stranger presenting a new key per attempt is still one line per 100 attempts
      (d?.refusals ?? unknownDomain).line(address?.toString() || '?', text);
    }
    if (version?.toString() !== '1.0') return;
    this.reply(id, requestId, ok ? '200' : '400', ok ? 'OK' : 'key not allowed', ok ? z85 : '');
  }

  /** Judges the held requests of a ring domain whose credential is known, newest first (of two with the right
   *  credential the older may be a connection gone before the Welcome: its request outlives it); while some
   *  wait for the admitted connection to go, looks again every 20 ms. */
  private judgeHeld(d: RingDomain): void {
    clearTimeout(d.timer);
    d.timer = undefined;
    if (!d.expect) return;
    d.held = d.held.reverse().filter((req) => !this.judgeRing(d, req)).reverse();
    if (d.held.length > 0) (d.timer = setTimeout(() => this.judgeHeld(d), 20)).unref();
  }

  /** A ring socket's request once its credential is known: admitted with the previous rank's user id, or refused
   *  with the same reasons as native/zmq_auth.c (zap_judge), compared in constant time; false = not yet (the right
   *  credential while the admitted connection is up, for up to SECOND_HOLD_MS). */
  private judgeRing(d: RingDomain, req: Held): boolean {
    const [id, empty, version, requestId, , address, , mechanism, user, password] = req.frames;
    const e = d.expect!, now = performance.now();
    const same = (a: Buffer | undefined, b: Buffer) =>
      a !== undefined && a.length === b.length && timingSafeEqual(a, b);
    const mech = mechanism?.toString();
    let why = req.frames.length < 8 || empty?.length !== 0 || version?.toString() !== '1.0' ?
      'malformed ZAP request'
      : d.curve ?
      (mech !== 'CURVE' ?
        'not a CURVE handshake'
        : !same(user, e.secret) ?
        `CURVE key ${user?.length === 32 ? z85Encode(user) : '?'} is not the previous rank's ring key`
        : '')
      : mech !== 'PLAIN' ?
      (mech === 'NULL' ? 'no credentials (a plain ZeroMQ socket)' : 'not a PLAIN handshake')
      : !user || !password ?
      'malformed PLAIN credentials'
      : !same(user, e.user) ?
      'user is not the previous rank of this generation'
      : !same(password, e.secret)
      ? 'wrong ring credential for this generation'
      : '';
    // connections whose request has waited EVENTS_SETTLE_MS have had their accept events by then; alive unless
    // they went since: each handshake failure after the oldest of them was held may be one of theirs
    const settled = d.held.filter((r) => now - r.since >= EVENTS_SETTLE_MS);
    if (!d.held.includes(req) && now - req.since >= EVENTS_SETTLE_MS) settled.push(req);
    const gone = d.watch.handshakeFailures() - Math.min(...settled.map((r) => r.failuresBefore));
    const alive = settled.length === 0 ? 0 : Math.max(0, settled.length - gone);
    if (!why && (d.watch.busy(alive) || d.pendingUntil > now)) {
      if (now - req.since < SECOND_HOLD_MS) return false;
      why = SECOND;
    }
    if (!why) d.pendingUntil = now + d.pendingMs; // or the link's handshook()
    if (id) this.reply(id, requestId, why ? '400' : '200', why || 'OK', why ? '' : e.user.toString());
    if (why) d.refuse(address?.toString() || '?', why);
    return true;
  }
}

/** Binds a server socket (port 0 picks a free one) and resolves to the actual endpoint. With `curve` the
 *  socket becomes a CURVE server whose ZAP allowlist is curve.allow; `onZap` receives the registration's
 *  release, which the owner calls on close. */
export async function bindServer(sock: zmq.Router | zmq.Pull, endpoint: string, what: string,
  curve: CurveOptions | undefined, log: (l: string) => void,
  onZap: (release: () => void, restrict: (allow: readonly string[]) => void) => void): Promise<string>
{
  if (curve) {
    const zap = await ZapHandler.register(curve.allow ?? [], `${what} ${endpoint}`, log);
    onZap(zap.release, zap.restrict);
    Object.assign(sock, curveServerOptions(curve, zap.domain));
    new HandshakeWatch(sock.events, what, log);
    await sock.bind(endpoint);
    zap.rename(`${what} ${sock.lastEndpoint ?? endpoint}`);
  } else {
    await sock.bind(endpoint);
  }
  return sock.lastEndpoint ?? endpoint;
}

/** Binds a ring PULL (port 0 picks a free one) as a PLAIN server, or with `curve` a CURVE server with that key
 *  pair, whose connections the ZAP handler judges against the credential the owner sets with the registration's
 *  expect(), one admitted connection at a time (watch.busy()); connections before expect() wait. */
export async function bindRingServer(sock: zmq.Pull, endpoint: string, curve: CurveOptions | undefined,
  pendingMs: number, refuse: (address: string, why: string) => void,
  watch: RingWatch): Promise<{ endpoint: string; zap: RingZap; }>
{
  const zap = await ZapHandler.registerRing(!!curve, pendingMs, refuse, watch);
  Object.assign(sock, curve ? curveServerOptions(curve, zap.domain) : { plainServer: true, zapDomain: zap.domain });
  try {
    await sock.bind(endpoint);
  } catch (e) {
    zap.release();
    throw e;
  }
  return { endpoint: sock.lastEndpoint ?? endpoint, zap };
}
