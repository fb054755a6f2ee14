// Connection and handshake watchers built on zeromq socket events: failed CURVE handshakes (logged,
// remembered so a client fails fast), and live-connection counting (a ring neighbour that went away).
import type * as zmq from 'zeromq';
import { RateLimitedLog } from '../log';

/** Logs failed handshakes on a socket (a peer without CURVE, a wrong server key, a refused key) and
 *  remembers the last one, so that a client can fail fast instead of waiting for its deadline. */
export class HandshakeWatch {
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

/** Calls fn for each disconnect except the one that follows a failed handshake (libzmq reports the
 *  handshake failure first, then the disconnect, with the same address: the bound endpoint). */
export function onEstablishedDisconnect(events: zmq.Observer, fn: (address: string) => void): void {
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
export class ConnectionWatch {
  private live = 0;
  private ever = false;
  private zeroSince = 0;
  constructor(events: zmq.Observer, up: 'accept' | 'connect' | 'handshake', private graceMs: number) {
    events.on(up, () => { this.live++; this.ever = true; });
    onEstablishedDisconnect(events, () => {
      this.live = Math.max(0, this.live - 1);
      if (this.live === 0) this.zeroSince = performance.now();
    });
  }
  lost(): boolean {
    return this.ever && this.live === 0 && performance.now() - this.zeroSince > this.graceMs;
  }
}

