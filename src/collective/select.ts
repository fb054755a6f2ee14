// The all-reduce a worker uses: per call, the exchange (exchange.ts: fewest hand-offs) while the bytes each
// rank sends with it, (N-1) x the fp32 buffer, stay within exchangeMaxBytes; the pipelined ring (ring.ts:
// 2(N-1)/N x the buffer, pipelined sums) above. At world 2 both send the same bytes and the exchange has half
// the hand-offs; at world N the exchange sends N/2 times more. The worker passes the data plane's threshold
// (transport/index.ts EXCHANGE_MAX_BYTES, chosen from the all-reduce bench) unless cluster.exchange_max_bytes
// sets one; without either, DEFAULT_EXCHANGE_MAX_BYTES below, lower than any plane's. Every rank sees the same
// length and options, so every rank picks the same algorithm for the same call.
import { RingLink } from '../transport/types';
import { BroadcastResult, RingBroadcast } from './broadcast';
import { ExchangeAllReduce } from './exchange';
import { AllReduceStats, RingAllReduce, RingOptions } from './ring';

export type Algorithm = 'auto' | 'ring' | 'exchange';

export interface CollectiveOptions extends RingOptions {
  exchangeMaxBytes?: number; // the exchange while (worldSize - 1) x fp32 bytes <= this
  algorithm?: Algorithm; // force one (tests, benchmarks); default auto
}

export const DEFAULT_EXCHANGE_MAX_BYTES = 1 << 18;

export class Collective {
  readonly ring: RingAllReduce;
  readonly exchange: ExchangeAllReduce;
  readonly broadcaster: RingBroadcast;
  private maxBytes: number;
  private algorithm: Algorithm;

  constructor(link: RingLink, opts: CollectiveOptions) {
    this.ring = new RingAllReduce(link, opts); // validates rank, world, chunk, dtype, timeout
    this.maxBytes = opts.exchangeMaxBytes ?? DEFAULT_EXCHANGE_MAX_BYTES;
    if (!(this.maxBytes >= 0)) throw new Error(`exchangeMaxBytes must be >= 0, got ${opts.exchangeMaxBytes}`);
    this.algorithm = opts.algorithm ?? 'auto';
    if (!['auto', 'ring', 'exchange'].includes(this.algorithm)) {
      throw new Error(`algorithm must be auto, ring or exchange, got ${opts.algorithm}`);
    }
    const { rank, worldSize, generation, timeoutMs, log } = this.ring;
    this.exchange = new ExchangeAllReduce(link, { rank, worldSize, generation, timeoutMs, log,
      chunkElems: Math.floor(opts.chunkBytes / 4), bf16: opts.wireDtype === 'bf16' });
    this.broadcaster = new RingBroadcast(link, { rank, worldSize, generation, timeoutMs, log,
      chunkElems: Math.floor(opts.chunkBytes / 4) });
  }

  /** The algorithm a buffer of `length` elements goes through. */
  pick(length: number): 'ring' | 'exchange' {
    if (this.algorithm !== 'auto') return this.algorithm;
    return length * 4 * (this.ring.worldSize - 1) <= this.maxBytes ? 'exchange' : 'ring';
  }

  /** In-place sum across ranks, bit-identical on every rank; one call at a time. */
  allreduce(buf: Float32Array, step: number): Promise<AllReduceStats> {
    return (this.pick(buf.length) === 'exchange' ? this.exchange : this.ring).allreduce(buf, step);
  }

  /** `root`'s bytes on every rank, byte-exact (broadcast.ts), at most maxBytes accepted; shares the step
   *  sequence with allreduce. */
  broadcast(bytes: Uint8Array | undefined, root: number, step: number, maxBytes: number): Promise<BroadcastResult> {
    return this.broadcaster.broadcast(bytes, root, step, maxBytes);
  }

  get staleDropped(): number {
    return this.ring.staleDropped + this.exchange.staleDropped + this.broadcaster.staleDropped;
  }
}
