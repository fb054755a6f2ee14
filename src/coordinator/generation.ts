// Everything that belongs to one attempt at the run (a "generation"): made fresh for the first attempt
// and for each group restart, so nothing is reset by hand. Messages tagged with an older generation are
// dropped by the workers; the coordinator drops reports from peers that have not joined this one.
import { mygpt } from '../gen/mygpt';
import { Deferred } from '../util/deferred';
import { FailureArbiter, RunError } from './failure';
import { StepCollector } from './progress';
import type { StartPlan } from './recovery';

const SETTLE_MS = 500; // how long simultaneous failure reports are collected before the root cause is picked

export class Generation {
  readonly aborted = new Deferred<never>();     // rejected with the generation's failure (after the settle window)
  readonly arbiter: FailureArbiter;
  readonly gang = new Deferred<void>();         // every rank joined
  readonly initialized = new Deferred<void>();  // every rank sent its initial checksum
  readonly finished = new Deferred<void>();     // every rank sent Done
  readonly initChecksums: string[];             // index = rank, '' until reported
  readonly initSteps: number[];
  readonly initStateChecksums: string[];        // index = rank: the whole state's (train/state.ts stateChecksum)
  transferS = 0;                                // the slowest rank's state transfer from a peer (0: none)
  plan?: StartPlan;                             // where it starts (recovery.ts), decided once every rank joined
  readonly done: (mygpt.IDone | undefined)[];
  readonly collector: StepCollector;
  readonly relaunched = new Set<number>();      // ranks relaunched late (ended instead of rejoining)

  /** checkpoint: the disk fallback every rank loads when no member holds a newer state in memory ('' = fresh
   *  init from run.seed); startStep: its step. `plan` says what was chosen. */
  constructor(readonly number: number, readonly worldSize: number, readonly checkpoint: string, readonly startStep: number) {
    this.arbiter = new FailureArbiter(SETTLE_MS, (e) => this.aborted.reject(e));
    this.initChecksums = new Array(worldSize).fill('');
    this.initSteps = new Array(worldSize).fill(0);
    this.initStateChecksums = new Array(worldSize).fill('');
    this.done = new Array(worldSize).fill(undefined);
    this.collector = new StepCollector(worldSize);
  }

  fail(e: RunError): void { this.arbiter.report(e); }

  /** Stops the settle timer (the generation is over). */
  close(): void { this.arbiter.cancel(); }
}
