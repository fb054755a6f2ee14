// What a worker error means for the coordinator (Failure.reason, Failure.failed_rank) and for the exit
// code, decided by error class (instanceof), never by message text.
import { mygpt } from '../gen/mygpt';
import { ExitCode } from '../exit_codes';
import { ConfigError } from '../config/load';
import { RunDirError } from '../util/run_dir';
import { CollectiveError } from '../collective/errors';
import { RingSetupError } from '../collective/setup';
import { CoordinatorTimeoutError, RefusedError } from './control';
import { NonFiniteError } from '../train/nonfinite';
import { CheckpointError } from '../train/checkpoint';

const R = mygpt.FailureReason;

/** reason undefined = nothing to report (refused: the coordinator knows); failedRank undefined = this rank. */
export interface WorkerFailure {
  reason?: mygpt.FailureReason;
  failedRank?: number;
  exit: ExitCode;
}

export function failureOf(e: unknown): WorkerFailure {
  if (e instanceof RefusedError) return { exit: ExitCode.Refused };
  if (e instanceof CollectiveError) return { reason: e.failure, failedRank: e.failedRank, exit: ExitCode.Internal };
  if (e instanceof ConfigError || e instanceof RingSetupError) {
    return { reason: R.FAILURE_CONFIG, exit: ExitCode.Config };
  }
  if (e instanceof RunDirError || e instanceof CheckpointError) {
    return { reason: R.FAILURE_CHECKPOINT, exit: ExitCode.Config };
  }
  if (e instanceof NonFiniteError) return { reason: R.FAILURE_NON_FINITE, exit: ExitCode.Unrecoverable };
  if (e instanceof CoordinatorTimeoutError) return { reason: R.FAILURE_INTERNAL, exit: ExitCode.CoordinatorLost };
  return { reason: R.FAILURE_INTERNAL, exit: ExitCode.Internal };
}
