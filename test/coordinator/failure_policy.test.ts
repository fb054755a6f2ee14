// Restart policy and exit code of a failure, from the typed fields only (FailureReason, exit code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mygpt } from '../../src/gen/mygpt';
import { ExitCode } from '../../src/exit_codes';
import { Cause, FailureArbiter, Restart, RunError, blamesPeer, policyOfExit,
  policyOfReason } from '../../src/coordinator/failure';
import { joinRe } from '../helpers';

const R = mygpt.FailureReason;

test('FailureReason -> restart policy and coordinator exit code', () => {
  assert.deepEqual(policyOfReason(R.FAILURE_REASON_UNSPECIFIED), { restart: Restart.Counted,
    exitCode: ExitCode.Internal });
  assert.deepEqual(policyOfReason(R.FAILURE_INTERNAL), { restart: Restart.Counted, exitCode: ExitCode.Internal });
  assert.deepEqual(policyOfReason(R.FAILURE_NON_FINITE), { restart: Restart.Never, exitCode: ExitCode.Unrecoverable });
  assert.deepEqual(policyOfReason(R.FAILURE_CONFIG), { restart: Restart.Never, exitCode: ExitCode.Config });
  assert.deepEqual(policyOfReason(R.FAILURE_CHECKPOINT), { restart: Restart.Never, exitCode: ExitCode.Config });
  assert.deepEqual(policyOfReason(R.FAILURE_PREEMPTED), { restart: Restart.Free, exitCode: ExitCode.Preempted });
  for (const r of [R.FAILURE_PEER_LOST, R.FAILURE_PEER_TIMEOUT, R.FAILURE_PEER_PROTOCOL]) assert.ok(blamesPeer(r));
  for (const r of [R.FAILURE_REASON_UNSPECIFIED, R.FAILURE_INTERNAL, R.FAILURE_NON_FINITE, R.FAILURE_PREEMPTED]) {
    assert.ok(!blamesPeer(r));
  }
});

test("a launched worker's exit code -> restart policy and coordinator exit code", () => {
  assert.deepEqual(policyOfExit(ExitCode.Config), { restart: Restart.Never, exitCode: ExitCode.Config });
  assert.deepEqual(policyOfExit(ExitCode.Refused), { restart: Restart.Never, exitCode: ExitCode.Config });
  assert.deepEqual(policyOfExit(ExitCode.Unrecoverable), { restart: Restart.Never, exitCode: ExitCode.Unrecoverable });
  assert.deepEqual(policyOfExit(ExitCode.Preempted), { restart: Restart.Free, exitCode: ExitCode.Preempted });
  for (const code of [ExitCode.Internal, ExitCode.CoordinatorLost, 134, null]) {
    assert.deepEqual(policyOfExit(code), { restart: Restart.Counted, exitCode: ExitCode.Internal }, String(code));
  }
});

test('a failure not tied to one rank is never restarted; the arbiter keeps the most direct cause', async () => {
  assert.equal(
    new RunError('x', { cause: Cause.Report, rank: -1, restart: Restart.Counted, exitCode: ExitCode.Internal }).restart,
    Restart.Never,
  );
  const decided = await new Promise<RunError>((resolve) => {
    const a = new FailureArbiter(20, resolve);
    a.report(
      new RunError('rank 0 reports', { cause: Cause.Report, rank: 0, restart: Restart.Counted,
        exitCode: ExitCode.Internal }),
    );
    a.report(
      new RunError('rank 1 killed', { cause: Cause.Killed, rank: 1, restart: Restart.Counted,
        exitCode: ExitCode.Internal }),
    );
  });
  assert.ok(decided instanceof RunError);
  assert.equal(decided.rank, 1);
  assert.match(decided.message, /^rank 1 killed\n {2}\(also: rank 0 reports\)$/);
});

test('a worker that reported its own failure and then exited: the exit decides, ' +
  'the message leads with the report', async () => {
  const decided = await new Promise<RunError>((resolve) => {
    const a = new FailureArbiter(20, resolve);
    a.report(
      new RunError('rank 1 failed at step 0: train.batch_size too large', { cause: Cause.Report, rank: 1,
        restart: Restart.Never, exitCode: ExitCode.Config }),
    );
    a.report(
      new RunError('rank 0 failed at step 0: peer lost', { cause: Cause.Report, rank: 0, restart: Restart.Counted,
        exitCode: ExitCode.Internal }),
    );
    a.report(
      new RunError('rank 1 exited with code 2', { cause: Cause.Exit, rank: 1, restart: Restart.Never,
        exitCode: ExitCode.Config }),
    );
  });
  assert.equal(decided.rank, 1);
  assert.equal(decided.cause_, Cause.Exit);
  assert.equal(decided.exitCode, ExitCode.Config);
  assert.equal(decided.restart, Restart.Never);
  assert.match(decided.message,
    joinRe(/^rank 1 failed at step 0: train\.batch_size too large\n {2}\(also: rank 1 exited with code /,
      /2\)\n {2}\(also: rank 0 failed at step 0: peer lost\)$/));
});
