// The narrow transport interface. Only ./zmq/ may import `zeromq`; everything above
// (collective, coordinator, worker) talks to these shapes. A Message is one protobuf
// Envelope (already encoded) plus an optional raw payload frame sent without copying.
import type { mygpt } from '../gen/mygpt';

export interface Message {
  header: Uint8Array; // encoded mygpt.Envelope
  payload?: Uint8Array; // raw bytes (gradient chunk), its own ZeroMQ frame
}

/** What receive() hands back: the frames plus the Envelope already decoded and verified
 *  (frame count, size limits, protobuf verify, payload length == count * dtype size). */
export interface ReceivedMessage extends Message {
  envelope: mygpt.Envelope;
}

/** Every transport error names its peer; `peerRank` is the peer's rank where the transport knows it
 *  (ring links after setPeers), else undefined (control plane, or before ranks are known). */
export abstract class TransportError extends Error {
  constructor(readonly peer: string, message: string, readonly peerRank?: number) {
    super(message);
  }
}

/** Raised when a deadline passes; names the peer and what we were waiting for. */
export class TransportTimeoutError extends TransportError {
  constructor(peer: string, readonly waitingFor: string, readonly timeoutMs: number, peerRank?: number) {
    super(peer, `timed out after ${timeoutMs} ms waiting for ${waitingFor} from ${peer}`, peerRank);
    this.name = 'TransportTimeoutError';
  }
}

/** Raised (and logged) for a frame that fails size/shape/protobuf verification. */
export class BadFrameError extends TransportError {
  constructor(peer: string, reason: string, peerRank?: number) {
    super(peer, `rejected frame from ${peer}: ${reason}`, peerRank);
    this.name = 'BadFrameError';
  }
}

/** Raised when a peer's connection dropped (process died) while we need it. */
export class PeerLostError extends TransportError {
  constructor(peer: string, readonly waitingFor: string, peerRank?: number) {
    super(peer, `peer ${peer} disconnected while waiting for ${waitingFor}`, peerRank);
    this.name = 'PeerLostError';
  }
}

/** A CURVE handshake with the peer failed in a way that will not heal (wrong key, mechanism mismatch,
 *  key refused): the caller fails now instead of at its deadline. The text is the transport's log line. */
export class HandshakeError extends TransportError {
  constructor(peer: string, detail: string, peerRank?: number) {
    super(peer, detail, peerRank);
    this.name = 'HandshakeError';
  }
}

/** The socket was set up wrongly by its owner (e.g. CURVE without the peer's public key). */
export class TransportConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportConfigError';
  }
}

/** Counters every socket wrapper keeps; rejected frames are dropped, never fatal. */
export interface TransportStats {
  rejectedFrames: number;
  lastRejection: string; // message of the last BadFrameError ('' = none)
  shmPayloadsSent?: number; // TCP ring link: payloads written to the next rank through shared memory
  shmPayloadsReceived?: number; // ... and read from the previous rank's region
  // native ZeroMQ ring link: connections its ZAP handler refused (strangers, wrong credential)
  refusedConnections?: number;
}

/** Coordinator side of the control plane (ROUTER). Peers are identified by routing id. */
export interface ControlServer {
  /** Bind; port 0 picks a free one. Resolves to the actual endpoint, e.g. tcp://127.0.0.1:40123. */
  bind(endpoint: string): Promise<string>;
  /** noWait: fail at once (TransportTimeoutError) instead of waiting up to the send timeout when the peer's
   *  queue is full: for replies to strangers, which must never hold up the sends behind them. */
  send(peer: string, msg: Message, opts?: { noWait?: boolean; }): Promise<void>;
  /** Next valid message from any peer; invalid ones are dropped and counted.
   *  Rejects with TransportTimeoutError after timeoutMs. */
  receive(timeoutMs: number): Promise<{ peer: string; msg: ReceivedMessage; }>;
  /** The owner is ending the run: peer disconnects from now on are the normal end, not logged. */
  closing(): void;
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

export interface RingPeer {
  rank: number;
  name: string;
}

/** Who this rank's ring neighbours are, from the coordinator's Welcome. */
export interface RingNeighbours {
  rank: number;
  worldSize: number;
  generation: number;
  prev: RingPeer & { address: string; publicKey?: string; }; // publicKey: its ring CURVE key (ZeroMQ with CURVE)
  next: RingPeer & { address: string; publicKey?: string; };
  /** Welcome.ring_secret: the generation's shared secret; the TCP link authenticates both connections with it. */
  secret?: Uint8Array;
}

/** Data plane for a ring: receive from the previous rank, send to the next. */
export interface RingLink {
  /** Bind this rank's inbound socket; port 0 picks a free one. Resolves to the actual endpoint. */
  bind(endpoint: string): Promise<string>;
  /** Once the Welcome named the neighbours: names them in errors (their rank goes in `peerRank`, so nobody
   *  parses a name) and opens the connections (each transport dials whichever side it needs). Throws
   *  TransportConfigError when something the transport needs is missing (a CURVE key, the ring secret). */
  connect(n: RingNeighbours): void;
  /** Queues the message; sends are serialised internally so callers may keep many in
   *  flight without awaiting each. The payload buffer must not change until it resolves
   *  (zero-copy). Rejects with TransportTimeoutError / PeerLostError naming the next peer. */
  sendNext(msg: Message): Promise<void>;
  /** Rejects with TransportTimeoutError (or PeerLostError) naming the previous peer after timeoutMs. */
  receivePrev(timeoutMs: number, waitingFor?: string): Promise<ReceivedMessage>;
  /** Optional: hands a received payload back for reuse once nothing reads it and no send of it is pending
   *  (a fresh buffer per received chunk costs allocation and garbage collection at training sizes). */
  recycle?(payload: Uint8Array): void;
  stats(): TransportStats;
  close(): void;
}

/** How the collective gets its RingLinks: the worker passes the ZeroMQ one (transport/zmq), so the
 *  collective never imports a concrete transport. */
export interface RingLinkFactory {
  /** Which link this is, for the log (e.g. "ZeroMQ, native libzmq 4.3.4, PLAIN admission"). */
  readonly kind: string;
  /** Largest payload frame a link accepts (a pipeline chunk must fit). */
  readonly maxPayloadBytes: number;
  /** A new, unbound link; sendTimeoutMs bounds a blocked send. */
  create(opts: { sendTimeoutMs: number; }): RingLink;
}
