// The coordinator's run phase (one per run, beside the per-worker WorkerState of state.ts). Values are
// the label values of mygpt_run_phase (RUN_PHASES in src/metrics/names.ts, same spelling and order).
//
//   waiting --gang joined--> initializing --checksums agree--> training --all Done--> finished
//      |  ^                      |                                |
//      |  +---- restarting <-----+--------------------------------+   (restartable worker failure)
//      |            |            |                                |
//      +------------+------------+--------------------------------+--> stopping  (SIGTERM/SIGINT)
//      +------------+------------+--------------------------------+--> failed    (not restartable / restarts used up)
//
// stopping -> finished | failed: an orderly stop ends with a checkpoint (exit Preempted) or fails.
// finished and failed are terminal. Any other edge throws IllegalPhaseError (a coordinator bug).
import type { RunPhaseName } from '../metrics/names';

export enum RunPhase {
  Waiting = 'waiting', // gang join: Hellos accepted until cluster.world_size workers joined
  Initializing = 'initializing', // gang formed: Welcome sent, waiting for every rank's initial checksum
  Training = 'training', // Start sent; StepReports flow
  Restarting = 'restarting', // a worker failed: survivors told to rejoin, dead local workers relaunched
  Stopping = 'stopping', // a signal asked for a checkpoint at the next step boundary
  Finished = 'finished', // train.max_steps reached (or stopped with a checkpoint)
  Failed = 'failed', // the run ended with a RunError
}

const NEXT: Record<RunPhase, readonly RunPhase[]> = {
  [RunPhase.Waiting]: [RunPhase.Initializing, RunPhase.Restarting, RunPhase.Stopping, RunPhase.Failed],
  [RunPhase.Initializing]: [RunPhase.Training, RunPhase.Restarting, RunPhase.Stopping, RunPhase.Failed],
  [RunPhase.Training]: [RunPhase.Finished, RunPhase.Restarting, RunPhase.Stopping, RunPhase.Failed],
  [RunPhase.Restarting]: [RunPhase.Waiting, RunPhase.Stopping, RunPhase.Failed],
  [RunPhase.Stopping]: [RunPhase.Finished, RunPhase.Failed],
  [RunPhase.Finished]: [],
  [RunPhase.Failed]: [],
};

/** The written transition table, for docs and tests. */
export const PHASE_TRANSITIONS: Readonly<Record<RunPhase, readonly RunPhase[]>> = NEXT;

export class IllegalPhaseError extends Error {
  constructor(readonly from: RunPhase, readonly to: RunPhase) {
    super(`coordinator: illegal run phase transition ${from} -> ${to}`);
    this.name = 'IllegalPhaseError';
  }
}

export function canEnterPhase(from: RunPhase, to: RunPhase): boolean {
  return NEXT[from].includes(to);
}

/** The current phase; every change goes through the table and is reported (e.g. to mygpt_run_phase). */
export class PhaseMachine {
  private current = RunPhase.Waiting;
  constructor(private readonly onChange: (p: RunPhaseName) => void = () => {}) {
    onChange(this.current);
  }

  get phase(): RunPhase {
    return this.current;
  }

  is(...ps: RunPhase[]): boolean {
    return ps.includes(this.current);
  }

  to(next: RunPhase): void {
    if (!canEnterPhase(this.current, next)) throw new IllegalPhaseError(this.current, next);
    this.current = next;
    this.onChange(next);
  }

  terminal(): boolean {
    return NEXT[this.current].length === 0;
  }
}
