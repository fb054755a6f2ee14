// Optional fused ops. The model calls e.g. gelu(); when the active backend has a kernel registered under
// the op's name (the native package registers them for wasm) that single kernel runs, with the gradient
// below; otherwise the model's composite tfjs formula runs. The model never imports the native package.
import * as tf from '@tensorflow/tfjs';

export const FUSED_GELU = 'MygptGelu'; // inputs {x}        -> gelu_tanh(x)
export const FUSED_GELU_GRAD = 'MygptGeluGrad'; // inputs {x, dy}    -> dy * gelu_tanh'(x)
export const FUSED_LAYER_NORM = 'MygptLayerNorm'; // inputs {x, g, b}, attrs {eps} -> LN over the last axis
export const FUSED_LAYER_NORM_GRAD = 'MygptLayerNormGrad'; // inputs {x, g, dy}, attrs {eps} -> [dx, dg, db]
export const FUSED_CAUSAL_SOFTMAX = 'MygptCausalSoftmax'; // inputs {x (..., T, T)}, attrs {scale}
export const FUSED_CAUSAL_SOFTMAX_GRAD = 'MygptCausalSoftmaxGrad'; // inputs {y, dy}, attrs {scale} -> dx
// Attention head layout. attrs {B, T, nh}; rows are (B*T, k*C) with C = nh*hs, heads are (B*nh, T, hs).
export const FUSED_SPLIT_HEADS = 'MygptSplitHeads'; // inputs {x (B*T, k*C)}, attrs + {parts: k} -> k heads tensors
export const FUSED_CROSS_ENTROPY = 'MygptCrossEntropy'; // inputs {logits (N, V), targets int32 (N)} -> mean loss
export const FUSED_CROSS_ENTROPY_GRAD = 'MygptCrossEntropyGrad'; // inputs {logits, targets, dy (scalar)} -> dlogits
export const FUSED_MERGE_HEADS = 'MygptMergeHeads'; // inputs {h0, .., h(k-1)} (B*nh, T, hs each) -> (B*T, k*C)

tf.registerGradient({
  kernelName: FUSED_GELU,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => ({
    x: () => tf.engine().runKernel<tf.Tensor>(FUSED_GELU_GRAD, { x: saved[0], dy: dy as tf.Tensor }),
  }),
});

tf.registerGradient({
  kernelName: FUSED_LAYER_NORM,
  inputsToSave: ['x', 'g'],
  gradFunc: (dy, saved, attrs) => {
    const [dx, dg, db] = tf.engine().runKernel<tf.Tensor[]>(FUSED_LAYER_NORM_GRAD, { x: saved[0], g: saved[1],
      dy: dy as tf.Tensor }, attrs);
    return { x: () => dx, g: () => dg, b: () => db };
  },
});

tf.registerGradient({
  kernelName: FUSED_CAUSAL_SOFTMAX,
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => ({
    x: () => tf.engine().runKernel<tf.Tensor>(FUSED_CAUSAL_SOFTMAX_GRAD, { y: saved[0], dy: dy as tf.Tensor }, attrs),
  }),
});

tf.registerGradient({
  kernelName: FUSED_CROSS_ENTROPY,
  inputsToSave: ['logits', 'targets'],
  gradFunc: (dy, saved) => ({
    logits: () =>
      tf.engine().runKernel<tf.Tensor>(FUSED_CROSS_ENTROPY_GRAD, { logits: saved[0], targets: saved[1],
        dy: dy as tf.Tensor }),
  }),
});

// split and merge are each other's gradient.
tf.registerGradient({
  kernelName: FUSED_SPLIT_HEADS,
  gradFunc: (dys, _saved, attrs) => {
    const parts = (attrs as unknown as { parts: number; }).parts;
    const list = (Array.isArray(dys) ? dys : [dys]) as Array<tf.Tensor | null>;
    const ref = list.find((d) => d != null)!;
    const full = list.map((d) => d ?? tf.zerosLike(ref));
    const inputs = Object.fromEntries(full.slice(0, parts).map((d, i) => [`h${i}`, d]));
    return { x: () => tf.engine().runKernel<tf.Tensor>(FUSED_MERGE_HEADS, inputs, attrs) };
  },
});
tf.registerGradient({
  kernelName: FUSED_MERGE_HEADS,
  gradFunc: (dy, _saved, attrs) => {
    const parts = (tf.engine().runKernel(FUSED_SPLIT_HEADS, { x: dy as tf.Tensor }, attrs) as unknown) as tf.Tensor[];
    return Object.fromEntries(parts.map((p, i) => [`h${i}`, () => p]));
  },
});

/** True when the current backend serves `kernelName` (a fused op). */
export function hasFused(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

/** Runs the fused kernel `name` on `inputs` (differentiable through the registered gradient). */
export function runFused(name: string, inputs: Record<string, tf.Tensor>,
  attrs: Record<string, number> = {}): tf.Tensor
{
  return tf.engine().runKernel<tf.Tensor>(name, inputs, attrs);
}
