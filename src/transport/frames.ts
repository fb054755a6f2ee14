// Trust boundary for every received message, on every link: frame count, size limits, protobuf
// decode + verify, and (for gradient chunks) payload length == count * dtype size.
// Pure functions, no sockets: both control sockets and every ring link (tcp/, native/, zmq/) call
// validateFrames on each receive.
import { mygpt } from '../gen/mygpt';
import { BadFrameError, ReceivedMessage } from './types';

export type BodyKind = NonNullable<mygpt.Envelope['body']>;

export interface FrameLimits {
  maxHeaderBytes: number; // encoded Envelope
  maxPayloadBytes: number; // raw payload frame
  allow: ReadonlySet<BodyKind>;
}

export const DEFAULT_MAX_HEADER_BYTES = 64 * 1024;
export const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;
/** What the coordinator's control socket accepts: an Envelope of a few KiB (Hello, StepReport, Failure with
 *  its text capped at MAX_FAILURE_TEXT), never a payload frame. */
export const CONTROL_MAX_HEADER_BYTES = 16 * 1024;
export const MAX_FAILURE_TEXT = 4096;
/** A ring message's Envelope: a chunk fingerprint or an Abort (reason capped at MAX_FAILURE_TEXT). */
export const RING_MAX_HEADER_BYTES = 8 * 1024;
/** Bytes one receive queue may hold: the receive high-water mark is this over the largest message. */
export const RECEIVE_QUEUE_BUDGET_BYTES = 32 * 1024 * 1024;

export function wireDtypeBytes(dtype: number): number {
  if (dtype === mygpt.WireDtype.WIRE_DTYPE_FP32) return 4;
  if (dtype === mygpt.WireDtype.WIRE_DTYPE_BF16) return 2;
  return 0;
}

export const CONTROL_BODIES: ReadonlySet<BodyKind> = new Set<BodyKind>([
  'hello',
  'welcome',
  'refuse',
  'start',
  'heartbeat',
  'stepReport',
  'shutdown',
  'done',
  'failure',
]);
export const RING_BODIES: ReadonlySet<BodyKind> = new Set<BodyKind>(['chunk', 'abort']);

/** Throws BadFrameError(peer, reason); returns the decoded, verified message otherwise. */
export function validateFrames(peer: string, frames: Uint8Array[], lim: FrameLimits): ReceivedMessage {
  const bad = (reason: string): never => {
    throw new BadFrameError(peer, reason);
  };
  if (frames.length < 1 || frames.length > 2) bad(`expected 1 or 2 frames, got ${frames.length}`);
  const header = frames[0];
  const payload = frames.length === 2 ? frames[1] : undefined;
  if (header.length === 0) bad('empty header frame');
  if (header.length > lim.maxHeaderBytes) bad(`header ${header.length} B > limit ${lim.maxHeaderBytes} B`);
  if (payload && payload.length > lim.maxPayloadBytes) {
    bad(`payload ${payload.length} B > limit ${lim.maxPayloadBytes} B`);
  }
  let envelope: mygpt.Envelope;
  try {
    envelope = mygpt.Envelope.decode(header);
  } catch (e) {
    return bad(`header is not a protobuf Envelope (${(e as Error).message})`);
  }
  const why = mygpt.Envelope.verify(envelope);
  if (why) bad(`Envelope.verify: ${why}`);
  const body = envelope.body;
  if (!body) bad('Envelope has no body');
  if (!lim.allow.has(body!)) bad(`unexpected message kind '${body}' on this socket`);
  if (body === 'chunk') checkChunk(envelope.chunk as mygpt.ChunkHeader, payload, bad);
  else if (payload) bad(`'${body}' message must not carry a payload frame`);
  return { header, payload, envelope };
}

function checkChunk(c: mygpt.ChunkHeader, payload: Uint8Array | undefined, bad: (r: string) => never): void {
  const size = wireDtypeBytes(c.dtype);
  if (size === 0) bad(`chunk dtype ${c.dtype} unknown`);
  if (c.phase < 1 || c.phase > 3) bad(`chunk phase ${c.phase} unknown`);
  if (c.count < 1) bad('chunk count 0');
  if (!Number.isSafeInteger(c.offset) || !Number.isSafeInteger(c.totalLength)) {
    bad('chunk offset/total_length not a safe integer');
  }
  if (c.offset + c.count > c.totalLength) bad(`chunk [${c.offset}, +${c.count}) exceeds total_length ${c.totalLength}`);
  if (!payload) bad('chunk without payload frame');
  if (payload.length !== c.count * size) bad(`payload ${payload.length} B != count ${c.count} * ${size} B`);
}

/** Encodes an Envelope; the caller owns the object shape (typed by pbts). */
export function encodeEnvelope(env: mygpt.IEnvelope): Uint8Array {
  return mygpt.Envelope.encode(env).finish();
}
