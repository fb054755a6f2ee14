// Everything that belongs to one attempt at the run (a "generation"): made fresh for the first attempt
// and for each group restart, so nothing is reset by hand. Messages tagged with an older generation are
// dropped by the workers; the coordinator drops reports from peers that have not joined this one.
//
// Slots and positions: a slot is a worker's stable rank (0..W0-1: launch token, logs, failure.json, metric
// labels). The generation's members are the slots that form its ring, in slot order; a member's position
// (0..W-1) is its rank on that ring (Welcome.rank) and the index of every per-rank array below. Without
// failures, or with cluster.min_workers at the configured world size, every slot is a member and
// position == slot. After a failure with min_workers < W0 the group may start with the survivors only
// (recovery.ts) and grows back when replacements join.
import { mygpt } from '../gen/mygpt';
import { FailureArbiter, RunError } from './failure';
import { StepCollector } from './progress';
import type { HeldInfo, WorkerSlot } from './registry';
import { PhaseMachine, RunPhase } from './phase';
import { Deferred, timerMs } from '../util/async';

/** Where a generation starts, as the Welcome says (chosen by recovery.ts planStart). */
export interface StartPlan {
  source: 'peer' | 'disk' | 'fresh';
  step: number;
  checkpoint: string; // disk: the file every rank loads; '' otherwise
  donor: number; // peer: the rank whose state every rank starts from; -1 otherwise
  transfer: boolean; // peer: some rank lacks it, so the donor broadcasts it
  state?: HeldInfo; // peer: the donor's StateInfo
}

const SETTLE_MS = 500; // how long simultaneous failure reports are collected before the root cause is picked

export class Generation {
  readonly aborted = new Deferred<never>(); // rejected with the generation's failure (after the settle window)
  readonly arbiter: FailureArbiter;
  readonly gang = new Deferred<void>(); // the members joined (every slot, or a quorum after a failure)
  readonly initialized = new Deferred<void>(); // every member sent its initial checksum
  readonly finished = new Deferred<void>(); // every member sent Done
  readonly grow = new Deferred<void>(); // a replacement joined this shrunk generation: the next one takes it in
  readonly stepped = new Deferred<void>(); // its first step completed (a grow waits for it: the survivors train first)
  readonly relaunched = new Set<number>(); // slots relaunched late (ended instead of rejoining)
  /** Slots told to rejoin after a failure (survivors): a shrunk group starts only once all of them joined. */
  readonly awaited = new Set<number>();
  members: readonly WorkerSlot[] = []; // position -> slot, set by form()
  initChecksums: string[] = []; // index = position, '' until reported
  initSteps: number[] = [];
  initStateChecksums: string[] = []; // index = position: the whole state's (train/state.ts stateChecksum)
  done: (mygpt.IDone | undefined)[] = [];
  collector = new StepCollector(0);
  transferS = 0; // the slowest member's state transfer from a peer (0: none)
  plan?: StartPlan; // where it starts (recovery.ts), decided once the members joined
  private readonly position = new Map<number, number>(); // slot -> position
  readonly createdMs = performance.now();

  /** checkpoint: the disk fallback every rank loads when no member holds a newer state in memory ('' = fresh
   *  init from run.seed); startStep: its step. `plan` says what was chosen. */
  constructor(readonly number: number, readonly checkpoint: string, readonly startStep: number) {
    this.arbiter = new FailureArbiter(SETTLE_MS, (e) => this.aborted.reject(e));
  }

  /** The members are known (the gang formed): per-position state for them. */
  form(members: readonly WorkerSlot[]): void {
    this.members = members;
    members.forEach((s, i) => this.position.set(s.rank, i));
    const n = members.length;
    this.initChecksums = new Array<string>(n).fill('');
    this.initSteps = new Array<number>(n).fill(0);
    this.initStateChecksums = new Array<string>(n).fill('');
    this.done = new Array<mygpt.IDone | undefined>(n).fill(undefined);
    this.collector = new StepCollector(n);
  }

  get worldSize(): number {
    return this.members.length;
  }
  /** Position of slot `s` on this generation's ring, or -1 when it is not a member. */
  pos(s: WorkerSlot): number {
    return this.position.get(s.rank) ?? -1;
  }
  /** The slot at `position` (a rank named by a member, e.g. Failure.failed_rank), if any. */
  slotAt(position: number): WorkerSlot | undefined {
    return this.members[position];
  }
  /** The stable rank at `position`, for errors and logs (the position itself when there is no member there). */
  slotOf(position: number): number {
    return this.members[position]?.rank ?? position;
  }

  fail(e: RunError, now = false): void {
    this.arbiter.report(e, now);
  }

  /** Waits for `p` (the gang, the initial checksums) within `seconds` (then onTimeout()'s failure); a stop
   *  requested meanwhile wins (the signal's error, decided at once). */
  async within(p: Promise<void>, seconds: number, onTimeout: () => RunError, phase: PhaseMachine): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.fail(onTimeout());
        resolve();
      }, timerMs(seconds));
    });
    try {
      await Promise.race([p, this.aborted.promise, late.then(() => this.aborted.promise)]);
      if (phase.is(RunPhase.Stopping)) await this.aborted.promise;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops the settle timer (the generation is over). */
  close(): void {
    this.arbiter.cancel();
  }
}
