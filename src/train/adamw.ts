// Clipping + AdamW on flat Float32Arrays in plain JS: deterministic and bit-identical on every rank.
import type { ParamSpec } from '../model/params';
import { nativeOptimizer } from '../native/optim';

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

  constructor(specs: readonly ParamSpec[], size: number) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
    this.decayMask = new Uint8Array(size);
    for (const s of specs) if (s.decay) this.decayMask.fill(1, s.offset, s.offset + s.size);
  }

  /** In-place update of `params` with gradient `grad` (already averaged and clipped); `t` = 1-based step. */
  update(params: Float32Array, grad: Float32Array, t: number, h: AdamWHyper): void {
    const { m, v, decayMask } = this;
    const b1 = h.beta1, b2 = h.beta2;
    const bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
    const stepSize = h.lr / bc1;
    const decay = 1 - h.lr * h.weightDecay;
    const nat = nativeOptimizer(); // same double-precision loop in C: bit-identical, ~5x faster
    if (nat) return nat.adamw(params, grad, m, v, decayMask, b1, b2, bc2, stepSize, decay, h.eps);
    for (let i = 0; i < params.length; i++) {
      const g = grad[i];
      const mi = (m[i] = b1 * m[i] + (1 - b1) * g);
      const vi = (v[i] = b2 * v[i] + (1 - b2) * g * g);
      let p = params[i];
      if (decayMask[i]) p *= decay; // decoupled weight decay (PyTorch AdamW order)
      params[i] = p - (stepSize * mi) / (Math.sqrt(vi / bc2) + h.eps);
    }
  }
}

/** Global L2 norm of g[0..n). */
export function l2norm(g: Float32Array, n = g.length): number {
  const nat = nativeOptimizer();
  if (nat) return Math.sqrt(nat.sumSquares(g, n));
  let s = 0;
  for (let i = 0; i < n; i++) s += g[i] * g[i];
  return Math.sqrt(s);
}

/** Scale g[0..n) in place so its norm is at most maxNorm (0 disables). Returns the norm before clipping
 *  (`norm`: already computed by the caller). A non-finite norm is a RangeError, never a silent no-op
 *  (`NaN > maxNorm` is false): the caller must not apply such a gradient (./nonfinite.ts). */
export function clipByGlobalNorm(g: Float32Array, maxNorm: number, n = g.length, norm = l2norm(g, n)): number {
  if (!Number.isFinite(norm)) throw new RangeError(`clipByGlobalNorm: gradient norm is ${norm} (non-finite gradient)`);
  if (maxNorm > 0 && norm > maxNorm) {
    const scale = maxNorm / (norm + 1e-6);
    for (let i = 0; i < n; i++) g[i] *= scale;
  }
  return norm;
}
