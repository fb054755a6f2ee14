// Fault injection for tests, in worker processes: each fault is enabled only by its MYGPT_TEST_* environment
// variable (docs/reliability.md, "Test-only hooks"); production never sets them, and unset, every hook is the
// identity. A rank's collectives get theirs in one call, withTestFaults (from ./rank.ts); the state
// transfer's donor waits at testDonorGate (./peer_state.ts).
import * as fs from 'fs';
import type { AllReduce, GradSync } from '../contracts';
import { type PoisonHook, testPoisonFromEnv } from '../train/nonfinite';

/** What a rank trains with: the all-reduce, the gradient sync, and (tests only) the gradient poison. */
export interface RankCollectives {
  allreduce: AllReduce;
  gradSync: GradSync;
  poisonGradient?: PoisonHook;
}

/** Every fault below that the environment asks for, applied to a rank's collectives, and MYGPT_TEST_NAN_GRAD's
 *  poison for this slot (train/nonfinite.ts). `who()`: which member of which generation computes the step
 *  (slot: the stable rank the faults are addressed to). */
export function withTestFaults(c: RankCollectives,
  who: () => { slot: number; } & Record<string, number>): RankCollectives
{
  return { allreduce: withTestStall(c.allreduce), gradSync: withTestUnitLog(withTestStallSync(c.gradSync), who),
    poisonGradient: testPoisonFromEnv(who().slot) };
}

/** MYGPT_TEST_STALL_AFTER_CALLS=N: the (N+1)-th call of `fn` never settles. The wait is
 *  asynchronous (timers, heartbeats and the control pump keep running): a rank stuck in I/O that still
 *  heartbeats, for the cluster.step_timeout_s test. */
function withTestStall<A extends unknown[]>(fn: (...a: A) => Promise<void>): (...a: A) => Promise<void> {
  const after = Number(process.env.MYGPT_TEST_STALL_AFTER_CALLS ?? '');
  if (!Number.isInteger(after) || after < 0 || process.env.MYGPT_TEST_STALL_AFTER_CALLS === undefined) return fn;
  let calls = 0;
  return (...a: A) => (++calls > after ? new Promise<void>(() => undefined) : fn(...a));
}

/** The same hook for the gradient sync, counting its own calls (one finish() per step): the (N+1)-th never
 *  settles. */
function withTestStallSync(gs: GradSync): GradSync {
  const gate = withTestStall(() => Promise.resolve());
  if (process.env.MYGPT_TEST_STALL_AFTER_CALLS === undefined) return gs;
  return { attach: (b, t) => gs.attach(b, t), ready: (b) => gs.ready(b), finish: async () => {
    await gate();
    return gs.finish();
  } };
}

/** MYGPT_TEST_UNIT_LOG=DIR: before the first gradient bucket of each step leaves this process, one JSON line
 *  `who()` (generation, slot, position, members, 0-based step) is appended to DIR/units-<pid>.jsonl: which
 *  share of the step's work units (train/units.ts) this member computed in which generation, for the chaos
 *  test's check that every completed step was computed by a whole tiling of its generation. */
function withTestUnitLog(gs: GradSync, who: () => Record<string, number>): GradSync {
  const dir = process.env.MYGPT_TEST_UNIT_LOG;
  if (!dir) return gs;
  let last = '';
  return { attach: (b, t) => gs.attach(b, t), finish: () => gs.finish(), ready: (b) => {
    const line = JSON.stringify(who());
    if (line !== last) fs.appendFileSync(`${dir}/units-${process.pid}.jsonl`, `${line}\n`);
    last = line;
    return gs.ready(b);
  } };
}

/** MYGPT_TEST_DONOR_GATE=FILE: a rank that sends its state to others (./peer_state.ts) waits, after saying
 *  so, until FILE exists (at most 60 s) before it starts: a donor a test can kill mid-transfer. */
export async function testDonorGate(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = env.MYGPT_TEST_DONOR_GATE;
  if (!file) return;
  for (const t0 = Date.now(); !fs.existsSync(file) && Date.now() - t0 < 60_000;) {
    await new Promise((r) => setTimeout(r, 20));
  }
}
