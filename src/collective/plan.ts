// How a buffer of `length` elements is cut: N near-equal segments (the first length % N get
// one extra element), each cut into chunks of at most chunkElems. Every rank computes the
// same plan, so a receiver knows exactly which chunk comes next (and checks it).

export interface Span {
  offset: number;
  count: number;
}

export function segments(length: number, worldSize: number): Span[] {
  const base = Math.floor(length / worldSize);
  const extra = length % worldSize;
  const out: Span[] = [];
  let offset = 0;
  for (let i = 0; i < worldSize; i++) {
    const count = base + (i < extra ? 1 : 0);
    out.push({ offset, count });
    offset += count;
  }
  return out;
}

/** Chunks of one span; an empty span has no chunks (nothing is sent for it). */
export function chunks(span: Span, chunkElems: number): Span[] {
  const out: Span[] = [];
  for (let o = 0; o < span.count; o += chunkElems) {
    out.push({ offset: span.offset + o, count: Math.min(chunkElems, span.count - o) });
  }
  return out;
}

export const mod = (a: number, n: number): number => ((a % n) + n) % n;
