// The addon built without libzmq (native/build.js with ZMQ_INC=/nonexistent: zmq.h "missing"), loaded by both
// ranks of a zmq ring (MYGPT_NATIVE_ADDON): ringLinks falls back to the zeromq.js link, logs why, and the ring and
// the exchange still sum bit for bit as the reference does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rankInput } from '../collective/fixtures/data';
import { RingProcs } from '../collective/harness';
import { reference } from '../collective/reference';

const cc = process.env.CC || 'gcc';
const noCompiler = spawnSync(cc, ['--version'], { stdio: 'ignore' }).status !== 0;

test('addon built without zmq.h: the zmq ring falls back to the zeromq.js link, says why, and sums exactly', {
  skip: noCompiler ? `no C compiler '${cc}': cannot build the addon variant without libzmq` : false,
  timeout: 180_000,
}, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-nozmq-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'x.node');
  const build = spawnSync(process.execPath, [path.resolve(__dirname, '../../../native/build.js'), '--force'], {
    encoding: 'utf8',
    timeout: 150_000,
    env: { ...process.env, ZMQ_INC: '/nonexistent', MYGPT_NATIVE_OUT: out, MYGPT_NATIVE_REQUIRED: '',
      MYGPT_NATIVE_ZMQ: '' },
  });
  assert.equal(build.status, 0, `${build.stdout}${build.stderr}`);
  if (!fs.existsSync(out)) return t.skip(`addon not built here: ${build.stdout.trim()}`); // e.g. no OpenBLAS headers
  assert.match(build.stdout, /ZeroMQ ring link: off, zmq\.h not found at build in \/nonexistent/);

  const rp = await RingProcs.start(2, { chunkBytes: 64, wireDtype: 'fp32', timeoutMs: 10_000, mode: 'process',
    transport: 'zmq' }, 30_000, () => ({ MYGPT_NATIVE_ADDON: out, MYGPT_ZMQ_LINK: '' }), 'algo-worker.js');
  try {
    let step = 0;
    for (const length of [1, 3, 16 * 6 + 5]) {
      for (const algorithm of ['ring', 'exchange'] as const) {
        const s = step++, seed = 3 + length, files = [0, 1].map((r) => path.join(dir, `${s}-${r}.bin`));
        const reps = await rp.all((r) => ({ cmd: 'allreduce', length, seed, algorithm, wire: 'fp32', step: s,
          outFile: files[r] })
        );
        reps.forEach((rep, r) => assert.ok(rep.ok, `rank ${r}: ${rep.error}`));
        const want = Buffer.from(
          reference(algorithm, 'fp32', [0, 1].map((r) => rankInput(r, length, seed)), length).buffer,
        );
        files.forEach((f, r) =>
          assert.ok(fs.readFileSync(f).equals(want), `${algorithm} length ${length} rank ${r}: not the reference sum`)
        );
      }
    }
    const st = await rp.all(() => ({ cmd: 'stats' }));
    st.forEach((s, r) =>
      assert.ok(
        (s.logs as string[]).some((l) =>
          /^ZeroMQ ring link: zeromq\.js \(zmq\.h not found at build in \/nonexistent/.test(l)
        ),
        `rank ${r} did not log the fallback: ${(s.logs as string[]).join(' | ')}`,
      )
    );
  } finally {
    rp.kill();
  }
});
