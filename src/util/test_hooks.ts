// TEST-ONLY hooks, read from the environment, documented in docs/reliability.md ("Test-only hooks").
// Production never sets these variables; unset, every hook is the identity.
import * as fs from 'fs';
import type { GradSync } from '../contracts';

/** MYGPT_TEST_STALL_AFTER_CALLS=N: the (N+1)-th call of `fn` in this process never settles. The wait is
 *  asynchronous (timers, heartbeats and the control pump keep running): a rank stuck in I/O that still
 *  heartbeats, for the cluster.step_timeout_s test. */
export function withTestStall<A extends unknown[]>(fn: (...a: A) => Promise<void>): (...a: A) => Promise<void> {
  const after = Number(process.env.MYGPT_TEST_STALL_AFTER_CALLS ?? '');
  if (!Number.isInteger(after) || after < 0 || process.env.MYGPT_TEST_STALL_AFTER_CALLS === undefined) return fn;
  let calls = 0;
  return (...a: A) => (++calls > after ? new Promise<void>(() => undefined) : fn(...a));
}

/** The same hook for gradient buckets reduced in the communication thread: the (N+1)-th finish() never settles. */
export function withTestStallSync(gs: GradSync): GradSync {
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
export function withTestUnitLog(gs: GradSync, who: () => Record<string, number>): GradSync {
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

/** MYGPT_TEST_DONOR_GATE=FILE: a rank that sends its state to others (worker/peer_state.ts) waits, after saying
 *  so, until FILE exists (at most 60 s) before it starts: a donor a test can kill mid-transfer. */
export async function testDonorGate(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = env.MYGPT_TEST_DONOR_GATE;
  if (!file) return;
  for (const t0 = Date.now(); !fs.existsSync(file) && Date.now() - t0 < 60_000;) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** MYGPT_TEST_CKPT_DELAY_MS=N: the checkpoint writer thread (train/ckpt_thread.ts) waits N ms before the
 *  fsync of each checkpoint's temp file: a slow disk, for the background-checkpoint tests. 0 when unset. */
export function testCheckpointDelayMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.MYGPT_TEST_CKPT_DELAY_MS;
  if (v === undefined || v === '') return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`MYGPT_TEST_CKPT_DELAY_MS (test only) must be an integer >= 0, got ${JSON.stringify(v)}`);
  }
  return n;
}
