// Loads native/build/mygpt_native.node (built by native/build.js) once, or says why it can't; and the one
// process-wide switch for every native loop: the wasm tensor kernels (./index.ts), the optimizer loops and the
// ring's all-reduce loops (./vec.ts). selectBackend (src/train/backend.ts) sets it from backend.native before
// anything computes; MYGPT_NATIVE=0 in the environment turns everything off as well.
// OpenBLAS reads OPENBLAS_CORETYPE when the library is loaded, so it is set here, before require.
import * as fs from 'node:fs';
import * as path from 'node:path';

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
