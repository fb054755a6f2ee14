// Where a generation starts after a group restart, and what the restart cost (docs/reliability.md
// "In-place recovery"). A survivor keeps its training state in memory and says so in its Hello (StateInfo:
// step, checksum, size); the coordinator picks, once the whole gang joined:
//
//   peer  cluster.recovery in_place, some member holds a state at a step M newer than the disk fallback's:
//         every rank starts from M. The donor is the lowest rank holding it; when some rank lacks it (a
//         replacement, a laggard one step behind) the donor broadcasts it as the generation's first collective.
//         Members at M trained in the same generation must hold the same state (checksum), else the replicas
//         diverged: exit 5 (one of an older generation is stale: it receives the state).
//   disk  otherwise, with a checkpoint: the newest one rank 0 reported (or --resume's), as before.
//   fresh otherwise: step 0 from run.seed.
//
// Steps redone = the highest step any rank had completed (reported or held) minus the start step: 0 when
// the state came from a peer (the step in flight when the failure hit is the only work lost), up to
// train.checkpoint_interval from the disk. The coordinator never sees the state's bytes, only StateInfo.
import { mygpt } from '../gen/mygpt';
import type { Config } from '../config/types';
import { checkError } from './failure';
import type { WorkerSlot } from './registry';
import type { Generation } from './generation';
import type { FailureReport } from './failure_report';
import type { StepTracker } from './steps';
import type { TrainingMetrics } from '../metrics';

export interface HeldInfo {
  step: number;
  checksum: string;
  bytes: number;
  generation: number;
}

/** Where generation g starts, as the Welcome says. */
export interface StartPlan {
  source: 'peer' | 'disk' | 'fresh';
  step: number;
  checkpoint: string; // disk: the file every rank loads; '' otherwise
  donor: number; // peer: the rank whose state every rank starts from; -1 otherwise
  transfer: boolean; // peer: some rank lacks it, so the donor broadcasts it
  state?: HeldInfo; // peer: the donor's StateInfo
}

// what a Hello may claim; each receiver also bounds it by a state of its own model (worker/peer_state.ts)
const MAX_STATE_BYTES = 2 ** 40;

/** A Hello's StateInfo, or undefined when it carries none or a malformed one (then it is ignored: the rank
 *  is treated as holding nothing and receives the state like a replacement). */
export function heldInfoOf(s: mygpt.IStateInfo | null | undefined, maxSteps: number): HeldInfo | undefined {
  if (!s) return undefined;
  const step = Number(s.step ?? 0), bytes = Number(s.bytes ?? 0), checksum = s.checksum ?? '',
    generation = s.generation ?? 0;
  if (!/^[0-9a-f]{64}$/.test(checksum) || !Number.isSafeInteger(step) || step > maxSteps ||
    !(bytes > 0 && bytes <= MAX_STATE_BYTES)) return undefined;
  return { step, checksum, bytes, generation };
}

/** The plan for a generation whose members hold `held` (index = rank; undefined = nothing), given the disk
 *  fallback (`checkpoint` at `checkpointStep`, '' = none); `slots`: the stable rank at each index, for errors.
 *  Throws a checkError when two ranks hold different states for the same step. */
export function planStart(cfg: Config, held: readonly (HeldInfo | undefined)[], checkpoint: string,
  checkpointStep: number, slots: readonly number[] = held.map((_, i) => i)): StartPlan
{
  const disk: StartPlan = { source: checkpoint ? 'disk' : 'fresh', step: checkpoint ? checkpointStep : 0, checkpoint,
    donor: -1, transfer: false };
  if (cfg.cluster.recovery !== 'in_place') return disk;
  const top = Math.max(-1, ...held.map((h) => h?.step ?? -1));
  if (top <= disk.step) return disk; // as new as memory (e.g. the checkpoint of a preemption stop): every rank reads it
  // Of the states of that step, those trained last: an older one (a member that fell silent and came back while
  // a shrunk group trained that step again, summing in another order) is stale, not a divergence.
  const newest = Math.max(...held.filter((h) => h?.step === top).map((h) => h!.generation));
  const donor = held.findIndex((h) => h?.step === top && h.generation === newest);
  const state = held[donor]!;
  const other = held.findIndex((h) => h?.step === top && h.generation === newest && h.checksum !== state.checksum);
  if (other >= 0) {
    throw checkError(
      `replicas diverged: rank ${slots[other]} holds a state of step ${top} with checksum ${held[other]!.checksum}, ` +
        `rank ${slots[donor]} one with ${state.checksum}`,
      slots[other],
    );
  }
  return { source: 'peer', step: top, checkpoint: '', donor, state,
    transfer: held.some((h) => h?.checksum !== state.checksum) };
}

/** The Welcome fields of a plan. */
export function welcomeOf(
  p: StartPlan,
): Pick<mygpt.IWelcome, 'startStep' | 'checkpointPath' | 'donor' | 'transfer' | 'state'> {
  return { startStep: p.step, checkpointPath: p.checkpoint, donor: p.donor, transfer: p.transfer,
    state: p.state ?? null };
}

/** Where a finished restart is recorded. */
export interface RecoverySinks {
  warn(line: string): void;
  failures: Pick<FailureReport, 'recovered'>;
  metrics?: TrainingMetrics;
  steps: StepTracker;
}

/** What one group restart cost, from the failure to the Start of the generation after it. */
export interface RecoveryCost {
  seconds: number;
  stepsRedone: number;
  transferS: number;
}

/** The open record of a group restart: made when the failure is acted on, closed at the next Start. */
export class PendingRecovery {
  /** The failed generations since the last Start (a restart can fail before it trains: the donor died). Their
   *  steps some rank completed but not every rank reported are logged once the start step is known. */
  readonly failed: Generation[];

  /** label: what caused it ("rank 1's failure (Killed)", "rank 2 joining"); failure: a failure, not a grow;
   *  t0: performance.now() when the failure was first reported; `before`: the restart this one interrupted. */
  constructor(readonly label: string, readonly failure: boolean, private readonly reached: number, old: Generation,
    before?: PendingRecovery, private readonly t0 = performance.now())
  {
    this.failed = [...(before?.failed ?? []), old];
    this.reached = Math.max(reached, before?.reached ?? 0);
  }

  /** Generation `gen` started at `plan.step` (`held`: what each slot held, index = slot): the steps of the failed
   *  generations no rank redoes are logged, then one line with what the restart cost, failure.json's `recovery`, the
   *  metrics. Returns undefined: the restart is over. */
  finish(gen: Generation, plan: StartPlan, held: readonly (HeldInfo | undefined)[], to: RecoverySinks): undefined {
    // Reports of steps the restart cut off, which the survivors handed on in their Hellos: into the collector
    // of the generation they belong to, so those steps are logged (whole, or with the ranks still missing).
    for (const s of gen.members) {
      const r = s.lastReport, step = Number(r?.step ?? 0);
      const g = this.failed.find((x) => x.number === s.held?.generation); // where that step was trained
      if (!r || !g || step <= to.steps.logged || step > plan.step) continue;
      const whole = g.collector.add({ ...r, rank: g.pos(s) });
      if (whole) to.steps.logLate(whole, g);
    }
    for (const g of this.failed) to.steps.flushIncomplete(plan.step, g);
    const reached = Math.max(this.reached, ...held.map((h) => h?.step ?? 0));
    const cost = { seconds: (performance.now() - this.t0) / 1000, stepsRedone: Math.max(0, reached - plan.step),
      transferS: gen.transferS };
    to.warn(this.line(gen, plan, cost));
    if (!this.failure) return undefined;
    to.failures.recovered({ generation: gen.number, source: plan.source, step: plan.step,
      donor: plan.donor < 0 ? -1 : gen.slotOf(plan.donor), worldSize: gen.worldSize, ...cost });
    to.metrics?.observeRecovery(plan.source, cost.seconds, cost.stepsRedone);
    return undefined;
  }

  /** The one line a restart ends with. */
  line(gen: Generation, plan: StartPlan, cost: RecoveryCost): string {
    const from = plan.source === 'peer'
      ? `from rank ${gen.slotOf(plan.donor)}'s state in memory` +
        (plan.transfer
          ? ` (${(plan.state!.bytes / 1e6).toFixed(1)} MB sent in ${(cost.transferS * 1000).toFixed(0)} ms)`
          : '')
      : plan.source === 'disk'
      ? `from the checkpoint ${plan.checkpoint}`
      : 'from step 0 (no checkpoint, no state held)';
    const W = gen.worldSize;
    return `${
      this.failure ? 'recovered' : 're-formed'
    } (generation ${gen.number}, ${plan.source}, ${W} worker(s)) after ${this.label} in ` +
      `${
        cost.seconds.toFixed(2)
      } s: training continues at step ${plan.step} ${from}; ${cost.stepsRedone} completed step(s) redone`;
  }

  /** A rank's slot as it was when the failure was acted on: the highest step it reported. */
  static reachedOf(slots: readonly WorkerSlot[]): number {
    return Math.max(0, ...slots.map((s) => s.lastStep));
  }
}
