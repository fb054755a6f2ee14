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
import type { StepTracker } from './steps';

const RECEIVE_MS = 200;

export interface InboxRoutes { rendezvous: Rendezvous; liveness: Liveness; steps: StepTracker }

export class ControlInbox {
  private closing = false;
  private done?: Promise<void>;

  constructor(private readonly ctx: RunContext, private readonly server: ControlServer,
              private readonly endpoint: string, private readonly to: InboxRoutes) {}

  start(): void { this.done = this.pump(); }

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
        this.ctx.gen.fail(checkError(`control socket ${this.endpoint}: ${(e as Error).message}`, -1, ExitCode.Internal));
        return;
      }
      try {
        this.handle(got.peer, envelopeOf(got.msg));
      } catch (e) {
        this.ctx.gen.fail(e instanceof RunError ? e : checkError(`handling a message from ${got.peer}: ${(e as Error).message}`,
          -1, ExitCode.Internal));
      }
    }
  }

  private handle(peer: string, env: mygpt.Envelope): void {
    if (env.body === 'hello') return this.to.rendezvous.onHello(peer, env.hello!);
    const s = this.ctx.table.byPeer(peer);
    if (!s) return; // not (yet) a member: only Hello is meaningful from it
    s.lastSeenMs = Date.now();
    switch (env.body) {
      case 'heartbeat': return this.to.liveness.onHeartbeat(s, env.heartbeat!);
      case 'stepReport': return this.onReport(s, env.stepReport!);
      case 'done': return this.onDone(s, env.done!);
      case 'failure': return this.to.liveness.onFailure(s, env.failure!);
      default: this.ctx.warn(`ignoring unexpected '${env.body}' from ${describeSlot(s)}`);
    }
  }

  private onReport(s: WorkerSlot, r: mygpt.IStepReport): void {
    s.lastStep = Math.max(s.lastStep, num(r.step));
    this.to.steps.noteCheckpoint(r);
    if (this.ctx.phase.is(RunPhase.Initializing)) return this.to.rendezvous.onInitReport(s, r);
    if (this.to.steps.progress) this.to.steps.onReport(s, r);
  }

  private onDone(s: WorkerSlot, d: mygpt.IDone): void {
    const { ctx } = this;
    ctx.table.setState(s, WorkerState.DONE);
    ctx.gen.done[s.rank] = d;
    ctx.publishStates();
    if (ctx.gen.done.every(Boolean)) ctx.gen.finished.resolve();
  }
}
