// One collective call's traffic on a RingLink, for the algorithms beside the ring (exchange.ts):
// fingerprinted sends queued without awaiting, receives that must match the expected fingerprint
// exactly (older step/generation leftovers dropped), and the failure path that turns any error into
// a CollectiveError naming the rank at fault and forwards an Abort so the whole ring fails fast.
import { mygpt } from '../gen/mygpt';
import { encodeEnvelope } from '../transport/frames';
import { PeerLostError, RingLink, TransportTimeoutError } from '../transport/types';
import { ChunkMismatchError, CollectiveError, Fingerprint } from './errors';
import { mod, Span } from './plan';
import type { AllReduceStats } from './ring';

/** What a call needs to know about its rank and ring; staleDropped is counted across calls. */
export interface WireContext {
  readonly rank: number;
  readonly worldSize: number;
  readonly generation: number;
  readonly timeoutMs: number;
  staleDropped: number;
}

const FIELDS = ['srcRank', 'step', 'phase', 'ringStep', 'chunkIndex', 'offset', 'count', 'dtype', 'totalLength', 'generation'] as const;

export class WireOp {
  readonly stats: AllReduceStats = { bytesSent: 0, bytesReceived: 0, seconds: 0, waitSeconds: 0 };
  private pending: Promise<void>[] = [];
  private sendError: unknown;
  private t0 = performance.now();
  constructor(private ctx: WireContext, private link: RingLink, readonly step: number, readonly dtype: number, readonly total: number) {}

  /** Fingerprint of one chunk; srcRank = the rank whose contribution it carries. */
  fp(phase: number, ringStep: number, chunkIndex: number, span: Span, srcRank: number): Fingerprint {
    return { srcRank, step: this.step, phase, ringStep, chunkIndex, offset: span.offset, count: span.count,
      dtype: this.dtype, totalLength: this.total, generation: this.ctx.generation };
  }

  /** Queue a chunk for the next rank; the payload bytes must stay unchanged until delivered. */
  send(fp: Fingerprint, payload: Uint8Array): void {
    const header = encodeEnvelope({ chunk: fp });
    this.stats.bytesSent += header.length + payload.length;
    const p = this.link.sendNext({ header, payload });
    p.catch((e) => { this.sendError ??= e; });
    this.pending.push(p);
  }

  /** Next chunk from the previous rank; anything but `want` (after dropping stale ones) is an error. */
  async receive(want: Fingerprint): Promise<Uint8Array> {
    const deadline = Date.now() + this.ctx.timeoutMs;
    for (;;) {
      if (this.sendError) throw this.sendError;
      const t = performance.now();
      const msg = await this.link.receivePrev(Math.max(1, deadline - Date.now()),
        `chunk {step=${want.step} hop=${want.ringStep} src=${want.srcRank} chunk=${want.chunkIndex}}`);
      this.stats.waitSeconds += (performance.now() - t) / 1000;
      this.stats.bytesReceived += msg.header.length + (msg.payload?.length ?? 0);
      const env = msg.envelope;
      const got = (env.chunk ?? env.abort) as { step: number; generation: number };
      if (got.generation < this.ctx.generation || (got.generation === this.ctx.generation && got.step < this.step)) {
        this.ctx.staleDropped++;
        continue;
      }
      if (env.abort) {
        const a = env.abort as mygpt.Abort;
        throw new CollectiveError(this.ctx.rank, this.step, a.failedRank, `rank ${a.srcRank} reported: ${a.reason}`);
      }
      const c = env.chunk!;
      if (FIELDS.some((k) => c[k] !== want[k])) throw new ChunkMismatchError(`rank ${mod(this.ctx.rank - 1, this.ctx.worldSize)}`, want, c);
      return msg.payload!;
    }
  }

  /** Runs body and waits for the queued sends; on failure sends an Abort forward and throws a CollectiveError. */
  async run(body: () => Promise<void>): Promise<AllReduceStats> {
    try {
      await body();
      await Promise.all(this.pending);
    } catch (e) {
      const err = toCollectiveError(this.ctx, e, this.step);
      const abort = { srcRank: this.ctx.rank, failedRank: err.failedRank, step: this.step, generation: this.ctx.generation, reason: err.reason };
      this.link.sendNext({ header: encodeEnvelope({ abort }) }).catch(() => undefined); // best effort
      throw err;
    }
    this.stats.seconds = (performance.now() - this.t0) / 1000;
    return this.stats;
  }
}

/** The rank at fault: the next rank when its connection is what failed (and it is not also the previous), else the previous. */
function toCollectiveError(ctx: WireContext, e: unknown, step: number): CollectiveError {
  if (e instanceof CollectiveError) return e;
  const N = ctx.worldSize, prev = mod(ctx.rank - 1, N), next = mod(ctx.rank + 1, N);
  const isNext = (e instanceof PeerLostError || e instanceof TransportTimeoutError) &&
    (e.peer === `rank ${next}` || e.peer.startsWith(`rank ${next} `)) && next !== prev;
  return new CollectiveError(ctx.rank, step, isNext ? next : prev, (e as Error)?.message ?? String(e), e);
}
