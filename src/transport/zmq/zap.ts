// ZeroMQ authentication: the process-wide ZAP handler (one ZAP domain per server socket: a CURVE allowlist, or
// the one PLAIN credential a ring PULL admits), and the binds that turn a socket into a CURVE or PLAIN server
// registered with that handler.
import { timingSafeEqual } from 'node:crypto';
import * as zmq from 'zeromq';
import { z85Encode } from '../../security/z85';
import { RateLimitedLog } from '../log';
import { CurveOptions, curveServerOptions } from './options';
import { SocketSendChain } from './receive';
import { HandshakeWatch } from './watch';
import { writeLog } from '../../util/log';

interface CurveDomain {
  kind: 'curve';
  allow: ReadonlySet<string>;
  what: string;
  refusals: RateLimitedLog;
}
/** A ring PULL without CURVE: until expect() its requests are held (at most PLAIN_HELD), then judged. */
interface PlainDomain {
  kind: 'plain';
  expect?: { user: Buffer; password: Buffer; };
  held: Buffer[][];
  refuse: (address: string, why: string) => void;
}
type ZapDomain = CurveDomain | PlainDomain;
interface ZapRegistration {
  domain: string;
  release: () => void;
  rename: (what: string) => void;
  restrict: (allow: readonly string[]) => void;
}
/** A PLAIN ring socket's registration: expect() sets the one user + password admitted from then on. */
export interface PlainZap {
  domain: string;
  release: () => void;
  expect: (user: string, password: Uint8Array | string) => void;
}

/** Requests held per PLAIN domain before expect() (as native/zmq_auth.c's ZAP_HELD): the previous rank may dial
 *  before this rank has its Welcome, and libzmq never redials after a refused handshake; when full, the oldest
 *  is refused (the real neighbour dials once, strangers many times). */
export const PLAIN_HELD = 16;

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

  /** Registers a PLAIN ring socket's domain; refuse(address, why) hears each refused connection. */
  static async registerPlain(refuse: (address: string, why: string) => void): Promise<PlainZap> {
    const d: PlainDomain = { kind: 'plain', held: [], refuse };
    const { h, domain, release } = await ZapHandler.add(d);
    return {
      domain,
      release: () => {
        d.held = [];
        release();
      },
      expect: (user, password) => {
        d.expect = { user: Buffer.from(user), password: Buffer.from(password) };
        for (const frames of d.held.splice(0)) h.judgePlain(d, frames);
      },
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
    if (d?.kind === 'plain') {
      if (d.expect) return this.judgePlain(d, frames);
      if (d.held.length === PLAIN_HELD) {
        const [oldest] = d.held.splice(0, 1);
        if (oldest[0]) this.reply(oldest[0], oldest[3], '400', 'too many connections before the Welcome', '');
        d.refuse('?', "too many connections before this rank's Welcome; the oldest was refused");
      }
      d.held.push(frames);
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

  /** A PLAIN ring socket's request once its credential is known: admitted with the previous rank's user id, or
   *  refused with the same reasons as native/zmq_auth.c (zap_judge), compared in constant time. */
  private judgePlain(d: PlainDomain, frames: Buffer[]): void {
    const [id, empty, version, requestId, , address, , mechanism, user, password] = frames;
    const e = d.expect!;
    const same = (a: Buffer | undefined, b: Buffer) =>
      a !== undefined && a.length === b.length && timingSafeEqual(a, b);
    const mech = mechanism?.toString();
    const why = frames.length < 8 || empty?.length !== 0 || version?.toString() !== '1.0' ?
      'malformed ZAP request'
      : mech !== 'PLAIN' ?
      (mech === 'NULL' ? 'no credentials (a plain ZeroMQ socket)' : 'not a PLAIN handshake')
      : !user || !password ?
      'malformed PLAIN credentials'
      : !same(user, e.user) ?
      'user is not the previous rank of this generation'
      : !same(password, e.password)
      ? 'wrong ring credential for this generation'
      : '';
    if (id) this.reply(id, requestId, why ? '400' : '200', why || 'OK', why ? '' : e.user.toString());
    if (why) d.refuse(address?.toString() || '?', why);
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

/** Binds a ring PULL as a PLAIN server (port 0 picks a free one) whose connections the ZAP handler judges
 *  against the credential the owner sets with the registration's expect(); connections before that wait. */
export async function bindPlainServer(sock: zmq.Pull, endpoint: string,
  refuse: (address: string, why: string) => void): Promise<{ endpoint: string; zap: PlainZap; }>
{
  const zap = await ZapHandler.registerPlain(refuse);
  Object.assign(sock, { plainServer: true, zapDomain: zap.domain });
  try {
    await sock.bind(endpoint);
  } catch (e) {
    zap.release();
    throw e;
  }
  return { endpoint: sock.lastEndpoint ?? endpoint, zap };
}
