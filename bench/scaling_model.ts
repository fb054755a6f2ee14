// The scaling model of docs/scaling.md: all-reduce and step time from compute time, bucket sizes,
// world size N, link bandwidth B (bytes/s) and per-hop latency a (s). netns_check.ts checks it
// against runs across network namespaces; `node dist/bench/scaling_model.js` prints the projection.
//
//   ring      T(S) = 2(N-1)/N * S/B + 2(N-1) * a     (reduce-scatter + all-gather, N-1 hops each)
//   exchange  T(S) = (N-1) * S/B + (N-1) * a         (every contribution once around the ring)
//   step: forward C/3, backward 2C/3 releasing bucket b at r_b = C/3 + (b+1) * (2C/3)/nb;
//         buckets go one at a time: start_b = max(r_b, end_b-1), end_b = start_b + T(S_b);
//         step = max(C, end_last)  ("minus overlap": whatever ends before C is hidden)

export interface Link {
  N: number;
  B: number;
  a: number;
  exchangeMaxBytes?: number;
}

export const ringTime = (S: number, l: Link) => (2 * (l.N - 1) / l.N) * S / l.B + 2 * (l.N - 1) * l.a;
export const exchangeTime = (S: number, l: Link) => (l.N - 1) * S / l.B + (l.N - 1) * l.a;
/** What select.ts runs for S bytes: the exchange while (N-1) S <= exchangeMaxBytes (default 1 MiB), else the ring. */
export const allreduceTime = (S: number, l: Link) => (l.N === 1 || S === 0
  ? 0
  : (l.N - 1) * S <= (l.exchangeMaxBytes ?? 1 << 20)
  ? exchangeTime(S, l)
  : ringTime(S, l));

/** Step time of a data-parallel step whose backward releases `buckets` (bytes each, backward order). */
export function stepTime(C: number, buckets: number[], l: Link): { step: number; exposed: number; } {
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

/** What one process moves through one kernel TCP stream, whatever the link: a round figure from bench/raw_tcp.ts
 *  runs one-way over loopback (the runs: docs/scaling.md). */
export const HOST_STREAM_BPS = 3.0e9;

/** Projection for docs/scaling.md: a GPT-2-small-sized gradient on N GPUs, 8 GPUs per node. */
export function projection(): string {
  const G = 124e6 * 4; // 124 M parameters, fp32 gradient: 496 MB
  const C = 0.25; // s per step of forward+backward on one GPU (batch sized to fill it)
  const buckets = split(G, Math.round(G / 25e6)); // 25 MB buckets (DDP's default)
  const eff = (l: Link) => (C / stepTime(C, buckets, l).step).toFixed(2);
  const lines = [
    '| GPUs N | link | flat ring, a = 30 us | flat ring, a = 5 us | flat ring, host TCP stream (B <= 3.0 GB/s, ' +
    'a = 30 us) | hierarchical: NVLink in node, ring of N/8 nodes, a = 30 us | ' +
    'ring all-reduce of 496 MB (a = 30 us), s |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const gbit of [25, 100, 400]) {
    for (const N of [8, 64, 512]) {
      const B = (gbit * 1e9) / 8;
      const flat = (a: number, b = B): Link => ({ N, B: b, a });
      const hier: Link = { N: Math.max(1, N / 8), B, a: 30e-6 };
      lines.push(
        `| ${N} | ${gbit} Gb/s | ${eff(flat(30e-6))} | ${eff(flat(5e-6))} | ${
          eff(flat(30e-6, Math.min(B, HOST_STREAM_BPS)))
        } | ` +
          `${N === 8 ? '1.00 (one node)' : eff(hier)} | ${ringTime(G, flat(30e-6)).toFixed(3)} |`,
      );
    }
  }
  return lines.join('\n');
}

if (require.main === module) console.log(projection());
