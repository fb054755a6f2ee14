// TEST-ONLY hooks, read from the environment, documented in docs/reliability.md ("Test-only hooks").
// Production never sets these variables; unset, every hook is the identity.
import type { GradSync } from '../train/grad_sync';

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
  return { attach: (b, t) => gs.attach(b, t), ready: (b) => gs.ready(b), finish: async () => { await gate(); return gs.finish(); } };
}
