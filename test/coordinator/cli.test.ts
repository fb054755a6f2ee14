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

test('a launched worker whose backend.name cannot load exits Config, and the coordinator exits Config without restarting it', { timeout: 60_000 }, async () => {
  const { dir, file } = tinyConfig({ backend: { name: 'tensorflow-gpu' }, cluster: { max_restarts: 3 } });
  try {
    const p = start('mygpt-coord', ['--config', file]);
    const { code } = await exitWithin(p, 45_000);
    assert.equal(code, ExitCode.Config, p.out());
    assert.match(p.out(), /backend\.name=tensorflow-gpu: cannot load @tensorflow\/tfjs-node-gpu/);
    assert.doesNotMatch(p.out(), /restart 1 of 3|giving up after/, 'no restart for a missing package');
  } finally {
    cleanup(dir);
  }
});
