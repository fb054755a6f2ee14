// mygpt-generate --checkpoint FILE|RUN_DIR|model.safetensors [--prompt TEXT] [--tokens N]
//                [--temperature T --top-k K --seed S | --greedy]
// Sampling defaults follow nanoGPT's sample.py (SAMPLE_TEMPERATURE, DEFAULT_TOP_K); the seed makes a sample
// repeatable.
import { hideBin } from 'yargs/helpers';
import { ConfigError } from '../config/load';
import { SAMPLE_TEMPERATURE } from '../config/schema';
import { CheckpointError } from '../train/checkpoint';
import { ModelFile, readModelFile } from '../train/weights_file';
import { selectBackend } from '../train/backend';
import { gptConfigOf } from '../train/model_size';
import { Replica } from '../train/replica';
import { SafetensorsError } from '../util/safetensors';
import { RunDirError, resolveCheckpointPath } from '../util/run_dir';
import { cliParser, runCli } from './common';
import { writeLog } from '../util/log';

export const DEFAULT_TOP_K = 200;
export const DEFAULT_SEED = 1337;

interface Sampling {
  temperature: number;
  topK: number;
  seed: number;
}

/** The sampling settings from the flags; ConfigError naming the flag for a bad or contradictory one. */
function samplingOf(a: { temperature?: number; 'top-k': number; seed: number; greedy: boolean; }): Sampling {
  if (a.temperature !== undefined && !(a.temperature >= 0)) {
    throw new ConfigError(`--temperature must be >= 0, got ${a.temperature}`);
  }
  if (a.greedy && a.temperature !== undefined && a.temperature !== 0) {
    throw new ConfigError(
      `--greedy and --temperature ${a.temperature} contradict each other: greedy decoding is temperature 0`,
    );
  }
  if (!Number.isInteger(a['top-k']) || a['top-k'] < 0) {
    throw new ConfigError(`--top-k must be an integer >= 0, got ${a['top-k']}`);
  }
  if (!Number.isSafeInteger(a.seed) || a.seed < 0) {
    throw new ConfigError(`--seed must be an integer >= 0, got ${a.seed}`);
  }
  return { temperature: a.greedy ? 0 : a.temperature ?? SAMPLE_TEMPERATURE, topK: a['top-k'], seed: a.seed };
}

export async function main(argv = hideBin(process.argv)): Promise<void> {
  const a = await cliParser(argv, 'mygpt-generate', 'continue a prompt with text sampled from a checkpoint',
    '$0 --checkpoint FILE [--prompt TEXT] [--tokens N] [--temperature T] [--top-k K] [--seed S] [--greedy] ' +
      '[--backend NAME]\n\n' +
      'Continues PROMPT with N characters sampled from a checkpoint: temperature ' +
      `${SAMPLE_TEMPERATURE}, top-k ${DEFAULT_TOP_K} ` +
      "by default (as nanoGPT's sample.py); the same seed gives the same text. --greedy (or --temperature 0) always " +
      'takes the most likely character. --checkpoint takes a checkpoint file, ' +
      'a run directory (its newest checkpoint, named by its `latest` pointer), that `latest` pointer itself, ' +
      'or a mygpt-export .safetensors file.')
    .option('checkpoint', { type: 'string', demandOption: true,
      describe:
        'checkpoint file, run directory, `latest` pointer or mygpt-export .safetensors file (e.g. runs/local, ' +
        'runs/local/ckpt-000300.bin)' })
    .option('prompt', { type: 'string', default: 'O Romeo' })
    .option('tokens', { type: 'number', default: 500, describe: 'characters to generate' })
    .option('temperature', { type: 'number',
      describe: `sampling temperature (default ${SAMPLE_TEMPERATURE}); 0 = greedy` })
    .option('top-k', { type: 'number', default: DEFAULT_TOP_K,
      describe: 'sample among the K most likely characters; 0 = all' })
    .option('seed', { type: 'number', default: DEFAULT_SEED, describe: 'sampling seed' })
    .option('greedy', { type: 'boolean', default: false,
      describe: 'always take the most likely character (= --temperature 0)' })
    .option('backend', { type: 'string', default: 'auto',
      choices: ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] })
    .parseAsync();
  if (!Number.isInteger(a.tokens) || a.tokens < 0) {
    throw new ConfigError(`--tokens must be an integer >= 0, got ${a.tokens}`);
  }
  const sampling = samplingOf(a);
  let file: string;
  try {
    file = resolveCheckpointPath(a.checkpoint);
  } catch (e) {
    if (e instanceof RunDirError) throw new ConfigError(`--checkpoint ${e.message}`);
    throw e;
  }
  // an unreadable or damaged checkpoint / safetensors file is bad input for this command: Config, like a bad flag
  const { config: cfg, tokenizer, params, step } = await readModelFile(file).catch((e: unknown): Promise<ModelFile> => {
    throw e instanceof CheckpointError || e instanceof SafetensorsError ? new ConfigError(e.message) : e;
  });
  const how = sampling.temperature === 0 ?
    'greedy'
    : `temperature ${sampling.temperature}, top-k ${sampling.topK || 'off'}, seed ${sampling.seed}`;
  writeLog('info', `mygpt-generate: ${file} (step ${step}), ${how}`, { step }, 'stderr');
  await selectBackend({ ...cfg.backend, name: a.backend as typeof cfg.backend.name },
    (l) => writeLog('info', l, {}, 'stderr'));
  const replica = new Replica(gptConfigOf(cfg, tokenizer.vocabSize), tokenizer, params);
  try {
    const text = replica.generate(a.prompt, a.tokens, sampling);
    writeLog('info', a.prompt + text, { tokens: a.tokens });
  } finally {
    replica.dispose();
  }
}

if (require.main === module) runCli(main);
