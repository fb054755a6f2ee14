// Every all-reduce algorithm against a reference sum computed in float32 with the algorithm's own
// summation order (reference.ts), bit for bit, on every rank: worlds 1-5, lengths 0 .. a few chunks,
// real processes on real sockets (fixtures/algo-worker.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rankInput } from './fixtures/data';
import { RingProcs } from './harness';
import { reference } from './reference';
import { PLANES, ShmTally } from './planes';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-algo-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
const CHUNK_ELEMS = 16;

const readF32 = (file: string) => {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};

function assertBitEqual(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  const g = new Uint32Array(got.buffer, got.byteOffset, got.length),
    w = new Uint32Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < g.length; i++) {
    if (g[i] !== w[i]) {
      assert.fail(
        `${what}: element ${i} is ${got[i]} (0x${g[i].toString(16)}), reference ${want[i]} (0x${w[i].toString(16)})`,
      );
    }
  }
}

let step = 0;
for (const [N, plane] of [1, 2, 3, 4, 5].flatMap((n) =>
  [[n, 'tcp'], [n, 'tcp-socket'], [n, 'zmq'], [n, 'zmq-socket']] as const
)) {
  test(`world ${N}, ${plane} links: ring and exchange agree bit for bit with the reference sum on every rank`, {
    timeout: 120_000,
  }, async () => {
    const rp = await RingProcs.start(N, { chunkBytes: CHUNK_ELEMS * 4, wireDtype: 'fp32', timeoutMs: 10_000,
      mode: 'process', ...PLANES[plane] }, 30_000, () => ({}), 'algo-worker.js');
    const shm = new ShmTally(N);
    try {
      const lengths = [0, 1, 2, N - 1, N, N + 1, CHUNK_ELEMS - 1, CHUNK_ELEMS, CHUNK_ELEMS + 1,
        3 * CHUNK_ELEMS * N + 5];
      const cases = [['ring', 'fp32'], ['exchange', 'fp32'], ['exchange', 'bf16']] as const;
      for (const length of [...new Set(lengths)].filter((l) => l >= 0)) {
        for (const [algorithm, wire] of cases) {
          const s = step++, seed = 1000 + length;
          const files = Array.from({ length: N }, (_, r) => path.join(tmp, `w${N}-r${r}-${s}.bin`));
          const reps = await rp.all((r) => ({ cmd: 'allreduce', length, seed, algorithm, wire, step: s,
            outFile: files[r] })
          );
          reps.forEach((rep, r) => assert.ok(rep.ok, `rank ${r}: ${rep.error}`));
          shm.record(reps);
          assert.equal(reps[0].picked, algorithm);
          const want = reference(algorithm, wire, Array.from({ length: N }, (_, r) => rankInput(r, length, seed)),
            length);
          files.forEach((f, r) =>
            assertBitEqual(readF32(f), want, `world ${N} ${algorithm} ${wire} length ${length} rank ${r}`)
          );
        }
      }
      shm.assertCarriedBy(plane); // the plane under test carried the payloads
    } finally {
      rp.kill();
    }
  });
}

test('auto picks the exchange while (N-1) x bytes <= exchangeMaxBytes and the ring above', { timeout: 60_000 },
  async () => {
    for (const [N, length, want] of [[2, 50, 'exchange'], [2, 51, 'ring'], [3, 25, 'exchange'], [3, 26,
      'ring']] as const)
    {
      const rp = await RingProcs.start(N, { chunkBytes: 4096, wireDtype: 'fp32', timeoutMs: 10_000, mode: 'process',
        exchangeMaxBytes: 200 }, 30_000, () => ({}), 'algo-worker.js');
      try {
        const files = Array.from({ length: N }, (_, r) => path.join(tmp, `auto-${N}-${length}-${r}.bin`));
        const reps = await rp.all((r) => ({ cmd: 'allreduce', length, seed: 5, algorithm: 'auto', wire: 'fp32', step: 0,
          outFile: files[r] })
        );
        reps.forEach((rep, r) =>
          assert.equal(rep.picked, want, `world ${N} length ${length} rank ${r}: ${rep.error ?? ''}`)
        );
        const ref = reference(want, 'fp32', Array.from({ length: N }, (_, r) => rankInput(r, length, 5)), length);
        files.forEach((f, r) => assertBitEqual(readF32(f), ref, `auto world ${N} length ${length} rank ${r}`));
      } finally {
        rp.kill();
      }
    }
  });
