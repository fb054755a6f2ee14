// bfloat16 wire format: the top 16 bits of an IEEE float32, rounded to nearest-even.
// Halves all-reduce bytes; accumulation stays fp32. Pure loops over typed arrays, written
// in int32 arithmetic (`| 0`) so V8 never falls back to doubles.

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
