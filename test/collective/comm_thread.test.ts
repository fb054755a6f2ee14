// The communication thread (src/collective/comm_thread.ts) across real processes on real sockets:
// bucketed gradients summed bit for bit like the reference, a one-off all-reduce through the thread,
// a SIGKILLed peer named by every survivor as a CollectiveError, and close() leaving no thread,
// socket or timer behind (counted: active handles, OS threads of the process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rankInput } from './fixtures/data';
import { Reply, RingProcs, killRank2MidLoop } from './harness';
import { reference } from './reference';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-ct-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

const start = (N: number, extra: Record<string, unknown> = {}) =>
  RingProcs.start(N, { chunkBytes: 256, wireDtype: 'fp32', timeoutMs: 10_000, mode: 'thread', exchangeMaxBytes: 200,
    ...extra }, 30_000, () => ({}), 'algo-worker.js');

/** After close(): the handles are those of the start (no socket, timer or thread port left), and a second
 *  start/close cycle leaves no more OS threads than the first (the first may start process-wide pools:
 *  libuv's, ZeroMQ's I/O and reaper threads). */
function assertNothingLeft(rep: Reply, what: string): void {
  assert.ok(rep.ok, `${what}: ${rep.error}`);
  const base = rep.baseline as { handles: string[]; }, first = rep.first as { tasks: string[]; };
  const count = (hs: string[]) => hs.reduce((m, h) => m.set(h, (m.get(h) ?? 0) + 1), new Map<string, number>());
  const before = count(base.handles), after = count(rep.handles as string[]);
  for (const [h, n] of after) {
    assert.ok(n <= (before.get(h) ?? 0),
      `${what}: ${n} ${h} handle(s) left after close (at start: ${before.get(h) ?? 0})`);
  }
  const tasks = rep.tasks as string[];
  assert.ok(tasks.length <= first.tasks.length,
    `${what}: ${tasks.length} OS threads after a second start/close, ${first.tasks.length} after the first (${
      tasks.join(',')
    })`);
}

test(
  'world 3: buckets in odd sizes summed in the thread, bit for bit like the reference, over 3 steps; ' +
    'close leaves nothing',
  { timeout: 90_000 },
  async () => {
    const N = 3;
    // exchange while (N-1) x bytes <= 200: up to 25 elements at world 3, ring above
    const sizes = [37, 1, 120, 0, 64, 13, 25, 26];
    const spans = sizes.map((length, i) => ({ offset: sizes.slice(0, i).reduce((a, b) => a + b, 0), length }));
    const total = sizes.reduce((a, b) => a + b, 0);
    const rp = await start(N);
    try {
      const files = Array.from({ length: N }, (_, r) => path.join(tmp, `b-${r}`));
      const reps = await rp.all((r) => ({ cmd: 'buckets', spans, total, seed: 40, steps: 3, outFile: files[r] }));
      reps.forEach((rep, r) => assert.ok(rep.ok, `rank ${r}: ${rep.error}`));
      for (let step = 0; step < 3; step++) {
        const inputs = Array.from({ length: N }, (_, r) => rankInput(r, total, 40 + step));
        const want = new Float32Array(total);
        for (const s of spans) {
          const algo = (N - 1) * s.length * 4 <= 200 ? 'exchange' : 'ring';
          want.set(reference(algo, 'fp32', inputs.map((x) => x.subarray(s.offset, s.offset + s.length)), s.length),
            s.offset);
        }
        for (const f of files) {
          assert.ok(fs.readFileSync(`${f}.${step}`).equals(Buffer.from(want.buffer)),
            `step ${step} ${f} differs from the reference`);
        }
      }
      // finish() reports when each bucket's sum completed (the bucket timeline's doneMs), in posting order and
      // each after its hand-over; every bucket's traffic reaches onBucketStats (the worker's allreduce_bytes /
      // wait counters)
      for (const [r, rep] of reps.entries()) {
        const doneAt = rep.doneAt as number[], readyAt = rep.readyAt as number[];
        assert.equal(doneAt.length, spans.length, `rank ${r}: doneAt ${JSON.stringify(doneAt)}`);
        for (let b = 0; b < doneAt.length; b++) {
          assert.ok(b === 0 || doneAt[b] >= doneAt[b - 1], `rank ${r}: doneAt not in order ${JSON.stringify(doneAt)}`);
          assert.ok(doneAt[b] >= readyAt[b],
            `rank ${r}: bucket ${b} done at ${doneAt[b]}, handed over at ${readyAt[b]}`);
        }
        assert.equal(rep.statsCalls, 3 * spans.length, `rank ${r}: stats of ${rep.statsCalls} bucket sums`);
        assert.ok((rep.bytesSent as number) >= 3 * total * 4 * (N - 1) / N, `rank ${r}: ${rep.bytesSent} bytes sent`);
      }
      (await rp.all(() => ({ cmd: 'close' }))).forEach((rep, r) => assertNothingLeft(rep, `rank ${r}`));
    } finally {
      rp.kill();
    }
  },
);

test('world 2: a one-off all-reduce through the thread (the eval-loss path), bf16 wire', { timeout: 60_000 },
  async () => {
    const rp = await start(2, { wireDtype: 'bf16' });
    try {
      const files = [0, 1].map((r) => path.join(tmp, `one-${r}.bin`));
      const reps = await rp.all((r) => ({ cmd: 'allreduce', length: 41, seed: 3, outFile: files[r] }));
      reps.forEach((rep, r) => assert.ok(rep.ok, `rank ${r}: ${rep.error}`));
      const want = reference('exchange', 'bf16', [0, 1].map((r) => rankInput(r, 41, 3)), 41); // 164 B: the exchange
      for (const f of files) {
        assert.ok(fs.readFileSync(f).equals(Buffer.from(want.buffer)), `${f} differs from the reference`);
      }
    } finally {
      rp.kill();
    }
  });

test(
  'world 3: a peer SIGKILLed while buckets are in flight is named by both survivors, ' +
    'who restart as a group of 2 (next generation) and sum exactly; close leaves nothing',
  { timeout: 90_000 },
  async () => {
    const rp = await start(3, { timeoutMs: 20_000 });
    try {
      const sizes = [20_000, 30, 70_000, 5]; // ring and exchange buckets
      const { loops, killedAt: t0 } = await killRank2MidLoop(rp, sizes);
      const reps = await Promise.all(loops);
      const took = Date.now() - t0;
      reps.forEach((rep, r) => {
        assert.ok(rep.ok, `rank ${r}: ${rep.error}`);
        assert.equal(rep.isCollective, 'CollectiveError', `rank ${r}: ${rep.message}`);
        assert.equal(rep.failedRank, 2, `rank ${r} named rank ${rep.failedRank}: ${rep.message}`);
      });
      assert.ok(took < 10_000, `survivors took ${took} ms to fail (the 20 s timeout was not what ended it)`);
      // group restart: new threads, ranks 0 and 1 of a world of 2, generation 1; one bucketed step must sum exactly
      const addrs = (await Promise.all([0, 1].map((r) => rp.call(r, { cmd: 'restart', rank: r })))).map((rep, r) => {
        assert.ok(rep.ok, `restart rank ${r}: ${rep.error}`);
        return rep.address as string;
      });
      await Promise.all(
        [0, 1].map((r) =>
          rp.call(r, { cmd: 'connect', rank: r, worldSize: 2, generation: 1, addresses: addrs, secret: rp.secret })
        ),
      );
      const small = [{ offset: 0, length: 40 }, { offset: 40, length: 300 }];
      const files = [0, 1].map((r) => path.join(tmp, `restart-${r}`));
      (await Promise.all(
        [0, 1].map((r) =>
          rp.call(r, { cmd: 'buckets', spans: small, total: 340, seed: 9, steps: 1, outFile: files[r] })
        ),
      ))
        .forEach((rep, r) => assert.ok(rep.ok, `after restart, rank ${r}: ${rep.error}`));
      const inputs = [0, 1].map((r) => rankInput(r, 340, 9));
      const want = new Float32Array(340);
      want.set(reference('exchange', 'fp32', inputs.map((x) => x.subarray(0, 40)), 40), 0);
      want.set(reference('ring', 'fp32', inputs.map((x) => x.subarray(40)), 300), 40);
      for (const f of files) {
        assert.ok(fs.readFileSync(`${f}.0`).equals(Buffer.from(want.buffer)),
          `${f}: after the restart the sum differs from the reference`);
      }
      (await Promise.all([0, 1].map((r) => rp.call(r, { cmd: 'close' })))).forEach((rep, r) =>
        assertNothingLeft(rep, `survivor ${r}`)
      );
    } finally {
      rp.kill();
    }
  },
);
