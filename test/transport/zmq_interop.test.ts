// A ZeroMQ ring of real processes (cluster.ring_transport: zmq, no CURVE) in which one rank runs the zeromq.js
// link (MYGPT_ZMQ_LINK=js, the fallback where the addon lacks libzmq) and the others the native one: both present
// and admit the same PLAIN credentials (transport/ring_auth.ts), so the ring and the exchange sum bit for bit as
// the reference does; strangers at the zeromq.js rank's ring port (no credentials, a wrong password) are refused,
// counted and logged, and nothing they send reaches the sum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mygpt } from '../../src/gen/mygpt';
import { encodeEnvelope } from '../../src/transport/frames';
import { nativeZmq } from '../../src/transport/native/addon';
import { ringUser } from '../../src/transport/ring_auth';
import { createZmqRawSender, RawSender } from './raw_sender';
import { rankInput } from '../collective/fixtures/data';
import { RingProcs } from '../collective/harness';
import { reference } from '../collective/reference';
import { joinRe } from '../helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-zmq-interop-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
const N = 3, JS_RANK = 1, CHUNK_ELEMS = 16;

function assertBitEqual(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  const g = new Uint32Array(got.buffer, got.byteOffset, got.length),
    w = new Uint32Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < g.length; i++) {
    if (g[i] !== w[i]) assert.fail(`${what}: element ${i} is ${got[i]}, reference ${want[i]}`);
  }
}

let step = 0; // one collective step per all-reduce, across the test
/** ring and exchange (fp32) over `lengths` on every rank of rp, each result against the reference sum. */
async function sumsExactly(rp: RingProcs, n: number, lengths: number[], tag: string): Promise<void> {
  for (const length of lengths) {
    for (const algorithm of ['ring', 'exchange'] as const) {
      const s = step++, seed = 7 + length;
      const files = Array.from({ length: n }, (_, r) => path.join(tmp, `${tag}-${s}-${r}.bin`));
      const reps = await rp.all((r) => ({ cmd: 'allreduce', length, seed, algorithm, wire: 'fp32', step: s,
        outFile: files[r] })
      );
      reps.forEach((rep, r) => assert.ok(rep.ok, `rank ${r}: ${rep.error}`));
      const want = reference(algorithm, 'fp32', Array.from({ length: n }, (_, r) => rankInput(r, length, seed)),
        length);
      files.forEach((f, r) => {
        const b = fs.readFileSync(f);
        fs.rmSync(f, { force: true });
        assertBitEqual(new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4), want,
          `${tag} ${algorithm} length ${length} rank ${r}`);
      });
    }
  }
}

type Stats = { link: { rejectedFrames: number; refusedConnections?: number; }; logs: string[]; };

test(
  `zmq ring of ${N} processes, rank ${JS_RANK} on the zeromq.js link: sums exactly; ` +
    `strangers at its port get nothing through`,
  { timeout: 120_000 },
  async () => {
    const rp = await RingProcs.start(N, { chunkBytes: CHUNK_ELEMS * 4, wireDtype: 'fp32', timeoutMs: 10_000,
      mode: 'process', transport: 'zmq' }, 30_000, (r) => ({ MYGPT_ZMQ_LINK: r === JS_RANK ? 'js' : '' }),
      'algo-worker.js');
    const strangers: RawSender[] = [];
    try {
      const first = (await rp.all(() => ({ cmd: 'stats' }))) as unknown as Stats[];
      const fallback = (s: Stats) => s.logs.some((l) => /^ZeroMQ ring link: zeromq\.js \(MYGPT_ZMQ_LINK=js\)/.test(l));
      assert.ok(fallback(first[JS_RANK]),
        `rank ${JS_RANK} is not on the zeromq.js link: ${first[JS_RANK].logs.join(' | ')}`);
      if ('a' in nativeZmq()) {
        first.forEach((s, r) => r !== JS_RANK && assert.ok(!fallback(s), `rank ${r} should be native`));
      }
      await sumsExactly(rp, N, [1, N + 1, 3 * CHUNK_ELEMS * N + 5], 'interop');

      // strangers push forged chunks (the shape rank JS_RANK expects from its previous rank) at its ring port
      const ep = rp.addresses[JS_RANK];
      strangers.push(createZmqRawSender(ep, 'push', { lingerMs: 0 })); // no credentials
      strangers.push(
        createZmqRawSender(ep, 'push', { lingerMs: 0,
          plain: { user: ringUser(JS_RANK - 1, 0), password: Buffer.from('ab'.repeat(32)) } }),
      ); // wrong password
      strangers.push(
        createZmqRawSender(ep, 'push', { lingerMs: 0,
          plain: { user: ringUser(2, 0), password: Buffer.from('ab'.repeat(32)) } }),
      ); // not its previous rank
      for (let step = 0; step < 16; step++) {
        for (const s of strangers) {
          for (const phase of [mygpt.Phase.REDUCE_SCATTER, mygpt.Phase.ALL_GATHER]) {
            const chunk = encodeEnvelope({
              chunk: { srcRank: JS_RANK - 1, step, phase, count: CHUNK_ELEMS, totalLength: 3 * CHUNK_ELEMS * N + 5,
                dtype: mygpt.WireDtype.WIRE_DTYPE_FP32 },
            });
            void s.send([chunk, Buffer.from(new Float32Array(CHUNK_ELEMS).fill(1e6).buffer)]).catch(() => undefined);
          }
        }
      }
      let st: Stats | undefined;
      for (const t0 = Date.now(); Date.now() - t0 < 10_000; await new Promise((r) => setTimeout(r, 100))) {
        st = (await rp.call(JS_RANK, { cmd: 'stats' })) as unknown as Stats;
        if ((st.link.refusedConnections ?? 0) >= strangers.length) break;
      }
      assert.ok(st!.link.refusedConnections! >= strangers.length, `refusals: ${st!.logs.join(' | ')}`);
      const text = st!.logs.join('\n'); // the NULL socket: whichever side sees the mechanism mismatch first hangs up
      assert.match(text,
        joinRe(/rejected frame from \?: ring connection refused: /,
          /(ZMTP handshake failed: not a ring peer|closed (before finishing|during) the handshake)/));
      assert.match(text,
        /rejected frame from 127\.0\.0\.1: ring connection refused: wrong ring credential for this generation/);
      assert.match(text,
        /rejected frame from 127\.0\.0\.1: ring connection refused: user is not the previous rank of this generation/);

      await sumsExactly(rp, N, [1, 3 * CHUNK_ELEMS * N + 5], 'interop-strangers');
      st = (await rp.call(JS_RANK, { cmd: 'stats' })) as unknown as Stats;
      assert.equal(st.link.rejectedFrames, st.link.refusedConnections,
        'nothing from a stranger reached frame validation');
    } finally {
      for (const s of strangers) s.close();
      rp.kill();
    }
  },
);
