// A worker SIGKILLed while its all-reduce runs in the communication thread (cluster.comm_thread,
// the default): the survivor names it, the group restarts, the run ends at exactly train.max_steps with the
// undisturbed run's weights, and the survivor's process holds no more OS threads or handles after the
// restarted generation than after the first one (MYGPT_DEBUG_RESOURCES=1: the worker logs what it holds
// each time it has closed a generation's ring; the comm thread has exited by then).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { exitWithin, start } from '../coordinator/harness';
import { STEPS, baseline, cleanup, currentPid, faultConfig, summary } from './harness';

test('SIGKILL during an all-reduce in the comm thread: survivor names the rank, exact end, nothing left after the restart',
  { timeout: 150_000 }, async () => {
    const ref = await baseline();
    const { dir, file, runDir } = faultConfig({ comm_thread: true });
    const coord = start('mygpt-coord', ['--config', file], { MYGPT_DEBUG_RESOURCES: '1' });
    try {
      await coord.waitFor(new RegExp(`^step 12/${STEPS}`, 'm'), 40_000);
      const victim = currentPid(coord.out(), 1);
      process.kill(victim, 'SIGKILL');
      const { code } = await exitWithin(coord, 60_000);
      const out = coord.out();
      assert.equal(code, 0, out);
      const s = summary(runDir);
      assert.equal(s.steps, STEPS);
      assert.equal(s.restarts, 1);
      assert.equal(s.weightsChecksum, ref.s.weightsChecksum, 'final weights differ from the undisturbed run');
      const f = JSON.parse(fs.readFileSync(path.join(runDir, 'failure.json'), 'utf8'));
      assert.equal(f.first.rank, 1, `failure.json: ${JSON.stringify(f.first)}`);
      // rank 0 survived: it closed generation 0 (restart) and generation 1 (end) in the same process
      const lines = [...out.matchAll(/^\[rank 0\] .*resources after closing generation (\d+): (\d+) OS threads, handles (\{.*\})$/mg)]
        .map((m) => ({ generation: Number(m[1]), threads: Number(m[2]), handles: JSON.parse(m[3]) as Record<string, number> }));
      assert.deepEqual(lines.map((l) => l.generation), [0, 1], `rank 0's resource lines:\n${out}`);
      const [first, second] = lines;
      assert.ok(second.threads <= first.threads, `OS threads grew across the restart: ${first.threads} -> ${second.threads}`);
      for (const [h, n] of Object.entries(second.handles)) {
        assert.ok(n <= (first.handles[h] ?? 0), `${h} handles grew across the restart: ${first.handles[h] ?? 0} -> ${n}`);
      }
      assert.ok(!('MessagePort' in second.handles) && !('Worker' in second.handles), `thread handles left: ${JSON.stringify(second.handles)}`);
    } finally {
      coord.kill('SIGKILL');
      cleanup(dir);
    }
  });
