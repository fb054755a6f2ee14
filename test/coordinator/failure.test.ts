// Liveness: with cluster.max_restarts 0 a SIGKILLed worker fails the run (non-zero exit, naming rank and
// signal) within the heartbeat timeout, the other worker is shut down, and no process is left behind.
// (Restarts: recovery.test.ts.) A coordinator asked to stop by a signal checkpoints and exits 4 (Preempted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitWithin, launchedPids, waitGone, withCoordinator } from './harness';
import { ExitCode } from '../../src/exit_codes';

test('a SIGKILLed worker stops the run naming rank, pid and signal; no orphans', { timeout: 60_000 }, async () => {
  await withCoordinator({ train: { max_steps: 100_000, log_interval: 5 },
    cluster: { workers: 2, heartbeat_timeout_s: 4, max_restarts: 0 } }, async ({ coord }) => {
    await coord.waitFor(/^step 10\/100000/m, 40_000);
    const pids = launchedPids(coord.out());
    assert.equal(pids.size, 2);
    const victim = pids.get(1)!;
    const t0 = Date.now();
    process.kill(victim, 'SIGKILL');
    const { code } = await exitWithin(coord, 4_000 + 6_000);
    const took = (Date.now() - t0) / 1000;
    assert.equal(code, ExitCode.RestartsExhausted, coord.out()); // max_restarts 0 used up
    assert.ok(took < 4 + 2, `coordinator took ${took}s (heartbeat_timeout_s 4)`);
    assert.match(coord.out(),
      new RegExp(`error: rank 1 \\(pid ${victim} on \\S+, device cpu\\) was killed by signal SIGKILL at step \\d+`));
    assert.deepEqual(await waitGone([...pids.values()], 5_000), [], 'worker processes left behind');
    assert.doesNotMatch(coord.out(), /^training complete|^done:/m);
  });
});

test('SIGTERM to the coordinator: checkpoint at the next step, every worker stops, exit 4 (Preempted)', {
  timeout: 60_000,
}, async () => {
  await withCoordinator({ train: { max_steps: 100_000 }, cluster: { workers: 2 } }, async ({ coord }) => {
    await coord.waitFor(/^step 5\/100000/m, 40_000);
    const pids = launchedPids(coord.out());
    coord.kill('SIGTERM');
    const { code } = await exitWithin(coord, 15_000);
    assert.equal(code, ExitCode.Preempted, coord.out());
    assert.match(coord.out(), /coordinator received SIGTERM: checkpoint at the next step boundary/);
    assert.match(coord.out(), /^stopped at step \d+ of 100000: checkpoint \S+ckpt-\d+\.bin/m);
    assert.deepEqual(await waitGone([...pids.values()], 5_000), []);
  });
});

test('a single worker keeps reporting and heartbeating while it trains (no event-loop starvation)', { timeout: 60_000 },
  async () => {
    await withCoordinator({ train: { max_steps: 100_000, log_interval: 10 },
      cluster: { workers: 1, heartbeat_interval_s: 0.25, heartbeat_timeout_s: 2 } }, async ({ coord }) => {
      await coord.waitFor(/^step 10\/100000/m, 40_000);
      const pids = launchedPids(coord.out());
      const seen = coord.out().length;
      await new Promise((r) => setTimeout(r, 3_000)); // longer than heartbeat_timeout_s
      assert.equal(coord.child.exitCode, null, coord.out());
      assert.match(coord.out().slice(seen), /^step \d+0\/100000/m, 'no progress lines while training');
      coord.kill('SIGTERM');
      assert.equal((await exitWithin(coord, 15_000)).code, ExitCode.Preempted, coord.out());
      assert.deepEqual(await waitGone([...pids.values()], 5_000), []);
    });
  });
