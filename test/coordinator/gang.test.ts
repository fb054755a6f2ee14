// Gang start: the coordinator never starts a partial group; a missing worker fails the run within
// cluster.join_timeout_s, naming the missing rank, and the workers that did join are shut down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alive, cleanup, controlEndpoint, exitWithin, start, tinyConfig } from './harness';
import { joinRe } from '../helpers';

test('a missing worker fails the gang within the join timeout, naming the missing rank', { timeout: 40_000 },
  async () => {
    const { dir, file } = tinyConfig({ cluster: { external: true, world_size: 2, join_timeout_s: 3 } });
    const t0 = Date.now();
    const coord = start('mygpt-coord', ['--config', file]);
    try {
      const endpoint = await controlEndpoint(coord);
      const worker = start('mygpt-worker', ['--coordinator', endpoint, '--config', file, '--rank', '0']);
      await coord.waitFor(/rank 0 joined/, 10_000);
      const { code } = await exitWithin(coord, 15_000);
      const elapsed = (Date.now() - t0) / 1000;
      assert.equal(code, 1, coord.out());
      assert.match(coord.out(),
        joinRe(/gang start failed: 1 of 2 worker\(s\) did not join within 3s \(cluster.join_timeout_s\): missing /,
          /rank 1; no partial group was started/));
      assert.doesNotMatch(coord.out(), /^training:/m);
      assert.ok(elapsed < 3 + 8, `took ${elapsed}s`);
      const w = await exitWithin(worker, 10_000);
      assert.notEqual(w.code, 0);
      assert.match(worker.out(), /stopping: coordinator asked to stop: run stopped: gang start failed/);
      assert.equal(alive(worker.pid), false);
    } finally {
      coord.kill('SIGKILL');
      cleanup(dir);
    }
  });
