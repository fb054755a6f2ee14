// External workers (Kubernetes pods): a SIGKILLed worker is restarted from outside (here by the test, as
// the Job controller would), says Hello again for its rank, the surviving worker rejoins in-process after
// Shutdown{restart}, and the group finishes at the exact step with the undisturbed run's weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitWithin } from '../coordinator/harness';
import { STEPS, baseline, summary, withExternalWorkers } from './harness';
import { joinRe } from '../helpers';

test('external worker killed and started again (as a restarted pod): the group recovers to the exact end', {
  timeout: 90_000,
}, async () => {
  const ref = await baseline();
  await withExternalWorkers(2, 23, async ({ coord, workers, worker, runDir }) => {
    workers[1].kill('SIGKILL');
    await coord.waitFor(/restart 1 of 3 \(generation 1\): rank 1 .*the group resumes from \S+ckpt-000020\.bin/, 10_000);
    worker(1); // the "pod restart"
    const { code } = await exitWithin(coord, 40_000);
    assert.equal(code, 0, coord.out());
    assert.match(workers[0].out(), /rejoining the coordinator as rank 0 \(restart 1\)/);
    // the recreated pod got the state of the newest step from the survivor, not the step-20 checkpoint
    assert.match(coord.out(),
      joinRe(/recovered \(generation 1, peer, 2 worker\(s\)\) after rank 1's failure .*training continues at step /,
        /2[3-9] from rank 0's state in memory .*; 0 completed step\(s\) redone/));
    const s = summary(runDir);
    assert.equal(s.steps, STEPS);
    assert.equal(s.restarts, 1);
    assert.equal(s.weightsChecksum, ref.s.weightsChecksum, 'final weights differ from the undisturbed run');
    assert.equal((await exitWithin(workers[0], 10_000)).code, 0, workers[0].out());
    assert.equal((await exitWithin(workers[2], 10_000)).code, 0, workers[2].out());
  });
});
