// The scaling model of docs/scaling.md: all-reduce and step time from compute time, bucket sizes,
// world size N, link bandwidth B (bytes/s) and per-hop latency a (s). netns_check.ts checks it
// against runs across network namespaces; `node dist/bench/scaling_model.js` prints the projection.
//
//   ring      T(S) = 2(N-1)/N * S/B + 2(N-1) * a     (reduce-scatter + all-gather, N-1 hops each)
//   exchange  T(S) = (N-1) * S/B + (N-1) * a         (every contribution once around the ring)
//   step: forward C/3, backward 2C/3 releasing bucket b at r_b = C/3 + (b+1) * (2C/3)/nb;
//         buckets go one at a time: start_b = max(r_b, end_b-1), end_b = start_b + T(S_b);
//         step = max(C, end_last)  ("minus overlap": whatever ends before C is hidden)

export interface Link { N: number; B: number; a: number; exchangeMaxBytes?: number }

export const ringTime = (S: number, l: Link) => (2 * (l.N - 1) / l.N) * S / l.B + 2 * (l.N - 1) * l.a;
export const exchangeTime = (S: number, l: Link) => (l.N - 1) * S / l.B + (l.N - 1) * l.a;
/** What select.ts runs for S bytes: the exchange up to exchangeMaxBytes (default 256 KiB), else the ring. */
export const allreduceTime = (S: number, l: Link) =>
  (l.N === 1 || S === 0 ? 0 : S <= (l.exchangeMaxBytes ?? 1 << 18) ? exchangeTime(S, l) : ringTime(S, l));

/** Step time of a data-parallel step whose backward releases `buckets` (bytes each, backward order). */
export function stepTime(C: number, buckets: number[], l: Link): { step: number; exposed: number } {
  const nb = buckets.length;
  let end = 0;
  buckets.forEach((S, b) => {
    const ready = C / 3 + ((2 * C) / 3) * (b + 1) / nb;
    end = Math.max(ready, end) + allreduceTime(S, l);
  });
  return { step: Math.max(C, end), exposed: Math.max(0, end - C) };
}

/** nb equal buckets over a gradient of G bytes. */
export const split = (G: number, nb: number): number[] => Array.from({ length: nb }, () => G / nb);

/** Projection for docs/scaling.md: a GPT-2-small-sized gradient on N GPUs. */
export function projection(): string {
  const G = 124e6 * 4;             // 124 M parameters, fp32 gradient: 496 MB
  const C = 0.25;                  // s per step of forward+backward on one GPU (batch sized to fill it)
  const lines = ['| GPUs N | link | a | ring all-reduce of 496 MB, s | step s (C = 0.25 s, 25 MB buckets) | exposed s | scaling efficiency C/step |',
    '|---|---|---|---|---|---|---|'];
  for (const gbit of [25, 100, 400]) {
    for (const N of [8, 64, 512]) {
      for (const a of [30e-6, 5e-6]) {
        const l: Link = { N, B: (gbit * 1e9) / 8, a };
        const { step, exposed } = stepTime(C, split(G, Math.round(G / 25e6)), l);
        lines.push(`| ${N} | ${gbit} Gb/s | ${a * 1e6} us | ${ringTime(G, l).toFixed(3)} | ${step.toFixed(3)} | ${exposed.toFixed(3)} | ${(C / step).toFixed(2)} |`);
      }
    }
  }
  return lines.join('\n');
}

if (require.main === module) console.log(projection());
