// End to end with 2 real worker processes on real sockets: rank 1's local gradient turns NaN at step 3
// (MYGPT_TEST_NAN_GRAD, a test-only hook). skip: both ranks skip step 3, the run completes with identical
// replicas (checksums every step) and the skip counted; stop: the coordinator exits 5 naming step and rank.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../../src/exit_codes';
import { readCheckpoint } from '../../src/train/checkpoint';
import { TEST_NAN_ENV } from '../../src/train/nonfinite';
import { cleanup, exitWithin, launchedPids, readJsonl, start, tinyConfig, waitGone } from '../coordinator/harness';

interface Line {
  step: number;
  nonfinite: boolean[];
  nonfiniteSkips: number[];
}

function nanRun(nonfinite: 'skip' | 'stop', checkpointInterval: number) {
  const t = tinyConfig({
    train: { max_steps: 6, checkpoint_interval: checkpointInterval, eval_interval: 0, sample_tokens: 0, nonfinite },
    cluster: { checksum_interval: 1 },
    metrics: { enabled: true, port: 0 },
  }); // metrics on: NaN losses reach them
  return { ...t, runDir: path.join(t.dir, 'run'),
    coord: start('mygpt-coord', ['--config', t.file], { [TEST_NAN_ENV]: '1:3' }) };
}

test('skip: a NaN in rank 1 at step 3 is skipped on both ranks; the run completes, replicas identical, skip counted', {
  timeout: 120_000,
}, async () => {
  const { dir, runDir, coord } = nanRun('skip', 1);
  try {
    const { code } = await exitWithin(coord, 100_000);
    assert.equal(code, ExitCode.Ok, coord.out());
    const lines = readJsonl<Line>(path.join(runDir, 'progress.jsonl'));
    assert.deepEqual(lines.map((l) => l.step), [1, 2, 3, 4, 5, 6]);
    const at = (s: number) => lines.find((l) => l.step === s)!;
    assert.deepEqual(at(3).nonfinite, [false, true], 'only rank 1 reports its own gradient as non-finite');
    assert.deepEqual(at(2).nonfiniteSkips, [0, 0]);
    for (const s of [3, 4, 5, 6]) assert.deepEqual(at(s).nonfiniteSkips, [1, 1], `step ${s}`);
    // Checksums every step: the coordinator would have failed the run on any divergence. A checkpoint
    // every step: step 3 changed neither weights nor moments, step 4 did; the skip count is saved.
    const ck = (s: number) => readCheckpoint(path.join(runDir, `ckpt-00000${s}.bin`));
    const [c2, c3, c4] = [await ck(2), await ck(3), await ck(4)];
    const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    assert.ok(bytes(c3.params).equals(bytes(c2.params)) && bytes(c3.m).equals(bytes(c2.m)),
      'the skipped step changed the state');
    assert.ok(!bytes(c4.params).equals(bytes(c3.params)));
    assert.deepEqual([c2, c3, c4].map((c) => c.header.nonfiniteSkips), [0, 1, 1]);
    assert.equal(fs.readFileSync(path.join(runDir, 'latest'), 'utf8').trim(), 'ckpt-000006.bin');
  } finally {
    await waitGone([...launchedPids(coord.out()).values()], 5_000);
    cleanup(dir);
  }
});

test('stop: a NaN in rank 1 at step 3 ends the run with exit 5 naming the step and the rank', { timeout: 120_000 },
  async () => {
    const { dir, runDir, coord } = nanRun('stop', 2);
    try {
      const { code } = await exitWithin(coord, 100_000);
      assert.equal(code, ExitCode.Unrecoverable, coord.out());
      const out = coord.out();
      assert.match(out,
        /non-finite values at step 3: .*train\.nonfinite is stop \(rank 1: its local loss\/gradient was NON-FINITE\)/);
      assert.doesNotMatch(out, /restart 1 of/, 'a non-finite stop is not restarted');
      assert.equal(fs.readFileSync(path.join(runDir, 'latest'), 'utf8').trim(), 'ckpt-000002.bin');
      assert.equal((await readCheckpoint(path.join(runDir, 'ckpt-000002.bin'))).header.step, 2);
      assert.ok(!fs.existsSync(path.join(runDir, 'ckpt-000004.bin')));
    } finally {
      assert.deepEqual(await waitGone([...launchedPids(coord.out()).values()], 10_000), [], 'workers left behind');
      cleanup(dir);
    }
  });
