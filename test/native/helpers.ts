// Shared by the native kernel tests: run the same tfjs computation with stock and native wasm kernels.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { enableNativeKernels, type NativeStatus } from '../../src/native';

export async function useWasm(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
}

type Fn = () => tf.Tensor | tf.Tensor[];

function run(fn: Fn): Float32Array[] {
  return tf.tidy(() => {
    const r = fn();
    return (Array.isArray(r) ? r : [r]).map((t) => Float32Array.from(t.dataSync() as Float32Array));
  });
}

/** Runs `stockFn` (default: fn) with the stock kernels and `fn` with the native ones (order: stock first unless
 *  nativeFirst); returns both results as plain arrays. Leaves the native kernels enabled. */
export function stockAndNative(fn: Fn, stockFn: Fn = fn,
  nativeFirst = false): { stock: Float32Array[]; native: Float32Array[]; status: NativeStatus; }
{
  let stock: Float32Array[] = [];
  if (!nativeFirst) {
    enableNativeKernels({ threads: 1, disable: true });
    stock = run(stockFn);
  }
  const status = enableNativeKernels({ threads: 1 });
  const native = run(fn);
  if (nativeFirst) {
    enableNativeKernels({ threads: 1, disable: true });
    stock = run(stockFn);
    enableNativeKernels({ threads: 1 });
  }
  return { stock, native, status };
}

/** max |x - y| / max(|y|, tiny): the error relative to the result's scale. */
export function relErr(x: Float32Array, y: Float32Array): number {
  if (x.length !== y.length) return Infinity;
  let num = 0, den = 1e-30;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) !== Number.isNaN(y[i])) return Infinity;
    num = Math.max(num, Math.abs(x[i] - y[i]));
    den = Math.max(den, Math.abs(y[i]));
  }
  return num / den;
}

/** Seeded uniform(-1, 1) tensor. */
export function rand(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, 'float32', seed);
}

export function nativeBuilt(): boolean {
  const s = enableNativeKernels({ threads: 1 });
  enableNativeKernels({ threads: 1, disable: true });
  return s.active.length > 0;
}
