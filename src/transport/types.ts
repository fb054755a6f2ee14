// The narrow transport interface. Only ./zmq.ts may import `zeromq`; everything above
// (collective, coordinator, worker) talks to these shapes. A Message is one protobuf
// Envelope (already encoded) plus an optional raw payload frame sent without copying.

export interface Message {
  header: Uint8Array;     // encoded mygpt.Envelope
  payload?: Uint8Array;   // raw bytes (gradient chunk), its own ZeroMQ frame
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

/** Coordinator side of the control plane (ROUTER). Peers are identified by routing id. */
export interface ControlServer {
  /** Bind; port 0 picks a free one. Resolves to the actual endpoint, e.g. tcp://127.0.0.1:40123. */
  bind(endpoint: string): Promise<string>;
  send(peer: string, msg: Message): Promise<void>;
  /** Next message from any peer; rejects with TransportTimeoutError after timeoutMs. */
  receive(timeoutMs: number): Promise<{ peer: string; msg: Message }>;
  close(): void;
}

/** Worker side of the control plane (DEALER). */
export interface ControlClient {
  connect(endpoint: string): void;
  send(msg: Message): Promise<void>;
  receive(timeoutMs: number): Promise<Message>;
  close(): void;
}

/** Data plane for a ring: receive from the previous rank, send to the next. */
export interface RingLink {
  /** Bind this rank's inbound socket; port 0 picks a free one. Resolves to the actual endpoint. */
  bind(endpoint: string): Promise<string>;
  connectNext(endpoint: string): void;
  sendNext(msg: Message): Promise<void>;
  /** Rejects with TransportTimeoutError naming the previous peer after timeoutMs. */
  receivePrev(timeoutMs: number): Promise<Message>;
  close(): void;
}
