// The rebind's edges (src/collective/comm_worker.ts, comm_thread.ts), with real threads and sockets: an op of
// the old generation that outlives rebind's unwind bound and then succeeds is never counted in the next
// generation (its gradient step would end before its bucket was summed); rebind() on a closed thread fails
// at once; close() during a rebind fails that rebind and closes the socket it was binding (the main-thread
// ring too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { CommThread } from '../../src/collective/comm_thread';
import { CommThreadError } from '../../src/collective/comm_messages';
import { REBIND_UNWIND_MS } from '../../src/collective/comm_worker';
import { RingClosedError } from '../../src/collective/errors';
import { createRing } from '../../src/collective/setup';
import { mainThreadRing } from '../../src/collective/worker_ring';
import { ringLinks } from '../../src/transport';
import { tmpDir, until } from '../helpers';
import { rankInput } from './fixtures/data';
import { bounded, Reply, RingProcs } from './harness';
import { reference } from './reference';

const tmp = tmpDir('mygpt-rebind-fence-');
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
const ok = (rep: Reply, what: string) => {
  assert.ok(rep.ok, `${what}: ${rep.error}`);
  return rep;
};

test('tcp: a bucket all-reduce of generation 0 that succeeds after rebind gave up on it is not counted in generation 1',
  { timeout: 90_000 }, async () => {
  const flag = path.join(tmp, 'late');
  const LATE_MS = REBIND_UNWIND_MS + 2000; // released well after rebind stopped waiting for it
  const env = (r: number): Record<string, string> => (r === 0 ?
    {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, 'fixtures', 'late_op.js')}`,
      MYGPT_TEST_LATE_OP: flag,
      MYGPT_TEST_LATE_MS: String(LATE_MS),
    } :
    {});
  const rp = await RingProcs.start(2, { chunkBytes: 256, wireDtype: 'fp32', timeoutMs: 20_000, mode: 'thread',
    exchangeMaxBytes: 200, transport: 'tcp' }, 30_000, env, 'algo-worker.js');
  try {
    const spans = [{ offset: 0, length: 300 }];
    // generation 0: both sum bucket 0; rank 0's thread then holds its success
    ok(await rp.call(0, { cmd: 'post', spans, total: 300, seed: 1 }), 'post rank 0');
    ok(await rp.call(1, { cmd: 'buckets', spans, total: 300, seed: 1, steps: 1 }), 'generation 0 rank 1');
    await until(() => fs.existsSync(`${flag}.held`), 20_000, 'rank 0 to hold its finished all-reduce');
    ok(await rp.call(0, { cmd: 'abort' }), 'abort rank 0');
    const addresses = (await Promise.all([0, 1].map((r) => rp.call(r, { cmd: 'rebind' }, 20_000)))).map((x, r) =>
      ok(x, `rebind ${r}`).address as string
    );
    assert.ok(!fs.existsSync(`${flag}.released`),
      'the held op was released before the next generation started: the test proves nothing');
    (await Promise.all(
      [0, 1].map((r) =>
        rp.call(r, { cmd: 'connect', rank: r, worldSize: 2, generation: 1, addresses, secret: rp.secret })
      ),
    ))
      .forEach((x, r) => ok(x, `connect ${r}`));
    // generation 1: rank 0's step waits on rank 1, which joins only after the old success was posted
    const files = [0, 1].map((r) => path.join(tmp, `gen1-${r}`));
    const step0 = rp.call(0, { cmd: 'buckets', spans, total: 300, seed: 9, steps: 1, outFile: files[0] }, 30_000);
    await until(() => fs.existsSync(`${flag}.released`), 20_000, "rank 0 to post the old generation's late success");
    const step1 = rp.call(1, { cmd: 'buckets', spans, total: 300, seed: 9, steps: 1, outFile: files[1] }, 30_000);
    ok(await step0, 'generation 1 rank 0');
    ok(await step1, 'generation 1 rank 1');
    const want = reference('ring', 'fp32', [0, 1].map((r) => rankInput(r, 300, 9)), 300);
    for (const f of files) {
      assert.ok(fs.readFileSync(`${f}.0`).equals(Buffer.from(want.buffer)),
        `${f}: generation 1's step ended before its bucket was summed (the old generation's late result was counted)`);
    }
  } finally {
    rp.kill();
  }
});

const startThread = () =>
  CommThread.start({ rank: 0, chunkBytes: 256, wireDtype: 'fp32', timeoutMs: 5000, advertiseHost: '127.0.0.1',
    links: { transport: 'tcp' }, log: () => undefined });

test('rebind() on a closed communication thread fails at once with a CommThreadError', { timeout: 30_000 },
  async () => {
    const ct = await startThread();
    await ct.close();
    await assert.rejects(bounded(ct.rebind(), 2000, 'rebind() on a closed thread'),
      (e: Error) => e instanceof CommThreadError);
  });

for (const transport of ['tcp', 'zmq'] as const) {
  test(
    `${transport}: close() during a rebind fails the rebind and closes the socket it binds ` +
      '(the thread exits by itself)',
    { timeout: 30_000 },
    async () => {
      const ct = await CommThread.start({ rank: 0, chunkBytes: 256, wireDtype: 'fp32', timeoutMs: 5000,
        advertiseHost: '127.0.0.1', links: { transport }, log: () => undefined });
      const rebind = ct.rebind();
      const outcome = rebind.then((a) => `resolved with ${a}`, (e: Error) => e);
      const t0 = Date.now();
      await ct.close();
      const closeMs = Date.now() - t0;
      const e = await outcome;
      assert.ok(e instanceof CommThreadError, `rebind during close: ${e}`);
      // close() waits 5 s for the thread to exit before terminating it: a socket left open keeps it alive
      assert.ok(closeMs < 3000,
        `close() took ${closeMs} ms: the thread did not exit by itself (the rebound socket kept it alive)`);
    },
  );
}

test(
  'tcp, the ring on the main thread (cluster.comm_thread: false): close() ' +
    'during a rebind fails it and closes the socket it binds; rebind() after close() fails at once',
  { timeout: 30_000 },
  async () => {
    const listening = () =>
      (process as unknown as { _getActiveHandles(): unknown[]; })._getActiveHandles().filter((h): h is net.Server =>
        h instanceof net.Server
      );
    const servers = () => listening().length;
    const before = servers();
    const ring = mainThreadRing(
      await createRing({ chunkBytes: 256, wireDtype: 'fp32', timeoutMs: 5000, advertiseHost: '127.0.0.1',
        links: ringLinks({ transport: 'tcp', log: () => undefined }) }),
      { chunkBytes: 256, wireDtype: 'fp32', timeoutMs: 5000 },
    );
    assert.equal(servers(), before + 1, 'the ring listens');
    try {
      const rebind = ring.rebind().then((a) => `resolved with ${a}`, (e: Error) => e);
      await ring.close();
      const e = await rebind;
      assert.ok(e instanceof RingClosedError, `rebind during close: ${e}`);
      await until(() => servers() === before, 3000, "the listening sockets to close (the rebind's too)");
      await assert.rejects(bounded(ring.rebind(), 2000, 'rebind() on a closed ring'), (x: Error) =>
        x instanceof RingClosedError);
      await new Promise((r) => setImmediate(r));
      assert.equal(servers(), before, 'rebind() after close() bound a socket');
    } finally {
      for (const s of listening()) s.close(); // a leaked one would keep this test process alive
    }
  },
);
