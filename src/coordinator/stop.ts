// An orderly stop asked from outside the run (SIGINT/SIGTERM to mygpt-coord). While training: every worker
// gets Shutdown{checkpoint}, the ranks agree on one step boundary (through the all-reduce), rank 0 writes a
// checkpoint there, all send Done and the run ends with `stopped` (exit Preempted). Otherwise (or if that
// takes too long, or on a second signal) the generation fails with a signal error: the workers are shut
// down at once, and the exit is Preempted as well.
import { timerMs } from '../util/async';
import type { RunContext } from './context';
import { signalError } from './failure';
import { RunPhase } from './phase';

export class OrderlyStop {
  active = false; // a signal asked for a checkpoint at the next step boundary
  reason = ''; // the signal that set `active`

  /** keep: the coordinator's timers, cleared at teardown. */
  constructor(private readonly ctx: RunContext, private readonly keep: (t: NodeJS.Timeout) => void) {}

  request(reason: string): void {
    const { ctx } = this;
    const wasTraining = ctx.phase.is(RunPhase.Training);
    if (!this.active && !ctx.phase.terminal() && !ctx.phase.is(RunPhase.Stopping)) ctx.phase.to(RunPhase.Stopping);
    if (!wasTraining || this.active) return ctx.gen.fail(signalError(reason));
    this.active = true;
    this.reason = reason;
    const c = ctx.cfg.cluster;
    const limitS = Math.max(c.heartbeat_timeout_s, c.collective_timeout_s) + 5;
    ctx.log(`${reason}: checkpoint at the next step boundary, then stop (a second signal stops at once)`);
    for (const s of ctx.table.live()) {
      ctx.send(s, { shutdown: { reason, checkpoint: true, generation: ctx.gen.number } });
    }
    if (ctx.gen.done.every(Boolean)) ctx.gen.finished.resolve(); // all ranks already stopped (a worker's own SIGTERM)
    this.keep(setTimeout(() =>
      ctx.gen.fail(signalError(`${reason}: the workers did not checkpoint ` +
        `within ${limitS}s; stopped without one`)), timerMs(limitS)));
  }
}
