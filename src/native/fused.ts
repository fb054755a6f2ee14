// Wasm kernels for the model's fused ops (src/model/fused.ts names them and registers their gradients).
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heap, offsetOf, size, type NativeAddon } from './addon';

interface KArgs {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs?: NamedAttrMap;
}

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

function lnShapes(op: string, x: TensorInfo, g: TensorInfo): { rows: number; C: number; } {
  const C = x.shape[x.shape.length - 1] ?? 1;
  if (size(g.shape) !== C) {
    throw new Error(`${op}: gain [${g.shape}] must have the size of x's last axis (x [${x.shape}])`);
  }
  return { rows: size(x.shape) / C, C };
}

/** MygptLayerNorm {x, g, b} attrs {eps} -> LayerNorm over x's last axis. */
export function layerNormKernel(addon: NativeAddon): KernelFunc {
  const ln = addon.layerNorm as (h: ArrayBuffer, x: number, g: number, b: number, y: number, rows: number, C: number,
    eps: number) => void;
  return (args) => {
    const { inputs: { x, g, b }, backend, attrs } = args as unknown as KArgs;
    float32('layerNorm', x, g, b);
    const { rows, C } = lnShapes('layerNorm', x, g);
    if (size(b.shape) !== C) {
      throw new Error(`layerNorm: bias [${b.shape}] must have the size of x's last axis (x [${x.shape}])`);
    }
    const y = backend.makeOutput(x.shape, 'float32');
    ln(heap(backend), offsetOf(backend, x), offsetOf(backend, g), offsetOf(backend, b), offsetOf(backend, y), rows, C,
      attrs!.eps as number);
    return y;
  };
}

/** MygptLayerNormGrad {x, g, dy} attrs {eps} -> [dx, dg, db]. */
export function layerNormGradKernel(addon: NativeAddon): KernelFunc {
  const grad = addon.layerNormGrad as (h: ArrayBuffer, x: number, g: number, dy: number, dx: number, dg: number,
    db: number, rows: number, C: number, eps: number) => void;
  return (args) => {
    const { inputs: { x, g, dy }, backend, attrs } = args as unknown as KArgs;
    float32('layerNormGrad', x, g, dy);
    const { rows, C } = lnShapes('layerNormGrad', x, g);
    const dx = backend.makeOutput(x.shape, 'float32');
    const dg = backend.makeOutput(g.shape, 'float32');
    const db = backend.makeOutput(g.shape, 'float32');
    grad(heap(backend), offsetOf(backend, x), offsetOf(backend, g), offsetOf(backend, dy), offsetOf(backend, dx),
      offsetOf(backend, dg), offsetOf(backend, db), rows, C, attrs!.eps as number);
    return [dx, dg, db];
  };
}

function squareLast(op: string, x: TensorInfo): { n: number; T: number; } {
  const r = x.shape.length, T = x.shape[r - 1];
  if (r < 2 || x.shape[r - 2] !== T) throw new Error(`${op}: scores must be (..., T, T), got [${x.shape}]`);
  return { n: size(x.shape) / (T * T || 1), T };
}

/** MygptCausalSoftmax {x (..., T, T)} attrs {scale} -> softmax over keys j <= query i of scale * x; 0 above. */
export function causalSoftmaxKernel(addon: NativeAddon): KernelFunc {
  const f = addon.causalSoftmax as (h: ArrayBuffer, x: number, y: number, n: number, T: number, scale: number) => void;
  return (args) => {
    const { inputs: { x }, backend, attrs } = args as unknown as KArgs;
    float32('causalSoftmax', x);
    const { n, T } = squareLast('causalSoftmax', x);
    const y = backend.makeOutput(x.shape, 'float32');
    f(heap(backend), offsetOf(backend, x), offsetOf(backend, y), n, T, attrs!.scale as number);
    return y;
  };
}

/** MygptCausalSoftmaxGrad {y, dy} attrs {scale} -> dx = scale * y * (dy - sum_j dy * y). */
export function causalSoftmaxGradKernel(addon: NativeAddon): KernelFunc {
  const f = addon.causalSoftmaxGrad as (h: ArrayBuffer, y: number, dy: number, dx: number, n: number, T: number,
    scale: number) => void;
  return (args) => {
    const { inputs: { y, dy }, backend, attrs } = args as unknown as KArgs;
    float32('causalSoftmaxGrad', y, dy);
    const { n, T } = squareLast('causalSoftmaxGrad', y);
    const dx = backend.makeOutput(y.shape, 'float32');
    f(heap(backend), offsetOf(backend, y), offsetOf(backend, dy), offsetOf(backend, dx), n, T, attrs!.scale as number);
    return dx;
  };
}

type Heads = (h: ArrayBuffer, rows: number, hd: number, B: number, T: number, nh: number, hs: number, stride: number,
  col: number, toHeads: boolean) => void;

function headAttrs(op: string, attrs: NamedAttrMap | undefined, rows: number, width: number) {
  const { B, T, nh, parts } = attrs as unknown as { B: number; T: number; nh: number; parts: number; };
  const C = width / parts, hs = C / nh;
  if (B * T !== rows || !Number.isInteger(C) || !Number.isInteger(hs)) {
    throw new Error(`${op}: rows (${rows}, ${width}) do not fit B=${B} T=${T} nh=${nh} parts=${parts}`);
  }
  return { B, T, nh, parts, C, hs };
}

/** MygptSplitHeads {x (B*T, parts*C)} -> parts x (B*nh, T, hs). */
export function splitHeadsKernel(addon: NativeAddon): KernelFunc {
  const heads = addon.heads as Heads;
  return (args) => {
    const { inputs: { x }, backend, attrs } = args as unknown as KArgs;
    float32('splitHeads', x);
    const { B, T, nh, parts, C, hs } = headAttrs('splitHeads', attrs, x.shape[0], x.shape[1]);
    const outs = Array.from({ length: parts }, () => backend.makeOutput([B * nh, T, hs], 'float32'));
    const h = heap(backend), xo = offsetOf(backend, x);
    outs.forEach((o, i) => heads(h, xo, offsetOf(backend, o), B, T, nh, hs, parts * C, i * C, true));
    return outs;
  };
}

/** MygptMergeHeads {h0 .. h(parts-1)} (B*nh, T, hs) -> (B*T, parts*C). */
export function mergeHeadsKernel(addon: NativeAddon): KernelFunc {
  const heads = addon.heads as Heads;
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as KArgs;
    const parts = (attrs as unknown as { parts: number; }).parts;
    const hs3 = Array.from({ length: parts }, (_, i) => inputs[`h${i}`]);
    float32('mergeHeads', ...hs3);
    const [BH, T, hs] = hs3[0].shape;
    const { B, nh } = attrs as unknown as { B: number; nh: number; };
    if (B * nh !== BH || hs3.some((t) => t.shape.join() !== hs3[0].shape.join())) {
      throw new Error(`mergeHeads: inputs [${hs3.map((t) => `[${t.shape}]`)}] do not fit B=${B} nh=${nh}`);
    }
    const C = nh * hs;
    const out = backend.makeOutput([B * T, parts * C], 'float32');
    const h = heap(backend), oo = offsetOf(backend, out);
    hs3.forEach((t, i) => heads(h, oo, offsetOf(backend, t), B, T, nh, hs, parts * C, i * C, false));
    return out;
  };
}

/** MygptCrossEntropy {logits (N, V) float32, targets (N) int32} -> scalar mean cross-entropy. */
export function crossEntropyKernel(addon: NativeAddon): KernelFunc {
  const ce = addon.crossEntropy as (h: ArrayBuffer, x: number, t: number, l: number, N: number, V: number) => void;
  return (args) => {
    const { inputs: { logits, targets }, backend } = args as unknown as KArgs;
    const [N, V] = ceShapes(logits, targets);
    const loss = backend.makeOutput([], 'float32');
    ce(heap(backend), offsetOf(backend, logits), offsetOf(backend, targets), offsetOf(backend, loss), N, V);
    return loss;
  };
}

/** MygptCrossEntropyGrad {logits, targets, dy (scalar)} -> dlogits = (softmax - onehot) * dy / N. */
export function crossEntropyGradKernel(addon: NativeAddon): KernelFunc {
  const grad = addon.crossEntropyGrad as (h: ArrayBuffer, x: number, t: number, dy: number, dx: number, N: number,
    V: number) => void;
  return (args) => {
    const { inputs: { logits, targets, dy }, backend } = args as unknown as KArgs;
    const [N, V] = ceShapes(logits, targets);
    float32('crossEntropyGrad', dy);
    const dx = backend.makeOutput(logits.shape, 'float32');
    grad(heap(backend), offsetOf(backend, logits), offsetOf(backend, targets), offsetOf(backend, dy),
      offsetOf(backend, dx), N, V);
    return dx;
  };
}

function ceShapes(logits: TensorInfo, targets: TensorInfo): [number, number] {
  float32('crossEntropy', logits);
  if (targets.dtype !== 'int32') throw new Error(`crossEntropy: targets must be int32, got ${targets.dtype}`);
  if (logits.shape.length !== 2 || targets.shape.length !== 1 || targets.shape[0] !== logits.shape[0]) {
    throw new Error(`crossEntropy: logits [${logits.shape}] and targets [${targets.shape}] must be (N, V) and (N)`);
  }
  return [logits.shape[0], logits.shape[1]];
}
