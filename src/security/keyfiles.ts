// Writes CURVE key pairs as files `mygpt-keys` produces and resolveKey (./keys.ts) reads:
// NAME.public (0644) and NAME.secret (0600), each '#' comment lines then the Z85 key; plus an
// allowlist file that accumulates the public keys of the worker (non-server) pairs.
import * as fs from 'fs';
import * as path from 'path';
import type { CurveKeyPair } from './keys';

export interface WrittenPair { name: string; publicFile: string; secretFile: string; publicKey: string }

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Creates the two files; refuses to replace existing ones unless force (a lost secret cannot be undone). */
export function writeKeyPair(dir: string, name: string, kp: CurveKeyPair, force = false): WrittenPair {
  if (!NAME.test(name)) throw new Error(`key name "${name}" must be letters, digits, '.', '_' or '-'`);
  fs.mkdirSync(dir, { recursive: true });
  const publicFile = path.join(dir, `${name}.public`), secretFile = path.join(dir, `${name}.secret`);
  const flag = force ? 'w' : 'wx';
  const stamp = new Date().toISOString();
  try {
    // mode applies on creation; chmod makes it hold for a replaced file too
    fs.writeFileSync(secretFile, `# mygpt CURVE secret key (Z85) of "${name}", ${stamp}. Keep private (mode 0600).\n${kp.secretKey}\n`,
      { mode: 0o600, flag });
    fs.chmodSync(secretFile, 0o600);
    fs.writeFileSync(publicFile, `# mygpt CURVE public key (Z85) of "${name}", ${stamp}\n${kp.publicKey}\n`, { mode: 0o644, flag });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new Error(`${(e as NodeJS.ErrnoException).path ?? dir}: already exists; pass --force to replace the key pair "${name}"`);
    }
    throw e;
  }
  return { name, publicFile, secretFile, publicKey: kp.publicKey };
}

/** Appends public keys not yet listed to an allowlist file (one key per line). */
export function appendAllowlist(file: string, entries: { name: string; publicKey: string }[]): number {
  const have = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# mygpt CURVE allowed clients: one public key (Z85) per line\n';
  const add = entries.filter((e) => !have.split(/\r?\n/).includes(e.publicKey));
  const text = have + add.map((e) => `# ${e.name}\n${e.publicKey}\n`).join('');
  fs.writeFileSync(file, text, { mode: 0o644 });
  return add.length;
}
