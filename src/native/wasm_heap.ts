// Direct access to the tfjs wasm backend's heap, as its stock kernels do (dataIdMap -> memoryOffset).
// The heap ArrayBuffer is replaced whenever wasm memory grows, so callers take heap() AFTER every allocation.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

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
