// Every all-reduce algorithm against a reference sum computed here in float32 with the algorithm's
// own summation order, bit for bit, on every rank: worlds 1-5, lengths 0 .. a few chunks, real
// processes on real sockets (fixtures/algo-worker.ts).
//   exchange: every element is ((x_0 + x_1) + x_2) + ... in rank order (bf16 wire: of bf16(x_j));
//   ring:     segment k (plan.ts) is ((x_k + x_k+1) + ...) + x_k+N-1, ranks mod N (the reduce-scatter walk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { roundBits } from '../../src/collective/bf16';
import { segments } from '../../src/collective/plan';
import { rankInput } from './fixtures/data';
import { RingProcs } from './harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-algo-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
const CHUNK_ELEMS = 16;

const bf16 = (x: number) => { // float32 -> bf16 -> float32, round to nearest even
  const b = new Int32Array(new Float32Array([x]).buffer)[0];
  return new Float32Array(new Int32Array([roundBits(b) << 16]).buffer)[0];
};

/** float32 sum of inputs[order[0]][i] + inputs[order[1]][i] + ..., left to right. */
function sumInOrder(inputs: Float32Array[], order: number[], i: number, round = (x: number) => x): number {
  let acc = round(inputs[order[0]][i]);
  for (let j = 1; j < order.length; j++) acc = Math.fround(acc + round(inputs[order[j]][i]));
  return acc;
}

export function reference(algorithm: 'ring' | 'exchange', wire: 'fp32' | 'bf16', inputs: Float32Array[], length: number): Float32Array {
  const N = inputs.length, out = new Float32Array(length);
  if (N === 1) return inputs[0].slice(0, length); // nothing to sum, nothing sent
  const rankOrder = inputs.map((_, r) => r);
  if (algorithm === 'exchange') {
    for (let i = 0; i < length; i++) out[i] = sumInOrder(inputs, rankOrder, i, wire === 'bf16' ? bf16 : undefined);
    return out;
  }
  segments(length, N).forEach((s, k) => {
    const order = rankOrder.map((j) => (k + j) % N);
    for (let i = s.offset; i < s.offset + s.count; i++) out[i] = sumInOrder(inputs, order, i);
  });
  return out;
}

const readF32 = (file: string) => { const b = fs.readFileSync(file); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };

function assertBitEqual(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  const g = new Uint32Array(got.buffer, got.byteOffset, got.length), w = new Uint32Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < g.length; i++) {
    if (g[i] !== w[i]) assert.fail(`${what}: element ${i} is ${got[i]} (0x${g[i].toString(16)}), reference ${want[i]} (0x${w[i].toString(16)})`);
  }
}

let step = 0;
for (const N of [1, 2, 3, 4, 5]) {
  test(`world ${N}: ring and exchange agree bit for bit with the reference sum on every rank`, { timeout: 120_000 }, async () => {
    const rp = await RingProcs.start(N, { chunkBytes: CHUNK_ELEMS * 4, wireDtype: 'fp32', timeoutMs: 10_000, mode: 'process' },
      30_000, () => ({}), 'algo-worker.js');
    try {
      const lengths = [0, 1, 2, N - 1, N, N + 1, CHUNK_ELEMS - 1, CHUNK_ELEMS, CHUNK_ELEMS + 1, 3 * CHUNK_ELEMS * N + 5];
      const cases = [['ring', 'fp32'], ['exchange', 'fp32'], ['exchange', 'bf16']] as const;
      for (const length of [...new Set(lengths)].filter((l) => l >= 0)) {
        for (const [algorithm, wire] of cases) {
          const s = step++, seed = 1000 + length;
          const files = Array.from({ length: N }, (_, r) => path.join(tmp, `w${N}-r${r}-${s}.bin`));
          const reps = await rp.all((r) => ({ cmd: 'allreduce', length, seed, algorithm, wire, step: s, outFile: files[r] }));
          reps.forEach((rep, r) => assert.ok(rep.ok, `rank ${r}: ${rep.error}`));
          assert.equal(reps[0].picked, algorithm);
          const want = reference(algorithm, wire, Array.from({ length: N }, (_, r) => rankInput(r, length, seed)), length);
          files.forEach((f, r) => assertBitEqual(readF32(f), want, `world ${N} ${algorithm} ${wire} length ${length} rank ${r}`));
        }
      }
    } finally {
      rp.kill();
    }
  });
}

test('auto picks the exchange for world 2 at any size, and for larger worlds up to exchangeMaxBytes', { timeout: 60_000 }, async () => {
  for (const [N, length, want] of [[2, 100_000, 'exchange'], [3, 50, 'exchange'], [3, 51, 'ring']] as const) {
    const rp = await RingProcs.start(N, { chunkBytes: 4096, wireDtype: 'fp32', timeoutMs: 10_000, mode: 'process', exchangeMaxBytes: 200 },
      30_000, () => ({}), 'algo-worker.js');
    try {
      const files = Array.from({ length: N }, (_, r) => path.join(tmp, `auto-${N}-${length}-${r}.bin`));
      const reps = await rp.all((r) => ({ cmd: 'allreduce', length, seed: 5, algorithm: 'auto', wire: 'fp32', step: 0, outFile: files[r] }));
      reps.forEach((rep, r) => assert.equal(rep.picked, want, `world ${N} length ${length} rank ${r}: ${rep.error ?? ''}`));
      const ref = reference(want, 'fp32', Array.from({ length: N }, (_, r) => rankInput(r, length, 5)), length);
      files.forEach((f, r) => assertBitEqual(readF32(f), ref, `auto world ${N} length ${length} rank ${r}`));
    } finally {
      rp.kill();
    }
  }
});
