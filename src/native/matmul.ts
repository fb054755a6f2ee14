// BatchMatMul and _FusedMatMul for the wasm backend via OpenBLAS sgemm, computing on the wasm heap in place.
// Shapes: a [...batchA, M, K] (or [..., K, M] with transposeA), b [...batchB, K, N] (or [..., N, K]),
// out [...broadcast(batchA, batchB), M, N]. Every transpose, batch and broadcast case is handled here.
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heap, offsetOf, size, type NativeAddon } from './addon';

interface KArgs {
  inputs: Record<string, TensorInfo | null | undefined>;
  backend: BackendWasm;
  attrs?: NamedAttrMap;
}

function broadcastOuter(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1, db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`matMul: batch dims [${a}] and [${b}] do not broadcast`);
    out.push(Math.max(da, db));
  }
  return out;
}

/** Flat batch index into `inOuter` (right-aligned, size-1 dims broadcast) for flat output batch index `o`. */
function sourceBatch(o: number, outOuter: readonly number[], inOuter: readonly number[]): number {
  let idx = 0, mul = 1;
  for (let i = outOuter.length - 1, j = inOuter.length - 1; i >= 0; i--, j--) {
    const coord = o % outOuter[i];
    o = Math.floor(o / outOuter[i]);
    if (j >= 0) {
      if (inOuter[j] !== 1) idx += coord * mul;
      mul *= inOuter[j];
    }
  }
  return idx;
}

/** Allocates the output and runs op(a) @ op(b) into it; returns the output TensorInfo. */
export function nativeMatMul(addon: NativeAddon, backend: BackendWasm, a: TensorInfo, b: TensorInfo, transA: boolean,
  transB: boolean): TensorInfo
{
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new Error(`matMul: float32 only, got ${a.dtype} x ${b.dtype}`);
  }
  const ra = a.shape.length, rb = b.shape.length;
  const M = transA ? a.shape[ra - 1] : a.shape[ra - 2], Ka = transA ? a.shape[ra - 2] : a.shape[ra - 1];
  const N = transB ? b.shape[rb - 2] : b.shape[rb - 1], Kb = transB ? b.shape[rb - 1] : b.shape[rb - 2];
  if (Ka !== Kb) {
    throw new Error(
      `matMul: inner dims ${Ka} and ${Kb} of [${a.shape}] and [${b.shape}] (transposeA=${transA}, ` +
        `transposeB=${transB}) must match`,
    );
  }
  const outerA = a.shape.slice(0, -2), outerB = b.shape.slice(0, -2);
  const outer = broadcastOuter(outerA, outerB);
  const batch = size(outer), bA = size(outerA), bB = size(outerB);
  const out = backend.makeOutput([...outer, M, N], 'float32');
  const aOff = offsetOf(backend, a), bOff = offsetOf(backend, b), cOff = offsetOf(backend, out);
  const h = heap(backend); // after makeOutput: the allocation may have grown (and detached) the heap
  const mk = M * Ka, kn = Ka * N, mn = M * N;
  // Each side is either the full batch in order, or a single matrix shared by all batches.
  const simple = (bA === batch || bA === 1) && (bB === batch || bB === 1);
  if (simple) {
    addon.matmul(h, aOff, bOff, cOff, batch, M, N, Ka, transA, transB, bA === 1 ? 0 : mk, bB === 1 ? 0 : kn);
  } else {
    for (let o = 0; o < batch; o++) {
      const ia = sourceBatch(o, outer, outerA), ib = sourceBatch(o, outer, outerB);
      addon.matmul(h, aOff + 4 * ia * mk, bOff + 4 * ib * kn, cOff + 4 * o * mn, 1, M, N, Ka, transA, transB, 0, 0);
    }
  }
  return out;
}

export function batchMatMulKernel(addon: NativeAddon): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as KArgs['inputs'];
    return nativeMatMul(addon, backend as BackendWasm, a!, b!, !!attrs?.transposeA, !!attrs?.transposeB);
  };
}

/** _FusedMatMul: matmul + rank-1 bias + linear/relu natively; other activations/prelu go to the stock kernel. */
export function fusedMatMulKernel(addon: NativeAddon, stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as KArgs;
    const { a, b, bias, preluActivationWeights } = inputs;
    const act = (attrs?.activation as string | undefined) ?? 'linear';
    const N = attrs?.transposeB ? b!.shape[b!.shape.length - 2] : b!.shape[b!.shape.length - 1];
    const biasOk = bias == null || (bias.shape.length <= 1 && (size(bias.shape) === N || size(bias.shape) === 1));
    if (preluActivationWeights != null || (act !== 'linear' && act !== 'relu') || !biasOk) return stock(args);
    const out = nativeMatMul(addon, backend, a!, b!, !!attrs?.transposeA, !!attrs?.transposeB);
    if (bias != null || act === 'relu') {
      const bOff = bias == null ? -1 : offsetOf(backend, bias);
      const bLen = bias == null ? 0 : size(bias.shape);
      (addon.biasAct as (h: ArrayBuffer, c: number, b: number, bLen: number, rows: number, n: number,
        relu: boolean
      ) => void)(
        heap(backend),
        offsetOf(backend, out),
        bOff,
        bLen,
        size(out.shape) / N,
        N,
        act === 'relu',
      );
    }
    return out;
  };
}
