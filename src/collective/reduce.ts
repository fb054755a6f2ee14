// Tight element loops used by the ring; no allocation on the fp32 path.
import { fromBf16 } from './bf16';

/** dst[off + i] += src[i] */
export function addInto(dst: Float32Array, off: number, src: Float32Array): void {
  const n = src.length;
  for (let i = 0; i < n; i++) dst[off + i] += src[i];
}

/** dst[off + i] += float32(src16[i]); scratch holds at least src16.length floats. */
export function addBf16Into(dst: Float32Array, off: number, src16: Uint16Array, scratch: Float32Array): void {
  const tmp = scratch.subarray(0, src16.length);
  fromBf16(src16, tmp);
  addInto(dst, off, tmp);
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
export const bytesOf = (a: Float32Array | Uint16Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
