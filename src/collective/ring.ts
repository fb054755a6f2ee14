// Ring all-reduce (reduce-scatter then all-gather, N-1 steps each) over a RingLink. Pipelined per chunk: a chunk is forwarded the moment it is received and summed,
// sends are queued without awaiting, so sending, receiving and summing overlap.
// Every rank ends bit-identical: each segment is reduced once, by its owner, then copied.
//
// rank r, world N, segments S_0..S_{N-1} (plan.ts):
//   reduce-scatter step s: send S_{r-s}, receive S_{r-s-1} and add  -> r owns S_{r+1}
//   all-gather     step s: send S_{r+1-s}, receive S_{r-s} and copy
import { mygpt } from '../gen/mygpt';
import { MAX_FAILURE_TEXT, encodeEnvelope } from '../transport/frames';
import { BadFrameError, HandshakeError, PeerLostError, RingLink, TransportError, TransportTimeoutError } from '../transport/types';
import { CollectiveError, ChunkMismatchError, Fingerprint, PeerFailure } from './errors';
import { chunks, mod, segments, Span } from './plan';
import { copyFrame, ringKernels } from './kernels';
import { bytesOf } from './reduce';

export interface RingOptions {
  rank: number;
  worldSize: number;
  chunkBytes: number;          // pipeline chunk, in fp32 bytes (same element split for bf16)
  wireDtype: 'fp32' | 'bf16';
  timeoutMs: number;           // a previous rank silent this long fails the collective
  generation?: number;         // restart generation; older-generation chunks are dropped
  log?: (line: string) => void; // ignored (forged) Aborts
}

export interface AllReduceStats {
  bytesSent: number;           // header + payload bytes handed to the transport
  bytesReceived: number;
  seconds: number;
  waitSeconds: number;         // time blocked waiting for the previous rank
}

const { REDUCE_SCATTER, ALL_GATHER } = mygpt.Phase;
const { FAILURE_PEER_LOST, FAILURE_PEER_TIMEOUT, FAILURE_PEER_PROTOCOL } = mygpt.FailureReason;
const FIELDS = ['srcRank', 'step', 'phase', 'ringStep', 'chunkIndex', 'offset', 'count', 'dtype', 'totalLength', 'generation'] as const;

/** One collective call: its fingerprints, in-flight sends and counters. */
class Op {
  readonly stats: AllReduceStats = { bytesSent: 0, bytesReceived: 0, seconds: 0, waitSeconds: 0 };
  private pending: Promise<void>[] = [];
  private sendError: unknown;
  private t0 = performance.now();
  constructor(private ring: RingAllReduce, private link: RingLink, readonly step: number, readonly dtype: number, readonly total: number) {}

  fp(phase: number, ringStep: number, chunkIndex: number, span: Span, srcRank = this.ring.rank): Fingerprint {
    return { srcRank, step: this.step, phase, ringStep, chunkIndex, offset: span.offset, count: span.count,
      dtype: this.dtype, totalLength: this.total, generation: this.ring.generation };
  }

  /** Queue a chunk for the next rank; the bytes must stay unchanged until the op ends. */
  send(fp: Fingerprint, payload: Uint8Array): void {
    const header = encodeEnvelope({ chunk: fp });
    this.stats.bytesSent += header.length + payload.length;
    const p = this.link.sendNext({ header, payload });
    p.catch((e) => { this.sendError ??= e; });
    this.pending.push(p);
  }

  /** Next chunk from the previous rank; it must match `want` exactly (stale ones are dropped). */
  async receive(want: Fingerprint): Promise<Uint8Array> {
    const deadline = performance.now() + this.ring.timeoutMs; // monotonic
    for (;;) {
      if (this.sendError) throw this.sendError;
      const t = performance.now();
      const msg = await this.link.receivePrev(Math.max(1, deadline - performance.now()), `chunk {${describeShort(want)}}`);
      this.stats.waitSeconds += (performance.now() - t) / 1000;
      this.stats.bytesReceived += msg.header.length + (msg.payload?.length ?? 0);
      const env = msg.envelope;
      const got = (env.chunk ?? env.abort) as { step: number; generation: number };
      if (this.isStale(got.step, got.generation)) { this.ring.staleDropped++; continue; }
      if (env.abort) {
        const a = env.abort as mygpt.Abort;
        if (!this.ring.acceptsAbort(a, this.step)) continue;
        throw new CollectiveError(this.ring.rank, this.step, a.failedRank, FAILURE_PEER_LOST, `rank ${a.srcRank} reported: ${a.reason}`);
      }
      const c = env.chunk!;
      if (FIELDS.some((k) => c[k] !== want[k])) throw new ChunkMismatchError(this.ring.prevName, want, c);
      return msg.payload!;
    }
  }

  private isStale(step: number, generation: number): boolean {
    return generation < this.ring.generation || (generation === this.ring.generation && step < this.step);
  }

  async finish(): Promise<AllReduceStats> {
    await Promise.all(this.pending);
    this.stats.seconds = (performance.now() - this.t0) / 1000;
    return this.stats;
  }
}

interface Stage { f32: Float32Array; u16: Uint16Array }

const describeShort = (f: Fingerprint) => `step=${f.step} phase=${mygpt.Phase[f.phase!]} ring_step=${f.ringStep} chunk=${f.chunkIndex}`;

export class RingAllReduce {
  readonly rank: number;
  readonly worldSize: number;
  readonly generation: number;
  readonly timeoutMs: number;
  readonly prevName: string;
  /** Chunks from an older step/generation (leftovers of an aborted op) dropped so far. */
  staleDropped = 0;
  /** Aborts ignored: not from the previous rank, or not for the op in flight (forged or misrouted). */
  abortsIgnored = 0;
  private readonly log: (line: string) => void;
  private chunkElems: number;
  private bf16: boolean;
  private k = ringKernels();
  private busy = false;
  // Send staging, reused across calls of the same length (allocation + page faults cost more
  // than the copy). Reuse is safe: this rank rewrites the owned range only at the end of the
  // next reduce-scatter, after receiving data that the next rank sent once it had finished
  // the previous op, i.e. after it had received every byte we sent. Dropped on failure.
  // Kept per length for the two most recent lengths, so that a small call between two big
  // ones (an eval loss, a benchmark barrier) does not reallocate and page-fault the big one.
  private stages = new Map<number, Stage>();

  constructor(private link: RingLink, opts: RingOptions) {
    const { rank, worldSize } = opts;
    if (!Number.isInteger(worldSize) || worldSize < 1) throw new Error(`worldSize must be an integer >= 1, got ${worldSize}`);
    if (!Number.isInteger(rank) || rank < 0 || rank >= worldSize) throw new Error(`rank ${rank} out of range for worldSize ${worldSize}`);
    if (!(opts.chunkBytes >= 4)) throw new Error(`chunkBytes must be >= 4, got ${opts.chunkBytes}`);
    if (opts.wireDtype !== 'fp32' && opts.wireDtype !== 'bf16') throw new Error(`wireDtype must be fp32 or bf16, got ${opts.wireDtype}`);
    if (!(opts.timeoutMs > 0)) throw new Error(`timeoutMs must be > 0, got ${opts.timeoutMs}`);
    this.rank = rank;
    this.worldSize = worldSize;
    this.generation = opts.generation ?? 0;
    this.timeoutMs = opts.timeoutMs;
    this.chunkElems = Math.floor(opts.chunkBytes / 4);
    this.bf16 = opts.wireDtype === 'bf16';
    this.prevName = `rank ${mod(rank - 1, worldSize)}`;
    this.log = opts.log ?? ((l) => process.stderr.write(`${l}\n`));
  }

  /** An Abort ends the op in flight only when it says it comes from the previous rank (the only rank that
   *  sends to this socket: with CURVE the only key its ZAP allowlist accepts), for this generation and
   *  this step, and names a rank of the ring. Anything else is ignored and logged (first 5, then every
   *  100th): a stranger on the socket cannot abort a collective or get an innocent rank blamed. */
  acceptsAbort(a: mygpt.Abort, step: number): boolean {
    const prev = mod(this.rank - 1, this.worldSize);
    const why = a.srcRank !== prev ? `it claims rank ${a.srcRank}, not the previous rank ${prev}`
      : a.generation !== this.generation ? `generation ${a.generation} is not the current ${this.generation}`
        : Number(a.step) !== step ? `step ${a.step} is not the step in flight (${step})`
          : !(a.failedRank < this.worldSize) ? `failed_rank ${a.failedRank} is outside the ring of ${this.worldSize}` : '';
    if (!why) return true;
    if (++this.abortsIgnored <= 5 || this.abortsIgnored % 100 === 0) {
      this.log(`rank ${this.rank}: ignored an Abort on the ring socket: ${why} (ignored so far: ${this.abortsIgnored})`);
    }
    return false;
  }

  /** In-place sum of `buf` across all ranks; all ranks end bit-identical.
   *  One collective at a time per link: await each call before starting the next. */
  async allreduce(buf: Float32Array, step: number): Promise<AllReduceStats> {
    const N = this.worldSize;
    this.checkCall(step);
    const o = new Op(this, this.link, step, this.bf16 ? mygpt.WireDtype.WIRE_DTYPE_BF16 : mygpt.WireDtype.WIRE_DTYPE_FP32, buf.length);
    if (N > 1 && buf.length > 0) await this.guard(o, () => this.ringSum(o, buf));
    return o.finish();
  }

  private async ringSum(o: Op, buf: Float32Array): Promise<void> {
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
          o.send(o.fp(owner ? ALL_GATHER : REDUCE_SCATTER, owner ? 0 : step + 1, ci, s), bytesOf(words(s)));
          continue;
        }
        if (!owner) {
          k.addFrame(buf, s.offset, p);
          o.send(o.fp(REDUCE_SCATTER, step + 1, ci, s), wire(s));
        } else {
          k.addFrame(buf, s.offset, p, final(s));
          o.send(o.fp(ALL_GATHER, 0, ci, s), bytesOf(final(s)));
        }
      }
    }
    for (let step = 0; step < N - 1; step++) {
      for (const [ci, s] of plan(r - step).entries()) {
        const p = await o.receive(o.fp(ALL_GATHER, step, ci, s, mod(r - 1, N)));
        if (this.bf16) k.decodeBf16Frame(buf, s.offset, p);
        else copyFrame(buf, s.offset, p);
        if (step < N - 2) o.send(o.fp(ALL_GATHER, step + 1, ci, s), p); // forward received bytes as-is
      }
    }
  }

  private checkCall(step: number): void {
    if (!Number.isSafeInteger(step) || step < 0) throw new Error(`rank ${this.rank}: step must be a non-negative integer, got ${step}`);
  }

  private staging(length: number, ownedCount: number) {
    let st = this.stages.get(length);
    if (st) this.stages.delete(length); // re-inserted below as the most recent
    else st = { f32: new Float32Array(this.bf16 ? 0 : ownedCount), u16: new Uint16Array(this.bf16 ? length : 0) };
    this.stages.set(length, st);
    if (this.stages.size > 2) this.stages.delete(this.stages.keys().next().value!);
    return st;
  }

  /** Runs the op; on failure tells the next rank who failed (so the whole ring fails fast,
   *  naming the culprit) and throws a CollectiveError. */
  private async guard(o: Op, body: () => Promise<void>): Promise<void> {
    if (this.busy) throw new Error(`rank ${this.rank}: step ${o.step} started while another collective is in flight on this ring`);
    this.busy = true;
    try {
      await body();
      await o.finish();
    } catch (e) {
      this.stages.clear(); // zmq may still hold the old ones
      const err = this.toCollectiveError(e, o.step);
      const abort = { srcRank: this.rank, failedRank: err.failedRank, step: o.step, generation: this.generation,
        reason: err.reason.slice(0, MAX_FAILURE_TEXT) };
      this.link.sendNext({ header: encodeEnvelope({ abort }) }).catch(() => undefined); // best effort
      throw err;
    } finally {
      this.busy = false;
    }
  }

  /** Which neighbour to blame, from which link failed: transport errors carry the neighbour's rank
   *  (RingLink.setPeers); anything else (a mismatched chunk, an unexpected error) is the previous rank's. */
  private toCollectiveError(e: unknown, step: number): CollectiveError {
    if (e instanceof CollectiveError) return e;
    const prev = mod(this.rank - 1, this.worldSize);
    const failed = e instanceof TransportError && e.peerRank !== undefined ? e.peerRank : prev;
    const kind: PeerFailure = e instanceof TransportTimeoutError ? FAILURE_PEER_TIMEOUT
      : e instanceof PeerLostError ? FAILURE_PEER_LOST
        : e instanceof ChunkMismatchError || e instanceof BadFrameError || e instanceof HandshakeError ? FAILURE_PEER_PROTOCOL
          : FAILURE_PEER_LOST;
    const msg = (e as Error)?.message ?? String(e);
    return new CollectiveError(this.rank, step, failed, kind, msg, e); // cause: the transport/protocol error
  }
}
