// bfloat16 wire format: the top 16 bits of an IEEE float32, rounded to nearest-even.
// Halves all-reduce bytes; accumulation stays fp32. Pure loops over typed arrays.

/** dst[i] = bf16(src[i]) with round-to-nearest-even; NaN stays NaN (quiet). */
export function toBf16(src: Float32Array, dst: Uint16Array): void {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i];
    if ((b & 0x7fffffff) > 0x7f800000) { dst[i] = (b >>> 16) | 0x0040; continue; } // NaN
    dst[i] = (b + 0x7fff + ((b >>> 16) & 1)) >>> 16;
  }
}

/** dst[i] = float32(src[i]) exactly (bf16 -> fp32 is a shift). */
export function fromBf16(src: Uint16Array, dst: Float32Array): void {
  const bits = new Uint32Array(dst.buffer, dst.byteOffset, dst.length);
  for (let i = 0; i < src.length; i++) bits[i] = src[i] << 16;
}

/** Rounds x in place through bf16 and returns the bf16 words (what goes on the wire). */
export function roundThroughBf16(x: Float32Array): Uint16Array {
  const h = new Uint16Array(x.length);
  toBf16(x, h);
  fromBf16(h, x);
  return h;
}
