// The model a config describes (gptConfigOf), and whether it fits on this worker. Parameters, gradients and AdamW state
// are flat Float32Arrays of the parameter count each; a count past what a typed array holds, or a buffer the host
// refuses, fails the same way on every retry with the same config: a ConfigError (the worker reports FAILURE_CONFIG and
// exits Config; the coordinator ends the run with Config instead of restarting it).
import { ConfigError } from '../config/load';
import type { Config } from '../config/types';
import type { GPTConfig } from '../model/params';

/** The model shape of `cfg` over a tokenizer of `vocabSize` characters. */
export function gptConfigOf(cfg: Config, vocabSize: number): GPTConfig {
  const m = cfg.model;
  return { vocabSize, nLayer: m.n_layer, nHead: m.n_head, nEmbd: m.n_embd, blockSize: m.block_size,
    dropout: m.dropout };
}

export class ModelTooLargeError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'ModelTooLargeError';
  }
}

/** `model.n_layer 16, model.n_embd 16384: 51545161728 parameters (192.0 GiB per float32 copy)`. */
export function describeModelSize(cfg: Config, params: number): string {
  const gib = (params * 4) / 2 ** 30;
  return `model.n_layer ${cfg.model.n_layer}, model.n_embd ${cfg.model.n_embd}: ${params} parameters ` +
    `(${gib.toFixed(1)} GiB per float32 copy)`;
}

/** Runs `make`, the allocations of the model and its optimizer state. A RangeError from them (a typed
 *  array longer than the engine allows, an ArrayBuffer the host could not allocate) becomes a
 *  ModelTooLargeError naming the model keys, the size and the engine's reason. */
export function allocateModel<T>(cfg: Config, params: number, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new ModelTooLargeError(`${describeModelSize(cfg, params)} cannot be allocated on this worker ` +
      `(${e.message}); reduce model.n_layer / model.n_embd`);
  }
}
