// Tight element loops used by the ring; no allocation on the hot path. bfloat16 is the wire format's
// option: the top 16 bits of an IEEE float32, rounded to nearest-even; it halves all-reduce bytes while
// accumulation stays fp32. The bf16 loops are written in int32 arithmetic (`| 0`) so V8 never falls back to
// doubles.

/** dst[off + i] += src[i] */
export function addInto(dst: Float32Array, off: number, src: Float32Array): void {
  const n = src.length;
  for (let i = 0; i < n; i++) dst[off + i] += src[i];
}

/** Reduce-scatter step with bf16 on the wire, fused into two passes:
 *  dst[off + i] += float32(src16[i]); then out16[i] = bf16(dst[off + i]) (what goes on to the
 *  next rank) and, when `final`, dst[off + i] = float32(out16[i]) (the owner's rounded value,
 *  so that every rank ends bit-identical). `scratch` holds at least src16.length floats. */
export function addBf16Into(dst: Float32Array, off: number, src16: Uint16Array, scratch: Float32Array,
  out16: Uint16Array, final: boolean): void
{
  const n = src16.length;
  const sb = new Int32Array(scratch.buffer, scratch.byteOffset, n);
  for (let i = 0; i < n; i++) sb[i] = src16[i] << 16;
  const db = new Int32Array(dst.buffer, dst.byteOffset + off * 4, n);
  const d = dst.subarray(off, off + n);
  for (let i = 0; i < n; i++) {
    d[i] += scratch[i];
    const h = roundBits(db[i]);
    out16[i] = h;
    if (final) db[i] = h << 16;
  }
}

/** Float32Array over a received frame; copies only when the bytes are misaligned. */
export function f32View(b: Uint8Array): Float32Array {
  if (b.byteOffset % 4 === 0) return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  return new Float32Array(b.slice().buffer); // slice() copies into a fresh, aligned buffer
}

/** Uint16Array over a received frame; copies only when misaligned. */
export function u16View(b: Uint8Array): Uint16Array {
  if (b.byteOffset % 2 === 0) return new Uint16Array(b.buffer, b.byteOffset, b.byteLength / 2);
  return new Uint16Array(b.slice().buffer);
}

/** Byte view of a typed array's elements, for sending without a copy. */
export const bytesOf = (a: Float32Array | Uint16Array): Uint8Array =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

const i32 = (a: Float32Array) => new Int32Array(a.buffer, a.byteOffset, a.length);

/** bf16 bits of one float32 bit pattern: round-to-nearest-even; NaN stays a quiet NaN. */
export const roundBits = (b: number): number =>
  (b & 0x7fffffff) > 0x7f800000 ? ((b >>> 16) | 0x0040) : ((b + 0x7fff + ((b >>> 16) & 1)) | 0) >>> 16;

/** dst[i] = bf16(src[i]) */
export function toBf16(src: Float32Array, dst: Uint16Array): void {
  const bits = i32(src);
  for (let i = 0; i < bits.length; i++) dst[i] = roundBits(bits[i]);
}

/** dst[i] = float32(src[i]) exactly (bf16 -> fp32 is a shift). */
export function fromBf16(src: Uint16Array, dst: Float32Array): void {
  const bits = i32(dst);
  for (let i = 0; i < src.length; i++) bits[i] = src[i] << 16;
}
