// A model replica: the flat master weights (JS, source of truth) mirrored into tf.Variables for the forward pass.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'crypto';
import { GPTConfig, ParamSpec, paramSpecs, totalSize } from '../model/params';
import { GPTModel, Params } from '../model/gpt';
import { CharTokenizer } from '../data/tokenizer';
import { Rng, mixSeed } from '../util/rng';
import { writeInPlace } from '../native/read';

export interface GenerateOpts {
  temperature?: number;
  topK?: number;
  seed?: number;
}

export class Replica {
  readonly specs: ParamSpec[];
  readonly size: number;
  readonly model: GPTModel;
  readonly master: Float32Array;
  readonly vars: tf.Variable[];
  readonly params: Params;

  constructor(readonly gpt: GPTConfig, readonly tokenizer: CharTokenizer, init: Float32Array) {
    this.specs = paramSpecs(gpt);
    this.size = totalSize(this.specs);
    if (init.length !== this.size) throw new Error(`expected ${this.size} parameters, got ${init.length}`);
    this.model = new GPTModel(gpt, this.specs);
    this.master = Float32Array.from(init);
    this.vars = this.specs.map((s) => tf.tidy(() => tf.variable(this.slice(s), true)));
    this.params = new Map(this.specs.map((s, i) => [s.name, this.vars[i] as tf.Tensor]));
  }

  /** A fresh tensor (copy) of one parameter from the master buffer. */
  private slice(s: ParamSpec): tf.Tensor {
    return tf.tensor(this.master.slice(s.offset, s.offset + s.size), s.shape, 'float32');
  }

  /** Copy the master buffer into the variables (after an optimizer update or a load). */
  sync(): void {
    this.specs.forEach((s, i) => {
      // wasm: copy straight into the variable's own (unshared) buffer; otherwise assign a new tensor.
      if (writeInPlace(this.vars[i], this.master.subarray(s.offset, s.offset + s.size))) return;
      tf.tidy(() => {
        this.vars[i].assign(this.slice(s));
      });
    });
  }

  setFlat(p: Float32Array): void {
    if (p.length !== this.size) throw new Error(`setFlatParams: expected ${this.size} values, got ${p.length}`);
    this.master.set(p);
    this.sync();
  }

  checksum(): string {
    return createHash('sha256').update(Buffer.from(this.master.buffer, this.master.byteOffset, this.master.byteLength))
      .digest('hex');
  }

  /** Mean loss over a batch without gradients (eval mode, no dropout). */
  loss(x: Int32Array, y: Int32Array, B: number, T: number): number {
    return tf.tidy(() => {
      const logits = this.model.forward(this.params, tf.tensor2d(x, [B, T], 'int32'), { training: false });
      return GPTModel.crossEntropy(logits, tf.tensor1d(y, 'int32')).dataSync()[0];
    });
  }

  /** Autoregressive generation; greedy when temperature is 0 (default). */
  generate(prompt: string, maxNewTokens: number, opts: GenerateOpts = {}): string {
    const temperature = opts.temperature ?? 0;
    if (!(temperature >= 0)) throw new Error(`temperature must be >= 0, got ${temperature}`);
    const topK = opts.topK ?? 0;
    const ids = this.tokenizer.encode(prompt, 'prompt');
    if (ids.length === 0) ids.push(this.tokenizer.chars.includes('\n') ? this.tokenizer.encode('\n')[0] : 0);
    const rng = new Rng(mixSeed(opts.seed ?? 0, 0x6e4e));
    const out: number[] = [];
    for (let n = 0; n < maxNewTokens; n++) {
      const ctx = ids.slice(-this.gpt.blockSize);
      const T = ctx.length;
      const logits = tf.tidy(() => {
        const l = this.model.forward(this.params, tf.tensor2d(Int32Array.from(ctx), [1, T], 'int32'), {
          training: false,
        });
        return l.slice([T - 1, 0], [1, this.gpt.vocabSize]).dataSync() as Float32Array; // (1, V) last position
      });
      const next = temperature === 0 ? argmax(logits) : sample(logits, temperature, topK, rng);
      ids.push(next);
      out.push(next);
    }
    return this.tokenizer.decode(out);
  }

  dispose(): void {
    for (const v of this.vars) v.dispose();
  }
}

function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}

function sample(logits: Float32Array, temperature: number, topK: number, rng: Rng): number {
  const V = logits.length;
  let cutoff = -Infinity;
  if (topK > 0 && topK < V) cutoff = Array.from(logits).sort((a, b) => b - a)[topK - 1];
  let max = -Infinity;
  for (let i = 0; i < V; i++) if (logits[i] >= cutoff && logits[i] > max) max = logits[i];
  const p = new Float64Array(V);
  let sum = 0;
  for (let i = 0; i < V; i++) {
    if (logits[i] >= cutoff) {
      p[i] = Math.exp((logits[i] - max) / temperature);
      sum += p[i];
    }
  }
  let r = rng.next() * sum;
  for (let i = 0; i < V; i++) {
    r -= p[i];
    if (r < 0 && p[i] > 0) return i;
  }
  return argmax(logits);
}
