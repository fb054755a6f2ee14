// The ring broadcast under failure, with real processes: the root or a middle rank SIGKILLed while
// broadcasts are in flight fails every survivor (the root and the ranks before the dead one included)
// with a CollectiveError naming it, before the collective timeout; a forged BROADCAST chunk from the
// admitted previous rank (wrong step, wrong offset) is refused as the all-reduce refuses one; a root whose
// descriptor claims more than a receiver's maxBytes (a real root, or a forged descriptor claiming gigabytes)
// fails every rank naming the root, the receiver refusing it as a protocol error before allocating.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeEnvelope } from '../../src/transport/frames';
import { createZmqRawSender } from '../transport/raw_sender';
import { ringPassword, ringUser } from '../../src/transport/ring_auth';
import { mygpt } from '../../src/gen/mygpt';
import { RingProcs } from './harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-bcast-fail-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
const { FAILURE_PEER_LOST: PEER_LOST, FAILURE_PEER_TIMEOUT: PEER_TIMEOUT, FAILURE_PEER_PROTOCOL: PEER_PROTOCOL } =
  mygpt.FailureReason;

// process: the victim SIGKILLs itself right before its 40th BROADCAST chunk send (a 2 MB broadcast is 31 chunks of
// 64 KiB plus the descriptor and the completion): inside the second broadcast for the root and the forwarding
// ranks, before the completion of the 40th for the rank before the root; every rank is then inside that call,
// and every survivor must fail in it (none returns from a broadcast that did not reach everyone). thread: the
// test SIGKILLs the victim once every rank finished a broadcast, at whatever moment that is.
const KILLS = [ // victim == root: the root dies; else a middle rank (with the root and a rank before it alive)
  { N: 2, transport: 'tcp', root: 1, victim: 1, mode: 'process' },
  { N: 3, transport: 'tcp', root: 1, victim: 1, mode: 'process' },
  { N: 4, transport: 'tcp', root: 2, victim: 2, mode: 'process' },
  { N: 3, transport: 'zmq', root: 1, victim: 1, mode: 'process' },
  { N: 4, transport: 'zmq', root: 0, victim: 0, mode: 'process' },
  { N: 3, transport: 'zmq', root: 2, victim: 2, mode: 'thread' },
  { N: 4, transport: 'tcp', root: 0, victim: 2, mode: 'process' },
  { N: 4, transport: 'zmq', root: 0, victim: 2, mode: 'thread' },
  { N: 4, transport: 'zmq', root: 1, victim: 0, mode: 'process' },
  { N: 3, transport: 'tcp', root: 0, victim: 1, mode: 'thread' },
] as const;

for (const { N, transport, root, victim, mode } of KILLS) {
  const who = victim === root ? 'the root' : 'a middle rank';
  test(
    `world ${N}, ${transport}, ${mode}: SIGKILL of ${who} (rank ${victim}) mid-broadcast from rank ${root} -> ` +
      'every survivor fails naming it in time',
    { timeout: 40_000 },
    async () => {
      const timeoutMs = 4000;
      const env = (
        r: number,
      ): Record<string,
        string> => (mode === 'process' && r === victim ? { MYGPT_TEST_DIE_AT_BROADCAST_SEND: '40' } : {});
      const rp = await RingProcs.start(N, { chunkBytes: 65536, wireDtype: 'fp32', timeoutMs, transport, mode }, 30_000,
        env, 'algo-worker.js');
      try {
        let killedAt = 0;
        const progress = new Set<number>();
        const loops = [...Array(N).keys()].map((r) =>
          rp.call(r, { cmd: 'bloop', root, length: 2_000_000, seed: 1, step: 0 }, 30_000, (p) => {
            if (p.progress! >= 0) progress.add(r);
            if (mode === 'thread' && progress.size === N && !killedAt) {
              killedAt = Date.now();
              rp.signal(victim, 'SIGKILL');
            }
          })
        );
        const died = await loops[victim]; // answered by the harness when the victim's process exits
        if (mode === 'process') killedAt = Date.now();
        assert.match(died.error ?? '', /exited \(SIGKILL\)/u, `rank ${victim} was killed: ${JSON.stringify(died)}`);
        const survivors = [...Array(N).keys()].filter((r) => r !== victim);
        const replies = await Promise.all(survivors.map((r) => loops[r]));
        const elapsed = Date.now() - killedAt;
        for (const [i, rep] of replies.entries()) {
          const r = survivors[i];
          assert.equal(rep.ok, false, `rank ${r} should fail`);
          assert.equal(rep.name, 'CollectiveError', `rank ${r}: ${rep.error}`);
          assert.equal(rep.failedRank, victim, `rank ${r} must name rank ${victim}: ${rep.error}`);
          assert.ok([PEER_LOST, PEER_TIMEOUT].includes(rep.failure as number), `rank ${r}: failure ${rep.failure}`);
          if (mode === 'process') {
            // libzmq writes from its I/O thread: messages the victim queued but had not written when it was
            // killed are lost, so a rank after it may still wait for the previous broadcast's completion
            // (that broadcast's data reached every rank); TCP writes before the send returns.
            const s0 = replies[0].step as number;
            const calls = transport === 'zmq' ?
              [s0, s0 - 1, s0 + 1]
              : [s0];
            assert.ok(calls.includes(rep.step as number),
              `rank ${r} fails in the broadcast the victim died in (call ${replies[0].step}): ${rep.error}`);
          }
        }
        assert.ok(elapsed < timeoutMs, `survivors took ${elapsed} ms to fail (deadline ${timeoutMs} ms)`);
        console.log(
          `# world ${N} ${transport} ${mode}: every survivor failed ${elapsed} ms after the kill of rank ${victim}; ` +
            `e.g. "${replies[0].error}"`,
        );
      } finally {
        rp.kill();
      }
    },
  );
}

/** A raw sender with rank 1's credential for rank 0's ring socket (generation 0): the admitted previous rank of a
 *  world-2 ring, before the real rank 1 connects (one connection at a time); close() lets its frames go first. */
const asRank1 = (rp: RingProcs) => ({ log: () => undefined, lingerMs: 2000,
  plain: { user: ringUser(1, 0), password: ringPassword(Uint8Array.from(rp.secret), 0, 1, 0) } });
/** A descriptor's payload: the byte length as two little-endian u32 words. */
const descriptor = (bytes: number) => {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(bytes % 2 ** 32, 0);
  b.writeUInt32LE(Math.floor(bytes / 2 ** 32), 4);
  return b;
};
const FORGED = [
  { what: 'a future step', chunk: { step: 99, chunkIndex: 0, offset: 0, count: 2, totalLength: 2 },
    payload: descriptor(0),
    got: [/expected \{src=1 step=5 phase=BROADCAST /u, /got \{src=1 step=99 phase=BROADCAST ring_step=0 chunk=0 /u] },
  { what: 'the step in flight but a wrong offset',
    chunk: { step: 5, chunkIndex: 3, offset: 999, count: 1, totalLength: 1000 }, payload: Buffer.alloc(4),
    got: [/expected \{src=1 step=5 phase=BROADCAST /u,
      /got \{src=1 step=5 phase=BROADCAST ring_step=0 chunk=3 offset=999 /u] },
  { what: "a descriptor claiming 4 GB, over the receiver's maxBytes",
    chunk: { step: 5, chunkIndex: 0, offset: 0, count: 2, totalLength: 2 }, payload: descriptor(4e9),
    got: [/rank 1 \(the broadcast root\).*descriptor says 4000000000 bytes, over this rank's bound of 409600 bytes/u] },
];

for (const { what, chunk, payload, got } of FORGED) {
  test(
    `a forged BROADCAST chunk for ${what} from the admitted previous rank fails the broadcast as a protocol error ` +
      'naming it',
    { timeout: 30_000 },
    async () => {
      const rp = await RingProcs.start(2, { chunkBytes: 4096, wireDtype: 'fp32', timeoutMs: 3000, transport: 'zmq',
        mode: 'process', deferConnect: [1] }, 30_000, () => ({}), 'algo-worker.js');
      const raw = createZmqRawSender(rp.addresses[0], 'push', asRank1(rp));
      try {
        const forged = { srcRank: 1, phase: mygpt.Phase.BROADCAST, ringStep: 0, dtype: mygpt.WireDtype.WIRE_DTYPE_FP32,
          generation: 0, ...chunk };
        await raw.send([encodeEnvelope({ chunk: forged }), payload]);
        await raw.handshake; // admitted first
        raw.close(); // its connection goes once the chunk is written; then the real rank 1 is admitted
        await rp.connectRank(1);
        // rank 0 waits for the descriptor before the root has sent anything: the forged chunk is what it reads
        const bcast = (r: number) => ({ cmd: 'broadcast', root: 1, length: 409_600, seed: 3, step: 5,
          outFile: path.join(tmp, `forged-${chunk.step}-${r}`) });
        const rep0 = await rp.call(0, bcast(0), 15_000);
        const reps = [rep0, await rp.call(1, bcast(1), 15_000)];
        assert.equal(reps[0].ok, false, 'rank 0 must refuse the forged chunk');
        assert.equal(reps[0].name, 'CollectiveError');
        assert.equal(reps[0].failure, PEER_PROTOCOL, `a mismatched chunk is a protocol failure: ${reps[0].error}`);
        assert.equal(reps[0].failedRank, 1, 'blamed on the previous rank, whose link delivered it');
        for (const g of got) assert.match(reps[0].error!, g);
        // the root waits for the completion, which never comes: it finds rank 0's Abort instead
        assert.equal(reps[1].ok, false, 'the root fails too');
        assert.equal(reps[1].failedRank, 1, `the root hears the blame: ${reps[1].error}`);
        assert.match(reps[1].error!, /rank 0 reported/u);
      } finally {
        raw.close();
        rp.kill();
      }
    },
  );
}

for (const mode of ['process', 'thread'] as const) {
  test(
    `world 3, tcp, ${mode}: a root sending more than rank 1's maxBytes fails every rank naming the root, ` +
      'rank 1 as a protocol error',
    { timeout: 40_000 },
    async () => {
      const rp = await RingProcs.start(3, { chunkBytes: 1024, wireDtype: 'fp32', timeoutMs: 5000, transport: 'tcp',
        mode }, 30_000, () => ({}), 'algo-worker.js');
      try {
        const reps = await rp.all(
          (r) => ({ cmd: 'broadcast', root: 0, length: 8192, seed: 2, step: 0, maxBytes: r === 1 ? 1000 : 8192,
            outFile: path.join(tmp, `bound-${mode}-${r}`) }),
          15_000,
        );
        for (const [r, rep] of reps.entries()) {
          assert.equal(rep.ok, false, `rank ${r} must fail`);
          assert.equal(rep.name, 'CollectiveError', `rank ${r}: ${rep.error}`);
          assert.equal(rep.failedRank, 0, `rank ${r} must name the root: ${rep.error}`);
        }
        assert.equal(reps[1].failure, PEER_PROTOCOL, `rank 1 refuses the root's descriptor: ${reps[1].error}`);
        assert.match(reps[1].error!, /descriptor says 8192 bytes, over this rank's bound of 1000 bytes/u);
        assert.match(reps[2].error!, /rank 1 reported/u);
      } finally {
        rp.kill();
      }
    },
  );
}
