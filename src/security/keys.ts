// Resolves the `security` config section into the keys each role needs. A key value is either a Z85
// key (40 characters) or the path of a key file (what `mygpt-keys` writes: '#' comment lines, then the
// key). Every error names the config key and the file; a secret's value is never printed.
import * as fs from 'fs';
import * as path from 'path';
import { createPrivateKey, createPublicKey } from 'crypto';
import type { SecurityConfig } from '../config/types';
import { ConfigError } from '../config/load';
import { type CurveKeyPair, isZ85Key, z85Decode, z85Encode } from './z85';
import { secretFileModeProblem } from './keyfiles';

/** What the coordinator needs: its own pair (control ROUTER is the CURVE server) and the allowlist. */
export interface CoordinatorCurve {
  server: CurveKeyPair;
  allowedClients: string[];
}

/** What a worker needs: the coordinator's public key, its own pair (control DEALER client, ring PULL
 *  server, ring PUSH client) and the allowlist its ring socket checks. */
export interface WorkerCurve {
  serverPublicKey: string;
  own: CurveKeyPair;
  allowedClients: string[];
}

type KeyKind = 'public' | 'secret';

/** Non-comment, non-blank lines of a key file. */
function keyLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

function readKeyFile(file: string, dotted: string, source: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${source}: ${dotted}: cannot read key file ${file} ` +
      `(${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** A path to a file that is missing, though it could be read as a Z85 key (40 characters of the Z85
 *  alphabet include '/', '.', '-'): its directory exists, so it was meant as a path. */
function missingFileLikeKey(value: string): boolean {
  const dir = path.dirname(value);
  return value.includes('/') && dir !== '/' && dir !== '.' && fs.existsSync(dir) && fs.statSync(dir).isDirectory();
}

/** A 40-character Z85 key, given literally or in a file. An existing file wins over the literal reading. */
export function resolveKey(value: string, dotted: string, kind: KeyKind, source: string): string {
  if (!value) {
    throw new ConfigError(`${source}: security.curve is true but ${dotted} is empty (a Z85 key or a key file)`);
  }
  if (!fs.existsSync(value) && isZ85Key(value) && !missingFileLikeKey(value)) return value;
  if (!fs.existsSync(value)) {
    // Not a key and not a file. Print the value only when it cannot be a (mistyped) secret key.
    const shown = kind === 'public' || value.length !== 40 || missingFileLikeKey(value) ?
      ` "${value}"`
      : ' (value not shown: it may be a secret key)';
    throw new ConfigError(`${source}: ${dotted}${shown} is neither a 40-character Z85 key nor an existing key file`);
  }
  const text = readKeyFile(value, dotted, source);
  const lines = keyLines(text);
  if (lines.length !== 1 || !isZ85Key(lines[0])) {
    throw new ConfigError(`${source}: ${dotted}: key file ${value} must hold exactly one 40-character Z85 key ` +
      `(found ${lines.length} key line(s)${lines.length === 1 ? ' that is not valid Z85' : ''})`);
  }
  const other: KeyKind = kind === 'public' ? 'secret' : 'public';
  if (new RegExp(`\\b${other} key\\b`, 'i').test(text) && !new RegExp(`\\b${kind} key\\b`, 'i').test(text)) {
    throw new ConfigError(`${source}: ${dotted}: key file ${value} holds a ${other} key, not a ${kind} key`);
  }
  const unsafe = kind === 'secret' ? secretFileModeProblem(value) : null;
  if (unsafe) throw new ConfigError(`${source}: ${dotted}: secret key file ${unsafe}`);
  return lines[0];
}

/** Every entry is a key or a file with one key per line. Duplicates are dropped. */
export function resolveAllowlist(entries: readonly string[], source: string): string[] {
  const dotted = 'security.allowed_clients';
  const out = new Set<string>();
  entries.forEach((entry, i) => {
    if (!fs.existsSync(entry) && isZ85Key(entry) && !missingFileLikeKey(entry)) {
      out.add(entry);
      return;
    }
    if (!fs.existsSync(entry)) {
      throw new ConfigError(
        `${source}: ${dotted}[${i}] "${entry}" is neither a 40-character Z85 public key nor an existing file`,
      );
    }
    keyLines(readKeyFile(entry, `${dotted}[${i}]`, source)).forEach((line, n) => {
      if (!isZ85Key(line)) {
        throw new ConfigError(
          `${source}: ${dotted}[${i}]: ${entry} line ${n + 1} of its keys is not a 40-character Z85 key`,
        );
      }
      out.add(line);
    });
  });
  if (out.size === 0) {
    throw new ConfigError(`${source}: security.curve is true but ${dotted} lists no key: no worker could connect`);
  }
  return [...out];
}

/** The Curve25519 public key of a secret key (node's X25519), in Z85. */
export function publicKeyOf(secretZ85: string): string {
  const secret = z85Decode(secretZ85)!;
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), secret]);
  const spki = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'der',
    type: 'spki' });
  return z85Encode(spki.subarray(spki.length - 32));
}

function pair(s: SecurityConfig, who: 'server' | 'client', source: string): CurveKeyPair {
  const pub = `security.${who}_public_key`, sec = `security.${who}_secret_key`;
  const publicKey = resolveKey(s[`${who}_public_key`], pub, 'public', source);
  const secretKey = resolveKey(s[`${who}_secret_key`], sec, 'secret', source);
  if (publicKeyOf(secretKey) !== publicKey) {
    throw new ConfigError(`${source}: ${sec} does not belong to ${pub} ${publicKey} (not one key pair)`);
  }
  return { publicKey, secretKey };
}

/** null when security.curve is false. */
export function coordinatorCurve(s: SecurityConfig, source: string): CoordinatorCurve | null {
  if (!s.curve) return null;
  return { server: pair(s, 'server', source), allowedClients: resolveAllowlist(s.allowed_clients, source) };
}

/** null when security.curve is false. The worker's own key must be allowed: its ring peers check it. */
export function workerCurve(s: SecurityConfig, source: string): WorkerCurve | null {
  if (!s.curve) return null;
  const serverPublicKey = resolveKey(s.server_public_key, 'security.server_public_key', 'public', source);
  const own = pair(s, 'client', source);
  const allowedClients = resolveAllowlist(s.allowed_clients, source);
  if (!allowedClients.includes(own.publicKey)) {
    throw new ConfigError(`${source}: security.client_public_key ${own.publicKey} is not in security.allowed_clients ` +
      '(the coordinator and the other workers would refuse it)');
  }
  return { serverPublicKey, own, allowedClients };
}
