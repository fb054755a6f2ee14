// The native ZeroMQ ring link's functions in the addon (native/zmq_link.c, zmq_io.c, zmq_auth.c), typed, or
// why they are not there (no addon, or an addon built without libzmq: zmqInfo says which).
import { loadAddon } from '../../native/addon';

/** An opaque link made by zmqLinkCreate. */
export type LinkHandle = { readonly __zmqLink: unique symbol; };

export interface ZmqAddon {
  zmqInfo(): { available: boolean; reason?: string; version?: string; curve?: boolean; };
  zmqLinkCreate(curve: boolean, maxHeaderBytes: number, maxPayloadBytes: number, receiveHwm: number, sendHwm: number,
    handshakeMs: number, publicKey?: string, secretKey?: string): LinkHandle;
  zmqLinkBind(h: LinkHandle, endpoint: string): string;
  /** The one credential the inbound socket admits from now on: PLAIN user + password, or with CURVE the key. */
  zmqLinkExpect(h: LinkHandle, user: string, credential: Uint8Array | string): void;
  zmqLinkConnect(h: LinkHandle, endpoint: string, user: string, credential: Uint8Array | string): void;
  /** -1 not sent (queue full / no connection yet), 0 sent (copied), n > 0 sent zero-copy as sequence n. */
  zmqLinkSend(h: LinkHandle, header: Uint8Array, payload?: Uint8Array): number;
  zmqLinkSentUpto(h: LinkHandle): number;
  zmqLinkWaitSent(h: LinkHandle, seq: number, timeoutMs: number): number;
  /** RecvCode; info = [header bytes, payload bytes or -1] for a message. */
  zmqLinkRecv(h: LinkHandle, timeoutMs: number, graceMs: number, header: Uint8Array, info: Float64Array,
    wantWritable?: boolean): number;
  zmqLinkTake(h: LinkHandle, dst: Uint8Array): void;
  zmqLinkDrop(h: LinkHandle): void;
  zmqLinkCheck(h: LinkHandle, graceMs: number): number;
  zmqLinkEvents(
    h: LinkHandle,
  ): { refusals: string[]; refusedTotal: number; reject: string; outFailures: number; outFailure: string;
    outUp: boolean; held: number; };
  zmqLinkClose(h: LinkHandle): void;
}

/** What zmqLinkRecv returns. */
export const RecvCode = { WRITABLE: 2, MESSAGE: 1, TIMEOUT: 0, PREV_LOST: -1, NEXT_LOST: -2, REJECTED: -4 } as const;

const FUNCTIONS = ['zmqInfo', 'zmqLinkCreate', 'zmqLinkBind', 'zmqLinkExpect', 'zmqLinkConnect', 'zmqLinkSend',
  'zmqLinkSentUpto', 'zmqLinkWaitSent', 'zmqLinkRecv', 'zmqLinkTake', 'zmqLinkDrop', 'zmqLinkCheck', 'zmqLinkEvents',
  'zmqLinkClose'] as const;

let cached: { a: ZmqAddon; version: string; } | { why: string; } | undefined;

/** The addon's ZeroMQ link, or why not (MYGPT_ZMQ_LINK=js asks for the zeromq.js link: tests, benches). */
export function nativeZmq(): { a: ZmqAddon; version: string; } | { why: string; } {
  if (cached) return cached;
  if (process.env.MYGPT_ZMQ_LINK === 'js') return (cached = { why: 'MYGPT_ZMQ_LINK=js' });
  const l = loadAddon();
  if (!l.addon) return (cached = { why: `native addon: ${l.reason}` });
  if (FUNCTIONS.some((f) => typeof l.addon[f] !== 'function')) {
    return (cached = { why: 'native addon predates the ZeroMQ link (rebuild: npm run build:native)' });
  }
  const a = l.addon as unknown as ZmqAddon, info = a.zmqInfo();
  if (!info.available) return (cached = { why: info.reason ?? 'addon built without libzmq' });
  return (cached = { a, version: info.version ?? '?' });
}
