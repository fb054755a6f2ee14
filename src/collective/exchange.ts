// Latency path for small buffers, "exchange": every rank's whole buffer travels once around the
// ring (N-1 hops, forwarded as received) and every rank then sums the N contributions of each chunk
// in rank order 0..N-1: the same float operations everywhere, so every rank ends bit-identical.
// No dependent reduce-scatter -> all-gather hand-off: world 2 is one direct exchange (each rank sends
// its whole buffer; x_0 + x_1 is commutative, so chunks are summed as they arrive).
// Bytes sent per rank: (N-1) * S, vs 2(N-1)/N * S for the ring: for N > 2 it pays only below a size
// threshold (select.ts). bf16 wire: every contribution, the own one included, is rounded to bf16 once.
//
// rank r, hop h = 0..N-2: receive rank (r-1-h)'s contribution from the previous rank, forward it
// unless h = N-2 (then it has reached every rank).
import { mygpt } from '../gen/mygpt';
import { RingLink } from '../transport/types';
import { chunks, mod, Span } from './plan';
import { copyFrame, ringKernels } from './kernels';
import { bytesOf } from './reduce';
import { AllReduceStats, checkStep, exclusive, RingMember, WireOp } from './wire';

const { ALL_GATHER } = mygpt.Phase;
const { WIRE_DTYPE_BF16, WIRE_DTYPE_FP32 } = mygpt.WireDtype;

/** Already validated by the RingAllReduce built beside it (select.ts). */
export interface ExchangeOptions {
  rank: number;
  worldSize: number;
  generation: number;
  timeoutMs: number;
  chunkElems: number;
  bf16: boolean;
  log?: (line: string) => void;
}

export class ExchangeAllReduce extends RingMember {
  private k = ringKernels();
  // The own contribution is sent from a staging copy (the caller may overwrite buf as soon as we
  // return). Two halves, alternating per non-empty call: when call c writes half c%2, the sends of
  // call c-2 from it have been delivered, because call c-1 received from the previous rank data it
  // sent only after finishing call c-2, which needed our contribution to reach it through the next rank.
  private calls = 0;
  private f32: Float32Array[] = [new Float32Array(0), new Float32Array(0)];
  private u16: Uint16Array[] = [new Uint16Array(0), new Uint16Array(0)];
  private scratch16 = new Uint16Array(0); // the bf16 add's re-encoded output, unused here

  constructor(private link: RingLink, private o: ExchangeOptions) {
    super(o.rank, o.worldSize, o.generation, o.timeoutMs, o.log);
  }

  /** In-place sum of `buf` across all ranks, bit-identical on every rank. One call at a time. */
  async allreduce(buf: Float32Array, step: number): Promise<AllReduceStats> {
    checkStep(this.rank, step);
    const w = new WireOp(this, this.link, step, this.o.bf16 ? WIRE_DTYPE_BF16 : WIRE_DTYPE_FP32, buf.length);
    return exclusive(this, step, () =>
      w.run(async () => {
        if (this.worldSize > 1 && buf.length > 0) await this.exchange(w, buf);
      }, () => { // a zero-copy send may still hold the old staging
        this.f32 = [new Float32Array(0), new Float32Array(0)];
        this.u16 = [new Uint16Array(0), new Uint16Array(0)];
      }));
  }

  private async exchange(w: WireOp, buf: Float32Array): Promise<void> {
    const N = this.worldSize, r = this.rank, k = this.k;
    const plan = chunks({ offset: 0, count: buf.length }, this.o.chunkElems);
    const own = this.stage(buf);
    plan.forEach((s, ci) => w.send(w.fp(ALL_GATHER, 0, ci, s, r), own(s)));
    if (this.scratch16.length < this.o.chunkElems && this.o.bf16) this.scratch16 = new Uint16Array(this.o.chunkElems);
    if (N === 2) {
      for (const [ci, s] of plan.entries()) {
        const p = await w.receive(w.fp(ALL_GATHER, 0, ci, s, 1 - r));
        if (this.o.bf16) this.sum(buf, s, [own(s), p]);
        else k.addFrame(buf, s.offset, p); // x_r + x_other == x_other + x_r, bit for bit
        w.done(p);
      }
      return;
    }
    const got: Uint8Array[][] = plan.map(() => new Array<Uint8Array>(N)); // got[chunk][rank]
    for (let h = 0; h < N - 1; h++) {
      const src = mod(r - 1 - h, N);
      for (const [ci, s] of plan.entries()) {
        const p = await w.receive(w.fp(ALL_GATHER, h, ci, s, src));
        if (h < N - 2) w.send(w.fp(ALL_GATHER, h + 1, ci, s, src), p); // forward the received bytes as-is
        got[ci][src] = p;
        if (h === N - 2) {
          got[ci][r] = own(s);
          this.sum(buf, s, got[ci]);
          got[ci].length = 0;
        }
      }
    }
  }

  /** buf[s] = c[0] + c[1] + ... + c[N-1], left to right (c[j]: rank j's wire bytes for span s). */
  private sum(buf: Float32Array, s: Span, c: Uint8Array[]): void {
    const k = this.k;
    if (this.o.bf16) {
      const out16 = this.scratch16.subarray(0, s.count);
      k.decodeBf16Frame(buf, s.offset, c[0]);
      for (let j = 1; j < c.length; j++) k.addBf16Frame(buf, s.offset, c[j], out16, false);
      return;
    }
    copyFrame(buf, s.offset, c[0]);
    for (let j = 1; j < c.length; j++) k.addFrame(buf, s.offset, c[j]);
  }

  /** Copies (fp32) or encodes (bf16) buf into this call's staging half; returns the wire bytes of a span. */
  private stage(buf: Float32Array): (s: Span) => Uint8Array {
    const half = this.calls++ & 1, n = buf.length;
    if (this.o.bf16) {
      if (this.u16[half].length < n) this.u16[half] = new Uint16Array(n);
      const st = this.u16[half];
      this.k.encodeBf16(buf, st.subarray(0, n));
      return (s) => bytesOf(st.subarray(s.offset, s.offset + s.count));
    }
    if (this.f32[half].length < n) this.f32[half] = new Float32Array(n);
    const st = this.f32[half];
    st.set(buf);
    return (s) => bytesOf(st.subarray(s.offset, s.offset + s.count));
  }
}
