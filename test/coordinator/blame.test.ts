// Typed failures end to end: a worker's Failure{reason, failed_rank} decides whom the coordinator blames,
// whether the group restarts and the coordinator's exit code. The error text is for people only: a text
// that names another rank changes nothing. Scripted workers on a real control socket, real coordinator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { mygpt } from '../../src/gen/mygpt';
import { ExitCode } from '../../src/exit_codes';
import type { ControlClient } from '../../src/transport/types';
import { exitWithin } from './harness';
import { send, until, withScriptedRun } from './scripted';
import { joinRe } from '../helpers';

const R = mygpt.FailureReason;

/** Initial checksums, Start, then `steps` clean steps from both scripted ranks. */
async function train(peers: ControlClient[], steps: number): Promise<void> {
  for (const [rank, c] of peers.entries()) await send(c, { stepReport: { rank, step: 0, weightsChecksum: 'same' } });
  for (const c of peers) await until(c, 'start', 10_000);
  for (let step = 1; step <= steps; step++) {
    for (const [rank, c] of peers.entries()) {
      await send(c, { stepReport: { rank, step, loss: 3, lr: 1e-3, stepS: 0.01, computeS: 0.01, tokens: 64 } });
    }
  }
}

async function waitForStep(progress: string, step: number): Promise<void> {
  const end = Date.now() + 10_000;
  const has = () =>
    fs.existsSync(progress) &&
    fs.readFileSync(progress, 'utf8').split('\n').some((l) => l && JSON.parse(l).step >= step);
  while (!has()) {
    if (Date.now() > end) assert.fail(`the coordinator did not record step ${step} in ${progress}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const failureFile = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'run', 'failure.json'), 'utf8'));

test('Failure{PEER_LOST, failed_rank 1} from rank 0 blames rank 1 (restarts used up: exit 6)', { timeout: 30_000 },
  async () => {
    await withScriptedRun({ max_restarts: 0 }, async ({ coord, peers, dir }) => {
      await train(peers, 3);
      // The two ranks' connections are not ordered with each other: wait until the coordinator has rank 1's
      // step 3, or the Failure can overtake it and the lost rank's step reads 3 instead of 4.
      await waitForStep(path.join(dir, 'run', 'progress.jsonl'), 3);
      await send(peers[0], {
        failure: { rank: 0, step: 4, error: 'ring receive failed', failedRank: 1, reason: R.FAILURE_PEER_LOST },
      });
      const { code } = await exitWithin(coord, 10_000);
      assert.equal(code, ExitCode.RestartsExhausted, coord.out());
      assert.match(coord.out(),
        joinRe(/error: rank 1 \(pid 1001 on script, device cpu\) was lost at step 4 \(its ring neighbour rank 0 /,
          /reports FAILURE_PEER_LOST: ring receive failed\)/));
      assert.equal(failureFile(dir).first.rank, 1);
      assert.equal(failureFile(dir).first.cause, 'Heartbeat');
    });
  });

test('the error text is not parsed: "because of rank 1" with reason UNSPECIFIED is the sender\'s own failure', {
  timeout: 30_000,
}, async () => {
  await withScriptedRun({ max_restarts: 0 }, async ({ coord, peers, dir }) => {
    await train(peers, 2);
    await send(peers[0], { failure: { rank: 0, step: 3, error: 'all-reduce failed because of rank 1' } });
    const { code } = await exitWithin(coord, 10_000);
    assert.equal(code, ExitCode.RestartsExhausted, coord.out());
    assert.match(coord.out(),
      /error: rank 0 \(pid 1000 on script, device cpu\) failed at step 3: all-reduce failed because of rank 1/);
    assert.doesNotMatch(coord.out(), /rank 1 .* was lost/);
    assert.equal(failureFile(dir).first.rank, 0);
  });
});

test('FAILURE_NON_FINITE is not restarted even with restarts left: exit 5', { timeout: 30_000 }, async () => {
  await withScriptedRun({ max_restarts: 3 }, async ({ coord, peers }) => {
    await train(peers, 2);
    await send(peers[1], {
      failure: { rank: 1, step: 3, error: 'loss is NaN', failedRank: 1, reason: R.FAILURE_NON_FINITE },
    });
    const { code } = await exitWithin(coord, 10_000);
    assert.equal(code, ExitCode.Unrecoverable, coord.out());
    assert.doesNotMatch(coord.out(), /restart 1 of 3/);
    assert.match(coord.out(), /error: rank 1 .* failed at step 3: loss is NaN/);
  });
});

test('FAILURE_PREEMPTED restarts the group without using cluster.max_restarts (0 here)', { timeout: 30_000 },
  async () => {
    await withScriptedRun({ max_restarts: 0 }, async ({ coord, peers }) => {
      await train(peers, 2);
      await send(peers[1], {
        failure: { rank: 1, step: 3, error: 'SIGTERM (node drain)', failedRank: 1, reason: R.FAILURE_PREEMPTED },
      });
      const sd = await until(peers[0], 'shutdown', 10_000);
      assert.equal(sd.shutdown!.restart, true, 'the survivor is told to rejoin');
      await coord.waitFor(
        /restart after preemption 1 \(not counted\) \(generation 1\): rank 1 .*SIGTERM \(node drain\)/,
        5_000,
      );
      assert.equal(coord.child.exitCode, null, 'the coordinator waits for the gang again');
    });
  });

test(
  'a step rank 0 checkpointed but rank 1 never reported (it died first) still gets its progress.jsonl line, ' +
    'naming the missing rank',
  { timeout: 30_000 },
  async () => {
    await withScriptedRun({ max_restarts: 1 }, async ({ peers, dir }) => {
      await train(peers, 3);
      const progress = path.join(dir, 'run', 'progress.jsonl');
      await waitForStep(progress, 3);
      // step 4: rank 0 reports it with its checkpoint; rank 1 "dies" after the step's all-reduce, before its report
      await send(peers[0], {
        stepReport: { rank: 0, step: 4, loss: 2.5, lr: 1e-3, stepS: 0.01, computeS: 0.01, tokens: 64,
          checkpointPath: 'ckpt-000004.bin' },
      });
      await send(peers[0], {
        failure: { rank: 0, step: 5, error: 'ring receive failed', failedRank: 1, reason: R.FAILURE_PEER_LOST },
      });
      await waitForStep(progress, 4); // written when the group restarts from step 4, which it will not redo
      const line = fs.readFileSync(progress, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).find((l) =>
        l.step === 4
      );
      assert.deepEqual(line.missingRanks, [1]);
      assert.equal(line.loss, 2.5);
      assert.equal(line.generation, 0);
    });
  },
);
