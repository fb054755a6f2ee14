// Replica checksums: the coordinator compares every rank's weights sha256 at start and at each
// checksum step, and stops the run naming the rank and the step. Workers are scripted peers speaking
// the real protocol to a real coordinator process (a real divergence cannot be produced on purpose:
// identical all-reduced gradients give identical updates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mygpt } from '../../src/gen/mygpt';
import { createZmqControlClient } from '../../src/transport/zmq';
import type { ControlClient } from '../../src/transport/types';
import { configHash, loadConfig } from '../../src/config/load';
import { PROTOCOL_VERSION } from '../../src/control/handshake';
import { cleanup, controlEndpoint, exitWithin, start, tinyConfig } from './harness';

const send = (c: ControlClient, body: mygpt.IEnvelope) => c.send({ header: mygpt.Envelope.encode(body).finish() });

async function until(c: ControlClient, kind: string, timeoutMs: number): Promise<mygpt.Envelope> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = await c.receive(Math.max(1, deadline - Date.now()));
    if (m.envelope.body === kind) return m.envelope;
  }
}

async function scriptedGang(file: string, endpoint: string): Promise<ControlClient[]> {
  const hash = configHash(loadConfig(file));
  const peers = [0, 1].map(() => createZmqControlClient());
  for (const [rank, c] of peers.entries()) {
    c.connect(endpoint);
    await send(c, { hello: { protocolVersion: PROTOCOL_VERSION, pid: 1000 + rank, host: 'script', requestedRank: rank,
      device: 'cpu', backend: 'cpu', configHash: hash, ringAddress: `tcp://127.0.0.1:${2000 + rank}` } });
  }
  for (const c of peers) await until(c, 'welcome', 10_000);
  return peers;
}

test('different initial weights are refused before Start, naming the rank', { timeout: 30_000 }, async () => {
  const { dir, file } = tinyConfig({ cluster: { external: true, world_size: 2 } });
  const coord = start('mygpt-coord', ['--config', file]);
  let peers: ControlClient[] = [];
  try {
    const endpoint = await controlEndpoint(coord);
    peers = await scriptedGang(file, endpoint);
    await send(peers[0], { stepReport: { rank: 0, step: 0, weightsChecksum: 'aaaa' } });
    await send(peers[1], { stepReport: { rank: 1, step: 0, weightsChecksum: 'bbbb' } });
    const { code } = await exitWithin(coord, 10_000);
    assert.equal(code, 1);
    assert.match(coord.out(), /error: replicas differ at start: rank 1 initial weights checksum bbbb != rank 0 aaaa/);
    assert.equal((await until(peers[0], 'shutdown', 5000)).body, 'shutdown');
  } finally {
    for (const p of peers) p.close();
    coord.kill('SIGKILL');
    cleanup(dir);
  }
});

test('a checksum divergence during training stops the run naming rank and step', { timeout: 30_000 }, async () => {
  const { dir, file } = tinyConfig({ cluster: { external: true, world_size: 2, checksum_interval: 5 } });
  const coord = start('mygpt-coord', ['--config', file]);
  let peers: ControlClient[] = [];
  try {
    const endpoint = await controlEndpoint(coord);
    peers = await scriptedGang(file, endpoint);
    for (const [rank, c] of peers.entries()) await send(c, { stepReport: { rank, step: 0, weightsChecksum: 'same' } });
    for (const c of peers) await until(c, 'start', 10_000);
    for (let step = 1; step <= 10; step++) {
      for (const [rank, c] of peers.entries()) {
        const sum = step % 5 === 0 ? (rank === 1 && step === 10 ? 'drifted' : `w${step}`) : '';
        await send(c, { stepReport: { rank, step, loss: 3, lr: 1e-3, stepS: 0.01, computeS: 0.01, tokens: 64, weightsChecksum: sum } });
      }
    }
    const { code } = await exitWithin(coord, 10_000);
    assert.equal(code, 1);
    assert.match(coord.out(), /error: replicas diverged at step 10: rank 1 weights checksum drifted != rank 0 w10/);
    assert.match(coord.out(), /^step 5\/20 /m); // step 5 (equal checksums) went through
  } finally {
    for (const p of peers) p.close();
    coord.kill('SIGKILL');
    cleanup(dir);
  }
});
