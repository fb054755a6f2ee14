// Options of the native ZeroMQ ring link (ring_link.ts), with the same defaults as the zeromq.js link's.
import { DEFAULT_MAX_PAYLOAD_BYTES, RING_MAX_HEADER_BYTES } from '../frames';
import { SHM_BUDGET_BYTES } from '../shm';
import { boundedHighWaterMark, type CurveOptions } from '../zmq/options';
import { writeLog } from '../../util/log';

export interface NativeZmqOptions {
  maxPayloadBytes?: number; // largest accepted payload frame (default 64 MiB; the worker passes the chunk)
  maxHeaderBytes?: number; // largest accepted Envelope (default RING_MAX_HEADER_BYTES)
  sendHighWaterMark?: number; // messages queued for the next rank before a send waits (default 1000)
  sendTimeoutMs?: number; // a send waiting for queue room or a connection this long fails (default 10 s)
  handshakeTimeoutMs?: number; // a connection must finish its handshake (and be admitted) within this (default 10 s)
  lostGraceMs?: number; // a neighbour whose connection is gone this long is lost (default 300)
  poolBudgetBytes?: number; // recycled receive buffers kept (default 256 MiB; in use: one op's received bytes)
  shmBudgetBytes?: number; // shared-memory region offered to the next rank (../shm.ts 'in-region'; default 32 MiB;
  // 0 = never offer, and refuse the previous rank's offer: cluster.shared_memory false)
  curve?: CurveOptions; // this rank's ring key pair: CURVE instead of PLAIN (security.curve)
  closing?: Int32Array; // set to 1 by another thread before it closes this link's thread (RingLinkChoice)
  log?: (line: string) => void;
}

export const resolveNative = (o: NativeZmqOptions) => {
  const maxPayloadBytes = o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
    maxHeaderBytes = o.maxHeaderBytes ?? RING_MAX_HEADER_BYTES;
  return {
    maxPayloadBytes,
    maxHeaderBytes,
    // what the admitted previous rank may have queued here: RECEIVE_QUEUE_BUDGET_BYTES (strangers get no queue)
    receiveHighWaterMark: boundedHighWaterMark(maxPayloadBytes + maxHeaderBytes),
    sendHighWaterMark: o.sendHighWaterMark ?? 1000,
    sendTimeoutMs: o.sendTimeoutMs ?? 10_000,
    handshakeTimeoutMs: o.handshakeTimeoutMs ?? 10_000,
    lostGraceMs: o.lostGraceMs ?? 300,
    poolBudgetBytes: o.poolBudgetBytes ?? 256 * 1024 * 1024,
    shmBudgetBytes: o.shmBudgetBytes ?? SHM_BUDGET_BYTES,
    curve: o.curve,
    closing: o.closing,
    log: o.log ?? ((line: string) => writeLog('warn', `[transport] ${line}`)),
  };
};
export type ResolvedNative = ReturnType<typeof resolveNative>;
