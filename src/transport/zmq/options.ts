// Socket options shared by every ZeroMQ socket wrapper: bounded frame size, bounded queues, small linger,
// the CURVE option sets and CURVE key generation (libzmq's, so the keys are exactly what the sockets expect).
// Also the two tiny frame helpers every socket class uses.
import * as zmq from 'zeromq';
import { DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_PAYLOAD_BYTES, RECEIVE_QUEUE_BUDGET_BYTES } from '../frames';
import type { Message } from '../types';
import { writeLog } from '../../util/log';

export interface ZmqOptions {
  maxPayloadBytes?: number; // largest accepted payload frame (default 64 MiB)
  maxHeaderBytes?: number; // largest accepted Envelope frame (default 64 KiB)
  sendHighWaterMark?: number; // messages queued per peer before send() waits (default 1000)
  receiveHighWaterMark?: number; // messages queued per connection (default 1000; server sockets: serverDefaults)
  sendTimeoutMs?: number; // a send blocked this long (peer not draining) fails (default 10 s)
  lingerMs?: number; // how long close() lets queued messages drain at exit (default 500)
  lostGraceMs?: number; // ring: neighbour without a connection this long = lost (default 300)
  log?: (line: string) => void; // rejected frames and peer events (default stderr)
  curve?: CurveOptions; // ZeroMQ CURVE: encrypt + authenticate (absent = plain TCP)
}

/** CURVE settings of one socket wrapper; keys are Z85 (40 characters). */
export interface CurveOptions {
  publicKey: string; // this side's long-term key pair
  secretKey: string;
  serverKey?: string; // client sockets (control DEALER): the server's public key
  allow?: readonly string[]; // server sockets (control ROUTER, ring PULL): client public keys accepted
}

/** Receive queue length bounding the memory a flood can pin: budget / largest message, clamped to 4..1000. */
export const boundedHighWaterMark = (maxMessageBytes: number): number =>
  Math.max(4, Math.min(1000, Math.floor(RECEIVE_QUEUE_BUDGET_BYTES / Math.max(1, maxMessageBytes))));

export const defaults = (o: ZmqOptions) => ({
  maxPayloadBytes: o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
  maxHeaderBytes: o.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
  sendHighWaterMark: o.sendHighWaterMark ?? 1000,
  receiveHighWaterMark: o.receiveHighWaterMark ?? 1000,
  sendTimeoutMs: o.sendTimeoutMs ?? 10_000,
  lingerMs: o.lingerMs ?? 500,
  lostGraceMs: o.lostGraceMs ?? 300,
  log: o.log ?? ((line: string) => writeLog('warn', `[transport] ${line}`)),
});
export type Resolved = ReturnType<typeof defaults>;

/** Defaults of a socket that strangers can reach (control ROUTER, ring PULL): its receive queue holds at most
 *  RECEIVE_QUEUE_BUDGET_BYTES. (Not for clients: a DEALER whose small inbound queue is full stops sending after
 *  a reconnect in libzmq; a client hears only its trusted server anyway.) */
export const serverDefaults = (o: ZmqOptions): Resolved => {
  const d = defaults(o);
  return { ...d,
    receiveHighWaterMark: o.receiveHighWaterMark ?? boundedHighWaterMark(d.maxPayloadBytes + d.maxHeaderBytes) };
};

export const recvOptions = (o: Resolved) => ({
  maxMessageSize: o.maxPayloadBytes + o.maxHeaderBytes, // zmq drops the connection above this
  receiveHighWaterMark: o.receiveHighWaterMark,
  linger: o.lingerMs,
});
export const sendOptions = (o: Resolved) => ({
  sendHighWaterMark: o.sendHighWaterMark,
  sendTimeout: o.sendTimeoutMs,
  linger: o.lingerMs,
});
export const socketOptions = (o: Resolved) => ({ ...recvOptions(o), ...sendOptions(o) });
/** TCP keepalive of both ring sockets (as native/zmq_link.c): a half-open connection (a NAT or conntrack entry
 *  dropped, the peer's host gone without a FIN) is closed by the kernel after a few unanswered probes, so an
 *  admitted one does not refuse the neighbour's redials until the collective deadline. Not ZMTP heartbeats:
 *  libzmq stops reading while a receive queue is full (this rank busy, its previous rank ahead), so a PING's
 *  answer would go unread and a healthy connection end; the kernel answers keepalive probes regardless. */
export const ringKeepalive = { tcpKeepalive: 1, tcpKeepaliveIdle: 2, tcpKeepaliveInterval: 1, tcpKeepaliveCount: 3 };

/** Socket options of a CURVE server (ROUTER, PULL): its own secret key, and a ZAP domain that the
 *  process's ZAP handler maps to the allowlist. */
export const curveServerOptions = (c: CurveOptions, zapDomain: string) => ({ curveServer: true,
  curvePublicKey: c.publicKey, curveSecretKey: c.secretKey, zapDomain });
/** Socket options of a CURVE client (DEALER, PUSH) talking to the server whose public key is serverKey. */
export const curveClientOptions = (c: CurveOptions, serverKey: string) => ({ curvePublicKey: c.publicKey,
  curveSecretKey: c.secretKey, curveServerKey: serverKey });

/** Buffer view over the same bytes (zeromq would stringify a plain Uint8Array). No copy. */
export const asBuffer = (u: Uint8Array): Buffer =>
  Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export const framesOf = (
  m: Message,
): Buffer[] => (m.payload ? [asBuffer(m.header), asBuffer(m.payload)] : [asBuffer(m.header)]);

/** zeromq's "would block" (receive/send timeout passed). */
export const isAgain = (e: unknown) => (e as { code?: string; }).code === 'EAGAIN';

/** Whether this zeromq build supports CURVE (libsodium / tweetnacl compiled in). */
export const curveAvailable = (): boolean => zmq.capability.curve === true;

/** A new CURVE key pair, both keys in Z85 (40 characters). */
export function generateCurveKeyPair(): { publicKey: string; secretKey: string; } {
  if (!curveAvailable()) throw new Error('this zeromq build has no CURVE support (zmq.capability.curve is false)');
  return zmq.curveKeyPair();
}
