// Elementwise/reduction kernels of the training step for the wasm backend, on the wasm heap in place.
// Each handles the float32 layouts the GPT step produces and hands anything else to the stock kernel.
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heap, offsetOf, size, type NativeAddon } from './addon';

interface KArgs {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs?: NamedAttrMap;
}
type Binary = (h: ArrayBuffer, op: number, aOff: number, aKind: number, bOff: number, bKind: number, oOff: number,
  rows: number, n: number) => void;
type Unary = (h: ArrayBuffer, op: number, xOff: number, oOff: number, len: number) => void;
type SumMiddle = (h: ArrayBuffer, xOff: number, oOff: number, p: number, r: number, q: number, scale: number) => void;

const FULL = 0, ROW = 1, COL = 2, SCALAR = 3;
export const BINARY_OPS: Record<string, number> = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3 };
export const UNARY_OPS: Record<string, number> = { Tanh: 0, Exp: 1, Neg: 2, Sqrt: 3, Square: 4 };

function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length), out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1, db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(Math.max(da, db));
  }
  return out;
}

const stripOnes = (s: readonly number[]): number[] => {
  let i = 0;
  while (i < s.length && s[i] === 1) i++;
  return s.slice(i);
};
const sameDims = (x: readonly number[], y: readonly number[]) => x.length === y.length && x.every((d, i) => d === y[i]);

/** How input `s` maps onto output `out` (see native/elementwise.c), with the row length it implies (0 = any). */
function kindOf(s: readonly number[], out: readonly number[]): { kind: number; n: number; } | null {
  const total = size(out), sz = size(s), last = out[out.length - 1] ?? 1;
  if (sz === total) return { kind: FULL, n: 0 };
  if (sz === 1) return { kind: SCALAR, n: 0 };
  const st = stripOnes(s);
  if (sameDims(st, out.slice(out.length - st.length))) return { kind: ROW, n: sz };
  const r = s.slice();
  while (r.length < out.length) r.unshift(1);
  if (r[r.length - 1] === 1 && sameDims(r.slice(0, -1), out.slice(0, -1))) return { kind: COL, n: last };
  return null;
}

export function binaryKernel(addon: NativeAddon, op: number, stock: KernelFunc): KernelFunc {
  const bin = addon.binary as Binary;
  return (args) => {
    const { inputs: { a, b }, backend } = args as unknown as KArgs;
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return stock(args);
    const out = broadcastShape(a.shape, b.shape);
    if (!out) return stock(args); // stock throws the usual broadcast error
    const total = size(out);
    const ka = kindOf(a.shape, out), kb = kindOf(b.shape, out);
    if (!ka || !kb || total === 0) return stock(args);
    const n = ka.n || kb.n || total;
    if ((ka.n && ka.n !== n) || (kb.n && kb.n !== n)) return stock(args);
    const o = backend.makeOutput(out, 'float32');
    bin(heap(backend), op, offsetOf(backend, a), ka.kind, offsetOf(backend, b), kb.kind, offsetOf(backend, o),
      total / n, n);
    return o;
  };
}

export function unaryKernel(addon: NativeAddon, op: number, stock: KernelFunc): KernelFunc {
  const un = addon.unary as Unary;
  return (args) => {
    const { inputs: { x }, backend } = args as unknown as KArgs;
    if (x.dtype !== 'float32') return stock(args);
    const o = backend.makeOutput(x.shape, 'float32');
    un(heap(backend), op, offsetOf(backend, x), offsetOf(backend, o), size(x.shape));
    return o;
  };
}

/** Sum (or Mean) over a contiguous run of axes (x viewed as [P, R, Q] -> [P, Q]) without the transpose stock needs. */
export function sumKernel(addon: NativeAddon, stock: KernelFunc, mean = false): KernelFunc {
  const sumMiddle = addon.sumMiddle as SumMiddle;
  return (args) => {
    const { inputs: { x }, backend, attrs } = args as unknown as KArgs;
    const rank = x.shape.length;
    const raw = attrs?.axis as number | number[] | null | undefined;
    const axes = (raw == null ? x.shape.map((_, i) => i) : Array.isArray(raw) ? raw : [raw])
      .map((ax) => (ax < 0 ? ax + rank : ax)).sort((p, q) => p - q);
    const contiguous = axes.length > 0 && axes.every((ax, i) => ax === axes[0] + i && ax >= 0 && ax < rank);
    if (x.dtype !== 'float32' || !contiguous || size(x.shape) === 0) return stock(args);
    const s = axes[0], e = axes[axes.length - 1];
    const P = size(x.shape.slice(0, s)), R = size(x.shape.slice(s, e + 1)), Q = size(x.shape.slice(e + 1));
    const shape = attrs?.keepDims
      ? x.shape.map((d, i) => (i >= s && i <= e ? 1 : d))
      : x.shape.filter((_, i) => i < s || i > e);
    const o = backend.makeOutput(shape, 'float32');
    sumMiddle(heap(backend), offsetOf(backend, x), offsetOf(backend, o), P, R, Q, mean ? 1 / R : 1);
    return o;
  };
}

/** Identity without a copy: tensors are immutable, so share the data and count the reference (as the cpu
 *  backend and wasm's own Reshape do). The engine clones every tensor it saves for backprop through this. */
export function identityKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs: { x }, backend } = args as unknown as KArgs;
    if (x.dtype === 'string') return stock(args);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

/** Cast to the same dtype (gradients cast float32 to float32 all the time) is an Identity. */
export function castKernel(stock: KernelFunc): KernelFunc {
  const identity = identityKernel(stock);
  return (
    args,
  ) => ((args.inputs.x as TensorInfo).dtype === (args.attrs as NamedAttrMap).dtype ? identity(args) : stock(args));
}
