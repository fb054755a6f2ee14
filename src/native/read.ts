// Reading tensor values without the extra copy: on the wasm backend a float32 tensor's values are a view
// on the wasm heap (valid until the next allocation), so they can be copied straight into `dst`;
// dataSync() would first copy them into a fresh ArrayBuffer. Other backends use dataSync().
import * as tf from '@tensorflow/tfjs';
import { nativeStatus } from './index';

interface HeapBackend {
  typedArrayFromHeap(t: { shape: number[]; dtype: string; dataId: object; }): Float32Array;
}

/** dst[offset .. offset + t.size) = values of float32 tensor t. */
export function copyInto(t: tf.Tensor, dst: Float32Array, offset: number): void {
  const b = tf.engine().backend as unknown as Partial<HeapBackend>;
  if (t.dtype === 'float32' && tf.getBackend() === 'wasm' && typeof b.typedArrayFromHeap === 'function') {
    dst.set(b.typedArrayFromHeap(t), offset);
  } else {
    dst.set(t.dataSync(), offset);
  }
}

interface RefBackend extends HeapBackend {
  refCount(dataId: object): number;
}

/** Overwrites the values of float32 tensor `t` in place with `src` when that is safe: wasm backend with the
 *  native matmuls active (the stock wasm matmul caches XNNPACK-packed weights by tensor id, so it would
 *  keep using the old values), and no other tensor shares t's data (refCount 1; tensors are immutable).
 *  Returns false (nothing written) otherwise; the caller then assigns a new tensor. */
export function writeInPlace(t: tf.Tensor, src: Float32Array): boolean {
  const b = tf.engine().backend as unknown as Partial<RefBackend>;
  const active = nativeStatus().active;
  if (!active.includes('BatchMatMul') || !active.includes('_FusedMatMul')) return false;
  if (t.dtype !== 'float32' || t.size !== src.length || tf.getBackend() !== 'wasm' ||
    typeof b.typedArrayFromHeap !== 'function' || typeof b.refCount !== 'function' || b.refCount(t.dataId) !== 1)
  {
    return false;
  }
  b.typedArrayFromHeap(t).set(src);
  return true;
}
