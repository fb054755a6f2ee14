// The narrow transport interface. Only ./zmq.ts may import `zeromq`; everything above
// (collective, coordinator, worker) talks to these shapes. A Message is one protobuf
// Envelope (already encoded) plus an optional raw payload frame sent without copying.
import type { mygpt } from '../gen/mygpt';

export interface Message {
  header: Uint8Array;     // encoded mygpt.Envelope
  payload?: Uint8Array;   // raw bytes (gradient chunk), its own ZeroMQ frame
}

/** What receive() hands back: the frames plus the Envelope already decoded and verified
 *  (frame count, size limits, protobuf verify, payload length == count * dtype size). */
export interface ReceivedMessage extends Message {
  envelope: mygpt.Envelope;
}

/** Raised when a deadline passes; names the peer and what we were waiting for. */
export class TransportTimeoutError extends Error {
  constructor(readonly peer: string, readonly waitingFor: string, readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms waiting for ${waitingFor} from ${peer}`);
    this.name = 'TransportTimeoutError';
  }
}

/** Raised (and logged) for a frame that fails size/shape/protobuf verification. */
export class BadFrameError extends Error {
  constructor(readonly peer: string, reason: string) {
    super(`rejected frame from ${peer}: ${reason}`);
    this.name = 'BadFrameError';
  }
}

/** Raised when a ring neighbour's connection dropped (process died) while we need it. */
export class PeerLostError extends Error {
  constructor(readonly peer: string, readonly waitingFor: string) {
    super(`peer ${peer} disconnected while waiting for ${waitingFor}`);
    this.name = 'PeerLostError';
  }
}

/** Counters every socket wrapper keeps; rejected frames are dropped, never fatal. */
export interface TransportStats {
  rejectedFrames: number;
  lastRejection: string;  // message of the last BadFrameError ('' = none)
}

/** Coordinator side of the control plane (ROUTER). Peers are identified by routing id. */
export interface ControlServer {
  /** Bind; port 0 picks a free one. Resolves to the actual endpoint, e.g. tcp://127.0.0.1:40123. */
  bind(endpoint: string): Promise<string>;
  send(peer: string, msg: Message): Promise<void>;
  /** Next valid message from any peer; invalid ones are dropped and counted.
   *  Rejects with TransportTimeoutError after timeoutMs. */
  receive(timeoutMs: number): Promise<{ peer: string; msg: ReceivedMessage }>;
  stats(): TransportStats;
  close(): void;
}

/** Worker side of the control plane (DEALER). */
export interface ControlClient {
  connect(endpoint: string): void;
  send(msg: Message): Promise<void>;
  receive(timeoutMs: number): Promise<ReceivedMessage>;
  stats(): TransportStats;
  close(): void;
}

/** Data plane for a ring: receive from the previous rank, send to the next. */
export interface RingLink {
  /** Bind this rank's inbound socket; port 0 picks a free one. Resolves to the actual endpoint. */
  bind(endpoint: string): Promise<string>;
  /** serverKey: the next rank's CURVE public key (Z85), required when the link uses CURVE. */
  connectNext(endpoint: string, serverKey?: string): void;
  /** Queues the message; sends are serialised internally so callers may keep many in
   *  flight without awaiting each. The payload buffer must not change until it resolves
   *  (zero-copy). Rejects with TransportTimeoutError / PeerLostError naming the next peer. */
  sendNext(msg: Message): Promise<void>;
  /** Rejects with TransportTimeoutError (or PeerLostError) naming the previous peer after timeoutMs. */
  receivePrev(timeoutMs: number, waitingFor?: string): Promise<ReceivedMessage>;
  /** Names used in errors; set by the owner once ranks are known (e.g. "rank 2 (tcp://...)"). */
  setPeerNames(prev: string, next: string): void;
  stats(): TransportStats;
  close(): void;
}
