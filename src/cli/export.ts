// mygpt-export --checkpoint FILE|RUN_DIR --out model.safetensors: the weights of a checkpoint (a run
// directory: its `latest`) as safetensors with GPT-2 names, for PyTorch and Hugging Face (docs/export.md).
import * as fs from 'fs';
import { hideBin } from 'yargs/helpers';
import { ConfigError } from '../config/load';
import { CheckpointError, readCheckpoint } from '../train/checkpoint';
import { encodeExport } from '../train/weights_file';
import { latestCheckpoint, RunDirError, writeAtomic } from '../util/run_dir';
import { cliParser, runCli } from './common';
import { writeLog } from '../util/log';

/** A run directory -> its newest checkpoint; a file -> itself. Bad input is a ConfigError (exit 2). */
export function checkpointOf(arg: string): string {
  let st: fs.Stats;
  try { st = fs.statSync(arg); } catch (e) {
    throw new ConfigError(`--checkpoint ${arg}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  if (!st.isDirectory()) return arg;
  let file: string | null;
  try { file = latestCheckpoint(arg); } catch (e) {
    if (e instanceof RunDirError) throw new ConfigError(`--checkpoint ${arg}: ${e.message}`);
    throw e;
  }
  if (file === null) throw new ConfigError(`--checkpoint ${arg}: a directory without a \`latest\` pointer (not a run directory with checkpoints)`);
  return file;
}

export async function main(argv = hideBin(process.argv)): Promise<void> {
  const a = await cliParser(argv, 'mygpt-export', 'write a checkpoint\'s weights as safetensors (GPT-2 names)',
    '$0 --checkpoint FILE|RUN_DIR --out FILE.safetensors\n\n' +
      'Writes the weights of a checkpoint (a run directory: its newest) as safetensors with Hugging Face GPT-2 names;\n' +
      'config, step and the character vocabulary go in its __metadata__ (docs/export.md).')
    .option('checkpoint', { type: 'string', demandOption: true, describe: 'checkpoint file or run directory (e.g. runs/local)' })
    .option('out', { type: 'string', demandOption: true, describe: 'output file, e.g. model.safetensors' })
    .parseAsync();
  if (!a.out.endsWith('.safetensors')) throw new ConfigError(`--out ${a.out}: name it *.safetensors (mygpt-generate reads a file by its extension)`);
  const file = checkpointOf(a.checkpoint);
  let buf: Buffer;
  try { buf = encodeExport(await readCheckpoint(file)); } catch (e) {
    if (e instanceof CheckpointError) throw new ConfigError(e.message);
    throw e;
  }
  await writeAtomic(a.out, buf);
  writeLog('info', `wrote ${a.out} (${buf.length} bytes) from ${file}`);
}

if (require.main === module) runCli(main);
