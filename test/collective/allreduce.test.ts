// Ring all-reduce across real processes on real sockets: world 1..4, awkward lengths,
// fp32 and bf16 wire. Expected sums are computed here in float64; all ranks must end
// bit-identical (sha256 of the result bytes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rankInput } from './fixtures/data';
import { RingProcs } from './harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-ar-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
const BIG = 1_000_003;

function readResult(file: string): Float32Array {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Max |got - exact| / sum|x| over elements (0 when sum|x| = 0). */
function relError(got: Float32Array, inputs: Float32Array[]): number {
  let worst = 0;
  for (let i = 0; i < got.length; i++) {
    let exact = 0, abs = 0;
    for (const x of inputs) {
      exact += x[i];
      abs += Math.abs(x[i]);
    }
    const e = Math.abs(got[i] - exact) / (abs || 1);
    if (!(e <= worst)) worst = e; // NaN propagates as a failure
  }
  return worst;
}

let step = 0;
async function run(rp: RingProcs, N: number, length: number, wire: 'fp32' | 'bf16') {
  const seed = length + (wire === 'bf16' ? 7 : 0);
  const s = step++;
  const files = Array.from({ length: N }, (_, r) => path.join(tmp, `w${N}-r${r}-${s}.bin`));
  const replies = await rp.all((r) => ({ cmd: 'allreduce', length, wire, step: s, seed, outFile: files[r] }));
  replies.forEach((rep, r) => assert.ok(rep.ok, `rank ${r}: ${rep.error}`));
  const results = files.map(readResult);
  const hashes = results.map((x) => createHash('sha256').update(new Uint8Array(x.buffer)).digest('hex'));
  assert.equal(new Set(hashes).size, 1, `world ${N} length ${length} ${wire}: ranks differ ${hashes.join(' ')}`);
  assert.equal(results[0].length, length);
  const inputs = Array.from({ length: N }, (_, r) => rankInput(r, length, seed));
  return { result: results[0], err: relError(results[0], inputs), replies };
}

for (const N of [1, 2, 3, 4]) {
  for (const transport of ['tcp', 'zmq']) {
    test(`world ${N}, ${transport} links: fp32 sums exact to float tolerance, bit-identical, any length`, {
      timeout: 60_000,
    }, async () => {
      const rp = await RingProcs.start(N, { chunkBytes: 4096, wireDtype: 'fp32', timeoutMs: 5000, transport });
      try {
        for (const length of [0, 1, 3, Math.max(0, N - 1), N + 1, 4099, BIG]) {
          const { err } = await run(rp, N, length, 'fp32');
          // fp32 accumulation of N terms: error <= (N - 1) * 2^-24 * sum|x| (+ slack)
          assert.ok(err <= N * 2 ** -23, `world ${N} length ${length}: rel error ${err}`);
        }
      } finally {
        rp.kill();
      }
    });
  }
}

for (const N of [2, 3, 4]) {
  test(`world ${N}: bf16 wire halves bytes, error within bound, still bit-identical`, { timeout: 60_000 }, async () => {
    const rp = await RingProcs.start(N, { chunkBytes: 65536, wireDtype: 'fp32', timeoutMs: 5000 });
    try {
      for (const length of [1, N - 1, 5, 65537]) {
        const { err } = await run(rp, N, length, 'bf16');
        assert.ok(err <= N * 2 ** -8, `bf16 world ${N} length ${length}: rel error ${err}`);
      }
      const bf = await run(rp, N, BIG, 'bf16');
      const fp = await run(rp, N, BIG, 'fp32');
      // bf16 keeps 8 significant bits (unit roundoff u = 2^-8); N-1 partial sums and the
      // owner's final value are each rounded once: error <= N * u * sum|x|
      assert.ok(bf.err <= N * 2 ** -8, `bf16 rel error ${bf.err}`);
      assert.ok(bf.err > 2 ** -20, `bf16 error ${bf.err} is suspiciously small: is bf16 really on the wire?`);
      const sent = (x: typeof bf) => x.replies.reduce((a, r) => a + (r.stats as { bytesSent: number; }).bytesSent, 0);
      assert.ok(sent(bf) < 0.55 * sent(fp), `bf16 sent ${sent(bf)} B vs fp32 ${sent(fp)} B`);
      console.log(`# world ${N} bf16 max rel error ${bf.err.toExponential(2)} (fp32 ${fp.err.toExponential(2)})`);
    } finally {
      rp.kill();
    }
  });
}

test('ranks with the native loops and ranks with the JS loops end bit-identical (world 3, fp32 and bf16)', {
  timeout: 60_000,
}, async (t) => {
  const rp = await RingProcs.start(3, { chunkBytes: 8192, wireDtype: 'fp32', timeoutMs: 5000 }, 20_000,
    (rank): Record<string, string> => (rank === 1 ? { MYGPT_NATIVE: '0' } : {}));
  try {
    for (const wire of ['fp32', 'bf16'] as const) {
      for (const length of [1, 4097, 100_003]) {
        const { replies, err } = await run(rp, 3, length, wire); // asserts equal sha256 on every rank
        assert.ok(err <= (wire === 'bf16' ? 3 * 2 ** -8 : 3 * 2 ** -23), `${wire} length ${length}: rel error ${err}`);
        assert.equal(replies[1].native, false, 'rank 1 runs the JS loops (MYGPT_NATIVE=0)');
        if (!replies[0].native) t.diagnostic('addon not built: every rank ran the JS loops');
      }
    }
  } finally {
    rp.kill();
  }
});
