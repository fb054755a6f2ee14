// Cluster settings that contradict each other stop mygpt-coord before anything starts, naming the keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, exitWithin, start, tinyConfig } from './harness';
import { ExitCode } from '../../src/exit_codes';

test('heartbeat timeout not above twice the interval, or a GPU listed twice -> exit 2 (Config) naming the keys', { timeout: 30_000 }, async () => {
  const { dir, file } = tinyConfig();
  try {
    let p = start('mygpt-coord', ['--config', file, '--set', 'cluster.heartbeat_timeout_s=0.5']);
    assert.equal((await exitWithin(p, 15_000)).code, ExitCode.Config);
    assert.match(p.out(), /run\.yaml \+ --set: cluster\.heartbeat_timeout_s \(0\.5\) must be more than twice cluster\.heartbeat_interval_s \(0\.25\)/);
    assert.doesNotMatch(p.out(), /launched rank/);
    p = start('mygpt-coord', ['--config', file, '--set', 'cluster.devices=[1,2,1]']);
    assert.equal((await exitWithin(p, 15_000)).code, ExitCode.Config);
    assert.match(p.out(), /cluster\.devices \[1,2,1\] lists a GPU twice/);
  } finally {
    cleanup(dir);
  }
});
