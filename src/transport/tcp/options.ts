// Options of the TCP ring link and the tcp://host:port endpoint syntax it shares with ZeroMQ's.
import { DEFAULT_MAX_PAYLOAD_BYTES, RECEIVE_QUEUE_BUDGET_BYTES, RING_MAX_HEADER_BYTES } from '../frames';
import { TransportConfigError } from '../types';
import { writeLog } from '../../util/log';
import { SHM_BUDGET_BYTES } from '../shm';

export interface TcpOptions {
  maxPayloadBytes?: number; // largest accepted payload (default 64 MiB; the worker passes cluster.chunk_bytes)
  maxHeaderBytes?: number; // largest accepted Envelope (default RING_MAX_HEADER_BYTES)
  sendTimeoutMs?: number; // a send not handed to the kernel this long fails (default 10 s)
  handshakeTimeoutMs?: number; // an accepted connection must authenticate within this (default 10 s)
  // accepted connections still in their handshake (default 8); a new one drops the oldest
  maxPendingConnections?: number;
  queueBudgetBytes?: number; // received, not yet consumed bytes before reading pauses (default 32 MiB)
  // recycled payload buffers kept for reuse (default 256 MiB; in use: one op's received bytes)
  poolBudgetBytes?: number;
  shmBudgetBytes?: number; // shared-memory region this rank offers its next rank (shm.ts; default 32 MiB; 0 = never
  // offer, and refuse the previous rank's offer: cluster.shared_memory false)
  log?: (line: string) => void;
}

export const resolveTcp = (o: TcpOptions) => ({
  maxPayloadBytes: o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
  maxHeaderBytes: o.maxHeaderBytes ?? RING_MAX_HEADER_BYTES,
  sendTimeoutMs: o.sendTimeoutMs ?? 10_000,
  handshakeTimeoutMs: o.handshakeTimeoutMs ?? 10_000,
  maxPendingConnections: o.maxPendingConnections ?? 8,
  queueBudgetBytes: o.queueBudgetBytes ?? RECEIVE_QUEUE_BUDGET_BYTES,
  poolBudgetBytes: o.poolBudgetBytes ?? 256 * 1024 * 1024,
  shmBudgetBytes: o.shmBudgetBytes ?? SHM_BUDGET_BYTES,
  log: o.log ?? ((line: string) => writeLog('warn', `[transport] ${line}`)),
});
export type ResolvedTcp = ReturnType<typeof resolveTcp>;

/** tcp://host:port, tcp://[v6]:port; port 0 = any. */
export function parseTcpEndpoint(endpoint: string): { host: string; port: number; } {
  const m = /^tcp:\/\/(\[[0-9A-Fa-f:.]+\]|[^:/[\]]+):(\d{1,5})$/.exec(endpoint);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) {
    throw new TransportConfigError(`ring endpoint ${JSON.stringify(endpoint)} is not tcp://host:port`);
  }
  const host = m[1].startsWith('[') ? m[1].slice(1, -1) : m[1];
  return { host: host === '*' ? '0.0.0.0' : host, port };
}

export const tcpEndpoint = (host: string, port: number) => `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`;
