// Native AdamW / sum-of-squares on plain Float32Arrays, bit-identical to the JS loops in src/train/adamw.ts
// (same double-precision operations in the same order), so ranks with and without the addon stay in step.
import type { NativeAddon } from './addon';

export interface NativeOptimizer {
  adamw(params: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, decayMask: Uint8Array, b1: number,
    b2: number, bc2: number, stepSize: number, decay: number, eps: number): void;
  sumSquares(g: Float32Array, n: number): number;
}

let current: NativeOptimizer | null = null;

/** Set by enableNativeKernels (null when native is off). */
export function setNativeOptimizer(addon: NativeAddon | null): void {
  current = addon ? (addon as unknown as NativeOptimizer) : null;
}

/** The native optimizer loops, or null (then the JS loops run). */
export function nativeOptimizer(): NativeOptimizer | null {
  return current;
}
