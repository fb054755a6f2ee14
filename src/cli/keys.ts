// mygpt-keys [--out DIR] [--force] [NAME ...]: CURVE key pairs for security.curve (docs/security.md).
// Default names: server (the coordinator) and client (shared by the workers); or one per worker.
import * as path from 'path';
import { hideBin } from 'yargs/helpers';
import { ConfigError } from '../config/load';
import { generateCurveKeyPair } from '../transport/zmq/options';
import { appendAllowlist, checkKeyName, writeKeyPair } from '../security/keyfiles';
import { cliParser, runCli } from './common';
import { writeLog } from '../util/log';

export async function main(argv = hideBin(process.argv)): Promise<void> {
  const a = await cliParser(argv, 'mygpt-keys', 'write CURVE key pairs for security.curve (docs/security.md)',
    '$0 [--out DIR] [--force] [NAME ...]')
    .command('$0 [names..]',
      'Writes DIR/NAME.public and DIR/NAME.secret (mode 0600) per NAME (default: server client) ' +
        'and adds the public keys of every NAME but "server" to DIR/allowed_clients.',
      (y) =>
        y.positional('names', { type: 'string', array: true,
          describe: 'key pair names, e.g. server worker-0 worker-1' }))
    .option('out', { type: 'string', default: 'curve', describe: 'directory for the key files' })
    .option('force', { type: 'boolean', default: false, describe: 'replace existing key files' })
    .parseAsync();
  const given = (a.names as string[] | undefined) ?? [];
  const names = given.length > 0 ? given.map(String) : ['server', 'client'];
  if (new Set(names).size !== names.length) throw new ConfigError(`a key name is given twice: ${names.join(' ')}`);
  names.forEach(checkKeyName); // every name before any file is written
  const written = names.map((n) => writeKeyPair(a.out, n, generateCurveKeyPair(), a.force));
  for (const w of written) {
    writeLog('info', `${w.name}: ${w.publicFile} (public ${w.publicKey}), ${w.secretFile} (secret, mode 0600)`);
  }
  const clients = written.filter((w) => w.name !== 'server');
  if (clients.length > 0) {
    const file = path.join(a.out, 'allowed_clients');
    const n = appendAllowlist(file, clients);
    writeLog('info', `${file}: ${n} public key(s) added`);
  }
}

if (require.main === module) runCli(main);
