// Forged Aborts on a worker's ring socket during a run: one claiming to come from a rank that is not the
// previous one, one for a step that is not in flight. Both are ignored and logged; nobody is blamed, the
// group never restarts and the run ends with the undisturbed run's weights. This is the ZeroMQ ring's defence
// (cluster.ring_transport: zmq); on the TCP ring a stranger cannot get past the handshake (tcp_strangers.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createZmqRawSender } from '../../src/transport/zmq';
import { encodeEnvelope } from '../../src/transport/frames';
import { exitWithin } from '../coordinator/harness';
import { STEPS, baseline, summary, withFaultRun } from './harness';

test('a forged Abort from a non-neighbour (or for a step not in flight) is ignored and logged; no restart', { timeout: 90_000 }, async () => {
  const ref = await baseline();
  await withFaultRun({ ring_transport: 'zmq' }, {}, async ({ coord, runDir }) => {
    await coord.waitFor(/^step 10\/60/m, 30_000);
    const ring0 = /rank 0 joined: .* ring (tcp:\/\/\S+)/.exec(coord.out())![1];
    const raw = createZmqRawSender(ring0, 'push', { log: () => undefined, lingerMs: 0 });
    try {
      // rank 0's previous rank is rank 1: the first claims rank 0 itself; the second is "from" rank 1 but for a
      // step no collective is at (the old code accepted both: any Abort of the current generation not behind)
      await raw.send([encodeEnvelope({ abort: { srcRank: 0, failedRank: 1, step: 1_000_000, generation: 0, reason: 'forged' } })]);
      await raw.send([encodeEnvelope({ abort: { srcRank: 1, failedRank: 1, step: 1_000_000, generation: 0, reason: 'forged' } })]);
      await coord.waitFor(/\[rank 0\] .*ignored an Abort on the ring socket: it claims rank 0, not the previous rank 1/, 20_000);
      await coord.waitFor(/\[rank 0\] .*ignored an Abort on the ring socket: step 1000000 is not the step in flight/, 20_000);
    } finally { raw.close(); }
    const { code } = await exitWithin(coord, 60_000);
    assert.equal(code, 0, coord.out());
    const s = summary(runDir);
    assert.equal(s.restarts, 0, 'a forged Abort restarted the group');
    assert.equal(s.steps, STEPS);
    assert.equal(s.weightsChecksum, ref.s.weightsChecksum);
    assert.doesNotMatch(coord.out(), /reported: forged/);
  });
});
