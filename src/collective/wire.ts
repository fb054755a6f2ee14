// One collective call's traffic on a RingLink, shared by every algorithm (ring.ts, exchange.ts):
// fingerprinted sends queued without awaiting, receives that must match the expected fingerprint
// exactly (older step/generation leftovers dropped), and the failure path that turns any error into
// a CollectiveError naming the rank at fault and forwards an Abort so the whole ring fails fast.
import { mygpt } from '../gen/mygpt';
import { MAX_FAILURE_TEXT, encodeEnvelope } from '../transport/frames';
import { BadFrameError, HandshakeError, PeerLostError, RingLink, TransportError,
  TransportTimeoutError } from '../transport/types';
import { ChunkMismatchError, CollectiveError, Fingerprint, PeerFailure } from './errors';
import { mod, Span } from './plan';
import { writeLog } from '../util/log';

export interface AllReduceStats {
  bytesSent: number; // header + payload bytes handed to the transport
  bytesReceived: number;
  seconds: number;
  waitSeconds: number; // time blocked waiting for the previous rank
}

/** What a call needs to know about its rank and ring; staleDropped is counted across calls. */
export interface WireContext {
  readonly rank: number;
  readonly worldSize: number;
  readonly generation: number;
  readonly timeoutMs: number;
  staleDropped: number;
  abortsIgnored: number; // Aborts that were not from the previous rank for the op in flight
  readonly log?: (line: string) => void;
}

/** The per-ring state every algorithm shares (its WireContext) and the one-call-at-a-time flag. */
export abstract class RingMember implements WireContext {
  /** Chunks from an older step/generation (leftovers of an aborted op) dropped so far. */
  staleDropped = 0;
  /** Aborts ignored: not from the previous rank, or not for the op in flight (forged or misrouted). */
  abortsIgnored = 0;
  busy = false;
  constructor(readonly rank: number, readonly worldSize: number, readonly generation: number,
    readonly timeoutMs: number, readonly log?: (line: string) => void)
  {}
}

const { FAILURE_PEER_LOST, FAILURE_PEER_TIMEOUT, FAILURE_PEER_PROTOCOL } = mygpt.FailureReason;
const FIELDS = ['srcRank', 'step', 'phase', 'ringStep', 'chunkIndex', 'offset', 'count', 'dtype', 'totalLength',
  'generation'] as const;
const describeShort = (f: Fingerprint) =>
  `step=${f.step} phase=${mygpt.Phase[f.phase!]} ring_step=${f.ringStep} src=${f.srcRank} chunk=${f.chunkIndex}`;

/** A step number is a non-negative safe integer (it is the fingerprint's ordering key). */
export function checkStep(rank: number, step: number): void {
  if (!Number.isSafeInteger(step) || step < 0) {
    throw new Error(`rank ${rank}: step must be a non-negative integer, got ${step}`);
  }
}

export class WireOp {
  readonly stats: AllReduceStats = { bytesSent: 0, bytesReceived: 0, seconds: 0, waitSeconds: 0 };
  private pending: Promise<void>[] = [];
  private received = new Set<Uint8Array>(); // payloads not yet handed back to the link (RingLink.recycle)
  private sendError: Error | undefined;
  private t0 = performance.now();
  constructor(private ctx: WireContext, private link: RingLink, readonly step: number, readonly dtype: number,
    readonly total: number)
  {}

  /** Fingerprint of one chunk; srcRank = the rank whose data it carries (default: this rank). */
  fp(phase: number, ringStep: number, chunkIndex: number, span: Span, srcRank = this.ctx.rank): Fingerprint {
    return { srcRank, step: this.step, phase, ringStep, chunkIndex, offset: span.offset, count: span.count,
      dtype: this.dtype, totalLength: this.total, generation: this.ctx.generation };
  }

  /** Queue a chunk for the next rank; the payload bytes must stay unchanged until delivered. Not awaited: a
   *  failed send is kept on the op and thrown by the next receive and by run. */
  send(fp: Fingerprint, payload: Uint8Array): void {
    void this.queue(fp, payload);
  }

  private queue(fp: Fingerprint, payload: Uint8Array): Promise<void> {
    const header = encodeEnvelope({ chunk: fp });
    this.stats.bytesSent += header.length + payload.length;
    const p = this.link.sendNext({ header, payload });
    p.catch((e) => {
      this.sendError ??= e instanceof Error ? e : new Error(String(e));
    });
    this.pending.push(p);
    return p;
  }

  /** The op is finished with a received payload (summed or copied, never sent): the link may reuse it
   *  now, so an op holds only the receive buffers in flight (handed back only at the end, a large op would
   *  hold a buffer per chunk it received). */
  done(payload: Uint8Array): void {
    if (this.received.delete(payload)) this.link.recycle?.(payload);
  }

  /** Forward a received payload as-is; the link may reuse it once that send is done (a resolved send no
   *  longer reads it, whatever happens to the op afterwards). */
  forward(fp: Fingerprint, payload: Uint8Array): void {
    if (!this.received.delete(payload)) throw new Error('forward: not a payload received by this op');
    this.queue(fp, payload).then(() => this.link.recycle?.(payload), () => undefined);
  }

  /** Next chunk from the previous rank; anything but `want` (after dropping stale ones) is an error. */
  async receive(want: Fingerprint): Promise<Uint8Array> {
    const deadline = performance.now() + this.ctx.timeoutMs; // monotonic
    for (;;) {
      if (this.sendError) throw this.sendError;
      const t = performance.now();
      const msg = await this.link.receivePrev(Math.max(1, deadline - performance.now()),
        `chunk {${describeShort(want)}}`);
      this.stats.waitSeconds += (performance.now() - t) / 1000;
      this.stats.bytesReceived += msg.header.length + (msg.payload?.length ?? 0);
      const env = msg.envelope;
      const got = (env.chunk ?? env.abort) as { step: number; generation: number; };
      if (got.generation < this.ctx.generation || (got.generation === this.ctx.generation && got.step < this.step)) {
        this.ctx.staleDropped++;
        if (msg.payload) this.link.recycle?.(msg.payload); // nobody will read it (a shared-memory slot goes back)
        continue;
      }
      if (env.abort) {
        const a = env.abort as mygpt.Abort;
        if (!acceptsAbort(this.ctx, a, this.step)) continue;
        throw new CollectiveError(this.ctx.rank, this.step, a.failedRank, FAILURE_PEER_LOST,
          `rank ${a.srcRank} reported: ${a.reason}`);
      }
      const c = env.chunk!;
      if (FIELDS.some((k) => c[k] !== want[k])) {
        throw new ChunkMismatchError(`rank ${mod(this.ctx.rank - 1, this.ctx.worldSize)}`, want, c);
      }
      this.received.add(msg.payload!);
      return msg.payload!;
    }
  }

  /** Runs body and waits for the queued sends; on failure calls onFail (drop staging a zero-copy send may
   *  still hold), sends an Abort forward and throws a CollectiveError. */
  async run(body: () => Promise<void>, onFail: () => void): Promise<AllReduceStats> {
    try {
      await body();
      await Promise.all(this.pending);
      // Every received payload has been summed, copied or forwarded (and the forward delivered): reusable.
      // Not on failure: a write of one may still be queued.
      if (this.link.recycle) { for (const p of this.received) this.link.recycle(p); }
    } catch (e) {
      onFail();
      const err = toCollectiveError(this.ctx, e, this.step);
      const abort = { srcRank: this.ctx.rank, failedRank: err.failedRank, step: this.step,
        generation: this.ctx.generation, reason: err.reason.slice(0, MAX_FAILURE_TEXT) };
      this.link.sendNext({ header: encodeEnvelope({ abort }) }).catch(() => undefined); // best effort
      throw err;
    }
    this.stats.seconds = (performance.now() - this.t0) / 1000;
    return this.stats;
  }
}

/** An Abort ends the op in flight only when it says it comes from the previous rank (the only rank that
 *  sends to this socket: with CURVE the only key its ZAP allowlist accepts), for this generation and
 *  this step, and names a rank of the ring. Anything else is ignored and logged (first 5, then every
 *  100th): a stranger on the socket cannot abort a collective or get an innocent rank blamed. */
export function acceptsAbort(ctx: WireContext, a: mygpt.Abort, step: number): boolean {
  const prev = mod(ctx.rank - 1, ctx.worldSize);
  const why = a.srcRank !== prev ?
    `it claims rank ${a.srcRank}, not the previous rank ${prev}`
    : a.generation !== ctx.generation ?
    `generation ${a.generation} is not the current ${ctx.generation}`
    : Number(a.step) !== step ?
    `step ${a.step} is not the step in flight (${step})`
    : !(a.failedRank < ctx.worldSize)
    ? `failed_rank ${a.failedRank} is outside the ring of ${ctx.worldSize}`
    : '';
  if (!why) return true;
  if (++ctx.abortsIgnored <= 5 || ctx.abortsIgnored % 100 === 0) {
    (ctx.log ?? ((l) => writeLog('warn', l)))(
      `rank ${ctx.rank}: ignored an Abort on the ring socket: ${why} (ignored so far: ${ctx.abortsIgnored})`,
    );
  }
  return false;
}

/** Which neighbour to blame, from which link failed: transport errors carry the neighbour's rank
 *  (RingLink.connect names them); anything else (a mismatched chunk, an unexpected error) is the previous rank's. */
function toCollectiveError(ctx: WireContext, e: unknown, step: number): CollectiveError {
  if (e instanceof CollectiveError) return e;
  const failed = e instanceof TransportError && e.peerRank !== undefined
    ? e.peerRank
    : mod(ctx.rank - 1, ctx.worldSize);
  const kind: PeerFailure = e instanceof TransportTimeoutError ?
    FAILURE_PEER_TIMEOUT
    : e instanceof PeerLostError ?
    FAILURE_PEER_LOST
    : e instanceof ChunkMismatchError || e instanceof BadFrameError || e instanceof HandshakeError ?
    FAILURE_PEER_PROTOCOL
    : FAILURE_PEER_LOST;
  // cause: the transport or protocol error
  return new CollectiveError(ctx.rank, step, failed, kind, (e as Error)?.message ?? String(e), e);
}

/** Runs one call on an algorithm object; a second call while one is in flight is a caller bug. */
export async function exclusive<T>(owner: { busy: boolean; rank: number; }, step: number,
  fn: () => Promise<T>): Promise<T>
{
  if (owner.busy) {
    throw new Error(`rank ${owner.rank}: step ${step} started while another collective is in flight on this ring`);
  }
  owner.busy = true;
  try {
    return await fn();
  } finally {
    owner.busy = false;
  }
}
