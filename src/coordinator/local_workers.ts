// The coordinator's own worker processes (cluster.external false): launched once the control socket is bound,
// one per device or CPU slot (launcher.ts), and relaunched into a restarted generation, killed first if still
// alive, each keeping its log. Every exit goes to liveness.ts; once the run ends, exits are expected and
// nothing is relaunched.
import type { RunContext } from './context';
import { ExitInfo, KILL_WAIT_MS, LaunchSpec, LaunchedWorker, exitedWithin, launch, launchOne } from './launcher';

export interface LocalWorkerHooks {
  /** A local worker's process exited (liveness.ts decides what that means; `ending`: the run is over). */
  exited(w: LaunchedWorker, e: ExitInfo, ending: boolean): void;
  /** A rank the gang was waiting for was relaunched instead: the gang may be complete without it now. */
  checkGang(): void;
}

export class LocalWorkers {
  ending = false; // teardown started: exits are expected, nothing is relaunched
  private spec?: LaunchSpec;

  /** launched: the coordinator's processes (index = rank), filled and replaced here. */
  constructor(private readonly ctx: RunContext, private readonly launched: LaunchedWorker[],
    private readonly hooks: LocalWorkerHooks)
  {}

  start(spec: LaunchSpec): void {
    this.spec = spec;
    this.launched.push(...launch(spec));
    for (const w of this.launched) {
      this.ctx.table.slots[w.rank].pid = w.pid;
      this.ctx.log(`launched rank ${w.rank} (pid ${w.pid}, device ${w.device})`);
      this.watch(w);
    }
  }

  /** Into a new generation: every local worker that exited, and the failed rank's (killed first). */
  async relaunchInto(failedRank?: number): Promise<void> {
    for (const w of [...this.launched]) if (w.exitInfo || w.rank === failedRank) await this.relaunch(w.rank);
  }

  /** Kills (if still alive) and starts again the local worker of `rank`, keeping its log. */
  async relaunch(rank: number): Promise<void> {
    const { ctx } = this, old = this.launched[rank];
    if (!old.exitInfo) {
      old.child.kill('SIGKILL');
      if (!await exitedWithin(old, KILL_WAIT_MS)) {
        ctx.warn(`rank ${rank}: pid ${old.pid} not reaped ${KILL_WAIT_MS} ms after SIGKILL; relaunching anyway`);
      }
    }
    if (this.launched[rank] !== old || this.ending || !this.spec) return; // someone else relaunched it / run over
    const w = launchOne(this.spec, rank, old.log);
    this.launched[rank] = w;
    ctx.table.slots[rank].pid = w.pid;
    ctx.log(`relaunched rank ${rank} (pid ${w.pid}, device ${w.device}) for generation ${ctx.gen.number}`);
    if (ctx.gen.awaited.delete(rank)) this.hooks.checkGang(); // a survivor that ended instead of rejoining
    this.watch(w);
  }

  private watch(w: LaunchedWorker): void {
    void w.exited.then((e) => this.hooks.exited(w, e, this.ending));
  }
}
