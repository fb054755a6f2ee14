// Handshake refusals against a real coordinator process (external mode) on a real socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mygpt } from '../../src/gen/mygpt';
import { createZmqControlClient } from '../../src/transport/zmq/control_client';
import { configHash, loadConfig } from '../../src/config/load';
import { cleanup, controlEndpoint, exitWithin, Proc, start, tinyConfig } from './harness';
import { ExitCode } from '../../src/exit_codes';

const external = { cluster: { external: true, world_size: 2, join_timeout_s: 20 } };

/** An external world-2 coordinator on a tiny config (`cluster` merged into it) for `body`, with its control endpoint;
 *  afterwards it is stopped by SIGTERM, awaited, and its directory removed. */
async function withCoordinator(cluster: Record<string, unknown>,
  body: (c: { coord: Proc; file: string; endpoint: string; }) => Promise<void>): Promise<void>
{
  const { dir, file } = tinyConfig({ cluster: { ...external.cluster, ...cluster } });
  const coord = start('mygpt-coord', ['--config', file]);
  try {
    await body({ coord, file, endpoint: await controlEndpoint(coord) });
  } finally {
    coord.kill('SIGTERM');
    await exitWithin(coord, 10_000);
    cleanup(dir);
  }
}

/** Sends one Hello from a raw control client (this version, the config's hash, but for what `fields` sets) and
 *  returns the coordinator's reply. */
async function hello(endpoint: string, file: string, fields: mygpt.IHello) {
  const client = createZmqControlClient();
  try {
    client.connect(endpoint);
    await client.send({
      header: mygpt.Envelope.encode({
        hello: { protocolVersion: mygpt.ProtocolVersion.PROTOCOL_VERSION_CURRENT, host: 'test', requestedRank: -1,
          configHash: configHash(loadConfig(file)), ringAddress: 'tcp://127.0.0.1:1', ...fields },
      }).finish(),
    });
    return await client.receive(10_000);
  } finally {
    client.close();
  }
}

test('a Hello with another protocol version is refused, naming both versions', { timeout: 30_000 }, async () => {
  await withCoordinator({}, async ({ coord, file, endpoint }) => {
    const reply = await hello(endpoint, file, { protocolVersion: 99, pid: 1 });
    assert.equal(reply.envelope.body, 'refuse');
    assert.match(reply.envelope.refuse!.reason ?? '', new RegExp(
      `protocol version mismatch: worker speaks 99, coordinator speaks ` +
        `${mygpt.ProtocolVersion.PROTOCOL_VERSION_CURRENT}$`,
    ));
    await coord.waitFor(/refused worker pid 1 on "test"/, 5000);
  });
});

test('a worker with a different config is refused naming its own hash only (never the expected one) and exits non-zero',
  { timeout: 30_000 }, async () => {
  await withCoordinator({}, async ({ coord, file, endpoint }) => {
    const worker = start('mygpt-worker', ['--coordinator', endpoint, '--config', file, '--set', 'train.lr=0.5']);
    const { code } = await exitWithin(worker, 15_000);
    assert.equal(code, ExitCode.Refused, worker.out());
    const ours = configHash(loadConfig(file));
    const theirs = configHash(loadConfig(file, ['train.lr=0.5']));
    assert.notEqual(ours, theirs);
    assert.match(worker.out(), new RegExp(
      `refused by coordinator: config hash mismatch: worker sent ${theirs}, which is not the coordinator's`,
    ));
    assert.ok(!worker.out().includes(ours), "the Refuse handed out the coordinator's config hash");
    // the coordinator keeps waiting for a correct worker rather than crashing
    assert.equal(coord.child.exitCode, null);
  });
});

test(
  'a worker on another ring data plane is refused as a config mismatch naming cluster.ring_transport; ' +
    'a real worker started with it exits 3',
  { timeout: 40_000 },
  async () => {
    await withCoordinator({ ring_transport: 'zmq' }, async ({ file, endpoint }) => {
      const reply = await hello(endpoint, file, { pid: 7, ringTransport: 'tcp' });
      assert.equal(reply.envelope.refuse?.code, mygpt.RefuseReason.REFUSE_CONFIG_MISMATCH);
      assert.match(reply.envelope.refuse.reason ?? '',
        /ring transport mismatch: worker speaks "tcp", the coordinator's cluster\.ring_transport is "zmq"/);
      // the same from a real worker whose config says tcp (ring_transport is not a training-relevant key, so the hash
      // matches)
      const worker = start('mygpt-worker', ['--coordinator', endpoint, '--config', file, '--set',
        'cluster.ring_transport=tcp']);
      const { code } = await exitWithin(worker, 30_000);
      assert.equal(code, ExitCode.Refused, worker.out());
      assert.match(worker.out(), /ring transport mismatch/);
    });
  },
);
