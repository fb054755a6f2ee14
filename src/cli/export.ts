// mygpt-export --checkpoint FILE|RUN_DIR --out model.safetensors: the weights of a checkpoint (a run
// directory or a `latest` pointer file: the checkpoint it names) as safetensors with GPT-2 names, for PyTorch and
// Hugging Face (docs/export.md).
import { hideBin } from 'yargs/helpers';
import { ConfigError } from '../config/load';
import { CheckpointError, readCheckpoint } from '../train/checkpoint';
import { encodeExport } from '../train/weights_file';
import { resolveCheckpointPath, RunDirError, writeAtomic } from '../util/run_dir';
import { cliParser, runCli } from './common';
import { writeLog } from '../util/log';

export async function main(argv = hideBin(process.argv)): Promise<void> {
  const a = await cliParser(argv, 'mygpt-export', "write a checkpoint's weights as safetensors (GPT-2 names)",
    '$0 --checkpoint FILE|RUN_DIR --out FILE.safetensors\n\n' +
      'Writes the weights of a checkpoint (a run directory: its newest) ' +
      'as safetensors with Hugging Face GPT-2 names;\n' +
      'config, step and the character vocabulary go in its __metadata__ (docs/export.md).')
    .option('checkpoint', { type: 'string', demandOption: true,
      describe: 'checkpoint file or run directory (e.g. runs/local)' })
    .option('out', { type: 'string', demandOption: true, describe: 'output file, e.g. model.safetensors' })
    .parseAsync();
  if (!a.out.endsWith('.safetensors')) {
    throw new ConfigError(`--out ${a.out}: name it *.safetensors (mygpt-generate reads a file by its extension)`);
  }
  let file: string; // a checkpoint file, a run directory (its `latest`) or a `latest` pointer, as mygpt-generate takes
  try {
    file = resolveCheckpointPath(a.checkpoint);
  } catch (e) {
    if (e instanceof RunDirError) throw new ConfigError(`--checkpoint ${e.message}`);
    throw e;
  }
  let buf: Buffer;
  try {
    buf = encodeExport(await readCheckpoint(file));
  } catch (e) {
    if (e instanceof CheckpointError) throw new ConfigError(e.message);
    throw e;
  }
  await writeAtomic(a.out, buf);
  writeLog('info', `wrote ${a.out} (${buf.length} bytes) from ${file}`);
}

if (require.main === module) runCli(main);
