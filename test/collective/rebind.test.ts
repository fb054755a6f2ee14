// In-place recovery on the ring (src/collective/comm_thread.ts abort() / rebind()), with real
// processes on real sockets, on both data planes: abort() ends an all-reduce blocked on a SIGSTOPped peer
// at once with a CollectiveAbortedError; after a SIGKILL the survivors rebind in the same process and
// thread and sum and broadcast bit for bit as the next generation; rebinding many times leaks nothing.
// The main-thread ring (cluster.comm_thread: false) aborts and rebinds too (TCP: its receive is async).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { broadcastInput, rankInput } from './fixtures/data';
import { Reply, RingProcs, killRank2MidLoop, processState, unreadBy } from './harness';
import { until } from '../helpers';
import { reference } from './reference';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-rebind-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

const TIMEOUT_MS = 20_000; // the collective timeout: every bound below is far under it
const start = (N: number, transport: string, extra: Record<string, unknown> = {}) =>
  RingProcs.start(N, { chunkBytes: 256, wireDtype: 'fp32', timeoutMs: TIMEOUT_MS, mode: 'thread', exchangeMaxBytes: 200,
    transport, ...extra }, 30_000, () => ({}), 'algo-worker.js');

const ok = (rep: Reply, what: string) => {
  assert.ok(rep.ok, `${what}: ${rep.error}`);
  return rep;
};
const same = (file: string, want: Uint8Array, what: string) =>
  assert.ok(fs.readFileSync(file).equals(Buffer.from(want.buffer, want.byteOffset, want.byteLength)), what);

/** After a first all-reduce (the connections are up, nothing is left unread), rank 1 is SIGSTOPped and rank 0
 *  posts `msg`; resolves once rank 0's data sits unread at rank 1: rank 0's op can only wait on it. */
async function blockedOnStoppedRank1(rp: RingProcs, msg: Record<string, unknown>): Promise<{ call: Promise<Reply>; }> {
  (await rp.all((r) => ({ cmd: 'allreduce', length: 41, seed: 1, outFile: path.join(tmp, `warm-${r}`) }))).forEach((x,
    r) => ok(x, `first allreduce rank ${r}`)
  );
  rp.signal(1, 'SIGSTOP');
  await until(() => processState(rp.pid(1)!) === 'T', 10_000, 'rank 1 to stop');
  let posted!: () => void;
  const isPosted = new Promise<void>((r) => {
    posted = r;
  });
  const call = rp.call(0, msg, 60_000, () => posted());
  await isPosted;
  await until(() => unreadBy(rp.pid(1)!) > 0, 10_000, "rank 0's data to sit unread at the stopped rank 1");
  return { call };
}

/** The op ended after the abort command (its fixture had received it), and soon after, not at the timeout. */
function endedByAbort(rep: Reply): void {
  const ms = rep.sinceAbortMs as number | null; // null: the op ended before any abort (NaN over IPC)
  assert.ok(ms !== null && ms >= 0, `the all-reduce ended before the abort (after ${rep.ranMs} ms): ${rep.message}`);
  assert.ok(ms < 1500, `the all-reduce ended ${ms} ms after abort() (collective timeout ${TIMEOUT_MS} ms)`);
}

/** Ranks `ranks` rebind, then connect as a ring of those ranks (positions 0..) of `generation`. */
async function reform(rp: RingProcs, ranks: number[], generation: number): Promise<Reply[]> {
  const reps = await Promise.all(ranks.map((r) => rp.call(r, { cmd: 'rebind' })));
  reps.forEach((rep, i) => ok(rep, `rebind rank ${ranks[i]}`));
  await connect(rp, ranks, generation, reps.map((rep) => rep.address as string));
  return reps;
}

/** Ranks `ranks` connect as a ring of those ranks (positions 0..) of `generation` at `addresses`. */
async function connect(rp: RingProcs, ranks: number[], generation: number, addresses: string[]): Promise<void> {
  (await Promise.all(
    ranks.map((r, i) =>
      rp.call(r, { cmd: 'connect', rank: i, worldSize: ranks.length, generation, addresses, secret: rp.secret })
    ),
  ))
    .forEach((rep, i) => ok(rep, `connect rank ${ranks[i]} in generation ${generation}`));
}

/** Both ranks of a world-2 ring all-reduce (length 41, seed 6) into `<name>-<rank>.bin`: each file is bit for bit
 *  the reference sum. */
async function sumsExactly(rp: RingProcs, name: string): Promise<void> {
  const files = [0, 1].map((r) => path.join(tmp, `${name}-${r}.bin`));
  (await rp.all((r) => ({ cmd: 'allreduce', length: 41, seed: 6, outFile: files[r] }))).forEach((x, r) =>
    ok(x, `allreduce rank ${r}`)
  );
  const want = reference('exchange', 'fp32', [0, 1].map((r) => rankInput(r, 41, 6)), 41);
  for (const f of files) same(f, new Uint8Array(want.buffer), `${f} differs from the reference`);
}

test(
  'tcp, the ring on the main thread (cluster.comm_thread: false): abort() ' +
    'ends an all-reduce waiting on a SIGSTOPped peer, rebind() makes the next generation work',
  { timeout: 90_000 },
  async () => {
    const rp = await RingProcs.start(2, { chunkBytes: 256, wireDtype: 'fp32', timeoutMs: TIMEOUT_MS,
      exchangeMaxBytes: 200, transport: 'tcp' }, 30_000, () => ({}), 'main-ring.js');
    try {
      const { call } = await blockedOnStoppedRank1(rp, { cmd: 'allreduce', length: 41, seed: 5, settle: true });
      ok(await rp.call(0, { cmd: 'abort' }), 'abort');
      const rep = ok(await call, 'allreduce');
      assert.ok(rep.aborted, `the all-reduce ended with ${rep.failedName}, not CollectiveAbortedError`);
      endedByAbort(rep);
      rp.signal(1, 'SIGCONT');
      const addresses = (await Promise.all([0, 1].map((r) => rp.call(r, { cmd: 'rebind' })))).map((x, r) =>
        ok(x, `rebind ${r}`).address as string
      );
      await connect(rp, [0, 1], 1, addresses);
      await sumsExactly(rp, 'main');
    } finally {
      rp.kill();
    }
  },
);

for (const transport of ['tcp', 'zmq']) {
  test(
    `${transport}: abort() ends an all-reduce blocked on a SIGSTOPped peer at once, then both rebind and sum exactly`,
    { timeout: 90_000 },
    async () => {
      const rp = await start(2, transport);
      try {
        const { call } = await blockedOnStoppedRank1(rp, { cmd: 'allreduce', length: 41, seed: 5, settle: true,
          outFile: path.join(tmp, 'never') });
        ok(await rp.call(0, { cmd: 'abort' }), 'abort');
        const rep = ok(await call, 'allreduce');
        assert.equal(rep.failedName, 'CollectiveAbortedError',
          `the all-reduce ended with ${rep.failedName}: ${rep.message}`);
        assert.equal(rep.failedRank, undefined, 'an abort blames no peer');
        endedByAbort(rep);
        // the thread got out of the receive: rebind does not wait out its unwind bound (comm_worker.ts
        // REBIND_UNWIND_MS)
        const rb = ok(await rp.call(0, { cmd: 'rebind' }), 'rebind rank 0');
        assert.ok((rb.rebindMs as number) < 1500, `rebind took ${rb.rebindMs} ms: the aborted receive did not return`);
        rp.signal(1, 'SIGCONT');
        const rb1 = ok(await rp.call(1, { cmd: 'rebind' }), 'rebind rank 1');
        const addresses = [rb.address as string, rb1.address as string];
        assert.ok(!rp.addresses.includes(addresses[0]), `rank 0 kept its address ${addresses[0]}`);
        await connect(rp, [0, 1], 1, addresses);
        await sumsExactly(rp, `${transport}-stop`);
      } finally {
        rp.kill();
      }
    },
  );

  test(
    `${transport}: world 3, one rank SIGKILLed mid all-reduce: the 2 survivors rebind in the same process and ` +
      `thread, then sum and broadcast bit for bit as generation 1`,
    { timeout: 120_000 },
    async () => {
      const rp = await start(3, transport);
      try {
        const who = await Promise.all([0, 1].map((r) => rp.call(r, { cmd: 'whoami' })));
        const sizes = [20_000, 30, 70_000, 5];
        const { loops } = await killRank2MidLoop(rp, sizes);
        (await Promise.all(loops)).forEach((rep, r) => {
          ok(rep, `loop rank ${r}`);
          assert.equal(rep.isCollective, 'CollectiveError', `rank ${r}: ${rep.message}`);
          assert.equal(rep.failedRank, 2, `rank ${r} named rank ${rep.failedRank}: ${rep.message}`);
        });
        const reps = await reform(rp, [0, 1], 1);
        reps.forEach((rep, r) => {
          assert.equal(rep.pid, rp.pid(r), `rank ${r} is another process`);
          assert.equal(rep.pid, who[r].pid, `rank ${r} is another process`);
          assert.equal(rep.threadId, who[r].threadId, `rank ${r}: rebind started another communication thread`);
        });
        // the same gradient buckets (still attached) over the new ring
        const small = [{ offset: 0, length: 40 }, { offset: 40, length: 300 }];
        const files = [0, 1].map((r) => path.join(tmp, `${transport}-kill-${r}`));
        (await Promise.all(
          [0, 1].map((r) =>
            rp.call(r, { cmd: 'buckets', spans: small, total: 340, seed: 9, steps: 1, outFile: files[r] })
          ),
        )).forEach((x, r) => ok(x, `buckets rank ${r}`));
        const inputs = [0, 1].map((r) => rankInput(r, 340, 9));
        const want = new Float32Array(340);
        want.set(reference('exchange', 'fp32', inputs.map((x) => x.subarray(0, 40)), 40), 0);
        want.set(reference('ring', 'fp32', inputs.map((x) => x.subarray(40)), 300), 40);
        for (const f of files) {
          same(`${f}.0`, new Uint8Array(want.buffer), `${f}: generation 1's sum differs from the reference`);
        }
        const bfiles = [0, 1].map((r) => path.join(tmp, `${transport}-kill-b${r}`));
        (await Promise.all(
          [0, 1].map((r) => rp.call(r, { cmd: 'broadcast', root: 1, length: 1027, seed: 4, outFile: bfiles[r] })),
        )).forEach((x, r) => ok(x, `broadcast rank ${r}`));
        for (const f of bfiles) {
          same(f, broadcastInput(1027, 4), `${f}: generation 1's broadcast differs from the root's bytes`);
        }
      } finally {
        rp.kill();
      }
    },
  );

  test(
    `${transport}: 20 rebinds in a row, each followed by an all-reduce, leave no file descriptor, ` +
      `thread or handle behind`,
    { timeout: 180_000 },
    async () => {
      const rp = await start(2, transport, { chunkBytes: 64 << 10 });
      try {
        const length = 70_000; // over the exchange limit: the ring, several chunks, shared memory on this host
        const want = new Uint8Array(
          reference('ring', 'fp32', [0, 1].map((r) => rankInput(r, length, 2)), length).buffer,
        );
        const after: Reply[][] = [];
        for (let g = 1; g <= 20; g++) {
          after.push(await reform(rp, [0, 1], g));
          const files = [0, 1].map((r) => path.join(tmp, `${transport}-many-${r}.bin`));
          (await rp.all((r) => ({ cmd: 'allreduce', length, seed: 2, outFile: files[r] }))).forEach((x, r) =>
            ok(x, `generation ${g} allreduce rank ${r}`)
          );
          for (const f of files) same(f, want, `generation ${g}: ${f} differs from the reference`);
        }
        // from the 2nd rebind on (the first may start process-wide pools) nothing grows; a leak of one per
        // rebind would be 18 more; 2 absorbs sockets of the last generation still closing on the thread
        for (const r of [0, 1]) {
          const a = after[1][r], z = after[19][r];
          assert.ok((z.fds as number) <= (a.fds as number) + 2,
            `rank ${r}: ${z.fds} open files after 20 rebinds, ${a.fds} after 2`);
          assert.ok((z.tasks as string[]).length <= (a.tasks as string[]).length,
            `rank ${r}: ${(z.tasks as string[]).length} OS threads after 20 rebinds, ${
              (a.tasks as string[]).length
            } after 2`);
          assert.ok((z.handles as string[]).length <= (a.handles as string[]).length,
            `rank ${r}: handles ${z.handles} after 20 rebinds, ${a.handles} after 2`);
          assert.equal(z.threadId, a.threadId, `rank ${r}: another communication thread`);
        }
      } finally {
        rp.kill();
      }
    },
  );
}
