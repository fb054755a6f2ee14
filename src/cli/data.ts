// mygpt-data download [--out PATH] | verify PATH
import { hideBin } from 'yargs/helpers';
import { ConfigError } from '../config/load';
import { CORPUS_SHA256, DEFAULT_DATA_PATH, download, verifyFile } from '../data/corpus';
import { cliParser, runCli } from './common';
import { writeLog } from '../util/log';

export async function main(argv = hideBin(process.argv)): Promise<void> {
  let action: Promise<void> = Promise.resolve();
  await cliParser(argv, 'mygpt-data', 'download or verify the Tiny Shakespeare corpus',
    '$0 download [--out PATH] | $0 verify PATH')
    .command('download', 'fetch Tiny Shakespeare and verify its sha256',
      (y) => y.option('out', { type: 'string', default: DEFAULT_DATA_PATH, describe: 'destination file' }), (a) => {
      action = download(a.out, (l) => writeLog('info', l));
    })
    .command('verify <path>', 'check a file against the canonical sha256',
      (y) => y.positional('path', { type: 'string', demandOption: true }), (a) => {
      action = (async () => {
        const { ok, sha } = verifyFile(a.path);
        if (!ok) throw new ConfigError(`${a.path}: sha256 ${sha} does not match the canonical ${CORPUS_SHA256}`);
        writeLog('info', `${a.path}: sha256 ${sha} OK`);
      })();
    })
    .demandCommand(1, 'a command is required: download or verify').parseAsync();
  await action;
}

if (require.main === module) runCli(main);
