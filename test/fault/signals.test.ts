// SIGTERM from wherever it comes, with real processes:
// - to the coordinator's whole process group (`timeout`, `tini -g`, `kill -- -PGID`): the same orderly stop as
//   a SIGTERM to the coordinator alone: checkpoint at the next step boundary, exit 4, --resume continues;
// - to the coordinator and every worker one by one (systemd's KillMode=control-group): the same;
// - to one launched worker only, or to one external worker (a pod deleted on a node drain): every rank stops
//   at the next step boundary, rank 0 writes a checkpoint, and the group restarts from it without using up a
//   restart; the run ends with the undisturbed weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { exitWithin, launchedPids, start } from '../coordinator/harness';
import { ExitCode } from '../../src/exit_codes';
import { CKPT_EVERY, STEPS, assertNoWorkersLeft, assertResumeMatches, baseline, cleanup, faultConfig, summary,
  withExternalWorkers, withFaultRun } from './harness';
import { joinRe } from '../helpers';

/** The coordinator stopped at a step after `after` with a checkpoint there that `latest` names; returns the step. */
function assertStoppedWithCheckpoint(out: string, runDir: string, after: number): number {
  const m = /^stopped at step (\d+) of \d+: checkpoint (\S+\.bin)/m.exec(out);
  assert.ok(m, out);
  const at = Number(m[1]);
  assert.ok(at > after && at < STEPS, `stopped at ${at}, expected after ${after}`);
  assert.equal(path.basename(m[2]), `ckpt-${String(at).padStart(6, '0')}.bin`);
  assert.equal(fs.readFileSync(path.join(runDir, 'latest'), 'utf8').trim(), path.basename(m[2]));
  assert.equal(summary(runDir).stopped, true);
  assert.doesNotMatch(out, /killed by signal/);
  return at;
}

test("SIGTERM to the coordinator's process group: checkpoint at the next step boundary, exit 4, --resume continues", {
  timeout: 90_000,
}, async () => {
  const ref = await baseline();
  const { dir, file, runDir } = faultConfig();
  const coord = start('mygpt-coord', ['--config', file], {}, [], true);
  try {
    await coord.waitFor(/^step 13\/60/m, 30_000);
    process.kill(-coord.pid, 'SIGTERM'); // what timeout(1), tini -g and kill -- -PGID do
    const { code } = await exitWithin(coord, 20_000);
    assert.equal(code, ExitCode.Preempted, coord.out());
    const at = assertStoppedWithCheckpoint(coord.out(), runDir, CKPT_EVERY);
    assert.match(coord.out(), /coordinator received SIGTERM: checkpoint at the next step boundary/);
    // each worker says why it stops (not "training complete")
    for (const r of [0, 1]) {
      assert.match(coord.out(), new RegExp(
        `\\[rank ${r}\\] worker ${r}: stopping: preempted at step ${at} of 60 with a checkpoint; ` +
          `coordinator received SIGTERM`,
      ));
    }
    assert.doesNotMatch(coord.out(), /stopping: training complete/);
    await assertNoWorkersLeft(coord.out());
    await assertResumeMatches(file, runDir, ref, at);
  } finally {
    try {
      process.kill(-coord.pid, 'SIGKILL');
    } catch { /* gone */ }
    cleanup(dir);
  }
});

test('SIGTERM to the coordinator and each worker (a cgroup stop): checkpoint, exit 4', { timeout: 60_000 },
  async () => {
    await withFaultRun({}, {}, async ({ coord, runDir }) => {
      await coord.waitFor(/^step 13\/60/m, 30_000);
      const workers = [...launchedPids(coord.out()).values()];
      // systemd signals every process of the unit's cgroup; the workers first, the harder order for us
      for (const pid of workers) process.kill(pid, 'SIGTERM');
      coord.kill('SIGTERM');
      const { code } = await exitWithin(coord, 20_000);
      assert.equal(code, ExitCode.Preempted, coord.out());
      assertStoppedWithCheckpoint(coord.out(), runDir, CKPT_EVERY);
      await assertNoWorkersLeft(coord.out());
    });
  });

test('SIGTERM to one launched worker: the ranks checkpoint at the next boundary and restart from it, not counted', {
  timeout: 90_000,
}, async () => {
  const ref = await baseline();
  await withFaultRun({}, {}, async ({ coord, runDir }) => {
    await coord.waitFor(/^step 13\/60/m, 30_000);
    const rank1 = launchedPids(coord.out()).get(1)!;
    process.kill(rank1, 'SIGTERM');
    // blamed on its exit code 4 or on its Failure{PREEMPTED}, whichever the coordinator saw first
    const [, step] = await coord.waitFor(
      joinRe(/restart after preemption 1 \(not counted\) \(generation 1\): rank 1 .*; the group resumes from /,
        /\S+ckpt-0*(\d+)\.bin \(step \d+\)/),
      20_000,
    );
    assert.ok(Number(step) > CKPT_EVERY, `resumed from step ${step}: the stop's checkpoint was not used`);
    const { code } = await exitWithin(coord, 60_000);
    assert.equal(code, ExitCode.Ok, coord.out());
    const s = summary(runDir);
    assert.equal(s.steps, STEPS);
    assert.equal(s.restarts, 0);
    assert.equal(s.weightsChecksum, ref.s.weightsChecksum, 'weights differ from the undisturbed run');
    assert.match(coord.out(),
      /\[rank 1\] worker 1: stopping: SIGTERM \(preempted\): every rank stopped at step \d+ with a checkpoint/);
    assert.match(coord.out(), /\[rank 0\] worker 0: stopping: group restart: /, 'the other rank rejoins in-process');
    assert.match(coord.out(), /relaunched rank 1 /);
    assert.doesNotMatch(coord.out(), /relaunched rank 0 /);
    for (const r of [0, 1]) {
      assert.match(coord.out(), new RegExp(`\\[rank ${r}\\] worker ${r}: stopping: training complete; run finished`));
    }
  });
});

test(
  'SIGTERM to one launched worker with cluster.max_restarts 0: the free restart is not refused by the surviving ' +
    'rank; exit 0',
  { timeout: 90_000 },
  async () => {
    await withFaultRun({ max_restarts: 0 }, {}, async ({ coord, runDir }) => {
      await coord.waitFor(/^step 13\/60/m, 30_000);
      process.kill(launchedPids(coord.out()).get(1)!, 'SIGTERM');
      await coord.waitFor(/restart after preemption 1 \(not counted\)/, 20_000);
      const { code } = await exitWithin(coord, 60_000);
      assert.equal(code, ExitCode.Ok, coord.out());
      assert.equal(summary(runDir).steps, STEPS);
      assert.match(coord.out(), /\[rank 0\] worker 0: rejoining the coordinator as rank 0 \(restart 1\)/);
    });
  },
);

test(
  'SIGTERM to one external worker (pod deletion): checkpoint at the next boundary, exit 4; the group resumes from it',
  { timeout: 90_000 },
  async () => {
    const ref = await baseline();
    await withExternalWorkers(2, 13, async ({ coord, workers, worker, runDir }) => {
      workers[1].kill('SIGTERM');
      assert.equal((await exitWithin(workers[1], 20_000)).code, ExitCode.Preempted, workers[1].out());
      assert.match(workers[1].out(),
        /worker 1: stopping: SIGTERM \(preempted\): every rank stopped at step \d+ with a checkpoint/);
      const [, step] = await coord.waitFor(
        joinRe(/restart after preemption 1 \(not counted\) \(generation 1\): rank 1 .*SIGTERM \(preempted\).*; the /,
          /group resumes from \S+ckpt-0*(\d+)\.bin/),
        10_000,
      );
      assert.ok(Number(step) > CKPT_EVERY, `resumed from step ${step}: the stop's checkpoint was not used`);
      worker(1); // the recreated pod
      const { code } = await exitWithin(coord, 60_000);
      assert.equal(code, ExitCode.Ok, coord.out());
      assert.match(workers[0].out(), /rejoining the coordinator as rank 0 \(restart 1\)/);
      const s = summary(runDir);
      assert.equal(s.steps, STEPS);
      assert.equal(s.restarts, 0);
      assert.equal(s.weightsChecksum, ref.s.weightsChecksum, 'final weights differ from the undisturbed run');
      assert.equal((await exitWithin(workers[0], 10_000)).code, 0, workers[0].out());
    });
  },
);
