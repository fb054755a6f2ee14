// Tokenized corpus split into train/val, cut into non-overlapping sequences of block_size+1 characters.
import { CharTokenizer } from './tokenizer';
import { readCorpus } from './corpus';
import { ConfigError } from '../config/load';

export class Split {
  /** Number of whole sequences of (blockSize+1) tokens. */
  readonly numSequences: number;
  constructor(readonly tokens: Uint8Array, readonly blockSize: number) {
    this.numSequences = Math.floor(tokens.length / (blockSize + 1));
  }

  /** Inputs x and targets y (both B*T int32, row-major (B, T)) for the given sequence indices. */
  batch(indices: readonly number[]): { x: Int32Array; y: Int32Array; } {
    const T = this.blockSize;
    const x = new Int32Array(indices.length * T);
    const y = new Int32Array(indices.length * T);
    indices.forEach((s, b) => {
      if (s < 0 || s >= this.numSequences) {
        throw new Error(`sequence index ${s} out of range 0..${this.numSequences - 1}`);
      }
      const off = s * (T + 1);
      for (let t = 0; t < T; t++) {
        x[b * T + t] = this.tokens[off + t];
        y[b * T + t] = this.tokens[off + t + 1];
      }
    });
    return { x, y };
  }
}

export interface Dataset {
  tokenizer: CharTokenizer;
  train: Split;
  val: Split;
}

/** Tokenize `text` with a tokenizer built from it; the last valFraction of the corpus is validation. A corpus
 *  this config cannot train on (too many characters, too short for block_size) is a ConfigError. */
export function buildDataset(text: string, blockSize: number, valFraction: number): Dataset {
  const tokenizer = CharTokenizer.fromText(text);
  if (tokenizer.vocabSize > 256) {
    throw new ConfigError(`corpus has ${tokenizer.vocabSize} distinct characters; max 256`);
  }
  const ids = Uint8Array.from(tokenizer.encode(text, 'corpus'));
  const cut = Math.floor(ids.length * (1 - valFraction));
  const train = new Split(ids.subarray(0, cut), blockSize);
  const val = new Split(ids.subarray(cut), blockSize);
  if (train.numSequences < 1 || val.numSequences < 1) {
    throw new ConfigError(
      `corpus too small for block_size ${blockSize}: ${train.numSequences} train / ${val.numSequences} val sequences`,
    );
  }
  return { tokenizer, train, val };
}

export function loadDataset(path: string, blockSize: number, valFraction: number): Dataset {
  return buildDataset(readCorpus(path), blockSize, valFraction);
}
