// mygpt-data download [--out PATH] | verify PATH
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { download, verifyFile } from '../data/download';
import { CORPUS_SHA256, DEFAULT_DATA_PATH } from '../data/corpus';
import { LOG_FORMAT_OPTION, runCli } from './common';
import { writeLog } from '../util/log';

export async function main(argv = hideBin(process.argv)): Promise<void> {
  let action: Promise<void> = Promise.resolve();
  await yargs(argv)
    .scriptName('mygpt-data')
    .command('download', 'fetch Tiny Shakespeare and verify its sha256',
      (y) => y.option('out', { type: 'string', default: DEFAULT_DATA_PATH, describe: 'destination file' }),
      (a) => { action = download(a.out, (l) => writeLog('info', l)); })
    .command('verify <path>', 'check a file against the canonical sha256',
      (y) => y.positional('path', { type: 'string', demandOption: true }),
      (a) => {
        action = (async () => {
          const { ok, sha } = verifyFile(a.path as string);
          if (!ok) throw new Error(`${a.path}: sha256 ${sha} does not match the canonical ${CORPUS_SHA256}`);
          writeLog('info', `${a.path}: sha256 ${sha} OK`);
        })();
      })
    .option('log-format', LOG_FORMAT_OPTION)
    .demandCommand(1).strict().help().parseAsync();
  await action;
}

if (require.main === module) runCli(main);
