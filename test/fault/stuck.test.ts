// Liveness by progress: a one-worker run whose rank stops stepping (test-only hook: its all-reduce never
// returns, asynchronously, so its heartbeats keep flowing) is failed after cluster.step_timeout_s, naming
// the rank and the last step, instead of hanging forever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitWithin, start } from '../coordinator/harness';
import { ExitCode } from '../../src/exit_codes';
import { cleanup, faultConfig } from './harness';
import { joinRe } from '../helpers';

const STEP_TIMEOUT_S = 3;

test('a rank that heartbeats but makes no step progress is failed after cluster.step_timeout_s', { timeout: 60_000 },
  async (t) => {
    const cfg = faultConfig({ workers: 1, max_restarts: 0, step_timeout_s: STEP_TIMEOUT_S, heartbeat_interval_s: 0.5,
      heartbeat_timeout_s: 2 });
    const coord = start('mygpt-coord', ['--config', cfg.file], { MYGPT_TEST_STALL_AFTER_CALLS: '8' });
    try {
      await coord.waitFor(/^step 8\/60/m, 40_000);
      const stuckAt = performance.now();
      const { code } = await exitWithin(coord, 30_000);
      const detectS = (performance.now() - stuckAt) / 1000;
      const out = coord.out();
      assert.notEqual(code, ExitCode.Ok, out);
      assert.match(out,
        joinRe(/rank 0 \(pid \d+.*\) made no step progress for \d+\.\ds \(cluster\.step_timeout_s 3\) although it /,
          /still heartbeats; stuck after step 8/));
      assert.doesNotMatch(out, /sent nothing for/,
        'the stuck rank kept heartbeating: silence must not be what failed it');
      assert.doesNotMatch(out, /^step 9\/60/m);
      t.diagnostic(
        `stuck rank failed ${
          detectS.toFixed(1)
        } s after its last step line (step_timeout_s ${STEP_TIMEOUT_S}, heartbeat 0.5 s); exit ${code}`,
      );
      assert.ok(detectS < STEP_TIMEOUT_S + 3, `detected after ${detectS.toFixed(1)} s`);
    } finally {
      coord.kill('SIGKILL');
      cleanup(cfg.dir);
    }
  });
