// Writes CURVE key pairs as files `mygpt-keys` produces and resolveKey (./keys.ts) reads:
// NAME.public (0644) and NAME.secret (0600), each '#' comment lines then the Z85 key; plus an
// allowlist file that accumulates the public keys of the worker (non-server) pairs. And the permission
// rule a secret key file must meet when it is read.
import * as fs from 'fs';
import * as path from 'path';
import type { CurveKeyPair } from './z85';
import { ConfigError } from '../config/load';

export interface WrittenPair {
  name: string;
  publicFile: string;
  secretFile: string;
  publicKey: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A key pair name: it becomes a file name, so letters, digits, '.', '_' or '-' (ConfigError otherwise). */
export function checkKeyName(name: string): void {
  if (!NAME.test(name)) throw new ConfigError(`key name "${name}" must be letters, digits, '.', '_' or '-'`);
}

/** Creates the two files; refuses to replace existing ones unless force (a lost secret cannot be undone).
 *  A bad name or an existing pair is a ConfigError (bad input: `mygpt-keys` exits 2). */
export function writeKeyPair(dir: string, name: string, kp: CurveKeyPair, force = false): WrittenPair {
  checkKeyName(name);
  fs.mkdirSync(dir, { recursive: true });
  const publicFile = path.join(dir, `${name}.public`), secretFile = path.join(dir, `${name}.secret`);
  const flag = force ? 'w' : 'wx';
  const stamp = new Date().toISOString();
  try {
    // mode applies on creation; chmod makes it hold for a replaced file too
    fs.writeFileSync(secretFile,
      `# mygpt CURVE secret key (Z85) of "${name}", ${stamp}. Keep private (mode 0600).\n${kp.secretKey}\n`, {
      mode: 0o600,
      flag,
    });
    fs.chmodSync(secretFile, 0o600);
    fs.writeFileSync(publicFile, `# mygpt CURVE public key (Z85) of "${name}", ${stamp}\n${kp.publicKey}\n`, {
      mode: 0o644,
      flag,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConfigError(
        `${(e as NodeJS.ErrnoException).path ?? dir}: already exists; pass --force to replace the key pair "${name}"`,
      );
    }
    throw e;
  }
  return { name, publicFile, secretFile, publicKey: kp.publicKey };
}

/** Appends public keys not yet listed to an allowlist file (one key per line). */
export function appendAllowlist(file: string, entries: { name: string; publicKey: string; }[]): number {
  const have = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : '# mygpt CURVE allowed clients: one public key (Z85) per line\n';
  const add = entries.filter((e) => !have.split(/\r?\n/).includes(e.publicKey));
  const text = have + add.map((e) => `# ${e.name}\n${e.publicKey}\n`).join('');
  fs.writeFileSync(file, text, { mode: 0o644 });
  return add.length;
}

/** Why a secret key file's permissions are unsafe, or null. Like ssh: no access for others, no write for
 *  group. Group READ is refused too when this process owns the file (chmod 600 fixes it); it is accepted
 *  when another user owns it, as that is how the file was shared with us on purpose (a Kubernetes Secret
 *  volume: root-owned, mode 0440, group = the pod's fsGroup). Windows has no such modes: not checked. */
export function secretFileModeProblem(file: string, st: fs.Stats = fs.statSync(file)): string | null {
  if (process.platform === 'win32') return null;
  const mode = st.mode & 0o777;
  const shown = `mode 0${mode.toString(8).padStart(3, '0')}`;
  const ownedByUs = typeof process.getuid === 'function' && st.uid === process.getuid();
  if (mode & 0o007) return `${file} is accessible by other users (${shown}); run: chmod 600 ${file}`;
  if (mode & 0o020) return `${file} is writable by its group (${shown}); run: chmod 600 ${file}`;
  if (mode & 0o040 && ownedByUs) return `${file} is readable by its group (${shown}); run: chmod 600 ${file}`;
  return null;
}
