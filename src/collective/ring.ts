// Ring all-reduce (reduce-scatter then all-gather, N-1 steps each) over a RingLink. Pipelined per chunk: a
// chunk is forwarded the moment it is received and summed, sends are queued without awaiting, so sending,
// receiving and summing overlap.
// Every rank ends bit-identical: each segment is reduced once, by its owner, then copied.
//
// rank r, world N, segments S_0..S_{N-1} (plan.ts):
//   reduce-scatter step s: send S_{r-s}, receive S_{r-s-1} and add  -> r owns S_{r+1}
//   all-gather     step s: send S_{r+1-s}, receive S_{r-s} and copy
import { mygpt } from '../gen/mygpt';
import { RingLink } from '../transport/types';
import { chunks, mod, segments, Span } from './plan';
import { AllReduceStats, checkStep, exclusive, RingMember, WireOp } from './wire';
import { copyFrame, ringKernels } from './kernels';
import { bytesOf } from './reduce';

export interface RingOptions {
  rank: number;
  worldSize: number;
  chunkBytes: number; // pipeline chunk, in fp32 bytes (same element split for bf16)
  wireDtype: 'fp32' | 'bf16';
  timeoutMs: number; // a previous rank silent this long fails the collective
  generation?: number; // restart generation; older-generation chunks are dropped
  log?: (line: string) => void; // ignored (forged) Aborts
}

export type { AllReduceStats } from './wire';

const { REDUCE_SCATTER, ALL_GATHER } = mygpt.Phase;

interface Stage {
  f32: Float32Array;
  u16: Uint16Array;
}

export class RingAllReduce extends RingMember {
  readonly prevName: string;
  private chunkElems: number;
  private bf16: boolean;
  private k = ringKernels();
  // Send staging, reused across calls of the same length (allocation + page faults cost more
  // than the copy). Reuse is safe: this rank rewrites the owned range only at the end of the
  // next reduce-scatter, after receiving data that the next rank sent once it had finished
  // the previous op, i.e. after it had received every byte we sent. Dropped on failure.
  // Kept per length for the two most recent lengths, so that a small call between two big
  // ones (an eval loss, a benchmark barrier) does not reallocate and page-fault the big one.
  private stages = new Map<number, Stage>();

  constructor(private link: RingLink, opts: RingOptions) {
    const { rank, worldSize } = opts;
    if (!Number.isInteger(worldSize) || worldSize < 1) {
      throw new Error(`worldSize must be an integer >= 1, got ${worldSize}`);
    }
    if (!Number.isInteger(rank) || rank < 0 || rank >= worldSize) {
      throw new Error(`rank ${rank} out of range for worldSize ${worldSize}`);
    }
    if (!(opts.chunkBytes >= 4)) throw new Error(`chunkBytes must be >= 4, got ${opts.chunkBytes}`);
    if (opts.wireDtype !== 'fp32' && opts.wireDtype !== 'bf16') {
      throw new Error(`wireDtype must be fp32 or bf16, got ${String(opts.wireDtype)}`);
    }
    if (!(opts.timeoutMs > 0)) throw new Error(`timeoutMs must be > 0, got ${opts.timeoutMs}`);
    super(rank, worldSize, opts.generation ?? 0, opts.timeoutMs, opts.log);
    this.chunkElems = Math.floor(opts.chunkBytes / 4);
    this.bf16 = opts.wireDtype === 'bf16';
    this.prevName = `rank ${mod(rank - 1, worldSize)}`;
  }

  /** In-place sum of `buf` across all ranks; all ranks end bit-identical.
   *  One collective at a time per link: await each call before starting the next. */
  async allreduce(buf: Float32Array, step: number): Promise<AllReduceStats> {
    const N = this.worldSize;
    checkStep(this.rank, step);
    const o = new WireOp(this, this.link, step,
      this.bf16 ? mygpt.WireDtype.WIRE_DTYPE_BF16 : mygpt.WireDtype.WIRE_DTYPE_FP32, buf.length);
    return exclusive(this, step, () =>
      o.run(async () => {
        if (N > 1 && buf.length > 0) await this.ringSum(o, buf);
      }, () => this.stages.clear())); // on failure: a zero-copy send may still hold the old staging
  }

  private async ringSum(o: WireOp, buf: Float32Array): Promise<void> {
    const N = this.worldSize, r = this.rank;
    const segs = segments(buf.length, N);
    const plan = (seg: number) => chunks(segs[mod(seg, N)], this.chunkElems);
    const view = (s: Span) => buf.subarray(s.offset, s.offset + s.count);
    const owned = segs[mod(r + 1, N)];
    const stage = this.staging(buf.length, owned.count);
    const words = (s: Span) => stage.u16.subarray(s.offset, s.offset + s.count); // bf16 staging by element offset
    const wire = (s: Span) => { // bytes to send for a partial sum: bf16 words, or a view (no copy)
      if (!this.bf16) return bytesOf(view(s));
      this.k.encodeBf16(view(s), words(s));
      return bytesOf(words(s));
    };
    // Owner's final fp32 segment is also written to staging (by the same pass that sums it):
    // all-gather sends are never confirmed before allreduce returns, and the caller may then overwrite buf.
    const final = (s: Span) => stage.f32.subarray(s.offset - owned.offset, s.offset - owned.offset + s.count);
    const k = this.k;
    plan(r).forEach((s, ci) => o.send(o.fp(REDUCE_SCATTER, 0, ci, s), wire(s)));
    for (let step = 0; step < N - 1; step++) {
      const owner = step === N - 2; // after this step's sum the segment is fully reduced here
      for (const [ci, s] of plan(r - step - 1).entries()) {
        const p = await o.receive(o.fp(REDUCE_SCATTER, step, ci, s, mod(r - 1, N)));
        if (this.bf16) { // sum, and encode what goes on (or round the final value) in the same pass
          k.addBf16Frame(buf, s.offset, p, words(s), owner);
          o.done(p);
          o.send(o.fp(owner ? ALL_GATHER : REDUCE_SCATTER, owner ? 0 : step + 1, ci, s), bytesOf(words(s)));
          continue;
        }
        k.addFrame(buf, s.offset, p, owner ? final(s) : undefined);
        o.done(p);
        if (!owner) o.send(o.fp(REDUCE_SCATTER, step + 1, ci, s), wire(s));
        else o.send(o.fp(ALL_GATHER, 0, ci, s), bytesOf(final(s)));
      }
    }
    for (let step = 0; step < N - 1; step++) {
      for (const [ci, s] of plan(r - step).entries()) {
        const p = await o.receive(o.fp(ALL_GATHER, step, ci, s, mod(r - 1, N)));
        if (this.bf16) k.decodeBf16Frame(buf, s.offset, p);
        else copyFrame(buf, s.offset, p);
        if (step < N - 2) o.forward(o.fp(ALL_GATHER, step + 1, ci, s), p); // received bytes as-is
        else o.done(p);
      }
    }
  }

  private staging(length: number, ownedCount: number) {
    let st = this.stages.get(length);
    if (st) this.stages.delete(length); // re-inserted below as the most recent
    else st = { f32: new Float32Array(this.bf16 ? 0 : ownedCount), u16: new Uint16Array(this.bf16 ? length : 0) };
    this.stages.set(length, st);
    if (this.stages.size > 2) this.stages.delete(this.stages.keys().next().value!);
    return st;
  }
}
