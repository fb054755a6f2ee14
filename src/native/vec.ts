// The addon's all-reduce loops (native/collective.c), for src/collective: sum, fused bf16 sum+encode,
// bf16 encode/decode, vectorised C bit-identical to the JS loops. A leaf module: it knows nothing of
// the collective, which falls back to its JS loops when this returns null.
import { loadAddon, nativeOffReason } from './addon';

/** Arguments are typed-array views of any alignment; n = dst (or src) float count, byte lengths must match. */
export interface VecKernels {
  vecAdd(dst: Float32Array, src: ArrayBufferView, copy?: Float32Array): void; // dst[i] += f32(src)[i]; copy[i] = dst[i]
  vecAddBf16(dst: Float32Array, src16: ArrayBufferView, out16: ArrayBufferView, final: boolean): void;
  vecToBf16(src: Float32Array, dst16: ArrayBufferView): void;
  vecFromBf16(src16: ArrayBufferView, dst: Float32Array): void;
}

const NAMES = ['vecAdd', 'vecAddBf16', 'vecToBf16', 'vecFromBf16'] as const;
let cached: VecKernels | null | undefined;

/** The native loops, or null when the addon is missing/stale or native is switched off (addon.ts: backend.native
 *  false or MYGPT_NATIVE=0); then the JS loops run. The collective asks once, so the switch is set first. */
export function vecKernels(): VecKernels | null {
  if (nativeOffReason() !== null) return null;
  if (cached !== undefined) return cached;
  const loaded = loadAddon().addon;
  cached = loaded && NAMES.every((f) => typeof loaded[f] === 'function') ? (loaded as unknown as VecKernels) : null;
  return cached;
}
