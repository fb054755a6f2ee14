// Our parameters under the names other tools use for GPT-2 (Hugging Face GPT2LMHeadModel, nanoGPT).
// The model is GPT-2's architecture (pre-LN blocks, LayerNorm eps 1e-5, tanh GELU, learned positions,
// head tied to wte), and our matmul weights are stored [in, out] (y = x @ W) exactly as GPT-2's Conv1D
// stores them, with q, k, v as consecutive n_embd-wide column blocks of c_attn. So the export renames and
// never transposes; torch.nn.Linear users (nanoGPT) transpose the four Conv1D weights (docs/export.md).
import type { GPTConfig, ParamSpec } from './params';

/** The tied output head, written as its own copy of transformer.wte.weight ([vocab, n_embd]). */
export const LM_HEAD = 'lm_head.weight';

const LAYER_PARTS: Readonly<Record<string, string>> = {
  'ln1.g': 'ln_1.weight',
  'ln1.b': 'ln_1.bias',
  'attn.w': 'attn.c_attn.weight',
  'attn.b': 'attn.c_attn.bias',
  'attn.proj.w': 'attn.c_proj.weight',
  'attn.proj.b': 'attn.c_proj.bias',
  'ln2.g': 'ln_2.weight',
  'ln2.b': 'ln_2.bias',
  'mlp.fc.w': 'mlp.c_fc.weight',
  'mlp.fc.b': 'mlp.c_fc.bias',
  'mlp.proj.w': 'mlp.c_proj.weight',
  'mlp.proj.b': 'mlp.c_proj.bias',
};
const TOP: Readonly<Record<string, string>> = {
  wte: 'transformer.wte.weight',
  wpe: 'transformer.wpe.weight',
  'lnf.g': 'transformer.ln_f.weight',
  'lnf.b': 'transformer.ln_f.bias',
};

/** `h3.attn.w` -> `transformer.h.3.attn.c_attn.weight`. */
export function gpt2Name(ours: string): string {
  if (TOP[ours]) return TOP[ours];
  const m = /^h(\d+)\.(.+)$/.exec(ours);
  const part = m ? LAYER_PARTS[m[2]] : undefined;
  if (!m || !part) throw new RangeError(`no GPT-2 name for parameter ${ours}`);
  return `transformer.h.${m[1]}.${part}`;
}

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** The flat weights as GPT-2 tensors, in our parameter order, then lm_head.weight. */
export function toGpt2(specs: readonly ParamSpec[], flat: Float32Array): NamedTensor[] {
  const out = specs.map((s) => ({ name: gpt2Name(s.name), shape: [...s.shape],
    data: flat.subarray(s.offset, s.offset + s.size) })
  );
  const wte = out[specs.findIndex((s) => s.name === 'wte')];
  out.push({ name: LM_HEAD, shape: [...wte.shape], data: wte.data });
  return out;
}

/** GPT-2 tensors (by name) -> our flat weights; every problem (missing, extra, wrong shape, untied head) is
 *  one line in the returned list, the weights are only returned when it is empty. */
export function fromGpt2(specs: readonly ParamSpec[],
  get: ReadonlyMap<string, { shape: readonly number[]; values: () => Float32Array; }>
): { flat?: Float32Array; problems: string[]; } {
  const problems: string[] = [];
  const want = new Set([...specs.map((s) => gpt2Name(s.name)), LM_HEAD]);
  for (const name of get.keys()) if (!want.has(name)) problems.push(`unexpected tensor ${name}`);
  for (const s of specs) {
    const name = gpt2Name(s.name);
    const t = get.get(name);
    if (!t) problems.push(`missing tensor ${name}`);
    else if (t.shape.join(',') !== s.shape.join(',')) {
      problems.push(`${name} has shape [${t.shape}], the model needs [${s.shape}]`);
    }
  }
  const head = get.get(LM_HEAD), wte = specs.find((s) => s.name === 'wte')!;
  if (!head) problems.push(`missing tensor ${LM_HEAD}`);
  else if (head.shape.join(',') !== wte.shape.join(',')) {
    problems.push(`${LM_HEAD} has shape [${head.shape}], the model needs [${wte.shape}]`);
  }
  // Allocated only once every tensor has the model's shape: the file then holds that many values, so a
  // config in the metadata that names a huge model cannot make this allocation fail.
  if (problems.length) return { problems };
  const flat = new Float32Array(specs.reduce((a, s) => a + s.size, 0));
  for (const s of specs) flat.set(get.get(gpt2Name(s.name))!.values(), s.offset);
  if (!equalValues(head!.values(), flat.subarray(wte.offset, wte.offset + wte.size))) {
    problems.push(`${LM_HEAD} differs from transformer.wte.weight: mygpt ties the output head to the token embedding`);
  }
  return problems.length ? { problems } : { flat, problems };
}

function equalValues(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/** A Hugging Face GPT2Config for this model (json.loads it into transformers.GPT2Config). */
export function hfGpt2Config(c: GPTConfig): Record<string, unknown> {
  return {
    model_type: 'gpt2',
    architectures: ['GPT2LMHeadModel'],
    vocab_size: c.vocabSize,
    n_positions: c.blockSize,
    n_ctx: c.blockSize,
    n_embd: c.nEmbd,
    n_layer: c.nLayer,
    n_head: c.nHead,
    activation_function: 'gelu_new',
    layer_norm_epsilon: 1e-5,
    tie_word_embeddings: true,
    resid_pdrop: c.dropout,
    embd_pdrop: c.dropout,
    attn_pdrop: c.dropout,
  };
}
