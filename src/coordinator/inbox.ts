// Control-plane input: receives every worker message (bounded waits, so closing is noticed) and routes
// it by kind: Hello -> rendezvous; from joined peers only: heartbeat and Failure -> liveness, StepReport
// -> rendezvous (initial checksum) or step tracking, Done -> the generation.
import { mygpt } from '../gen/mygpt';
import type { ControlServer } from '../transport/types';
import { TransportTimeoutError } from '../transport/types';
import { ExitCode } from '../exit_codes';
import { num } from '../util/num';
import { envelopeOf } from '../control/envelope';
import type { RunContext } from './context';
import { RunError, checkError } from './failure';
import type { Liveness } from './liveness';
import { RunPhase } from './phase';
import type { Rendezvous } from './rendezvous';
import { describeSlot, WorkerSlot } from './registry';
import { WorkerState } from './state';
import { ReportLimits, badReportError, checkDone, checkStepReport, checkpointOf } from './reports';
import { printable } from '../control/printable';
import type { StepTracker } from './steps';

const RECEIVE_MS = 200;

export interface InboxRoutes {
  rendezvous: Rendezvous;
  liveness: Liveness;
  steps: StepTracker;
}

export class ControlInbox {
  private closing = false;
  private done?: Promise<void>;

  constructor(private readonly ctx: RunContext, private readonly server: ControlServer,
    private readonly endpoint: string, private readonly to: InboxRoutes)
  {}

  start(): void {
    this.done = this.pump();
  }

  /** Stops receiving; resolves once the receive loop has ended. */
  async close(): Promise<void> {
    this.closing = true;
    await this.done;
  }

  private async pump(): Promise<void> {
    while (!this.closing) {
      let got;
      try {
        got = await this.server.receive(RECEIVE_MS);
      } catch (e) {
        if (e instanceof TransportTimeoutError || this.closing) continue;
        this.ctx.gen.fail(
          checkError(`control socket ${this.endpoint}: ${(e as Error).message}`, -1, ExitCode.Internal),
        );
        return;
      }
      try {
        this.handle(got.peer, envelopeOf(got.msg));
      } catch (e) {
        // whatever a joined worker's message made throw is that rank's failure, not the coordinator's
        const s = this.ctx.table.byPeer(got.peer);
        this.ctx.gen.fail(e instanceof RunError ? e : s ?
          badReportError(s, 'message', (e as Error).message)
          : checkError(`handling a message from ${got.peer}: ${(e as Error).message}`, -1, ExitCode.Internal));
      }
    }
  }

  private handle(peer: string, env: mygpt.Envelope): void {
    if (env.body === 'hello') return this.to.rendezvous.onHello(peer, env.hello!);
    const s = this.ctx.table.byPeer(peer);
    if (!s) return; // not (yet) a member: only Hello is meaningful from it
    s.lastSeenMs = performance.now(); // monotonic: a wall-clock jump must not make everyone look silent
    switch (env.body) {
      case 'heartbeat':
        return this.to.liveness.onHeartbeat(s, env.heartbeat!);
      case 'stepReport':
        return this.onReport(s, env.stepReport!);
      case 'done':
        return this.onDone(s, env.done!);
      case 'failure':
        return this.to.liveness.onFailure(s, env.failure!);
      default:
        this.ctx.warn(`ignoring unexpected '${env.body}' from ${describeSlot(s)}`);
    }
  }

  private onReport(s: WorkerSlot, r: mygpt.IStepReport): void {
    const p = this.ctx.gen.pos(s); // a report's rank rules (who writes checkpoints) are about its position
    const why = p < 0
      ? `a StepReport from a rank that is not a member of generation ${this.ctx.gen.number}`
      : checkStepReport(p, r, this.limits());
    if (why) return this.ctx.gen.fail(badReportError(s, 'StepReport', why));
    this.ctx.table.progressed(s, num(r.step), performance.now());
    this.to.steps.noteCheckpoint(checkpointOf(p, r.checkpointPath, num(r.step), this.limits())[1]);
    if (this.ctx.phase.is(RunPhase.Initializing)) return this.to.rendezvous.onInitReport(s, r);
    if (this.to.steps.progress) this.to.steps.onReport(s, r);
  }

  private onDone(s: WorkerSlot, d: mygpt.IDone): void {
    const { ctx } = this;
    const p = ctx.gen.pos(s);
    const why = s.state === WorkerState.DONE ? 'a second Done' : s.state !== WorkerState.TRAINING || p < 0 ?
      `Done before Start (state ${WorkerState[s.state]})` :
      checkDone(p, d, this.limits());
    if (why) return ctx.gen.fail(badReportError(s, 'Done', why));
    ctx.table.setState(s, WorkerState.DONE);
    const checkpointPath = checkpointOf(p, d.checkpointPath, num(d.step), this.limits())[1];
    this.to.steps.noteCheckpoint(checkpointPath); // a stop's checkpoint is written after the step's report
    ctx.gen.done[p] = { ...d, checkpointPath, sample: printable(d.sample, 65536, true) };
    ctx.publishStates();
    if (!ctx.gen.done.every(Boolean)) return;
    // Every rank stopped before train.max_steps although no signal reached the coordinator: a worker got
    // SIGTERM itself. Its Failure{PREEMPTED} follows and restarts the group from the checkpoint just noted.
    if (ctx.stopping || ctx.gen.done.every((x) => num(x!.step) >= ctx.cfg.train.max_steps)) ctx.gen.finished.resolve();
  }

  private limits(): ReportLimits {
    return { maxSteps: this.ctx.cfg.train.max_steps, runDir: this.ctx.cfg.run.dir };
  }
}
