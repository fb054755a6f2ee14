// Loads native/build/mygpt_native.node (built by native/build.js) once, or says why it can't; and the one
// process-wide switch for every native loop: the wasm tensor kernels (./index.ts), the optimizer loops and the
// ring's all-reduce loops (vecKernels, below). selectBackend (src/train/backend.ts) sets it from backend.native before
// anything computes; MYGPT_NATIVE=0 in the environment turns everything off as well.
// OpenBLAS reads OPENBLAS_CORETYPE when the library is loaded, so it is set here, before require.
// Also how the addon is called: the byte offsets of tensors in the tfjs wasm heap its kernels take, and its
// all-reduce loops for src/collective (vecKernels).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The addon's functions. Offsets are BYTE offsets into `heap` (the wasm backend's memory buffer). */
export interface NativeAddon {
  matmul(heap: ArrayBuffer, aOff: number, bOff: number, cOff: number, batch: number, m: number, n: number, k: number,
    transA: boolean, transB: boolean, strideA: number, strideB: number): void;
  setThreads(n: number): number;
  info(): { config: string; core: string; threads: number; };
  /** The optimizer loops (native/optim.c), bit-identical to src/train/adamw.ts JS_OPTIMIZER_LOOPS. */
  adamw(params: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, decayMask: Uint8Array, b1: number,
    b2: number, bc2: number, stepSize: number, decay: number, eps: number): void;
  sumSquares(g: Float32Array, n: number): number;
  [kernel: string]: unknown;
}

export type AddonLoad = { addon: NativeAddon; file: string; } | { addon: null; reason: string; };

let cached: AddonLoad | null = null;
let configAllows = true;

/** backend.native from the config: false turns every native loop off in this process. */
export function setNativeAllowed(allowed: boolean): void {
  configAllows = allowed;
}

/** Why native loops are off (config or environment), or null when they may run. */
export function nativeOffReason(): string | null {
  if (!configAllows) return 'disabled by config (backend.native=false)';
  if (process.env.MYGPT_NATIVE === '0') return 'disabled by MYGPT_NATIVE=0';
  return null;
}

/** The built addon: env MYGPT_NATIVE_ADDON (a path; tests point it at a missing file), else the first
 *  native/build/mygpt_native.node found walking up from this file (src/native or dist/src/native). */
function findAddon(): string | null {
  const forced = process.env.MYGPT_NATIVE_ADDON;
  if (forced) return fs.existsSync(forced) ? forced : null;
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const f = path.join(dir, 'native', 'build', 'mygpt_native.node');
    if (fs.existsSync(f)) return f;
    dir = path.dirname(dir);
  }
  return null;
}

/** OpenBLAS 0.3.21 may not recognise newer AVX-512 CPUs and then runs its slower generic path. */
function pickCoreType(): void {
  if (process.env.OPENBLAS_CORETYPE) return;
  try {
    if (/^flags\s*:.*\bavx512f\b/m.test(fs.readFileSync('/proc/cpuinfo', 'utf8'))) {
      process.env.OPENBLAS_CORETYPE = 'SkylakeX';
    }
  } catch { /* not Linux: leave OpenBLAS to detect */ }
}

export function loadAddon(): AddonLoad {
  if (cached) return cached;
  const file = findAddon();
  if (!file) {
    const where = process.env.MYGPT_NATIVE_ADDON || 'native/build/mygpt_native.node';
    cached = { addon: null, reason: `${where} not built (needs gcc + libopenblas-dev at npm ci)` };
    return cached;
  }
  pickCoreType();
  try {
    cached = { addon: require(file) as NativeAddon, file };
  } catch (e) {
    cached = { addon: null, reason: `cannot load ${file}: ${(e as Error).message.split('\n')[0]}` };
  }
  return cached;
}

// ---- the wasm heap, as tfjs's stock wasm kernels reach it (dataIdMap -> memoryOffset). The heap ArrayBuffer is
// replaced whenever wasm memory grows, so callers take heap() AFTER every allocation.

/** Byte offset of a float32 tensor's data in the wasm heap. */
export function offsetOf(backend: BackendWasm, t: TensorInfo): number {
  const d = backend.dataIdMap.get(t.dataId);
  if (!d || d.memoryOffset == null) {
    throw new Error(`native kernel: tensor ${JSON.stringify(t.shape)} has no wasm heap data`);
  }
  return d.memoryOffset;
}

/** The current heap buffer (fresh: memory may have grown during the last makeOutput). */
export function heap(backend: BackendWasm): ArrayBuffer {
  return (backend.wasm as unknown as { HEAPU8: Uint8Array; }).HEAPU8.buffer as ArrayBuffer;
}

export function size(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

// ---- the all-reduce loops (native/collective.c): sum, fused bf16 sum+encode, bf16 encode/decode, vectorised C
// bit-identical to the collective's JS loops. Nothing here knows the collective, which falls back to its JS
// loops when vecKernels() returns null.

/** Arguments are typed-array views of any alignment; n = dst (or src) float count, byte lengths must match. */
export interface VecKernels {
  vecAdd(dst: Float32Array, src: ArrayBufferView, copy?: Float32Array): void; // dst[i] += f32(src)[i]; copy[i] = dst[i]
  vecAddBf16(dst: Float32Array, src16: ArrayBufferView, out16: ArrayBufferView, final: boolean): void;
  vecToBf16(src: Float32Array, dst16: ArrayBufferView): void;
  vecFromBf16(src16: ArrayBufferView, dst: Float32Array): void;
}

const VEC_NAMES = ['vecAdd', 'vecAddBf16', 'vecToBf16', 'vecFromBf16'] as const;
let vecCached: VecKernels | null | undefined;

/** The native loops, or null when the addon is missing/stale or native is switched off (above: backend.native
 *  false or MYGPT_NATIVE=0); then the JS loops run. The collective asks once, so the switch is set first. */
export function vecKernels(): VecKernels | null {
  if (nativeOffReason() !== null) return null;
  if (vecCached !== undefined) return vecCached;
  const loaded = loadAddon().addon;
  vecCached = loaded && VEC_NAMES.every((f) => typeof loaded[f] === 'function') ?
    (loaded as unknown as VecKernels) :
    null;
  return vecCached;
}
