// Generates hostile multipart messages for the fuzz tests: random bytes, truncated and
// garbled valid headers, wrong frame counts, oversized and mismatched payloads, wrong
// kinds, bad enums, stale steps, forged Aborts. classify() says what the receiver must do with each,
// using the same pure validator the transport uses (so expectations are exact).
import { mygpt } from '../../src/gen/mygpt';
import { encodeEnvelope, FrameLimits, validateFrames } from '../../src/transport/frames';
import { rng } from '../collective/fixtures/data';

/** Forged Aborts that are not stale carry a step from here on: far beyond any step a test run reaches. */
export const FORGED_ABORT_STEP = 1_000_000;

export interface FuzzOptions {
  count: number;
  seed: number;
  maxPayloadBytes: number;
  staleBelowStep: number;
}

const chunk = (over: mygpt.IChunkHeader, count = 4) =>
  encodeEnvelope({ chunk: {
    srcRank: 1,
    step: 3,
    phase: mygpt.Phase.REDUCE_SCATTER,
    ringStep: 0,
    chunkIndex: 0,
    offset: 0,
    count,
    dtype: mygpt.WireDtype.WIRE_DTYPE_FP32,
    totalLength: 100,
    generation: 0,
    ...over,
  } });

export function* fuzzFrames(o: FuzzOptions): Generator<Uint8Array[]> {
  const r = rng(o.seed);
  const int = (n: number) => Math.floor(r() * n);
  const bytes = (n: number) => {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = int(256);
    return b;
  };
  const garble = (b: Uint8Array) => {
    const c = Buffer.from(b);
    for (let k = 1 + int(3); k > 0; k--) c[int(c.length)] ^= 1 + int(255);
    return c;
  };
  for (let i = 0; i < o.count; i++) {
    const n = 1 + int(50);
    const good = chunk({ step: int(o.staleBelowStep), count: n, chunkIndex: int(9) }, n);
    const payload = bytes(4 * n);
    switch (i % 10) {
      case 0:
        yield [bytes(int(300))];
        break; // random, 1 frame (may be empty)
      case 1:
        yield [bytes(1 + int(100)), bytes(int(100))];
        break; // random, 2 frames
      case 2:
        yield [good.subarray(0, int(good.length)), payload];
        break; // truncated header
      case 3:
        yield [garble(good), payload];
        break; // garbled header
      case 4:
        yield Array.from({ length: 3 + int(3) }, () => (int(2) ? good : payload));
        break; // 3-5 frames
      case 5:
        yield i % 500 === 5 // oversized (rarely: it is big)
          ? [chunk({ count: o.maxPayloadBytes / 4 + 1, totalLength: 1e9 }, o.maxPayloadBytes / 4 + 1),
            Buffer.alloc(o.maxPayloadBytes + 4)]
          : [good, bytes(4 * n + 1 + int(7))];
        break; // payload length mismatch
      case 6:
        yield [good];
        break; // chunk without payload
      case 7:
        yield [good, payload];
        break; // valid but stale step
      case 8:
        // a stranger's Hello (3 in 4), or a forged Abort: stale, or for a step no ring is at (never in flight)
        yield int(4)
          ? [encodeEnvelope({ hello: { protocolVersion: 1, host: 'fuzz' } }), ...(int(2) ? [payload] : [])]
          : [
            encodeEnvelope({
              abort: { srcRank: int(4), failedRank: int(4), generation: int(2), reason: 'fuzz',
                step: int(2) ? int(o.staleBelowStep) : FORGED_ABORT_STEP + int(1000) },
            }),
          ];
        break;
      default:
        // bad enums / range
        yield [chunk({ dtype: 2 + int(5), phase: (int(2) ? 9 : 1) as mygpt.Phase, offset: 99, count: n }, n), payload];
    }
  }
}

/** 'rejected' by the transport, or 'accepted' (a valid message the layer above must handle). */
export function classify(frames: Uint8Array[], lim: FrameLimits): 'rejected' | 'accepted' {
  try {
    validateFrames('fuzz', frames, lim);
    return 'accepted';
  } catch {
    return 'rejected';
  }
}
