// A worker whose coordinator vanishes (SIGKILL: no Shutdown, no goodbye) exits by itself within the
// heartbeat timeout instead of hanging in an all-reduce: no orphans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode } from '../../src/exit_codes';
import { cleanup, exitWithin, externalGang, launchedPids, start, tinyConfig, waitGone } from '../coordinator/harness';

test('external workers exit when their coordinator is SIGKILLed', { timeout: 60_000 }, async () => {
  const { coord, workers, stop } = await externalGang({ heartbeat_timeout_s: 3 });
  try {
    coord.kill('SIGKILL');
    const t0 = Date.now();
    for (const w of workers) {
      const { code } = await exitWithin(w, 3_000 + 5_000);
      assert.equal(code, ExitCode.CoordinatorLost, w.out());
      assert.match(w.out(),
        /coordinator tcp:\/\/\S+ silent for \d+\.\ds \(cluster.heartbeat_timeout_s 3\); exiting so no orphan is left/);
    }
    assert.ok((Date.now() - t0) / 1000 < 3 + 3);
  } finally {
    await stop();
  }
});

test('a launched worker exits when its coordinator process dies', { timeout: 60_000 }, async () => {
  const { dir, file } = tinyConfig({ train: { max_steps: 100_000 }, cluster: { workers: 2, heartbeat_timeout_s: 30 } });
  const coord = start('mygpt-coord', ['--config', file]);
  try {
    await coord.waitFor(/^step 5\/100000/m, 40_000);
    const pids = [...launchedPids(coord.out()).values()];
    coord.kill('SIGKILL');
    // parent-pid watch: well before the (30 s) heartbeat timeout
    assert.deepEqual(await waitGone(pids, 5_000), [], 'launched workers outlived their coordinator');
  } finally {
    coord.kill('SIGKILL');
    cleanup(dir);
  }
});
