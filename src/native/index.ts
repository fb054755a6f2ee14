// Native kernels for the tfjs wasm backend: enableNativeKernels() swaps stock wasm kernels for the addon's
// (OpenBLAS matmul, fused elementwise kernels) and can swap them back. Without the addon it reports why
// and leaves the stock kernels in place, so everything still runs (slower).
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { loadAddon, nativeOffReason, type NativeAddon } from './addon';
import { padKernel, sliceKernel, transposeKernel } from './slice';
import { batchMatMulKernel, fusedMatMulKernel } from './matmul';
import { FUSED_CAUSAL_SOFTMAX, FUSED_CAUSAL_SOFTMAX_GRAD, FUSED_GELU, FUSED_GELU_GRAD, FUSED_LAYER_NORM,
  FUSED_LAYER_NORM_GRAD, FUSED_MERGE_HEADS, FUSED_SPLIT_HEADS, FUSED_CROSS_ENTROPY,
  FUSED_CROSS_ENTROPY_GRAD } from '../model/fused';
import { causalSoftmaxGradKernel, causalSoftmaxKernel, geluGradKernel, geluKernel, layerNormGradKernel, layerNormKernel,
  mergeHeadsKernel, splitHeadsKernel, crossEntropyKernel, crossEntropyGradKernel } from './fused';
export { setNativeAllowed } from './addon';
import { BINARY_OPS, UNARY_OPS, binaryKernel, castKernel, identityKernel, sumKernel, unaryKernel } from './elementwise';

export interface NativeStatus {
  active: string[]; // kernel names now served natively on the wasm backend ([] when off)
  reason?: string; // why native is off (when active is empty)
  blas?: string; // e.g. 'OpenBLAS 0.3.21 ... SkylakeX', when loaded
  threads?: number; // BLAS threads in effect
}

type Maker = (addon: NativeAddon, stock: KernelFunc) => KernelFunc;
/** Replacements for stock wasm kernels (the stock one is the fallback for layouts a native one skips). */
const KERNELS: Record<string, Maker> = {
  BatchMatMul: (addon) => batchMatMulKernel(addon),
  _FusedMatMul: fusedMatMulKernel,
  ...Object.fromEntries(
    Object.entries(BINARY_OPS).map(([name, op]) => [name, (a: NativeAddon, s: KernelFunc) => binaryKernel(a, op, s)]),
  ),
  ...Object.fromEntries(
    Object.entries(UNARY_OPS).map(([name, op]) => [name, (a: NativeAddon, s: KernelFunc) => unaryKernel(a, op, s)]),
  ),
  Sum: sumKernel,
  Mean: (a, s) => sumKernel(a, s, true),
  Identity: (_a, s) => identityKernel(s),
  Cast: (_a, s) => castKernel(s),
  Slice: (_a, s) => sliceKernel(s),
  PadV2: (_a, s) => padKernel(s),
  Transpose: transposeKernel,
};
/** Kernels the model's fused ops look for (src/model/fused.ts); without them the model runs composites. */
const FUSED: Record<string, (addon: NativeAddon) => KernelFunc> = {
  [FUSED_GELU]: geluKernel,
  [FUSED_GELU_GRAD]: geluGradKernel,
  [FUSED_LAYER_NORM]: layerNormKernel,
  [FUSED_LAYER_NORM_GRAD]: layerNormGradKernel,
  [FUSED_CAUSAL_SOFTMAX]: causalSoftmaxKernel,
  [FUSED_CAUSAL_SOFTMAX_GRAD]: causalSoftmaxGradKernel,
  [FUSED_SPLIT_HEADS]: splitHeadsKernel,
  [FUSED_MERGE_HEADS]: mergeHeadsKernel,
  [FUSED_CROSS_ENTROPY]: crossEntropyKernel,
  [FUSED_CROSS_ENTROPY_GRAD]: crossEntropyGradKernel,
};

/** Addon functions the kernels above call: an addon built from older sources lacks some. */
const REQUIRED_FUNCTIONS = ['matmul', 'setThreads', 'info', 'biasAct', 'binary', 'unary', 'sumMiddle', 'gelu',
  'geluGrad', 'layerNorm', 'layerNormGrad', 'causalSoftmax', 'causalSoftmaxGrad', 'transpose4', 'heads', 'crossEntropy',
  'crossEntropyGrad', 'adamw', 'sumSquares'];

const stockKernels = new Map<string, KernelConfig>();
const addedKernels = new Set<string>();
let status: NativeStatus = { active: [], reason: 'not enabled' };
let enabled: NativeAddon | null = null; // the addon while its kernels are registered

function restoreStock(): void {
  enabled = null;
  for (const [name, cfg] of stockKernels) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(cfg);
  }
  stockKernels.clear();
  for (const name of addedKernels) tf.unregisterKernel(name, 'wasm');
  addedKernels.clear();
}

/** Replace the wasm backend's kernels with native ones, or restore the stock ones with `disable` or when the
 *  process-wide switch is off (addon.ts). Idempotent; call before or after tf.setBackend('wasm').
 *  `threads` sets OpenBLAS threads for this process. */
export function enableNativeKernels(opts: { threads: number; disable?: boolean; }): NativeStatus {
  restoreStock();
  if (opts.disable) return (status = { active: [], reason: 'disabled by config (backend.native=false)' });
  const off = nativeOffReason();
  if (off) return (status = { active: [], reason: off });
  try {
    require('@tensorflow/tfjs-backend-wasm'); // registers the stock wasm kernels we replace (and restore)
  } catch (e) {
    return (status = { active: [],
      reason: `@tensorflow/tfjs-backend-wasm not loadable: ${(e as Error).message.split('\n')[0]}` });
  }
  const loaded = loadAddon();
  if ('reason' in loaded) return (status = { active: [], reason: loaded.reason });
  const addon = loaded.addon;
  const missing = REQUIRED_FUNCTIONS.filter((f) => typeof addon[f] !== 'function');
  if (missing.length) {
    return (status = { active: [],
      reason: `${loaded.file} is stale (lacks ${missing.join(', ')}); rebuild: npm run build:native` });
  }
  const threads = addon.setThreads(Math.max(1, Math.floor(opts.threads || 1)));
  const active: string[] = [];
  for (const [name, make] of Object.entries(KERNELS)) {
    const stock = tf.getKernel(name, 'wasm');
    if (!stock) continue; // this tfjs version lacks it: nothing to replace
    stockKernels.set(name, stock);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: make(addon, stock.kernelFunc) });
    active.push(name);
  }
  for (const [name, make] of Object.entries(FUSED)) {
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: make(addon) });
    addedKernels.add(name);
    active.push(name);
  }
  enabled = addon;
  active.push('AdamW');
  return (status = { active, blas: addon.info().config, threads });
}

/** The addon's optimizer loops while its kernels are enabled ('AdamW' in the status), else null. Asked once,
 *  by backend selection (src/train/backend.ts), which hands them to the trainer's optimizer. */
export function nativeOptimizerLoops(): Pick<NativeAddon, 'adamw' | 'sumSquares'> | null {
  return enabled;
}

/** Current state, e.g. for a build-info metric. */
export function nativeStatus(): NativeStatus {
  return status;
}

/** One log line: `native kernels: BatchMatMul, ... (OpenBLAS ..., 1 thread)` or `native kernels: off (reason)`. */
export function describeNative(s: NativeStatus = status): string {
  if (s.active.length === 0) return `native kernels: off (${s.reason ?? 'unknown'})`;
  const blas = (s.blas ?? 'OpenBLAS').replace(/ (NO_LAPACKE|DYNAMIC_ARCH|NO_AFFINITY|MAX_THREADS=\d+)/g, '');
  return `native kernels: ${s.active.join(', ')} (${blas}, ${s.threads} thread${s.threads === 1 ? '' : 's'})`;
}
