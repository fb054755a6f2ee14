// mygpt-keys writes loadable key pairs (secret files mode 0600); the security config section resolves
// keys from Z85 strings or files, with errors naming the key and the file and never a secret; secrets
// stay out of the config hash and of checkpoints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, configHash, loadConfig, redactSecrets } from '../../src/config/load';
import type { SecurityConfig } from '../../src/config/types';
import { coordinatorCurve, publicKeyOf, resolveKey, workerCurve } from '../../src/security/keys';
import { isZ85Key, z85Decode, z85Encode } from '../../src/security/z85';
import { plainBindWarning } from '../../src/security/exposure';
import { generateCurveKeyPair } from '../../src/transport/zmq/options';
import { runBin, tmpDir } from '../helpers';

const SRC = 'run.yaml';
const sec = (o: Partial<SecurityConfig>): SecurityConfig => ({ ...loadConfig().security, curve: true, ...o });

test('z85 matches the RFC 32 test vector and zeromq keys; X25519 public key derivation matches zeromq', () => {
  const hello = Uint8Array.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]);
  assert.equal(z85Encode(hello), 'HelloWorld');
  assert.deepEqual(z85Decode('HelloWorld'), hello);
  assert.equal(z85Decode('Hell~World'), null);
  for (let i = 0; i < 5; i++) {
    const kp = generateCurveKeyPair();
    assert.ok(isZ85Key(kp.publicKey) && isZ85Key(kp.secretKey));
    assert.equal(z85Encode(z85Decode(kp.publicKey)!), kp.publicKey);
    assert.equal(publicKeyOf(kp.secretKey), kp.publicKey);
  }
  assert.equal(isZ85Key('x'.repeat(39)), false);
});

test('mygpt-keys writes key pairs (secret mode 0600) and an allowlist that the config loads', () => {
  const dir = tmpDir('keys');
  const out = path.join(dir, 'curve');
  const r = runBin('mygpt-keys.js', ['--out', out, 'server', 'worker-0', 'worker-1']);
  assert.equal(r.code, 0, r.stderr);
  for (const n of ['server', 'worker-0', 'worker-1']) {
    assert.equal(fs.statSync(path.join(out, `${n}.secret`)).mode & 0o777, 0o600, `${n}.secret mode`);
    assert.equal(fs.statSync(path.join(out, `${n}.public`)).mode & 0o077,
      0o044 & fs.statSync(path.join(out, `${n}.public`)).mode);
    const secret = resolveKey(path.join(out, `${n}.secret`), 'k', 'secret', SRC);
    assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'mygpt-keys printed a secret');
    assert.ok(r.stdout.includes(resolveKey(path.join(out, `${n}.public`), 'k', 'public', SRC)));
  }
  const f = (n: string) => path.join(out, n);
  const w1 = workerCurve(
    sec({ server_public_key: f('server.public'), client_public_key: f('worker-1.public'),
      client_secret_key: f('worker-1.secret'), allowed_clients: [f('allowed_clients')] }),
    SRC,
  )!;
  assert.equal(w1.allowedClients.length, 2);
  assert.ok(w1.allowedClients.includes(w1.own.publicKey));
  assert.equal(publicKeyOf(w1.own.secretKey), w1.own.publicKey);
  const c = coordinatorCurve(
    sec({ server_public_key: f('server.public'), server_secret_key: f('server.secret'),
      allowed_clients: [f('allowed_clients')] }),
    SRC,
  )!;
  assert.equal(c.server.publicKey, w1.serverPublicKey);
  assert.ok(!c.allowedClients.includes(c.server.publicKey), 'the server key is not a client key');
  // no overwrite without --force; the allowlist accumulates
  const again = runBin('mygpt-keys.js', ['--out', out, 'worker-1']);
  assert.equal(again.code, 2); // Config: rerunning the same command cannot help
  assert.match(again.stderr, /worker-1\.(secret|public): already exists; pass --force/);
  assert.equal(runBin('mygpt-keys.js', ['--out', out, 'worker-2']).code, 0);
  assert.equal(
    coordinatorCurve(
      sec({ server_public_key: f('server.public'), server_secret_key: f('server.secret'),
        allowed_clients: [f('allowed_clients')] }),
      SRC,
    )!.allowedClients.length,
    3,
  );
  // literal Z85 strings work as well as files
  const kp = generateCurveKeyPair();
  const lit = workerCurve(
    sec({ server_public_key: c.server.publicKey, client_public_key: kp.publicKey, client_secret_key: kp.secretKey,
      allowed_clients: [kp.publicKey, f('allowed_clients')] }),
    SRC,
  )!;
  assert.equal(lit.own.secretKey, kp.secretKey);
  assert.throws(() => coordinatorCurve(sec({}), SRC), /security\.server_public_key is empty/);
  assert.equal(coordinatorCurve({ ...sec({}), curve: false }, SRC), null);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a secret key file readable by group or others is refused naming the file and its mode; ' +
  'public files may be 0644', () => {
  const dir = tmpDir('keymode');
  const kp = generateCurveKeyPair();
  const sec = path.join(dir, 'w.secret'), pub = path.join(dir, 'w.public');
  fs.writeFileSync(sec, `# mygpt CURVE secret key (Z85)\n${kp.secretKey}\n`, { mode: 0o600 });
  fs.writeFileSync(pub, `# mygpt CURVE public key (Z85)\n${kp.publicKey}\n`, { mode: 0o644 });
  fs.chmodSync(pub, 0o644);
  const dotted = 'security.client_secret_key';
  assert.equal(resolveKey(sec, dotted, 'secret', SRC), kp.secretKey);
  assert.equal(resolveKey(pub, 'security.client_public_key', 'public', SRC), kp.publicKey);
  const refused = (why: RegExp) => (e: unknown) =>
    e instanceof ConfigError && !e.message.includes(kp.secretKey) &&
    e.message.startsWith(`${SRC}: ${dotted}: secret key file ${sec} is `) && why.test(e.message);
  for (const [mode, why] of [[0o644, /accessible by other users \(mode 0644\); run: chmod 600/], [0o604,
    /other users \(mode 0604\)/], [0o640, /readable by its group \(mode 0640\)/], [0o620,
    /writable by its group \(mode 0620\)/]] as const)
  {
    fs.chmodSync(sec, mode);
    assert.throws(() => resolveKey(sec, dotted, 'secret', SRC), refused(why), `mode ${mode.toString(8)}`);
  }
  // Shared with us on purpose: another user's file readable through its group (a Kubernetes Secret volume,
  // root-owned, 0440, group = fsGroup). Needs root to create here.
  if (process.getuid?.() === 0) {
    fs.chownSync(sec, 12345, 0);
    fs.chmodSync(sec, 0o440);
    assert.equal(resolveKey(sec, dotted, 'secret', SRC), kp.secretKey);
    fs.chmodSync(sec, 0o444);
    assert.throws(() => resolveKey(sec, dotted, 'secret', SRC), refused(/other users \(mode 0444\)/));
  }
});

test('bad keys: config errors name the key and the file, never a secret value', () => {
  const dir = tmpDir('badkeys');
  const kp = generateCurveKeyPair(), other = generateCurveKeyPair();
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text, { mode: 0o600 });
    return p;
  };
  const pub = file('a.public', `# mygpt CURVE public key (Z85)\n${kp.publicKey}\n`);
  const secFile = file('a.secret', `# mygpt CURVE secret key (Z85)\n${kp.secretKey}\n`);
  const base = { server_public_key: other.publicKey, client_public_key: pub, client_secret_key: secFile,
    allowed_clients: [kp.publicKey] };
  const cases: [Partial<SecurityConfig>, RegExp][] = [
    [{ client_secret_key: '' }, /run\.yaml: security\.curve is true but security\.client_secret_key is empty/],
    [{ client_secret_key: path.join(dir, 'missing.secret') },
      /security\.client_secret_key ".*missing\.secret" is neither a 40-character Z85 key nor an existing key file/],
    [{ client_secret_key: dir }, new RegExp(`security\\.client_secret_key: cannot read key file ${dir} \\(EISDIR\\)`)],
    [{ client_secret_key: file('junk.secret', 'not a key\n') },
      /security\.client_secret_key: key file .*junk\.secret must hold exactly one 40-character Z85 key/],
    [{ client_secret_key: pub },
      /security\.client_secret_key: key file .*a\.public holds a public key, not a secret key/],
    [{ client_secret_key: other.secretKey },
      /security\.client_secret_key does not belong to security\.client_public_key/],
    [{ server_public_key: 'HelloWorld' }, /security\.server_public_key "HelloWorld" is neither/],
    [{ allowed_clients: [] }, /security\.allowed_clients lists no key: no worker could connect/],
    [{ allowed_clients: [other.publicKey] }, /security\.client_public_key \S+ is not in security\.allowed_clients/],
    [{ allowed_clients: [file('allow', `${kp.publicKey}\nbad-line\n`)] },
      /security\.allowed_clients\[0\]: .*allow line 2 of its keys is not a 40-character Z85 key/],
  ];
  for (const [o, re] of cases) {
    assert.throws(() => workerCurve(sec({ ...base, ...o }), SRC), (e: Error) => {
      assert.ok(e instanceof ConfigError, e.message);
      assert.match(e.message, re);
      for (const s of [kp.secretKey, other.secretKey]) assert.ok(!e.message.includes(s), `secret in: ${e.message}`);
      return true;
    });
  }
  // a mistyped literal secret (40 characters, not Z85) is not echoed
  assert.throws(() => workerCurve(sec({ ...base, client_secret_key: `~${kp.secretKey.slice(1)}` }), SRC),
    (e: Error) => /value not shown/.test(e.message) && !e.message.includes(kp.secretKey.slice(1)));
  assert.throws(
    () =>
      coordinatorCurve(
        sec({ server_public_key: other.publicKey, server_secret_key: '', allowed_clients: [kp.publicKey] }),
        SRC,
      ),
    /security\.server_secret_key is empty/,
  );
  // unknown keys in the section and wrong types are schema errors naming the key; a secret's value is not shown
  const y = path.join(dir, 'x.yaml');
  fs.writeFileSync(y, 'security:\n  curve: true\n  client_key: abc\n');
  assert.throws(() => loadConfig(y),
    /x\.yaml: unknown key security\.client_key \(known in security: curve, server_public_key/);
  fs.writeFileSync(y, 'security:\n  client_secret_key: 12345\n');
  assert.throws(() => loadConfig(y),
    (e: Error) =>
      /security\.client_secret_key must be a string \(value not shown/.test(e.message) && !e.message.includes('12345'));
  fs.writeFileSync(y, 'security:\n  allowed_clients: abc\n');
  assert.throws(() => loadConfig(y), /security\.allowed_clients must be a list of strings/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('secrets stay out of the config hash and checkpoints; exposed plain binds warn', () => {
  const kp = generateCurveKeyPair();
  const plain = loadConfig();
  const withKeys = loadConfig(undefined, ['security.curve=true', `security.client_secret_key=${kp.secretKey}`,
    `security.client_public_key=${kp.publicKey}`]);
  assert.equal(withKeys.security.client_secret_key, kp.secretKey);
  assert.equal(configHash(withKeys), configHash(plain));
  const red = redactSecrets(withKeys);
  assert.ok(!JSON.stringify(red).includes(kp.secretKey));
  assert.equal(red.security.client_public_key, kp.publicKey);
  assert.equal(withKeys.security.client_secret_key, kp.secretKey, 'redaction copies, it does not mutate');
  assert.match(plainBindWarning('the control socket', '0.0.0.0', false)!,
    /binds 0\.0\.0\.0 .* without encryption .* security\.curve: true/);
  assert.equal(plainBindWarning('x', '0.0.0.0', true), null);
  assert.equal(plainBindWarning('x', '127.0.0.1', false), null);
  assert.equal(plainBindWarning('x', 'localhost', false), null);
});
