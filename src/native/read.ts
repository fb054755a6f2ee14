// Reading tensor values without the extra copy: on the wasm backend a float32 tensor's values are a view
// on the wasm heap (valid until the next allocation), so they can be copied straight into `dst`;
// dataSync() would first copy them into a fresh ArrayBuffer. Other backends use dataSync().
import * as tf from '@tensorflow/tfjs';

interface HeapBackend { typedArrayFromHeap(t: { shape: number[]; dtype: string; dataId: object }): Float32Array }

/** dst[offset .. offset + t.size) = values of float32 tensor t. */
export function copyInto(t: tf.Tensor, dst: Float32Array, offset: number): void {
  const b = tf.engine().backend as unknown as Partial<HeapBackend>;
  if (t.dtype === 'float32' && tf.getBackend() === 'wasm' && typeof b.typedArrayFromHeap === 'function') {
    dst.set(b.typedArrayFromHeap(t), offset);
  } else {
    dst.set(t.dataSync() as Float32Array, offset);
  }
}
