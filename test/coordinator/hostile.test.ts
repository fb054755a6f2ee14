// Hostile control-plane input against a real coordinator process on a real socket: strangers' Hellos
// (never fatal, answered without the expected secrets), and impossible reports from a joined worker
// (that rank is named and the group restarts; the coordinator survives).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mygpt } from '../../src/gen/mygpt';
import { createZmqControlClient } from '../../src/transport/zmq/control_client';
import { configHash, loadConfig, ringTransportOf } from '../../src/config/load';
import { PROTOCOL_VERSION, refuseLabel } from '../../src/control/handshake';
import { REFUSE_REASONS } from '../../src/contracts';
import { printable } from '../../src/control/printable';
import { TrainingMetrics } from '../../src/metrics/training';
import { serveMetrics } from '../../src/metrics/server';
import { MAX_CONNECTIONS } from '../../src/metrics/server';
import net from 'node:net';
import { ExitCode } from '../../src/exit_codes';
import { cleanup, controlEndpoint, exitWithin, start, tinyConfig } from './harness';
import { send, until, withScriptedRun } from './scripted';

test('refuse labels follow the proto enum; peer strings lose control characters and length', () => {
  const names = Object.keys(mygpt.RefuseReason).filter((k) => isNaN(Number(k)));
  assert.deepEqual(names.map((n) => refuseLabel(mygpt.RefuseReason[n as keyof typeof mygpt.RefuseReason])), [
    ...REFUSE_REASONS,
  ]);
  assert.equal(printable('node-a\n[rank 0] forged\u001b[2J'), 'node-a\\u000a[rank 0] forged\\u001b[2J');
  assert.equal(printable('x'.repeat(300)).length, 259);
  assert.equal(printable('a\nb\tc', 10, true), 'a\nb\\u0009c');
});

test('refusals are counted by reason; /metrics holds at most MAX_CONNECTIONS connections', async () => {
  const m = new TrainingMetrics({ defaultMetrics: false });
  m.incRefusals(refuseLabel(mygpt.RefuseReason.REFUSE_BAD_LAUNCH_TOKEN));
  m.incRefusals('config_mismatch');
  m.incRefusals('config_mismatch');
  const text = await m.registry.metrics();
  assert.match(text, /^mygpt_refusals_total\{reason="bad_launch_token"\} 1$/m);
  assert.match(text, /^mygpt_refusals_total\{reason="config_mismatch"\} 2$/m);
  const srv = await serveMetrics(m.registry, '127.0.0.1', 0);
  const socks: net.Socket[] = [];
  try {
    const closed = await Promise.all(
      Array.from({ length: MAX_CONNECTIONS + 8 }, () =>
        new Promise<boolean>((resolve) => {
          const c = net.connect(srv.port, '127.0.0.1');
          socks.push(c);
          c.on('close', () => resolve(true));
          c.on('error', () => resolve(true));
          setTimeout(() => resolve(false), 1500); // still open: held by the server
        })),
    );
    assert.equal(closed.filter((x) => !x).length, MAX_CONNECTIONS, 'connections the server kept open');
  } finally {
    for (const c of socks) c.destroy();
    await srv.close();
  }
});

test('strangers asking for launched rank 0 during gang start are refused and the run completes', { timeout: 60_000 },
  async () => {
    const { dir, file } = tinyConfig({ train: { max_steps: 6, log_interval: 1 }, cluster: { workers: 2 } });
    const coord = start('mygpt-coord', ['--config', file]);
    const strangers = [createZmqControlClient(), createZmqControlClient()];
    try {
      const endpoint = await controlEndpoint(coord);
      const right = configHash(loadConfig(file));
      // one with a wrong config hash, one with the right hash (as if leaked) but no launch token: both ask for rank 0
      const hashes = ['f'.repeat(64), right];
      for (const [i, c] of strangers.entries()) {
        c.connect(endpoint);
        await send(c, {
          hello: { protocolVersion: PROTOCOL_VERSION, pid: 4000 + i, host: 'evil\nrank 0 joined', requestedRank: 0,
            device: 'cpu', configHash: hashes[i], ringAddress: 'tcp://127.0.0.1:9',
            ringTransport: ringTransportOf(loadConfig(file)) },
        });
      }
      const replies = await Promise.all(strangers.map((c) => until(c, 'refuse', 10_000)));
      assert.equal(replies[0].refuse!.code, mygpt.RefuseReason.REFUSE_CONFIG_MISMATCH);
      assert.equal(replies[1].refuse!.code, mygpt.RefuseReason.REFUSE_BAD_LAUNCH_TOKEN);
      for (const r of replies) {
        assert.ok(!r.refuse!.reason!.includes(right), `a Refuse revealed the config hash: ${r.refuse!.reason}`);
      }
      const { code } = await exitWithin(coord, 50_000);
      const out = coord.out();
      assert.equal(code, ExitCode.Ok, out);
      assert.match(out,
        /refused worker pid 4000 on "evil\\\\u000arank 0 joined" \(requested rank 0\): config hash mismatch/);
      assert.match(out,
        /refused worker pid 4001 .*: this coordinator launches its workers; a Hello must carry the launch token/);
      assert.doesNotMatch(out, /^rank \d joined: pid 400/m);
      assert.match(out, /^step 6\/6 /m);
    } finally {
      for (const c of strangers) c.close();
      coord.kill('SIGKILL');
      cleanup(dir);
    }
  });

/** A scripted gang past Start (both ranks report step 0 with equal checksums). */
async function started(peers: ReturnType<typeof createZmqControlClient>[]): Promise<void> {
  for (const [rank, c] of peers.entries()) await send(c, { stepReport: { rank, step: 0, weightsChecksum: 'same' } });
  for (const c of peers) await until(c, 'start', 10_000);
}

const BAD: [string, mygpt.IEnvelope, RegExp][] = [
  ['negative compute_s', { stepReport: { rank: 1, step: 1, loss: 3, computeS: -1, stepS: 0.01, tokens: 64 } },
    /rank 1 \(pid 1001 on script, device cpu\) sent a bad StepReport: compute_s -1 is not a duration/],
  ['NaN step_s', { stepReport: { rank: 1, step: 1, loss: 3, stepS: NaN, tokens: 64 } },
    /rank 1 .* sent a bad StepReport: step_s NaN/],
  ['a step past the run', { stepReport: { rank: 1, step: 1e9, loss: 3 } },
    /rank 1 .* sent a bad StepReport: step 1000000000 is outside the run/],
  ['a checkpoint path from rank 1', { stepReport: { rank: 1, step: 1, loss: 3, checkpointPath: '/etc/passwd' } },
    /rank 1 .* sent a bad StepReport: names a checkpoint .* but only rank 0 writes them/],
  ['a second Done', { done: { rank: 1, step: 2 } }, /rank 1 .* sent a bad Done: a second Done/],
];

for (const [what, body, named] of BAD) {
  test(`a worker's report with ${what} fails that rank (named, restarted); the coordinator survives`, {
    timeout: 30_000,
  }, async () => {
    await withScriptedRun({ max_restarts: 2 }, async ({ coord, peers }) => {
      await started(peers);
      if (body.done) await send(peers[1], { done: { rank: 1, step: 2 } });
      await send(peers[1], body);
      // the group restarts: every rank is told to rejoin, the coordinator keeps running
      for (const c of peers) assert.equal((await until(c, 'shutdown', 10_000)).shutdown!.restart, true);
      await coord.waitFor(/restart 1 of 2 \(generation 1\)/, 5000);
      assert.match(coord.out(), named);
      assert.equal(coord.child.exitCode, null, coord.out());
    });
  });
}

test('a Done before Start fails that rank, not the coordinator', { timeout: 30_000 }, async () => {
  await withScriptedRun({ max_restarts: 1 }, async ({ coord, peers }) => {
    await send(peers[1], { done: { rank: 1, step: 0 } });
    await coord.waitFor(/rank 1 .* sent a bad Done: Done before Start \(state READY\)/, 10_000);
    await coord.waitFor(/restart 1 of 1/, 5000);
    assert.equal(coord.child.exitCode, null);
  });
});
