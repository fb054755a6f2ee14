// Connection and handshake watchers built on zeromq socket events: failed CURVE/PLAIN handshakes (logged,
// remembered so a client fails fast), and live-connection counting (a ring neighbour that went away).
import type * as zmq from 'zeromq';
import { RateLimitedLog } from '../log';

const WHY = {
  CURVE: { protocol: 'protocol error (one side uses CURVE and the other not, or a wrong server public key)',
    auth: 'authentication refused (key not allowed by the server)',
    other: 'handshake aborted by the peer (a wrong server public key, or a peer without CURVE)' },
  PLAIN: { protocol: 'protocol error (the peer is not a PLAIN ring socket: CURVE on one side only, or an old build)',
    auth: "authentication refused (the next rank does not admit this rank's ring credential: another generation "
      + 'or ring secret, or it admits one connection at a time and has one up?)',
    other: 'handshake aborted by the peer' },
};

/** Logs failed handshakes on a socket (a peer without CURVE, a wrong server key, a refused key) and
 *  remembers the last one, so that a client can fail fast instead of waiting for its deadline. With `refused`, a
 *  refusal (ZAP said no) is not final: `refused` hears it (to dial again: libzmq does not), `refusals` counts
 *  them since the last handshake and `refusal` says the last one. */
export class HandshakeWatch {
  failure = '';
  refusals = 0;
  refusal = '';
  private readonly lines: RateLimitedLog;
  constructor(events: zmq.Observer, what: string, log: (l: string) => void, mech: 'CURVE' | 'PLAIN' = 'CURVE',
    refused?: () => void)
  {
    this.lines = new RateLimitedLog(log);
    const reasons = WHY[mech];
    // A key or mechanism mismatch is permanent at once. An aborted handshake (the server hung up: what
    // a client with a wrong server key sees) may be a server restarting: permanent after 3 in a row.
    let aborted = 0;
    const on = (kind: string, why: string, repeatsToFail: number) =>
      events.on(kind as 'handshake:error:auth', (e) => {
        const code = (e as { error?: { code?: string; status?: number; }; }).error;
        const detail = `${code?.code ?? ''}${code?.status ? ` status ${code.status}` : ''}`.trim();
        const text = `${mech} handshake on ${what} (${e.address}) failed: ${why}${detail ? ` [${detail}]` : ''}`;
        if (repeatsToFail > 1) aborted++;
        if (kind === 'handshake:error:auth' && refused) {
          this.refusals++;
          this.refusal = text;
          refused();
        } else if (repeatsToFail === 1 || aborted >= repeatsToFail) this.failure = text;
        this.lines.line(`${kind} ${e.address}`, text);
      });
    on('handshake:error:protocol', reasons.protocol, 1);
    on('handshake:error:auth', reasons.auth, 1);
    on('handshake:error:other', reasons.other, 3);
    events.on('handshake', () => {
      this.failure = '';
      this.refusals = 0;
      aborted = 0;
    });
  }
}

/** Calls fn for each disconnect except the one that follows a failed handshake (libzmq reports the
 *  handshake failure first, then the disconnect, with the same address: the bound endpoint). */
export function onEstablishedDisconnect(events: zmq.Observer, fn: (address: string) => void): void {
  let failedHandshakes = 0;
  const failed = () => {
    failedHandshakes++;
  };
  events.on('handshake:error:protocol', failed);
  events.on('handshake:error:auth', failed);
  events.on('handshake:error:other', failed);
  events.on('disconnect', (e) => {
    if (failedHandshakes > 0) {
      failedHandshakes--;
      return;
    }
    fn(e.address);
  });
}

/** What a ring socket's ZAP domain (zap.ts) learns from the socket's events (the link's ConnectionWatch). */
export interface RingWatch {
  /** Whether an admitted connection is up; `alive`: connections in their handshake known to be up. */
  busy(alive: number): boolean;
  /** Connections that went during their handshake, ZAP refusals and failures before a ZAP request aside (a held
   *  request's connection that goes is one); with `after` (at most RECENT_FAILURES_MS ago), those whose events
   *  came after it. */
  handshakeFailures(after?: number): number;
}

/** Handshake protocol errors (zeromq.js's codes) that libzmq raises before a connection sends its ZAP request. */
const BEFORE_ZAP: ReadonlySet<string | undefined> = new Set(['ERR_ZMTP_MECHANISM_MISMATCH',
  'ERR_ZMTP_MALFORMED_COMMAND_HELLO']);

/** How long ConnectionWatch remembers when each handshake failed (longer than socket events may lag). */
const RECENT_FAILURES_MS = 1000;

/** Counts live connections from socket events; "lost" = none for longer than graceMs after there has been at
 *  least one (a SIGKILLed peer's TCP connection closes at once). A connection counts once its handshake (with ZAP)
 *  succeeded ('handshake'): a stranger refused by the ZAP handler, or one without the mechanism, must not look
 *  like the real neighbour going away. zeromq.js's events carry no fd, so each disconnect is attributed by
 *  elimination: to a failed handshake first, then to a connection still in its handshake (libzmq ends a ZMTP 1.0
 *  or garbage peer as a protocol error without a handshake event: `unfinished` hears those), and only then to an
 *  established one. A neighbour that dies while a stranger is mid-handshake is then found by the deadline. */
export class ConnectionWatch {
  private live = 0;
  private opening = 0; // accepted / connected, handshake not yet over
  private failed = 0; // handshakes failed, disconnect not yet seen
  private ever = false;
  private zeroSince = 0;
  private failures = 0; // connections that went during their handshake (not refused, no code before ZAP)
  private recentFailures: number[] = []; // when, for the last RECENT_FAILURES_MS
  constructor(events: zmq.Observer, private graceMs: number, unfinished?: (e: { address: string; }) => void) {
    const opened = () => {
      this.opening++;
    };
    events.on('accept', opened);
    events.on('connect', opened);
    // An outcome of a connection when none is counted as opening: an earlier disconnect taken for a connection
    // still in its handshake was an established connection's (this one was alive after all).
    const outcome = () => {
      if (this.opening > 0) this.opening--;
      else this.drop(1);
    };
    events.on('handshake', () => {
      outcome();
      this.live++;
      this.ever = true;
    });
    const failed = () => {
      outcome();
      this.failed++;
    };
    // A connection whose ZAP request is held that goes (closed, reset, garbage) fails its handshake with one of
    // these (libzmq reports it before the disconnect); an established connection's disconnect is none of them.
    const went = () => {
      failed();
      const now = performance.now();
      this.failures++;
      this.recentFailures = this.recentFailures.filter((t) => now - t < RECENT_FAILURES_MS);
      this.recentFailures.push(now);
    };
    // A protocol failure in the greeting or the first command (another mechanism, a malformed HELLO) comes before
    // any ZAP request: never a held request's connection, so a stranger spraying them discounts none.
    events.on('handshake:error:protocol', (e) => (BEFORE_ZAP.has(e.error?.code) ? failed() : went()));
    events.on('handshake:error:auth', failed); // a ZAP refusal: its request is no longer held
    events.on('handshake:error:other', went);
    events.on('disconnect', (e) => {
      if (this.failed > 0) this.failed--;
      else if (this.opening > 0) {
        this.opening--;
        unfinished?.(e);
      } else {
        this.drop(1);
      }
    });
  }
  private drop(n: number): void {
    this.live = Math.max(0, this.live - n);
    if (this.live === 0) this.zeroSince = performance.now();
  }
  /** `alive`: connections still in their handshake known to be up (requests the ZAP handler has held for this
   *  socket long enough for their accept events to have come, less a handshake failure since for each: a held
   *  request outlives its connection, and counted as alive it would drop an established connection's count).
   *  More of them than counted as opening means as many earlier disconnects, taken for connections still in
   *  their handshake, were established connections' (a new connection's accept can come before the old one's
   *  disconnect): those are counted as gone now. */
  reconcile(alive: number): void {
    if (alive <= this.opening) return;
    this.drop(alive - this.opening);
    this.opening = alive;
  }
  /** Connections that went during their handshake, other than ZAP refusals and failures before a ZAP request;
   *  with `after` (within the last RECENT_FAILURES_MS), only those whose events came after it. */
  handshakeFailures(after?: number): number {
    return after === undefined ? this.failures : this.recentFailures.filter((t) => t >= after).length;
  }
  /** Connections up now (their handshake succeeded, no disconnect attributed to them yet). */
  get established(): number {
    return this.live;
  }
  lost(): boolean {
    return this.ever && this.live === 0 && performance.now() - this.zeroSince > this.graceMs;
  }
}
