// Rank 0 writes checkpoints in a background thread (src/train/ckpt_writer.ts), with real processes and a
// slow disk (the test hook MYGPT_TEST_CKPT_DELAY_MS delays the fsync of every checkpoint):
// - the steps go on while a checkpoint is being written, and the step loop's stall (logged per
//   checkpoint) is the snapshot, not the write; the final checkpoint is on disk before Done;
// - kill -9 of rank 0 while a write is in flight leaves `latest` at the previous complete checkpoint, the
//   temp file is never taken for a checkpoint, and --resume reproduces the undisturbed run;
// - a write the file system refuses is rank 0's failure (FAILURE_INTERNAL, restartable): named in
//   failure.json, `latest` unchanged, and the run ends as any failure does once restarts are used up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { exitWithin, launchedPids, start, waitGone } from '../coordinator/harness';
import { ExitCode } from '../../src/exit_codes';
import { listCheckpoints, latestCheckpoint, stepOfCheckpoint } from '../../src/util/run_dir';
import { verifyCheckpointFile } from '../../src/util/checkpoint_file';
import { CKPT_EVERY, assertResumeMatches, baseline, cleanup, faultConfig, summary } from './harness';

const DELAY_ENV = 'MYGPT_TEST_CKPT_DELAY_MS';
const written = (step: number) =>
  new RegExp(
    `\\[rank 0\\] worker 0: checkpoint step ${step}: snapshot ([\\d.]+) ms on the training path; ` +
      `written in the background in ([\\d.]+) ms`,
  );

/** Resolves once `dir` holds a file whose name matches `re` (polled), with its name. */
async function waitForFile(dir: string, re: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = fs.existsSync(dir) ? fs.readdirSync(dir).find((n) => re.test(n)) : undefined;
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no file matching ${re} in ${dir} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a slow checkpoint write does not hold the steps: they go on during it, the logged stall is the snapshot', {
  timeout: 90_000,
}, async () => {
  const DELAY = 3000;
  const { dir, file, runDir } = faultConfig({}, { max_steps: 40, checkpoint_interval: 20 });
  const coord = start('mygpt-coord', ['--config', file], { [DELAY_ENV]: String(DELAY) });
  try {
    // Steps after 20 complete while step 20's checkpoint is still being written (its fsync alone takes DELAY ms).
    await coord.waitFor(/^step 23\/40/m, 30_000);
    assert.doesNotMatch(coord.out(), written(20), "step 20's write finished before step 23: the hook did not slow it");
    const { code } = await exitWithin(coord, 60_000);
    assert.equal(code, ExitCode.Ok, coord.out());
    const out = coord.out();
    for (const step of [20, 40]) {
      const m = written(step).exec(out);
      assert.ok(m, `no checkpoint line for step ${step}:\n${out}`);
      const [stall, write] = [Number(m[1]), Number(m[2])];
      assert.ok(write >= DELAY, `step ${step}: write ${write} ms, expected >= the ${DELAY} ms hook`);
      assert.ok(stall < DELAY, `step ${step}: the step loop stalled ${stall} ms, as long as the write`);
    }
    assert.ok(out.search(/^step 23\/40/m) < out.search(written(20)), "step 23 is logged after step 20's write");
    assert.doesNotMatch(out, /waited [\d.]+ ms for the previous write/);
    // The final checkpoint was flushed before Done: the summary and `latest` name it.
    assert.equal(summary(runDir).steps, 40);
    assert.equal(latestCheckpoint(runDir), path.join(runDir, 'ckpt-000040.bin'));
    assert.match(out, /checkpoint: \S+ckpt-000040\.bin/);
  } finally {
    coord.kill('SIGKILL');
    cleanup(dir);
  }
});

test(
  'kill -9 of rank 0 during a checkpoint write: latest stays at the previous one, the temp file is no checkpoint, ' +
    '--resume is exact',
  { timeout: 150_000 },
  async () => {
    const ref = await baseline();
    const { dir, file, runDir } = faultConfig();
    const coord = start('mygpt-coord', ['--config', file], { [DELAY_ENV]: '4000' });
    try {
      await coord.waitFor(written(CKPT_EVERY), 40_000);
      // The thread moves on to the next snapshot (queued meanwhile): its temp file exists until the delayed fsync.
      const temp = await waitForFile(runDir, /^\.ckpt-000020\.bin\.tmp-/, 10_000);
      const pids = [...launchedPids(coord.out()).values()];
      process.kill(launchedPids(coord.out()).get(0)!, 'SIGKILL');
      coord.kill('SIGKILL'); // no group restart: the run directory stays as the kill left it
      assert.deepEqual(await waitGone([...pids, coord.pid], 10_000), []);
      assert.ok(fs.existsSync(path.join(runDir, temp)), 'the temp file was removed although the writer was killed');
      assert.equal(latestCheckpoint(runDir), path.join(runDir, 'ckpt-000010.bin'));
      assert.equal(stepOfCheckpoint(temp), null, 'a temp file is named like a checkpoint');
      assert.deepEqual(listCheckpoints(runDir).map((c) => c.step), [CKPT_EVERY]);
      assert.equal((await verifyCheckpointFile(path.join(runDir, 'ckpt-000010.bin'))).step, CKPT_EVERY);
      await assertResumeMatches(file, runDir, ref, CKPT_EVERY); // no delay now
    } finally {
      coord.kill('SIGKILL');
      cleanup(dir);
    }
  },
);

test(
  'a checkpoint the file system refuses: rank 0 fails naming the file and errno, latest unchanged, ' +
    'restarts used up -> exit 6',
  { timeout: 90_000 },
  async () => {
    const { dir, file, runDir } = faultConfig({ max_restarts: 0 });
    // The delay keeps step 20's rename well after the directory below is in place.
    const coord = start('mygpt-coord', ['--config', file], { [DELAY_ENV]: '1000' });
    try {
      await coord.waitFor(/^step 12\/60/m, 30_000);
      fs.mkdirSync(path.join(runDir, 'ckpt-000020.bin')); // renaming the checkpoint onto a directory: EISDIR
      const { code } = await exitWithin(coord, 60_000);
      assert.equal(code, ExitCode.RestartsExhausted, coord.out());
      assert.match(coord.out(), /checkpoint \S+ckpt-000020\.bin \(step 20\) not written: EISDIR/);
      const f = JSON.parse(fs.readFileSync(path.join(runDir, 'failure.json'), 'utf8'));
      // Its own Failure report (cause Report), restartable (FAILURE_INTERNAL: exit 6 once max_restarts is used up,
      // where FAILURE_CHECKPOINT or FAILURE_NON_FINITE would end the run at once with exit 2 or 5).
      assert.equal(f.first.rank, 0);
      assert.equal(f.first.cause, 'Report');
      assert.match(coord.out(), /giving up after 0 restart\(s\) \(cluster\.max_restarts 0\)/);
      assert.match(f.first.message, /ckpt-000020\.bin \(step 20\) not written: EISDIR/);
      assert.equal(latestCheckpoint(runDir), path.join(runDir, 'ckpt-000010.bin'));
      assert.deepEqual(fs.readdirSync(runDir).filter((n) => n.includes('.tmp-')), [],
        'a temp file outlived the failed write');
    } finally {
      coord.kill('SIGKILL');
      cleanup(dir);
    }
  },
);
