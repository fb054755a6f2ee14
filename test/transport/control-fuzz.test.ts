// 10,000 malformed messages at a ControlServer in another process: each rejected and
// counted (exact count, predicted by the same validator), the server stays up and then
// serves a real worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { CONTROL_BODIES, DEFAULT_MAX_HEADER_BYTES, encodeEnvelope } from '../../src/transport/frames';
import { createZmqControlClient } from '../../src/transport/zmq/control_client';
import { createZmqRawSender } from './raw_sender';
import { bounded } from '../collective/harness';
import { classify, fuzzFrames } from './fuzz-frames';

test('ControlServer survives 10,000 malformed messages and still serves a worker', { timeout: 60_000 }, async () => {
  const maxPayloadBytes = 1 << 20;
  const child = fork(path.join(__dirname, 'fixtures', 'control-server.js'), [], {
    env: { ...process.env, MYGPT_FIXTURE: 'control', MAX_PAYLOAD: String(maxPayloadBytes) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    bounded(new Promise<Record<string, unknown>>((res) => child.once('message', res)), 40_000, 'control server');
  const raw: { close(): void; }[] = [];
  const client = createZmqControlClient({ log: () => undefined, lingerMs: 0, routingId: 'worker-0' });
  try {
    const { address } = (await next()) as { address: string; };
    const lim = { maxHeaderBytes: DEFAULT_MAX_HEADER_BYTES, maxPayloadBytes, allow: CONTROL_BODIES };
    const want = { rejected: 0, accepted: 0 };
    const drained = next();
    child.send({ cmd: 'drain', quietMs: 5000, until: 10_000 });
    const senders = [0, 1, 2].map(() => createZmqRawSender(address, 'dealer', { log: () => undefined, lingerMs: 0 }));
    raw.push(...senders);
    let i = 0;
    for (const frames of fuzzFrames({ count: 10_000, seed: 7, maxPayloadBytes, staleBelowStep: 1000 })) {
      want[classify(frames, lim)]++;
      await senders[i++ % 3].send(frames);
    }
    const got = await drained;
    assert.ok(want.rejected > 8500, `generator should mostly produce bad frames (${want.rejected})`);
    assert.equal(got.rejected, want.rejected);
    assert.equal(got.accepted, want.accepted);
    assert.equal(child.exitCode, null, 'server process still running');

    const served = next();
    child.send({ cmd: 'serve' });
    client.connect(address);
    await client.send({ header: encodeEnvelope({ hello: { protocolVersion: 1, requestedRank: 0, host: 'h' } }) });
    const reply = await client.receive(5000);
    assert.equal(reply.envelope.body, 'welcome');
    assert.deepEqual(await served, { ok: true, peer: 'worker-0' });
  } finally {
    raw.forEach((s) => s.close());
    client.close();
    child.kill('SIGKILL');
  }
});
