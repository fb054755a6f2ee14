// Liveness of the gang, both ways, turned into one typed RunError per failure: launched processes that
// exit, workers that fall silent past cluster.heartbeat_timeout_s (the coordinator heartbeats them back),
// and the Failure messages workers send. Blame comes from Failure.failed_rank and Failure.reason, never
// from the error text. Everything goes to the current generation's arbiter, which picks the root cause.
import { mygpt } from '../gen/mygpt';
import { num } from '../util/num';
import type { RunContext } from './context';
import { Cause, Restart, RunError, blamesPeer, policyOfExit, policyOfReason } from './failure';
import type { ExitInfo, LaunchedWorker } from './launcher';
import { describeExit } from './launcher';
import { RunPhase } from './phase';
import { describeSlot, WorkerSlot } from './registry';
import { WorkerState } from './state';
import { ExitCode } from '../exit_codes';
import { printable } from '../control/printable';
import { MAX_FAILURE_TEXT } from '../transport/frames';

export class Liveness {
  /** relaunch: start the local worker of a rank again (a survivor that ended instead of rejoining). */
  constructor(private readonly ctx: RunContext, private readonly relaunch: (rank: number) => void) {}

  /** A worker's Failure: its own failure, or (PEER_* reasons) the peer it names in failed_rank, which is
   *  then blamed directly (external workers have no exit status, and this is faster than a heartbeat). */
  onFailure(s: WorkerSlot, f: mygpt.IFailure): void {
    const { ctx } = this;
    if (this.outside(s, `reports a failure: ${printable(f.error, 200, true)}`)) return;
    const step = num(f.step);
    const reason = f.reason ?? mygpt.FailureReason.FAILURE_REASON_UNSPECIFIED;
    // failed_rank is a position on the sender's ring (this generation's): the slot it names
    const failed = blamesPeer(reason) ? ctx.gen.slotAt(f.failedRank ?? -1) : undefined;
    const peer = failed !== s ? failed : undefined;
    const own = peer ? policyOfReason(mygpt.FailureReason.FAILURE_INTERNAL) : policyOfReason(reason);
    ctx.gen.fail(
      new RunError(`${describeSlot(s)} failed at step ${step}: ${printable(f.error, MAX_FAILURE_TEXT, true)}`, {
        cause: Cause.Report,
        rank: s.rank,
        ...own,
        detail: { step },
      }),
    );
    if (peer) {
      ctx.gen.fail(new RunError(`${describeSlot(peer)} was lost at step ${peer.lastStep + 1} ` +
        `(its ring neighbour rank ${s.rank} reports ${mygpt.FailureReason[reason]}: ${
          printable(f.error, MAX_FAILURE_TEXT, true)
        })`, { cause: Cause.Heartbeat, rank: peer.rank, restart: Restart.Counted, exitCode: ExitCode.Internal }));
    }
  }

  onExit(w: LaunchedWorker, e: ExitInfo, ending: boolean): void {
    const { ctx } = this;
    const s = ctx.table.slots[w.rank];
    if (ctx.launched[w.rank] !== w || ending || (s.state === WorkerState.DONE && e.code === 0)) return;
    // A survivor that ended instead of rejoining (its own collective failed first): relaunch it once.
    const rejoining = ctx.phase.is(RunPhase.Restarting) || (ctx.phase.is(RunPhase.Waiting) && ctx.gen.number > 0);
    if (rejoining && !s.joined && e.code !== ExitCode.Config && !ctx.gen.relaunched.has(w.rank)) {
      ctx.gen.relaunched.add(w.rank);
      this.relaunch(w.rank);
      return;
    }
    // A replacement that ended before a shrunk group took it in (or was refused by a stop): never the group's
    // failure; while it trains, it is relaunched once per generation.
    if (ctx.gen.pos(s) < 0 && ctx.gen.worldSize > 0) {
      const again = (ctx.phase.is(RunPhase.Training) || ctx.phase.is(RunPhase.Initializing)) &&
        e.code !== ExitCode.Config && !ctx.gen.relaunched.has(w.rank);
      ctx.warn(
        `rank ${s.rank} (pid ${w.pid}) ${describeExit(e)} before it joined the group${again ? '; relaunching it' : ''}`,
      );
      ctx.table.leave(s);
      if (again) {
        ctx.gen.relaunched.add(w.rank);
        this.relaunch(w.rank);
      }
      return;
    }
    const policy = e.signal ? { restart: Restart.Counted, exitCode: ExitCode.Internal } : policyOfExit(e.code);
    ctx.gen.fail(
      new RunError(`${describeSlot(s)} ${describeExit(e)} at step ${s.lastStep} (state ${WorkerState[s.state]})`, {
        cause: e.signal ? Cause.Killed : Cause.Exit,
        rank: s.rank,
        ...policy,
        detail: { exitCode: e.code, signal: e.signal, step: s.lastStep },
      }),
    );
  }

  /** Every cluster.heartbeat_interval_s: blame the silent and, while training, the stuck (heartbeats but no
   *  step for cluster.step_timeout_s); heartbeat the others. Monotonic clock: a wall-clock jump blames nobody. */
  tick(): void {
    const { ctx } = this;
    const now = performance.now();
    const { heartbeat_timeout_s: limitS, step_timeout_s: stepS } = ctx.cfg.cluster;
    for (const s of ctx.table.live()) {
      if (now - s.lastSeenMs > limitS * 1000) {
        if (this.outside(s, `sent nothing for ${((now - s.lastSeenMs) / 1000).toFixed(1)}s`)) continue;
        ctx.gen.fail(new RunError(`${describeSlot(s)} sent nothing for ${((now - s.lastSeenMs) / 1000).toFixed(1)}s ` +
          `(cluster.heartbeat_timeout_s ${limitS}); last step ${s.lastStep}`, { cause: Cause.Heartbeat, rank: s.rank,
          restart: Restart.Counted, exitCode: ExitCode.Internal, detail: { step: s.lastStep } }), true);
      } else if (stepS > 0 && ctx.phase.is(RunPhase.Training) && s.state === WorkerState.TRAINING &&
        now - s.progressMs > stepS * 1000)
      {
        ctx.gen.fail(
          new RunError(`${describeSlot(s)} made no step progress for ${((now - s.progressMs) / 1000).toFixed(1)}s ` +
            `(cluster.step_timeout_s ${stepS}) although it still heartbeats; stuck after step ${s.lastStep}`, {
            cause: Cause.Heartbeat,
            rank: s.rank,
            restart: Restart.Counted,
            exitCode: ExitCode.Internal,
            detail: { step: s.lastStep },
          }),
        );
      }
      ctx.send(s, { heartbeat: { rank: s.rank, step: s.lastStep, unixMs: Date.now(), generation: ctx.gen.number } });
    }
    // a rank that finished waits for the end of the run (the others' last checkpoint write): it hears us too
    for (const s of ctx.table.slots) {
      if (s.joined && s.state === WorkerState.DONE) {
        ctx.send(s, { heartbeat: { rank: s.rank, step: s.lastStep, unixMs: Date.now(), generation: ctx.gen.number } });
      }
    }
  }

  /** A replacement that joined a shrunk group but is not a member yet and failed (`what`): never the group's
   *  failure; it leaves its slot free (a launched one is killed and relaunched). */
  private outside(s: WorkerSlot, what: string): boolean {
    const { ctx } = this;
    if (!(ctx.gen.worldSize > 0 && ctx.gen.pos(s) < 0)) return false;
    ctx.warn(`${describeSlot(s)} ${what} before it joined the group; its slot is free again`);
    ctx.table.leave(s);
    if (ctx.launched[s.rank]) this.relaunch(s.rank);
    return true;
  }

  /** A heartbeat from a worker: its step (of this generation, within the run) moves. */
  onHeartbeat(s: WorkerSlot, h: mygpt.IHeartbeat): void {
    const step = num(h.step);
    if ((h.generation ?? 0) === this.ctx.gen.number && step <= this.ctx.cfg.train.max_steps) {
      this.ctx.table.progressed(s, step, performance.now());
    }
  }
}
