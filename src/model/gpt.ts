// Decoder-only GPT (nanoGPT style), pure tfjs math: token + learned position embeddings, n_layer pre-LN
// blocks of causal multi-head self-attention and a GELU MLP, final LayerNorm, head tied to wte.
// B = batch, T = time (<= blockSize), C = n_embd, nh = n_head, hs = C / nh, V = vocab.
import * as tf from '@tensorflow/tfjs';
import { GPTConfig, ParamSpec } from './params';
import { FUSED_CAUSAL_SOFTMAX, FUSED_CROSS_ENTROPY, FUSED_GELU, FUSED_LAYER_NORM, FUSED_MERGE_HEADS, FUSED_SPLIT_HEADS,
  hasFused, runFused } from './fused';

/** Parameter tensors by name (a Map, or a view that wraps each read, e.g. with a gradient hook). */
export interface Params {
  get(name: string): tf.Tensor | undefined;
}

export interface ForwardOpts {
  training: boolean; // enables dropout
  dropoutSeed?: number; // base seed for this forward's dropout masks (reproducible per step)
}

/** LayerNorm over the last axis (eps 1e-5); one fused kernel when the backend has it, else the composite. */
export function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return hasFused(FUSED_LAYER_NORM)
    ? runFused(FUSED_LAYER_NORM, { x, g, b }, { eps: 1e-5 })
    : layerNormComposite(x, g, b);
}

export function layerNormComposite(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true); // (..., 1)
  return x.sub(mean).div(variance.add(1e-5).sqrt()).mul(g).add(b);
}

/** GELU, tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))); one fused kernel when the
 *  backend has it (native wasm), else the composite below. */
export function gelu(x: tf.Tensor): tf.Tensor {
  return hasFused(FUSED_GELU) ? runFused(FUSED_GELU, { x }) : geluComposite(x);
}

export function geluComposite(x: tf.Tensor): tf.Tensor {
  const x3 = x.mul(x).mul(x);
  return x.mul(0.5).mul(tf.tanh(x.add(x3.mul(0.044715)).mul(Math.sqrt(2 / Math.PI))).add(1));
}

/** softmax(scale * att + causal mask) over the last axis of att (..., T, T); one fused kernel when the
 *  backend has it, else the composite with the additive mask below. */
export function causalSoftmax(att: tf.Tensor, scale: number): tf.Tensor {
  if (hasFused(FUSED_CAUSAL_SOFTMAX)) return runFused(FUSED_CAUSAL_SOFTMAX, { x: att }, { scale });
  return tf.softmax(att.mul(scale).add(causalMask(att.shape[att.shape.length - 1])), -1);
}

/** (B*T, parts*C) rows -> `parts` head tensors (B*nh, T, hs) (e.g. q, k, v); fused when the backend has it. */
export function splitHeads(x: tf.Tensor, B: number, T: number, nh: number, parts: number): tf.Tensor[] {
  const C = x.shape[1]! / parts, hs = C / nh;
  if (hasFused(FUSED_SPLIT_HEADS)) {
    return tf.engine().runKernel(FUSED_SPLIT_HEADS, { x }, { B, T, nh, parts }) as unknown as tf.Tensor[];
  }
  return Array.from({ length: parts }, (_, i) =>
    x.slice([0, i * C], [B * T, C]) // (B*T, C)
      .reshape([B, T, nh, hs]).transpose([0, 2, 1, 3]).reshape([B * nh, T, hs])); // (B*nh, T, hs)
}

/** Head tensor (B*nh, T, hs) -> rows (B*T, C); fused when the backend has it. */
export function mergeHeads(y: tf.Tensor, B: number, T: number, nh: number): tf.Tensor {
  const hs = y.shape[2]!;
  if (hasFused(FUSED_MERGE_HEADS)) return runFused(FUSED_MERGE_HEADS, { h0: y }, { B, T, nh, parts: 1 });
  return y.reshape([B, nh, T, hs]).transpose([0, 2, 1, 3]).reshape([B * T, nh * hs]);
}

/** Additive causal mask (T, T): 0 where key position <= query position, -1e9 above the diagonal. */
function causalMask(T: number): tf.Tensor2D {
  const m = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) m[i * T + j] = -1e9;
  return tf.tensor2d(m, [T, T]);
}

export class GPTModel {
  constructor(readonly cfg: GPTConfig, readonly specs: readonly ParamSpec[]) {}

  /** Logits (B*T, V) for token ids idx (B, T). Call inside tf.tidy / a gradient function. */
  forward(p: Params, idx: tf.Tensor2D, opts: ForwardOpts): tf.Tensor2D {
    const { nHead, nEmbd: C, dropout } = this.cfg;
    const [B, T] = idx.shape;
    if (T > this.cfg.blockSize) throw new Error(`sequence length ${T} exceeds block_size ${this.cfg.blockSize}`);
    const hs = C / nHead;
    const w = (name: string) => {
      const t = p.get(name);
      if (!t) throw new Error(`missing parameter ${name}`);
      return t;
    };
    let seedCounter = 0;
    const drop = (x: tf.Tensor): tf.Tensor => {
      if (!opts.training || dropout <= 0) return x;
      return tf.dropout(x, dropout, undefined, (opts.dropoutSeed ?? 0) * 1000 + seedCounter++);
    };
    const linear = (x2: tf.Tensor, name: string) =>
      tf.matMul(x2 as tf.Tensor2D, w(name + '.w') as tf.Tensor2D).add(w(name + '.b'));

    // Embedding lookup as one-hot @ wte: its gradient is a matmul (gather's needs UnsortedSegmentSum,
    // which the wasm backend lacks). V is tiny (65), so the extra work is negligible.
    const oneHot = tf.oneHot(idx.reshape<tf.Tensor1D>([B * T]), this.cfg.vocabSize).toFloat(); // (B*T, V)
    const tok = tf.matMul(oneHot as tf.Tensor2D, w('wte') as tf.Tensor2D).reshape([B, T, C]); // (B, T, C)
    const pe = w('wpe').slice([0, 0], [T, C]); // (T, C)
    let x: tf.Tensor = drop(tok.add(pe)); // (B, T, C)

    for (let l = 0; l < this.cfg.nLayer; l++) {
      const h = `h${l}.`;
      // --- causal self-attention ---
      const a = layerNorm(x, w(h + 'ln1.g'), w(h + 'ln1.b')).reshape([B * T, C]); // (B*T, C)
      const qkv = linear(a, h + 'attn'); // (B*T, 3C)
      const [q, k, v] = splitHeads(qkv, B, T, nHead, 3); // (B*nh, T, hs) each
      let att = tf.matMul(q, k, false, true); // (B*nh, T, T)
      att = causalSoftmax(att, 1 / Math.sqrt(hs));
      att = drop(att);
      const y = mergeHeads(tf.matMul(att, v), B, T, nHead); // (B*nh, T, hs) -> (B*T, C)
      x = x.add(drop(linear(y, h + 'attn.proj')).reshape([B, T, C])); // (B, T, C)
      // --- MLP ---
      const m = layerNorm(x, w(h + 'ln2.g'), w(h + 'ln2.b')).reshape([B * T, C]); // (B*T, C)
      const f = gelu(linear(m, h + 'mlp.fc')); // (B*T, 4C)
      x = x.add(drop(linear(f, h + 'mlp.proj')).reshape([B, T, C])); // (B, T, C)
    }
    const xf = layerNorm(x, w('lnf.g'), w('lnf.b')).reshape([B * T, C]); // (B*T, C)
    return tf.matMul(xf, w('wte'), false, true); // (B*T, V), tied head
  }

  /** Mean cross-entropy of logits (B*T, V) against targets (B*T). Returns a scalar. One fused kernel when
   *  the backend has it (which rejects a target outside [0, V) instead of counting it as 0). */
  static crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
    if (hasFused(FUSED_CROSS_ENTROPY)) return runFused(FUSED_CROSS_ENTROPY, { logits, targets }) as tf.Scalar;
    const V = logits.shape[1];
    const logp = tf.logSoftmax(logits, -1); // (B*T, V)
    const oneHot = tf.oneHot(targets, V).toFloat(); // (B*T, V)
    return logp.mul(oneHot).sum().neg().div<tf.Scalar>(targets.shape[0]);
  }
}
