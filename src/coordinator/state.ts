// Per-worker lifecycle, as the coordinator sees it (cf. torchrun's WorkerState). Values equal the
// proto enum mygpt.WorkerState so a state can go on the wire unchanged.
//
//   PENDING --hello accepted--> READY --gang started--> TRAINING --Done--> DONE
//      |                          |                        |
//      +--------------------------+------------------------+--> FAILED  (exit, silence, bad report)
//      +--------------------------+------------------------+--> STOPPED (shutdown on request)
//
// FAILED/STOPPED -> PENDING is the group-restart edge (rejoin or relaunch under a new generation,
// bounded by cluster.max_restarts: see regroup.ts and docs/reliability.md).
import { mygpt } from '../gen/mygpt';

export enum WorkerState {
  PENDING = mygpt.WorkerState.PENDING,
  READY = mygpt.WorkerState.READY,
  TRAINING = mygpt.WorkerState.TRAINING,
  DONE = mygpt.WorkerState.DONE,
  FAILED = mygpt.WorkerState.FAILED,
  STOPPED = mygpt.WorkerState.STOPPED,
}

export type WorkerStateName = keyof typeof WorkerState;

const ALLOWED: Record<WorkerState, readonly WorkerState[]> = {
  [WorkerState.PENDING]: [WorkerState.READY, WorkerState.FAILED, WorkerState.STOPPED],
  [WorkerState.READY]: [WorkerState.TRAINING, WorkerState.FAILED, WorkerState.STOPPED],
  [WorkerState.TRAINING]: [WorkerState.DONE, WorkerState.FAILED, WorkerState.STOPPED],
  [WorkerState.DONE]: [WorkerState.STOPPED, WorkerState.FAILED],
  [WorkerState.FAILED]: [WorkerState.PENDING],
  [WorkerState.STOPPED]: [WorkerState.PENDING],
};

export class IllegalTransitionError extends Error {
  constructor(readonly who: string, readonly from: WorkerState, readonly to: WorkerState) {
    super(`${who}: illegal state transition ${WorkerState[from]} -> ${WorkerState[to]}`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: WorkerState, to: WorkerState): boolean {
  return ALLOWED[from].includes(to);
}

/** Returns `to`, or throws naming `who` (e.g. "rank 1") when the edge is not in the table. */
export function transition(who: string, from: WorkerState, to: WorkerState): WorkerState {
  if (!canTransition(from, to)) throw new IllegalTransitionError(who, from, to);
  return to;
}

/** A worker that will never train again in this generation. */
export function isTerminal(s: WorkerState): boolean {
  return s === WorkerState.DONE || s === WorkerState.FAILED || s === WorkerState.STOPPED;
}

export function stateName(s: WorkerState): WorkerStateName {
  return WorkerState[s] as WorkerStateName;
}

/** Counts by state name (every state present, 0 when none), e.g. for the mygpt_workers gauge. */
export function countStates(states: Iterable<WorkerState>): Record<WorkerStateName, number> {
  const out = { PENDING: 0, READY: 0, TRAINING: 0, DONE: 0, FAILED: 0, STOPPED: 0 };
  for (const s of states) out[stateName(s)]++;
  return out;
}
