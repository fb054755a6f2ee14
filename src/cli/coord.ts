// mygpt-coord (single-process for now): train with world size 1.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { loadConfig } from '../config/load';
import { runLocal } from '../train/run';
import { runCli } from './common';

export async function main(argv = hideBin(process.argv)): Promise<void> {
  const args = await yargs(argv)
    .scriptName('mygpt-coord')
    .usage('$0 --config FILE [--set section.key=value ...] [--resume]')
    .option('config', { type: 'string', describe: 'YAML config file (partial: defaults fill the rest)' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override, e.g. --set train.max_steps=10 (repeatable)' })
    .option('resume', { type: 'boolean', default: false, describe: 'continue from the latest checkpoint in run.dir' })
    .strict().help().parseAsync();
  const cfg = loadConfig(args.config, args.set.map(String));
  await runLocal(cfg, { resume: args.resume });
}

if (require.main === module) runCli(main);
