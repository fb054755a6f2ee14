// Parameter list of the GPT in ONE fixed order (the order of the flat gradient/weight buffer), with
// GPT-2 initialisation from our own seeded PRNG, so every rank and backend starts from identical bits.
import { Rng, mixSeed } from '../util/rng';

export interface GPTConfig {
  vocabSize: number;
  nLayer: number;
  nHead: number;
  nEmbd: number; // C
  blockSize: number; // T max
  dropout: number;
}

export type Init = 'normal' | 'residual' | 'zeros' | 'ones';

export interface ParamSpec {
  name: string;
  shape: number[];
  init: Init;
  /** AdamW weight decay applies: 2-D matmul weights only. Not biases, not LayerNorm, not embeddings
   *  (wte is also the tied output head; like minGPT we leave embeddings undecayed). */
  decay: boolean;
  offset: number; // into the flat buffer
  size: number;
}

export function paramSpecs(c: GPTConfig): ParamSpec[] {
  const C = c.nEmbd;
  const list: Omit<ParamSpec, 'offset' | 'size'>[] = [
    { name: 'wte', shape: [c.vocabSize, C], init: 'normal', decay: false }, // (V, C), tied head
    { name: 'wpe', shape: [c.blockSize, C], init: 'normal', decay: false }, // (T, C)
  ];
  for (let l = 0; l < c.nLayer; l++) {
    const p = `h${l}.`;
    list.push(
      { name: p + 'ln1.g', shape: [C], init: 'ones', decay: false },
      { name: p + 'ln1.b', shape: [C], init: 'zeros', decay: false },
      { name: p + 'attn.w', shape: [C, 3 * C], init: 'normal', decay: true }, // (C, 3C) -> q,k,v
      { name: p + 'attn.b', shape: [3 * C], init: 'zeros', decay: false },
      { name: p + 'attn.proj.w', shape: [C, C], init: 'residual', decay: true },
      { name: p + 'attn.proj.b', shape: [C], init: 'zeros', decay: false },
      { name: p + 'ln2.g', shape: [C], init: 'ones', decay: false },
      { name: p + 'ln2.b', shape: [C], init: 'zeros', decay: false },
      { name: p + 'mlp.fc.w', shape: [C, 4 * C], init: 'normal', decay: true },
      { name: p + 'mlp.fc.b', shape: [4 * C], init: 'zeros', decay: false },
      { name: p + 'mlp.proj.w', shape: [4 * C, C], init: 'residual', decay: true },
      { name: p + 'mlp.proj.b', shape: [C], init: 'zeros', decay: false },
    );
  }
  list.push({ name: 'lnf.g', shape: [C], init: 'ones', decay: false }, { name: 'lnf.b', shape: [C], init: 'zeros',
    decay: false });
  let offset = 0;
  return list.map((s) => {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const spec = { ...s, offset, size };
    offset += size;
    return spec;
  });
}

export function totalSize(specs: readonly ParamSpec[]): number {
  const last = specs[specs.length - 1];
  return last.offset + last.size;
}

/** GPT-2 init into one flat Float32Array: N(0, 0.02); residual projections N(0, 0.02/sqrt(2*n_layer));
 *  biases 0; LayerNorm gains 1. Each parameter has its own stream seeded by (seed, index) so adding
 *  layers does not change the others. */
export function initFlat(c: GPTConfig, specs: readonly ParamSpec[], seed: number): Float32Array {
  const flat = new Float32Array(totalSize(specs));
  specs.forEach((s, i) => {
    const view = flat.subarray(s.offset, s.offset + s.size);
    if (s.init === 'ones') {
      view.fill(1);
      return;
    }
    if (s.init === 'zeros') return;
    const std = s.init === 'residual' ? 0.02 / Math.sqrt(2 * c.nLayer) : 0.02;
    const rng = new Rng(mixSeed(seed, 0x1417, i));
    for (let k = 0; k < s.size; k++) view[k] = std * rng.normal();
  });
  return flat;
}
