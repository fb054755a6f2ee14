// AdamW and the gradient norm on flat Float32Arrays: deterministic and bit-identical on every rank. The element
// loops are a parameter of the optimizer: the JS loops below, or the native addon's (native/optim.c: the same
// double-precision operations in the same order, so ranks with and without the addon stay in step). Backend
// selection (./backend.ts) picks them and the trainer hands them to its AdamW.
import type { ParamSpec } from '../model/params';

/** The optimizer's element loops. `adamw` updates params, m and v in place (decoupled weight decay, PyTorch
 *  AdamW order); `sumSquares` is the sum of g[0..n)'s squares, accumulated in double. */
export interface OptimizerLoops {
  adamw(params: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, decayMask: Uint8Array, b1: number,
    b2: number, bc2: number, stepSize: number, decay: number, eps: number): void;
  sumSquares(g: Float32Array, n: number): number;
}

/** The reference loops in plain JS (every backend; the addon's must equal them bit for bit). */
export const JS_OPTIMIZER_LOOPS: OptimizerLoops = {
  adamw(params, grad, m, v, decayMask, b1, b2, bc2, stepSize, decay, eps) {
    for (let i = 0; i < params.length; i++) {
      const g = grad[i];
      const mi = (m[i] = b1 * m[i] + (1 - b1) * g);
      const vi = (v[i] = b2 * v[i] + (1 - b2) * g * g);
      let p = params[i];
      if (decayMask[i]) p *= decay; // decoupled weight decay (PyTorch AdamW order)
      params[i] = p - (stepSize * mi) / (Math.sqrt(vi / bc2) + eps);
    }
  },
  sumSquares(g, n) {
    let s = 0;
    for (let i = 0; i < n; i++) s += g[i] * g[i];
    return s;
  },
};

export interface AdamWHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

export class AdamW {
  readonly m: Float32Array;
  readonly v: Float32Array;
  private readonly decayMask: Uint8Array;

  /** `loops`: the element loops this optimizer runs (JS_OPTIMIZER_LOOPS, or the addon's from backend selection). */
  constructor(specs: readonly ParamSpec[], size: number, readonly loops: OptimizerLoops) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
    this.decayMask = new Uint8Array(size);
    for (const s of specs) if (s.decay) this.decayMask.fill(1, s.offset, s.offset + s.size);
  }

  /** In-place update of `params` with gradient `grad` (already averaged and clipped); `t` = 1-based step. */
  update(params: Float32Array, grad: Float32Array, t: number, h: AdamWHyper): void {
    const b1 = h.beta1, b2 = h.beta2;
    const bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
    const stepSize = h.lr / bc1;
    const decay = 1 - h.lr * h.weightDecay;
    this.loops.adamw(params, grad, this.m, this.v, this.decayMask, b1, b2, bc2, stepSize, decay, h.eps);
  }
}

/** Global L2 norm of g[0..n), with `loops` (the JS ones unless given). */
export function l2norm(g: Float32Array, n = g.length, loops: OptimizerLoops = JS_OPTIMIZER_LOOPS): number {
  return Math.sqrt(loops.sumSquares(g, n));
}
