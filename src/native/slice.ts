// Slice, PadV2 and Transpose for the wasm backend as strided copies on the heap. The stock wasm Slice first
// copies the WHOLE input out of the heap (readSync) and the qkv split slices a (B*T, 3C) tensor 3 times
// per layer; PadV2 is Slice's gradient. Pure JS (TypedArray.set per contiguous run): no addon needed.
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heap, offsetOf, size, type NativeAddon } from './addon';

interface KArgs {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs: NamedAttrMap;
}

const strides = (shape: readonly number[]): number[] => {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
};

/** dst[dstBegin + i] = src[srcBegin + i] for every index i < box (all per-axis), copying contiguous runs. */
export function copyBox(src: Float32Array | Int32Array, srcShape: readonly number[], srcBegin: readonly number[],
  dst: Float32Array | Int32Array, dstShape: readonly number[], dstBegin: readonly number[],
  box: readonly number[]): void
{
  const r = box.length;
  if (r === 0) {
    dst[0] = src[0];
    return;
  }
  if (size(box) === 0) return;
  const ss = strides(srcShape), ds = strides(dstShape);
  // Collapse trailing axes that both sides cover fully into one contiguous run starting at axis k.
  let k = r - 1, run = box[k];
  while (k > 0 && box[k] === srcShape[k] && box[k] === dstShape[k]) {
    k--;
    run *= box[k];
  }
  const idx = new Array<number>(k).fill(0);
  const outer = size(box.slice(0, k));
  for (let n = 0; n < outer; n++) {
    let so = srcBegin[k] * ss[k], d0 = dstBegin[k] * ds[k];
    for (let d = 0; d < k; d++) {
      so += (srcBegin[d] + idx[d]) * ss[d];
      d0 += (dstBegin[d] + idx[d]) * ds[d];
    }
    dst.set(src.subarray(so, so + run), d0);
    for (let d = k - 1; d >= 0 && ++idx[d] === box[d]; d--) idx[d] = 0;
  }
}

const view = (backend: BackendWasm, t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array | Int32Array;
const supported = (t: TensorInfo) => t.dtype === 'float32' || t.dtype === 'int32';

export function sliceKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs: { x }, backend, attrs } = args as unknown as KArgs;
    if (!supported(x)) return stock(args);
    const rank = x.shape.length;
    const begin = (typeof attrs.begin === 'number' ? [attrs.begin] : attrs.begin as number[]).slice();
    const sz = (typeof attrs.size === 'number' ? [attrs.size] : attrs.size as number[]).slice();
    if (begin.length !== rank || sz.length !== rank) return stock(args); // partial specs: let stock parse them
    for (let i = 0; i < rank; i++) {
      if (sz[i] === -1) sz[i] = x.shape[i] - begin[i];
      if (begin[i] < 0 || sz[i] < 0 || begin[i] + sz[i] > x.shape[i]) return stock(args); // stock throws the error
    }
    const out = backend.makeOutput(sz, x.dtype);
    copyBox(view(backend, x), x.shape, begin, view(backend, out), sz, sz.map(() => 0), sz);
    return out;
  };
}

export function padKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs: { x }, backend, attrs } = args as unknown as KArgs;
    const paddings = attrs.paddings as unknown as Array<[number, number]>;
    if (!supported(x) || paddings.length !== x.shape.length || paddings.some(([a, b]) => a < 0 || b < 0)) {
      return stock(args);
    }
    const outShape = x.shape.map((d, i) => paddings[i][0] + d + paddings[i][1]);
    const out = backend.makeOutput(outShape, x.dtype);
    const o = view(backend, out);
    o.fill((attrs.constantValue as number) ?? 0);
    copyBox(view(backend, x), x.shape, x.shape.map(() => 0), o, outShape, paddings.map((p) => p[0]), x.shape);
    return out;
  };
}

/** Transpose of float32/int32 tensors up to rank 4 (copy loop in C, contiguous runs memcpy'd). */
export function transposeKernel(addon: NativeAddon, stock: KernelFunc): KernelFunc {
  const t4 = addon.transpose4 as (h: ArrayBuffer, x: number, o: number, d0: number, d1: number, d2: number, d3: number,
    s0: number, s1: number, s2: number, s3: number) => void;
  return (args) => {
    const { inputs: { x }, backend, attrs } = args as unknown as KArgs;
    const perm = attrs.perm as number[];
    const r = x.shape.length;
    if (!supported(x) || r > 4 || perm.length !== r || size(x.shape) === 0) return stock(args);
    const outShape = perm.map((p) => x.shape[p]);
    const xs = strides(x.shape);
    const d = [...new Array<number>(4 - r).fill(1), ...outShape];
    const st = [...new Array<number>(4 - r).fill(0), ...perm.map((p) => xs[p])];
    const out = backend.makeOutput(outShape, x.dtype);
    t4(heap(backend), offsetOf(backend, x), offsetOf(backend, out), d[0], d[1], d[2], d[3], st[0], st[1], st[2], st[3]);
    return out;
  };
}
