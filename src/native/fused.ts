// Wasm kernels for the model's fused ops (src/model/fused.ts names them and registers their gradients).
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon';
import { heap, offsetOf, size } from './wasm_heap';

interface KArgs { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs?: NamedAttrMap }

function float32(op: string, ...ts: TensorInfo[]): void {
  for (const t of ts) if (t.dtype !== 'float32') throw new Error(`${op}: float32 only, got ${t.dtype}`);
}

/** MygptGelu {x} -> gelu_tanh(x), same shape. */
export function geluKernel(addon: NativeAddon): KernelFunc {
  const gelu = addon.gelu as (h: ArrayBuffer, x: number, y: number, len: number) => void;
  return (args) => {
    const { inputs: { x }, backend } = args as unknown as KArgs;
    float32('gelu', x);
    const y = backend.makeOutput(x.shape, 'float32');
    gelu(heap(backend), offsetOf(backend, x), offsetOf(backend, y), size(x.shape));
    return y;
  };
}

/** MygptGeluGrad {x, dy} -> dy * gelu_tanh'(x). */
export function geluGradKernel(addon: NativeAddon): KernelFunc {
  const grad = addon.geluGrad as (h: ArrayBuffer, x: number, dy: number, dx: number, len: number) => void;
  return (args) => {
    const { inputs: { x, dy }, backend } = args as unknown as KArgs;
    float32('geluGrad', x, dy);
    if (size(x.shape) !== size(dy.shape)) throw new Error(`geluGrad: x [${x.shape}] and dy [${dy.shape}] differ`);
    const dx = backend.makeOutput(x.shape, 'float32');
    grad(heap(backend), offsetOf(backend, x), offsetOf(backend, dy), offsetOf(backend, dx), size(x.shape));
    return dx;
  };
}
