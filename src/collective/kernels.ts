// The ring's element loops on received frames: the addon's vectorised C (src/native/addon.ts vecKernels) when
// it is loaded, else the JS reference loops (reduce.ts). Both are bit-identical, so ranks with
// and without the addon stay in step (test/collective/kernels.test.ts runs both and compares bytes).
// Received payloads, whichever link delivered them, may start at any byte offset: the C loops read them in
// place, the JS path views them (copying only when misaligned).
import { VecKernels, vecKernels } from '../native/addon';
import { addBf16Into, addInto, f32View, fromBf16, toBf16, u16View } from './reduce';

export interface RingKernels {
  readonly native: boolean;
  /** dst[off + i] += fp32 frame[i], i < frame.byteLength / 4; the sums also go to copyTo when given */
  addFrame(dst: Float32Array, off: number, frame: Uint8Array, copyTo?: Float32Array): void;
  /** dst[off + i] += f32(bf16 frame[i]); out16[i] = bf16(dst[off + i]); when final also dst[off + i] = f32(out16[i]) */
  addBf16Frame(dst: Float32Array, off: number, frame: Uint8Array, out16: Uint16Array, final: boolean): void;
  /** dst16[i] = bf16(src[i]) (round to nearest even) */
  encodeBf16(src: Float32Array, dst16: Uint16Array): void;
  /** dst[off + i] = f32(bf16 frame[i]) (exact) */
  decodeBf16Frame(dst: Float32Array, off: number, frame: Uint8Array): void;
}

/** Kernels over `vec` (the native loops) or, when null, the JS loops. */
export function makeRingKernels(vec: VecKernels | null): RingKernels {
  if (vec) {
    return {
      native: true,
      addFrame: (dst, off, frame, copyTo) => vec.vecAdd(dst.subarray(off, off + frame.byteLength / 4), frame, copyTo),
      addBf16Frame: (dst, off, frame, out16, final) =>
        vec.vecAddBf16(dst.subarray(off, off + out16.length), frame, out16, final),
      encodeBf16: (src, dst16) => vec.vecToBf16(src, dst16),
      decodeBf16Frame: (dst, off, frame) => vec.vecFromBf16(frame, dst.subarray(off, off + frame.byteLength / 2)),
    };
  }
  let scratch = new Float32Array(0); // reused across calls, grown to the largest chunk
  return {
    native: false,
    addFrame: (dst, off, frame, copyTo) => {
      addInto(dst, off, f32View(frame));
      copyTo?.set(dst.subarray(off, off + frame.byteLength / 4));
    },
    addBf16Frame: (dst, off, frame, out16, final) => {
      if (scratch.length < out16.length) scratch = new Float32Array(out16.length);
      addBf16Into(dst, off, u16View(frame), scratch, out16, final);
    },
    encodeBf16: toBf16,
    decodeBf16Frame: (dst, off, frame) => fromBf16(u16View(frame), dst.subarray(off, off + frame.byteLength / 2)),
  };
}

let chosen: RingKernels | undefined;
/** The process-wide choice: native when the addon is built and MYGPT_NATIVE is not 0. */
export const ringKernels = (): RingKernels => (chosen ??= makeRingKernels(vecKernels()));

/** dst[off ...] = the fp32 frame's bytes (a memcpy; no alignment needed). */
export function copyFrame(dst: Float32Array, off: number, frame: Uint8Array): void {
  new Uint8Array(dst.buffer, dst.byteOffset + off * 4, frame.byteLength).set(frame);
}
