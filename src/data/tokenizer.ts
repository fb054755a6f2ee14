// Character tokenizer: the sorted set of distinct characters of the corpus (65 for Tiny Shakespeare).
// Stored in every checkpoint (as its `chars` string) so generation never needs the corpus.
import { ConfigError } from '../config/load';

export class CharTokenizer {
  readonly chars: string[];
  private readonly index = new Map<string, number>();

  constructor(chars: string[]) {
    this.chars = [...chars];
    this.chars.forEach((c, i) => {
      if (this.index.has(c)) throw new Error(`tokenizer: duplicate character ${JSON.stringify(c)}`);
      this.index.set(c, i);
    });
  }

  static fromText(text: string): CharTokenizer {
    return new CharTokenizer([...new Set(Array.from(text))].sort());
  }

  get vocabSize(): number {
    return this.chars.length;
  }

  /** Encode; a character outside the vocabulary is a ConfigError (bad input: a prompt, train.sample_prompt)
   *  naming it and its position. */
  encode(text: string, what = 'text'): number[] {
    const out: number[] = [];
    let pos = 0;
    for (const c of text) {
      const id = this.index.get(c);
      if (id === undefined) {
        throw new ConfigError(`${what}: character ${JSON.stringify(c)} at position ${pos} is not in the vocabulary ` +
          `(${this.vocabSize} characters from the training corpus)`);
      }
      out.push(id);
      pos++;
    }
    return out;
  }

  decode(ids: ArrayLike<number>): string {
    let s = '';
    for (let i = 0; i < ids.length; i++) s += this.chars[ids[i]];
    return s;
  }

  toJSON(): string {
    return this.chars.join('');
  }
  static fromJSON(s: string): CharTokenizer {
    return new CharTokenizer(Array.from(s));
  }
}
