// The ring broadcast (src/collective/broadcast.ts) with real processes on real sockets: every root of
// worlds 1-5 on both data planes, with and without shared memory, lengths 0 .. a few chunks plus a
// remainder (also not a multiple of 4), and the received bytes equal to the root's bit for bit on every
// rank, NaN payloads, infinities and -0 included. Through the communication thread too, interleaved
// with all-reduces (one call sequence).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { broadcastInput, rankInput, SPECIAL_WORDS } from './fixtures/data';
import { RingProcs } from './harness';
import { reference } from './reference';
import { PLANES, Plane, ShmTally } from './planes';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-bcast-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
const CHUNK_BYTES = 64;
// 0, one word, one byte, a few chunks plus a remainder of whole words, and of 3 bytes (a padded last word)
const LENGTHS = [0, 4, 1, 3 * CHUNK_BYTES + 8, 3 * CHUNK_BYTES + 7];

function assertBytesEqual(got: Uint8Array, want: Uint8Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  const i = got.findIndex((b, k) => b !== want[k]);
  if (i >= 0) assert.fail(`${what}: byte ${i} is 0x${got[i].toString(16)}, the root sent 0x${want[i].toString(16)}`);
}

test('the test input carries every special float32 pattern, at word offsets', () => {
  const b = broadcastInput(3 * CHUNK_BYTES + 8, 1), v = new DataView(b.buffer);
  const words = Array.from({ length: b.length / 4 }, (_, w) => v.getUint32(4 * w, true));
  for (const s of SPECIAL_WORDS) assert.ok(words.includes(s), `0x${s.toString(16)} missing`);
});

let step = 0;
for (const [N, plane] of [1, 2, 3, 4, 5].flatMap((n) => Object.keys(PLANES).map((p) => [n, p as Plane] as const))) {
  test(`world ${N}, ${plane} links: every root's bytes reach every rank bit for bit`, { timeout: 120_000 },
    async () => {
      const rp = await RingProcs.start(N, { chunkBytes: CHUNK_BYTES, wireDtype: 'fp32', timeoutMs: 10_000,
        mode: 'process', ...PLANES[plane] }, 30_000, () => ({}), 'algo-worker.js');
      const shm = new ShmTally(N);
      try {
        for (let root = 0; root < N; root++) {
          for (const length of LENGTHS) {
            const s = step++, seed = 100 * root + length;
            const files = Array.from({ length: N }, (_, r) => path.join(tmp, `w${N}-${plane}-r${r}-${s}.bin`));
            const reps = await rp.all((r) => ({ cmd: 'broadcast', root, length, seed, step: s, outFile: files[r] }));
            reps.forEach((rep, r) => assert.ok(rep.ok, `root ${root} length ${length} rank ${r}: ${rep.error}`));
            assert.equal(reps[root].rootKeptItsArray, true, 'the root gets its own array back');
            shm.record(reps);
            const want = broadcastInput(length, seed);
            files.forEach((f, r) =>
              assertBytesEqual(fs.readFileSync(f), want, `world ${N} root ${root} length ${length} rank ${r}`)
            );
          }
        }
        shm.assertCarriedBy(plane); // the plane under test carried the payloads
      } finally {
        rp.kill();
      }
    });
}

for (const transport of ['tcp', 'zmq'] as const) {
  test(`world 3, ${transport}, communication thread: broadcasts from every root between all-reduces, all exact`, {
    timeout: 60_000,
  }, async () => {
    const N = 3;
    const rp = await RingProcs.start(N, { chunkBytes: CHUNK_BYTES, wireDtype: 'fp32', timeoutMs: 10_000, mode: 'thread',
      transport }, 30_000, () => ({}), 'algo-worker.js');
    try {
      let call = 0;
      const out = (r: number) => path.join(tmp, `thread-${transport}-${call}-r${r}.bin`);
      for (let root = 0; root < N; root++) {
        for (const length of [0, 3 * CHUNK_BYTES + 7]) {
          call++;
          const reps = await rp.all((r) => ({ cmd: 'broadcast', root, length, seed: root, outFile: out(r) }));
          reps.forEach((rep, r) => assert.ok(rep.ok, `root ${root} length ${length} rank ${r}: ${rep.error}`));
          assert.equal(reps[root].rootKeptItsArray, true);
          for (let r = 0; r < N; r++) {
            assertBytesEqual(fs.readFileSync(out(r)), broadcastInput(length, root),
              `thread root ${root} length ${length} rank ${r}`);
          }
          // the sums still line up with the broadcasts around them (one step sequence in the thread)
          call++;
          const sums = await rp.all((r) => ({ cmd: 'allreduce', length: 100, seed: call, outFile: out(r) }));
          sums.forEach((rep, r) => assert.ok(rep.ok, `all-reduce after the broadcast, rank ${r}: ${rep.error}`));
          const want = reference('exchange', 'fp32', Array.from({ length: N }, (_, r) => rankInput(r, 100, call)), 100);
          for (let r = 0; r < N; r++) {
            assertBytesEqual(fs.readFileSync(out(r)), new Uint8Array(want.buffer), `all-reduce rank ${r}`);
          }
        }
      }
    } finally {
      rp.kill();
    }
  });
}
