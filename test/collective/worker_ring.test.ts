// WorkerRing (src/collective/worker_ring.ts), the one shape the worker drives, on both paths: the ring on
// the main thread (cluster.comm_thread: false) and in the communication thread. Two ranks in this process
// over real TCP sockets: the broadcast reaches every rank through the same signature, byte-exact, and a
// root over a receiver's maxBytes fails that receiver as a protocol error naming the root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CollectiveError } from '../../src/collective/errors';
import { createRing } from '../../src/collective/setup';
import { mainThreadRing, threadedRing, type WorkerRing } from '../../src/collective/worker_ring';
import { mygpt } from '../../src/gen/mygpt';
import { ringLinks } from '../../src/transport';
import { broadcastInput } from './fixtures/data';

const OPTS = { chunkBytes: 256, wireDtype: 'fp32' as const, timeoutMs: 5000 };
const PATHS: Record<string, (rank: number) => Promise<WorkerRing>> = {
  'main thread': async (rank) =>
    mainThreadRing(
      await createRing({ ...OPTS, rank, advertiseHost: '127.0.0.1',
        links: ringLinks({ transport: 'tcp', log: () => undefined }) }),
      OPTS,
    ),
  'communication thread': (rank) =>
    threadedRing({ ...OPTS, rank, advertiseHost: '127.0.0.1', links: { transport: 'tcp' }, log: () => undefined }),
};

for (const [name, start] of Object.entries(PATHS)) {
  test(
    `${name}: WorkerRing.broadcast(bytes, root, maxBytes) puts the root's bytes on every rank; ` +
      `over a receiver's maxBytes it fails naming the root`,
    { timeout: 30_000 },
    async () => {
      const rings = await Promise.all([0, 1].map(start));
      try {
        const addresses = rings.map((r) => r.address), secret = randomBytes(32);
        rings.forEach((r, rank) => r.connect({ rank, worldSize: 2, addresses, secret }));
        const state = broadcastInput(1027, 5);
        const got = await Promise.all(
          rings.map((r, rank) => r.broadcast(rank === 1 ? state : undefined, 1, state.length)),
        );
        for (const [rank, bytes] of got.entries()) {
          assert.ok(Buffer.from(bytes).equals(Buffer.from(state)), `rank ${rank} got other bytes`);
        }
        const [r0, r1] = await Promise.allSettled(
          rings.map((r, rank) => r.broadcast(rank === 1 ? state : undefined, 1, rank === 0 ? 1000 : state.length)),
        );
        for (const [rank, r] of [r0, r1].entries()) {
          assert.equal(r.status, 'rejected', `rank ${rank} must fail`);
          const e = r.reason as Error;
          assert.ok(e instanceof CollectiveError, `rank ${rank}: ${e}`);
          assert.equal(e.failedRank, 1, `rank ${rank} must name the root: ${e.message}`);
        }
        const e0 = (r0 as PromiseRejectedResult).reason as CollectiveError;
        assert.equal(e0.failure, mygpt.FailureReason.FAILURE_PEER_PROTOCOL, e0.message);
        assert.match(e0.message, /descriptor says 1027 bytes, over this rank's bound of 1000 bytes/u);
      } finally {
        await Promise.all(rings.map((r) => r.close()));
      }
    },
  );
}
