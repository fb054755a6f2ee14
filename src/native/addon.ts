// Loads native/build/mygpt_native.node (built by native/build.js) once, or says why it can't.
// OpenBLAS reads OPENBLAS_CORETYPE when the library is loaded, so it is set here, before require.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The addon's functions. Offsets are BYTE offsets into `heap` (the wasm backend's memory buffer). */
export interface NativeAddon {
  matmul(heap: ArrayBuffer, aOff: number, bOff: number, cOff: number, batch: number, m: number, n: number, k: number,
    transA: boolean, transB: boolean, strideA: number, strideB: number): void;
  setThreads(n: number): number;
  info(): { config: string; core: string; threads: number; };
  [kernel: string]: unknown;
}

export type AddonLoad = { addon: NativeAddon; file: string; } | { addon: null; reason: string; };

let cached: AddonLoad | null = null;

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
