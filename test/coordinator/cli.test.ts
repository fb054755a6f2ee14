// Cluster settings that contradict each other stop mygpt-coord before anything starts, naming the keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, exitWithin, start, tinyConfig } from './harness';
import { ExitCode } from '../../src/exit_codes';
import { joinRe } from '../helpers';

test('heartbeat timeout not above twice the interval, or a GPU listed twice -> exit 2 (Config) naming the keys', {
  timeout: 30_000,
}, async () => {
  const { dir, file } = tinyConfig();
  try {
    let p = start('mygpt-coord', ['--config', file, '--set', 'cluster.heartbeat_timeout_s=0.5']);
    assert.equal((await exitWithin(p, 15_000)).code, ExitCode.Config);
    assert.match(p.out(),
      joinRe(/run\.yaml \+ --set: cluster\.heartbeat_timeout_s \(0\.5\) must be more than twice /,
        /cluster\.heartbeat_interval_s \(0\.25\)/));
    assert.doesNotMatch(p.out(), /launched rank/);
    p = start('mygpt-coord', ['--config', file, '--set', 'cluster.devices=[1,2,1]']);
    assert.equal((await exitWithin(p, 15_000)).code, ExitCode.Config);
    assert.match(p.out(), /cluster\.devices \[1,2,1\] lists a GPU twice/);
  } finally {
    cleanup(dir);
  }
});

test(
  'a launched worker whose backend.name cannot load exits Config, and the coordinator exits Config without ' +
    'restarting it',
  { timeout: 60_000 },
  async () => {
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
  },
);

// Deterministic worker-side config failures: the worker reports FAILURE_CONFIG and exits Config; the
// coordinator ends the run at once with Config, naming the rank and the cause, instead of restarting.
for (const [what, sets, cause] of [
  ['train.batch_size above the training sequences', ['train.batch_size=1000000000'],
    /train\.batch_size 1000000000 x world size 2 exceeds the \d+ training sequences of \S+ \(block_size 16\)/],
  ['a model too large to allocate', ['model.n_layer=16', 'model.n_embd=16384', 'model.n_head=2'],
    joinRe(/model\.n_layer 16, model\.n_embd 16384: \d+ parameters \([\d.]+ GiB per float32 copy\) cannot be /,
      /allocated on this worker \(.+\); reduce model\.n_layer \/ model\.n_embd/)],
] as const) {
  test(`${what}: the worker reports a config failure, the coordinator exits 2 without restarts`, { timeout: 60_000 },
    async () => {
      const { dir, file } = tinyConfig({ cluster: { max_restarts: 3 } });
      try {
        const p = start('mygpt-coord', ['--config', file, ...sets.flatMap((s) => ['--set', s])]);
        const { code } = await exitWithin(p, 45_000);
        assert.equal(code, ExitCode.Config, p.out());
        assert.match(p.out(), new RegExp(
          `^mygpt-coord: error: rank [01] \\(pid \\d+ on \\S+, device cpu\\) failed at step 0: ${cause.source}`,
          'm',
        ));
        assert.doesNotMatch(p.out(), /restart \d+ of 3|giving up after|relaunched rank/,
          'no restart for a config failure');
      } finally {
        cleanup(dir);
      }
    });
}
