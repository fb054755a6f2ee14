// Ring broadcast: the root's bytes reach every rank of the ring, copied bit for bit (never summed, so
// NaN payloads, infinities and -0 arrive as sent), over the same WireOp as the all-reduce (fingerprints,
// stale drops, typed failures, Abort). In-place recovery transfers training state with it: a rank
// that needs state gets a healthy peer's checkpoint bytes from it, with the ring's auth, shared memory,
// chunking and generation/step checks.
//
// Bounded receive: every rank passes maxBytes, the most bytes it accepts (a rank receiving state knows
// the state's size); a descriptor over it is refused before anything is allocated or forwarded, as the
// root's protocol error (the root's descriptor, forwarded as-is, is what claims the size).
//
// Position d = (rank - root) mod N; the bytes travel d = 0 -> 1 -> ... -> N-1, pipelined per chunk:
//   1. descriptor (chunk 0): 2 words, the byte length as u32 low then high, little endian. Receivers
//      learn the size from it, so only the root needs to know it.
//   2. data (chunks 1..n): the bytes as 4-byte words, at most chunkBytes / 4 per chunk; a length that is
//      not a multiple of 4 goes on the wire with the last word zero-padded, and receivers keep exactly
//      the descriptor's byte count. A receiver copies each chunk into its output and forwards the frame
//      as-is to its next rank, unless that is the root (d = N-1).
//   3. completion (chunk n+1): d = N-1, holding every byte (so every rank before it does too), sends the
//      descriptor again to the root, which forwards it on up to d = N-2. This closes the ring: every rank
//      ends by receiving from its previous rank, so a rank that dies anywhere fails every survivor (the
//      Abort goes all the way round) naming it, the root and the ranks before the dead one included.
//      A rank whose call returns knows that every rank holds every byte.
// Fingerprints: phase BROADCAST, dtype fp32 (4-byte words, whatever the ring's wire dtype), src_rank = the
// root (completion: rank d = N-1), ring_step = hops the frame made before this receiver, offset/count in
// words, total_length = the data's words (2 for the descriptor and the completion).
import { constants } from 'node:buffer';
import { mygpt } from '../gen/mygpt';
import { BadFrameError, RingLink } from '../transport/types';
import { chunks, mod, Span } from './plan';
import { AllReduceStats, checkStep, exclusive, RingMember, WireOp } from './wire';

const { BROADCAST } = mygpt.Phase;
const DESCRIPTOR: Span = { offset: 0, count: 2 };

/** Already validated by the RingAllReduce built beside it (select.ts). */
export interface BroadcastOptions {
  rank: number;
  worldSize: number;
  generation: number;
  timeoutMs: number;
  chunkElems: number;
  log?: (line: string) => void;
}

export interface BroadcastResult {
  bytes: Uint8Array; // the root's bytes (at the root: the very array it passed)
  stats: AllReduceStats;
}

/** The descriptor's payload: byte length as two little-endian u32 words. */
function descriptor(length: number): Uint8Array {
  const d = new Uint8Array(8), v = new DataView(d.buffer);
  v.setUint32(0, length % 2 ** 32, true);
  v.setUint32(4, Math.floor(length / 2 ** 32), true);
  return d;
}

export class RingBroadcast extends RingMember {
  private prev: number;

  constructor(private link: RingLink, private o: BroadcastOptions) {
    super(o.rank, o.worldSize, o.generation, o.timeoutMs, o.log);
    this.prev = mod(o.rank - 1, o.worldSize);
  }

  /** `root`'s bytes on every rank (other ranks' `bytes` are ignored). Every rank calls it with the same root
   *  and step; one collective at a time per link. The root's bytes must not change until the call returns
   *  (they are sent without a copy; after a failure, not until the link is closed). `maxBytes`: the most
   *  bytes this rank accepts from the root; a descriptor claiming more fails the call with a CollectiveError
   *  FAILURE_PEER_PROTOCOL naming the root, before anything is allocated. */
  async broadcast(bytes: Uint8Array | undefined, root: number, step: number,
    maxBytes: number): Promise<BroadcastResult>
  {
    checkStep(this.rank, step);
    if (!Number.isInteger(root) || root < 0 || root >= this.worldSize) {
      throw new Error(`rank ${this.rank}: broadcast root ${root} out of range for world size ${this.worldSize}`);
    }
    checkMaxBytes(this.rank, maxBytes);
    const isRoot = root === this.rank;
    if (isRoot && !(bytes instanceof Uint8Array)) {
      throw new Error(`rank ${this.rank}: the broadcast root needs a Uint8Array to send`);
    }
    const w = new WireOp(this, this.link, step, mygpt.WireDtype.WIRE_DTYPE_FP32, 0);
    let out = isRoot ? bytes! : new Uint8Array(0);
    const stats = await exclusive(this, step, () =>
      w.run(async () => {
        if (this.worldSize > 1) out = isRoot ? await this.send(w, bytes!) : await this.receive(w, root, maxBytes);
      }, () => undefined)); // nothing of ours is reused: the root's bytes are the caller's, receivers' outputs are new
    return { bytes: out, stats };
  }

  /** The root: descriptor, data, then waits for the completion from d = N-1 and passes it on. */
  private async send(w: WireOp, bytes: Uint8Array): Promise<Uint8Array> {
    const r = this.rank, words = Math.ceil(bytes.length / 4);
    const plan = chunks({ offset: 0, count: words }, this.o.chunkElems);
    w.send(fp(w, r, 0, 0, DESCRIPTOR, 2), descriptor(bytes.length));
    plan.forEach((s, i) => w.send(fp(w, r, 0, i + 1, s, words), wordsOf(bytes, s)));
    await this.completion(w, plan.length + 1, 0, bytes.length);
    return bytes;
  }

  /** Position d >= 1: descriptor (refused over maxBytes), data (copied, forwarded unless next is the root),
   *  then the completion. */
  private async receive(w: WireOp, root: number, maxBytes: number): Promise<Uint8Array> {
    const N = this.worldSize, d = mod(this.rank - root, N), onward = d < N - 1;
    const dp = await w.receive(fp(w, root, d - 1, 0, DESCRIPTOR, 2));
    const length = this.lengthOf(dp, 'descriptor');
    if (length > maxBytes) {
      throw new BadFrameError(`rank ${root} (the broadcast root)`,
        `broadcast descriptor says ${length} bytes, over this rank's bound of ${maxBytes} bytes (maxBytes)`, root);
    }
    if (onward) w.forward(fp(w, root, d, 0, DESCRIPTOR, 2), dp);
    else w.done(dp);
    const out = new Uint8Array(length), words = Math.ceil(length / 4);
    const plan = chunks({ offset: 0, count: words }, this.o.chunkElems);
    for (const [i, s] of plan.entries()) {
      const p = await w.receive(fp(w, root, d - 1, i + 1, s, words));
      const at = 4 * s.offset;
      out.set(at + p.length <= length ? p : p.subarray(0, length - at), at); // the last word's padding dropped
      if (onward) w.forward(fp(w, root, d, i + 1, s, words), p);
      else w.done(p);
    }
    if (onward) await this.completion(w, plan.length + 1, d, length);
    else w.send(fp(w, this.rank, 0, plan.length + 1, DESCRIPTOR, 2), descriptor(length));
    return out;
  }

  /** Receives the completion at position d (it made d hops from d = N-1) and forwards it unless next is N-1. */
  private async completion(w: WireOp, index: number, d: number, length: number): Promise<void> {
    const N = this.worldSize, last = this.prevOf(d + 1);
    const p = await w.receive(fp(w, last, d, index, DESCRIPTOR, 2));
    const said = this.lengthOf(p, 'completion');
    if (said !== length) {
      throw new BadFrameError(`rank ${this.prev}`,
        `broadcast completion says ${said} bytes, the descriptor said ${length}`, this.prev);
    }
    if (d < N - 2) w.forward(fp(w, last, d + 1, index, DESCRIPTOR, 2), p);
    else w.done(p);
  }

  /** The rank k positions before this one. */
  private prevOf(k: number): number {
    return mod(this.rank - k, this.worldSize);
  }

  /** A descriptor's byte length; one no array can hold is the previous rank's protocol error. */
  private lengthOf(p: Uint8Array, what: string): number {
    const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
    const length = v.getUint32(0, true) + v.getUint32(4, true) * 2 ** 32;
    if (length > constants.MAX_LENGTH) {
      throw new BadFrameError(`rank ${this.prev}`,
        `broadcast ${what} says ${length} bytes, over the ${constants.MAX_LENGTH}-byte array limit`, this.prev);
    }
    return length;
  }
}

/** The receive bound: a whole number of bytes an array can hold. */
export function checkMaxBytes(rank: number, maxBytes: number): void {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0 || maxBytes > constants.MAX_LENGTH) {
    throw new Error(
      `rank ${rank}: broadcast maxBytes must be an integer in [0, ${constants.MAX_LENGTH}], got ${maxBytes}`,
    );
  }
}

/** A broadcast chunk's fingerprint (total_length is the chunk's buffer, not the op's). */
function fp(w: WireOp, src: number, hop: number, index: number, span: Span, total: number) {
  return { ...w.fp(BROADCAST, hop, index, span, src), totalLength: total };
}

/** The wire bytes of a span of words: a view, or for a last word cut short, a zero-padded copy. */
function wordsOf(bytes: Uint8Array, s: Span): Uint8Array {
  const start = 4 * s.offset, end = 4 * (s.offset + s.count);
  if (end <= bytes.length) return bytes.subarray(start, end);
  const padded = new Uint8Array(end - start);
  padded.set(bytes.subarray(start));
  return padded;
}
