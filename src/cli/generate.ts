// mygpt-generate --checkpoint FILE --prompt "O Romeo" --tokens 500 [--temperature T --top-k K]
import { hideBin } from 'yargs/helpers';
import { ConfigError } from '../config/load';
import { CheckpointError, readCheckpoint } from '../train/checkpoint';
import { selectBackend } from '../train/backend';
import { gptConfigOf } from '../train/trainer';
import { Replica } from '../train/replica';
import { CharTokenizer } from '../data/tokenizer';
import { cliParser, runCli } from './common';

export async function main(argv = hideBin(process.argv)): Promise<void> {
  const a = await cliParser(argv, 'mygpt-generate', 'continue a prompt with text sampled from a checkpoint',
    '$0 --checkpoint FILE [--prompt TEXT] [--tokens N] [--temperature T] [--top-k K] [--seed S] [--backend NAME]\n\n' +
      'Continues PROMPT with N characters sampled from a checkpoint (greedy unless --temperature > 0).')
    .option('checkpoint', { type: 'string', demandOption: true, describe: 'checkpoint file (e.g. runs/local/ckpt-000300.bin)' })
    .option('prompt', { type: 'string', default: 'O Romeo' })
    .option('tokens', { type: 'number', default: 500, describe: 'characters to generate' })
    .option('temperature', { type: 'number', default: 0, describe: '0 = greedy' })
    .option('top-k', { type: 'number', default: 0, describe: '0 = no top-k filter' })
    .option('seed', { type: 'number', default: 0, describe: 'sampling seed (temperature > 0)' })
    .option('backend', { type: 'string', default: 'auto', choices: ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] })
    .parseAsync();
  if (!Number.isInteger(a.tokens) || a.tokens < 0) throw new ConfigError(`--tokens must be an integer >= 0, got ${a.tokens}`);
  if (!(a.temperature >= 0)) throw new ConfigError(`--temperature must be >= 0, got ${a.temperature}`);
  if (!Number.isInteger(a['top-k']) || a['top-k'] < 0) throw new ConfigError(`--top-k must be an integer >= 0, got ${a['top-k']}`);
  if (!Number.isSafeInteger(a.seed)) throw new ConfigError(`--seed must be an integer, got ${a.seed}`);
  // a missing, unreadable or damaged checkpoint is bad input for this command: Config, like a bad flag
  const ck = await readCheckpoint(a.checkpoint).catch((e: unknown) => {
    throw e instanceof CheckpointError ? new ConfigError(e.message) : e;
  });
  const cfg = ck.header.config;
  await selectBackend({ ...cfg.backend, name: a.backend as typeof cfg.backend.name }, (l) => process.stderr.write(l + '\n'));
  const tokenizer = CharTokenizer.fromJSON(ck.header.tokenizer);
  const replica = new Replica(gptConfigOf(cfg, tokenizer.vocabSize), tokenizer, ck.params);
  try {
    const text = replica.generate(a.prompt, a.tokens, { temperature: a.temperature, topK: a['top-k'], seed: a.seed });
    process.stdout.write(a.prompt + text + '\n');
  } finally {
    replica.dispose();
  }
}

if (require.main === module) runCli(main);
