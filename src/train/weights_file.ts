// Model weights as other tools open them: a safetensors file with GPT-2 parameter names and layout
// (model/gpt2_names.ts) and, in its __metadata__ (strings only), what mygpt needs to use it again:
//   format        "pt" (what Hugging Face's loaders expect of a PyTorch-layout file)
//   mygpt.export  "1" (this layout)        step   completed optimizer steps
//   config        the run's config, JSON (secrets redacted, as in the checkpoint)
//   tokenizer     the character vocabulary in id order (character i is token i)
//   gpt2_config   a Hugging Face GPT2Config, JSON        layout  the tensor layout, in words
// readModelFile() reads either this or a mygpt checkpoint, so mygpt-generate takes both.
import * as fs from 'fs';
import { defaultConfig } from '../config/schema';
import type { Config } from '../config/types';
import { CharTokenizer } from '../data/tokenizer';
import { fromGpt2, hfGpt2Config, toGpt2 } from '../model/gpt2_names';
import { paramSpecs } from '../model/params';
import { decodeSafetensors, encodeSafetensors, float32Of, SafetensorsError } from '../util/safetensors';
import { VERSION } from '../util/version';
import { CheckpointData, readCheckpoint } from './checkpoint';
import { gptConfigOf } from './model_size';

export const EXPORT_VERSION = '1';

export const LAYOUT =
  'Hugging Face GPT2LMHeadModel names; float32, row-major. attn.c_attn, attn.c_proj, mlp.c_fc and ' +
  'mlp.c_proj weights are Conv1D [in, out] (y = x @ W + b; transpose them for torch.nn.Linear, which is [out, in]); ' +
  'c_attn columns are q, k, v, each n_embd wide, heads contiguous within each; lm_head.weight [vocab, ' +
  'n_embd] is a copy of transformer.wte.weight (tied); LayerNorm eps 1e-5; GELU tanh approximation; pre-LN blocks.';

/** What generation needs from a weights file of either kind. */
export interface ModelFile {
  config: Config;
  tokenizer: CharTokenizer;
  step: number;
  params: Float32Array;
}

export function encodeExport(ck: CheckpointData): Buffer {
  const tokenizer = CharTokenizer.fromJSON(ck.header.tokenizer);
  const gpt = gptConfigOf(ck.header.config, tokenizer.vocabSize);
  return encodeSafetensors(toGpt2(paramSpecs(gpt), ck.params), {
    format: 'pt',
    'mygpt.export': EXPORT_VERSION,
    'mygpt.version': VERSION,
    step: String(ck.header.step),
    config: JSON.stringify(ck.header.config),
    tokenizer: ck.header.tokenizer,
    gpt2_config: JSON.stringify(hfGpt2Config(gpt)),
    layout: LAYOUT,
  });
}

/** A file written by encodeExport (or the same names, layout and metadata from another tool). */
export async function readExport(file: string): Promise<ModelFile> {
  const fail = (why: string): never => {
    throw new SafetensorsError(file, why);
  };
  let buf: Buffer;
  try {
    buf = await fs.promises.readFile(file);
  } catch (e) {
    return fail(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const { tensors, metadata: m } = decodeSafetensors(file, buf);
  for (const k of ['config', 'tokenizer', 'step']) {
    if (m[k] === undefined) fail(`__metadata__ has no "${k}": not written by mygpt-export`);
  }
  if (m['mygpt.export'] !== EXPORT_VERSION) {
    fail(
      `__metadata__ "mygpt.export" is ${JSON.stringify(m['mygpt.export'])}; this mygpt reads layout ${EXPORT_VERSION}`,
    );
  }
  const step = Number(m.step);
  if (!/^\d+$/.test(m.step) || !Number.isSafeInteger(step)) {
    fail(`__metadata__ step ${JSON.stringify(m.step)} is not an integer >= 0`);
  }
  let saved: unknown;
  try {
    saved = JSON.parse(m.config);
  } catch (e) {
    return fail(`__metadata__ config is not JSON (${(e as Error).message})`);
  }
  if (saved === null || typeof saved !== 'object' || Array.isArray(saved)) {
    fail('__metadata__ config is not a JSON object');
  }
  // Sections or keys it lacks (written by an older mygpt, or by hand) take their defaults.
  const config = Object.fromEntries(
    Object.entries(defaultConfig()).map(([k, d]) => [k, { ...d, ...((saved as Record<string, object>)[k] ?? {}) }]),
  ) as unknown as Config;
  const model = config?.model as Config['model'] | undefined;
  const isPos = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 1;
  if (!model ||
    !['n_layer', 'n_head', 'n_embd', 'block_size'].every((k) =>
      isPos((model as unknown as Record<string, unknown>)[k])
    ) ||
    model.n_embd % model.n_head !== 0)
  {
    fail(
      `__metadata__ config.model ${
        JSON.stringify(model)
      } needs positive integers n_layer, n_head, n_embd, block_size with n_head dividing n_embd`,
    );
  }
  let tokenizer: CharTokenizer;
  try {
    tokenizer = CharTokenizer.fromJSON(m.tokenizer);
  } catch (e) {
    return fail(`__metadata__ tokenizer: ${(e as Error).message}`);
  }
  if (tokenizer.vocabSize < 1) fail('__metadata__ tokenizer is empty');
  const specs = paramSpecs(gptConfigOf(config, tokenizer.vocabSize));
  const byName = new Map(
    [...tensors.values()].map((t) => [t.name, { shape: t.shape, values: () => float32Of(file, t) }]),
  );
  const { flat, problems } = fromGpt2(specs, byName);
  if (!flat) {
    return fail(
      `does not hold this model (config.model ${JSON.stringify(model)}, ${tokenizer.vocabSize} tokens): ${
        problems.join('; ')
      }`,
    );
  }
  const bad = flat.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) fail(`holds a non-finite weight (value ${bad} of the flat parameters is ${flat[bad]})`);
  return { config, tokenizer, step, params: flat };
}

/** `.safetensors` -> readExport, anything else -> a mygpt checkpoint (readCheckpoint). */
export async function readModelFile(file: string): Promise<ModelFile> {
  if (file.endsWith('.safetensors')) return readExport(file);
  const ck = await readCheckpoint(file);
  return { config: ck.header.config, tokenizer: CharTokenizer.fromJSON(ck.header.tokenizer), step: ck.header.step,
    params: ck.params };
}
