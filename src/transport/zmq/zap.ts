// CURVE authentication: the process-wide ZAP handler (one allowlist per server socket) and the bind
// of a server socket that turns it into a CURVE server registered with that handler.
import * as zmq from 'zeromq';
import { z85Encode } from '../../security/z85';
import { RateLimitedLog } from '../log';
import { CurveOptions, curveServerOptions } from './options';
import { HandshakeWatch } from './watch';

interface ZapDomain { allow: ReadonlySet<string>; what: string; refusals: RateLimitedLog }
interface ZapRegistration { domain: string; release: () => void; rename: (what: string) => void; restrict: (allow: readonly string[]) => void }

/** Refusals for sockets whose domain is unknown: one limiter for the process, not one per refusal. */
const unknownDomain = new RateLimitedLog((l) => process.stderr.write(`[transport] ${l}\n`));

/** The process's ZAP handler (ZeroMQ RFC 27): a ROUTER on inproc://zeromq.zap.01 of the global
 *  context, consulted by every CURVE server socket during its handshake. Each server socket has its
 *  own ZAP domain with its own allowlist; an unknown domain or key is refused (status 400) and logged
 *  with the peer's address and public key. Bound while at least one CURVE server socket is open,
 *  and always before such a socket binds (without a handler, libzmq would accept any client key). */
export class ZapHandler {
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
      domain, rename: (w) => { d.what = w; }, restrict: (keys) => { d.allow = new Set(keys); }, release: () => {
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
      // keyed by address only: a stranger presenting a new key per attempt is still one line per 100 attempts
      (d?.refusals ?? unknownDomain).line(address?.toString() || '?', text);
    }
    if (version?.toString() !== '1.0') return;
    await this.sock.send([id, empty, '1.0', requestId, ok ? '200' : '400', ok ? 'OK' : 'key not allowed', ok ? z85 : '', '']);
  }
}

/** Binds a server socket (port 0 picks a free one) and resolves to the actual endpoint. With `curve` the
 *  socket becomes a CURVE server whose ZAP allowlist is curve.allow; `onZap` receives the registration's
 *  release, which the owner calls on close. */
export async function bindServer(sock: zmq.Router | zmq.Pull, endpoint: string, what: string, curve: CurveOptions | undefined,
  log: (l: string) => void, onZap: (release: () => void, restrict: (allow: readonly string[]) => void) => void): Promise<string> {
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
