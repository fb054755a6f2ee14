// Replica checksums: the coordinator compares every rank's weights sha256 at start and at each
// checksum step, and stops the run naming the rank and the step. Workers are scripted peers speaking
// the real protocol to a real coordinator process (a real divergence cannot be produced on purpose:
// identical all-reduced gradients give identical updates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExitCode } from '../../src/exit_codes';
import { exitWithin } from './harness';
import { send, until, withScriptedRun } from './scripted';

test('different initial weights are refused before Start, naming the rank (exit 5)', { timeout: 30_000 }, async () => {
  await withScriptedRun({}, async ({ coord, peers }) => {
    await send(peers[0], { stepReport: { rank: 0, step: 0, weightsChecksum: 'aaaa' } });
    await send(peers[1], { stepReport: { rank: 1, step: 0, weightsChecksum: 'bbbb' } });
    const { code } = await exitWithin(coord, 10_000);
    assert.equal(code, ExitCode.Unrecoverable);
    assert.match(coord.out(), /error: replicas differ at start: rank 1 initial weights checksum bbbb != rank 0 aaaa/);
    assert.equal((await until(peers[0], 'shutdown', 5000)).body, 'shutdown');
  });
});

test('a checksum divergence during training stops the run naming rank and step (exit 5)', { timeout: 30_000 },
  async () => {
    await withScriptedRun({ checksum_interval: 5 }, async ({ coord, peers }) => {
      for (const [rank, c] of peers.entries()) {
        await send(c, { stepReport: { rank, step: 0, weightsChecksum: 'same' } });
      }
      for (const c of peers) await until(c, 'start', 10_000);
      for (let step = 1; step <= 10; step++) {
        for (const [rank, c] of peers.entries()) {
          const sum = step % 5 === 0 ? (rank === 1 && step === 10 ? 'drifted' : `w${step}`) : '';
          await send(c, {
            stepReport: { rank, step, loss: 3, lr: 1e-3, stepS: 0.01, computeS: 0.01, tokens: 64,
              weightsChecksum: sum },
          });
        }
      }
      const { code } = await exitWithin(coord, 10_000);
      assert.equal(code, ExitCode.Unrecoverable);
      assert.match(coord.out(), /error: replicas diverged at step 10: rank 1 weights checksum drifted != rank 0 w10/);
      assert.match(coord.out(), /^step 5\/20 /m); // step 5 (equal checksums) went through
    });
  });
