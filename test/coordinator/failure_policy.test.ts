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

const COUNTED = { restart: Restart.Counted, exitCode: ExitCode.Internal };
const CONFIG = { restart: Restart.Never, exitCode: ExitCode.Config };

/** A RunError blaming `rank` for `cause`, with the restart and exit code of `policy`. */
const failure = (message: string, cause: Cause, rank: number, policy: typeof COUNTED) =>
  new RunError(message, { cause, rank, ...policy });

/** What a FailureArbiter (20 ms window) decides when `errors` are reported to it in this order. */
function arbitrate(errors: RunError[]): Promise<RunError> {
  return new Promise<RunError>((resolve) => {
    const a = new FailureArbiter(20, resolve);
    for (const e of errors) a.report(e);
  });
}

test('a failure not tied to one rank is never restarted; the arbiter keeps the most direct cause', async () => {
  assert.equal(failure('x', Cause.Report, -1, COUNTED).restart, Restart.Never);
  const decided = await arbitrate([
    failure('rank 0 reports', Cause.Report, 0, COUNTED),
    failure('rank 1 killed', Cause.Killed, 1, COUNTED),
  ]);
  assert.ok(decided instanceof RunError);
  assert.equal(decided.rank, 1);
  assert.match(decided.message, /^rank 1 killed\n {2}\(also: rank 0 reports\)$/);
});

test('a worker that reported its own failure and then exited: the exit decides, ' +
  'the message leads with the report', async () => {
  const decided = await arbitrate([
    failure('rank 1 failed at step 0: train.batch_size too large', Cause.Report, 1, CONFIG),
    failure('rank 0 failed at step 0: peer lost', Cause.Report, 0, COUNTED),
    failure('rank 1 exited with code 2', Cause.Exit, 1, CONFIG),
  ]);
  assert.equal(decided.rank, 1);
  assert.equal(decided.cause_, Cause.Exit);
  assert.equal(decided.exitCode, ExitCode.Config);
  assert.equal(decided.restart, Restart.Never);
  assert.match(decided.message,
    joinRe(/^rank 1 failed at step 0: train\.batch_size too large\n {2}\(also: rank 1 exited with code /,
      /2\)\n {2}\(also: rank 0 failed at step 0: peer lost\)$/));
});
