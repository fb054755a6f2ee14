// Real processes on real sockets with security.curve: a 2-worker run with allowed keys trains to
// completion; a worker with an unknown key and a plain (non-CURVE) worker are refused, logged by the
// coordinator with their address and key, and the gang waits for the right worker (or fails at the
// join timeout naming the missing rank). No secret key appears in any output or checkpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { cleanup, exitWithin, killAll, ROOT, start, tinyConfig } from '../coordinator/harness';

/** Key pairs via the real mygpt-keys command. */
function makeKeys(dir: string, names: string[]): (f: string) => string {
  const out = path.join(dir, 'curve');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'mygpt-keys.js'), '--out', out, ...names], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return (f) => path.join(out, f);
}
const keyOf = (file: string) => fs.readFileSync(file, 'utf8').split('\n').find((l) => l && !l.startsWith('#'))!;

function curveSection(k: (f: string) => string, client: string) {
  return { curve: true, server_public_key: k('server.public'), server_secret_key: k('server.secret'),
    client_public_key: k(`${client}.public`), client_secret_key: k(`${client}.secret`),
    allowed_clients: [k('allowed_clients')] };
}

function assertNoSecrets(text: string, k: (f: string) => string, names: string[]): void {
  for (const n of names) assert.ok(!text.includes(keyOf(k(`${n}.secret`))), `secret key of ${n} appears in output`);
}

test('CURVE on: two launched workers with an allowed key train to completion', { timeout: 90_000 }, async () => {
  const probe = tinyConfig();
  const k = makeKeys(probe.dir, ['server', 'client']);
  const { dir, file } = tinyConfig({ run: { dir: path.join(probe.dir, 'run') }, security: curveSection(k, 'client') });
  const coord = start('mygpt-coord', ['--config', file]);
  try {
    const { code } = await exitWithin(coord, 60_000);
    const out = coord.out();
    assert.equal(code, 0, out);
    assert.match(out,
      new RegExp(`CURVE on: coordinator public key ${escape(keyOf(k('server.public')))}, 1 allowed client key`));
    assert.match(out, /^step 20\/20 \| loss/m);
    assert.doesNotMatch(out, /refused|handshake .* failed/);
    const summary = JSON.parse(fs.readFileSync(path.join(probe.dir, 'run', 'summary.json'), 'utf8'));
    assert.equal(summary.ok, true);
    assertNoSecrets(out + fs.readFileSync(summary.checkpointPath).toString('latin1'), k, ['server', 'client']);
  } finally {
    coord.kill('SIGKILL');
    cleanup(dir);
    cleanup(probe.dir);
  }
});

test('CURVE on: an unknown key and a plain worker are refused and logged; the gang waits for the right worker', {
  timeout: 120_000,
}, async () => {
  const probe = tinyConfig();
  const k = makeKeys(probe.dir, ['server', 'w0', 'w1']);
  const stranger = makeKeys(path.join(probe.dir, 'other'), ['w9']); // a valid pair the cluster does not know
  const cluster = { external: true, world_size: 2, join_timeout_s: 40 };
  const base = { run: { dir: path.join(probe.dir, 'run') }, cluster };
  const cfg = (client: string) => tinyConfig({ ...base, security: curveSection(k, client) }).file;
  const strangerCfg =
    tinyConfig({ ...base,
      security: { ...curveSection(k, 'w0'), client_public_key: stranger('w9.public'),
        client_secret_key: stranger('w9.secret'), allowed_clients: [stranger('allowed_clients')] } }).file;
  const plainCfg = tinyConfig(base).file;
  const coord = start('mygpt-coord', ['--config', cfg('w0')]);
  const workers: ReturnType<typeof start>[] = [];
  try {
    const [, endpoint] = await coord.waitFor(/listening on (tcp:\/\/127\.0\.0\.1:\d+) for 2 worker/, 15_000);
    workers.push(start('mygpt-worker', ['--coordinator', endpoint, '--config', cfg('w0'), '--rank', '0']));
    await coord.waitFor(/rank 0 joined/, 20_000);
    const bad = start('mygpt-worker', ['--coordinator', endpoint, '--config', strangerCfg, '--rank', '1']);
    const plain = start('mygpt-worker', ['--coordinator', endpoint, '--config', plainCfg, '--rank', '1']);
    workers.push(bad, plain);
    const w9 = keyOf(stranger('w9.public'));
    await coord.waitFor(
      new RegExp(
        `refused connection to control socket tcp://127\\.0\\.0\\.1:\\d+ from 127\\.0\\.0\\.1 with CURVE key ${
          escape(w9)
        }`,
      ),
      20_000,
    );
    // the plain peer: libzmq reports a mechanism mismatch, or the peer hanging up first (a race)
    await coord.waitFor(
      /CURVE handshake on control socket \(tcp:\/\/127\.0\.0\.1:\d+\) failed: (protocol error|handshake aborted)/,
      20_000,
    );
    // both strangers give up by themselves, fast, naming the cause; neither got a rank
    const b = await exitWithin(bad, 15_000), p = await exitWithin(plain, 15_000);
    assert.notEqual(b.code, 0);
    assert.match(bad.out(), /authentication refused/);
    assert.notEqual(p.code, 0);
    assert.match(plain.out(),
      /CURVE handshake on control connection to the coordinator .* failed: (protocol error|handshake aborted)/);
    assert.doesNotMatch(coord.out(), /rank 1 joined/);
    // the right worker arrives: the run proceeds with it and completes
    workers.push(start('mygpt-worker', ['--coordinator', endpoint, '--config', cfg('w1'), '--rank', '1']));
    const { code } = await exitWithin(coord, 60_000);
    assert.equal(code, 0, coord.out());
    assert.match(coord.out(), /rank 1 joined: pid \d+/);
    assert.match(coord.out(), /^step 20\/20 \| loss/m);
    assertNoSecrets(coord.out() + workers.map((w) => w.out()).join('\n'), k, ['server', 'w0', 'w1']);
    assertNoSecrets(bad.out(), stranger, ['w9']);
  } finally {
    coord.kill('SIGKILL');
    await killAll(workers);
    cleanup(probe.dir);
  }
});

test('CURVE on: with only a stranger for rank 1 the gang fails at the join timeout naming rank 1', { timeout: 60_000 },
  async () => {
    const probe = tinyConfig();
    const k = makeKeys(probe.dir, ['server', 'w0']);
    const stranger = makeKeys(path.join(probe.dir, 'other'), ['w9']);
    const base = { run: { dir: path.join(probe.dir, 'run') },
      cluster: { external: true, world_size: 2, join_timeout_s: 6 } };
    const { file } = tinyConfig({ ...base, security: curveSection(k, 'w0') });
    const strangerCfg =
      tinyConfig({ ...base,
        security: { ...curveSection(k, 'w0'), client_public_key: stranger('w9.public'),
          client_secret_key: stranger('w9.secret'), allowed_clients: [stranger('allowed_clients')] } }).file;
    const coord = start('mygpt-coord', ['--config', file]);
    const workers: ReturnType<typeof start>[] = [];
    try {
      const [, endpoint] = await coord.waitFor(/listening on (tcp:\/\/127\.0\.0\.1:\d+) for 2 worker/, 15_000);
      workers.push(start('mygpt-worker', ['--coordinator', endpoint, '--config', file, '--rank', '0']));
      workers.push(start('mygpt-worker', ['--coordinator', endpoint, '--config', strangerCfg]));
      const { code } = await exitWithin(coord, 30_000);
      assert.equal(code, 1);
      assert.match(coord.out(), /refused connection to control socket .* with CURVE key/);
      assert.match(coord.out(), /gang start failed: 1 of 2 worker\(s\) did not join within 6s .*missing rank 1/);
      for (const w of workers) assert.notEqual((await exitWithin(w, 15_000)).code, 0);
    } finally {
      coord.kill('SIGKILL');
      await killAll(workers);
      cleanup(probe.dir);
    }
  });

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

test('CURVE on: each worker makes a new ring key pair per generation; after a kill the survivor keys the next ' +
  'generation anew and the run completes', { timeout: 120_000 }, async () => {
  const probe = tinyConfig();
  const k = makeKeys(probe.dir, ['server', 'client']); // one client key pair for both workers, as pods share one
  const { dir, file } = tinyConfig({ run: { dir: path.join(probe.dir, 'run') }, security: curveSection(k, 'client'),
    train: { max_steps: 60, checkpoint_interval: 1000, log_interval: 1 } });
  const coord = start('mygpt-coord', ['--config', file]);
  try {
    await coord.waitFor(/^step 10\/60/m, 60_000);
    const pid = Number([...coord.out().matchAll(/launched rank 1 \(pid (\d+)/g)].at(-1)![1]);
    process.kill(pid, 'SIGKILL');
    const { code } = await exitWithin(coord, 90_000);
    const out = coord.out();
    assert.equal(code, 0, out);
    assert.match(out, /^step 60\/60 \| loss/m);
    const gens = [...out.matchAll(/generation (\d+) ring keys \(CURVE[^)]*\): (.*)$/gm)]
      .map((m) => ({ g: Number(m[1]), keys: [...m[2].matchAll(/rank \d+ ([!-~]{40})/g)].map((x) => x[1]) }));
    assert.ok(gens.length >= 2, `a line per generation: ${JSON.stringify(gens)}`);
    const [g1, g2] = gens;
    assert.ok(g2.g > g1.g, 'the second line is a later generation');
    for (const g of [g1, g2]) assert.equal(g.keys.length, 2, `two ring keys in generation ${g.g}`);
    assert.equal(new Set([...g1.keys, ...g2.keys]).size, 4, `every key new: ${JSON.stringify(gens)}`);
    const client = keyOf(k('client.public'));
    assert.ok(![...g1.keys, ...g2.keys].includes(client), 'no ring key is the long-term client key');
    assertNoSecrets(out, k, ['server', 'client']);
  } finally {
    coord.kill('SIGKILL');
    cleanup(dir);
    cleanup(probe.dir);
  }
});
