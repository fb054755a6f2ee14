// The worker's side of the control plane: Hello/Welcome/Start handshake, heartbeats out, coordinator
// liveness in, fire-and-forget reports (it is the step loop's LoopReporter), Failure, and Shutdown.
// One receive pump; every wait has a deadline. State is private: the wiring reads it through methods.
import * as os from 'os';
import { mygpt } from '../gen/mygpt';
import type { ClusterConfig } from '../config/types';
import { ExitCode } from '../exit_codes';
import type { ControlClient } from '../transport/types';
import { TransportTimeoutError } from '../transport/types';
import type { DoneOut, LoopReporter, StepReportOut } from '../train/reporter';
import { Deferred, timerMs } from '../util/async';
import { controlMessage, envelopeOf } from '../control/envelope';
import { SendQueue } from '../control/send_queue';
import { Watchdog } from '../control/watchdog';
import { MAX_FAILURE_TEXT } from '../transport/frames';
import { writeLog } from '../util/log';

export class RefusedError extends Error {
  constructor(readonly code: mygpt.RefuseReason, reason: string) {
    super(`refused by coordinator: ${reason}`);
    this.name = 'RefusedError';
  }
}

/** A wait on the coordinator passed its deadline (no Welcome / Start in time). */
export class CoordinatorTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CoordinatorTimeoutError';
  }
}

/** The Failure text (and stop reason) of a worker preempted by SIGTERM before its ranks could stop at a checkpoint. */
export const PREEMPTED_NOW = 'SIGTERM (preempted)';

/** StopRequest.code for a group restart: the worker rejoins (new Hello) instead of exiting. */
export const RESTART = 'restart';
/** Why the worker must stop now: an exit code, or RESTART. */
export interface StopRequest {
  code: ExitCode | typeof RESTART;
  reason: string;
}

/** The process that started this worker and must outlive it: a local coordinator (MYGPT_PARENT_PID) or the
 *  node launcher (MYGPT_NODE_LAUNCHER_PID). Once it is gone (this process re-parented), the worker stops with
 *  CoordinatorLost: nothing would stop it otherwise, and a relaunched launcher would start its workers twice. */
export interface WatchedParent {
  pid: number;
  what: 'coordinator' | 'node launcher';
}

export class WorkerControl implements LoopReporter {
  private readonly queue: SendQueue;
  private readonly welcome = new Deferred<mygpt.IWelcome>();
  private readonly start = new Deferred<mygpt.IStart>();
  private readonly watchdog: Watchdog;
  private heard = false;
  private closed = false;
  private timer?: NodeJS.Timeout;
  private _rank = -1;
  private lastStep = 0;
  private lastReport?: StepReportOut;
  private finished = false; // Done was sent: a Shutdown now is the normal end
  private doneStep = 0; // the step Done reported: train.max_steps, or earlier after a stop at a checkpoint
  private generation = 0; // from Welcome; coordinator messages of older generations are dropped
  private checkpointAsked = false; // Shutdown{checkpoint}: stop at the next step boundary the ranks agree on
  private signalled = false; // SIGTERM to this process while training: the same stop, asked by us

  constructor(private readonly client: ControlClient, private readonly endpoint: string,
    private readonly c: ClusterConfig, private readonly maxSteps: number,
    private readonly onStop: (r: StopRequest) => void, private readonly parent?: WatchedParent)
  {
    this.queue = new SendQueue((m) => client.send(m), (e) => writeLog('warn', `control send failed: ${e.message}`));
    this.watchdog = new Watchdog(c.heartbeat_interval_s * 1000);
  }

  get rank(): number {
    return this._rank;
  }
  /** Shutdown{checkpoint} arrived, or this process got SIGTERM while training: the step loop's StopVote reads this. */
  checkpointRequested(): boolean {
    return this.checkpointAsked || this.signalled;
  }
  /** The ranks stopped early because of this process's own SIGTERM, not because the coordinator asked. */
  stoppedBySignal(): boolean {
    return this.signalled && !this.checkpointAsked;
  }

  /** Connects, says Hello, starts the heartbeat timer and the receive pump. */
  open(hello: mygpt.IHello): void {
    this._rank = hello.requestedRank ?? -1; // until the Welcome assigns one
    this.client.connect(this.endpoint);
    this.timer = setInterval(() => this.tick(), this.c.heartbeat_interval_s * 1000);
    this.post({ hello: { host: os.hostname(), pid: process.pid, ...hello } });
    void this.pump();
  }

  /** Resolves with the Welcome once the whole gang joined (and adopts its rank); rejects on Refuse or deadline. */
  async waitWelcome(): Promise<mygpt.IWelcome> {
    const w = await this.within(this.welcome.promise, this.c.join_timeout_s * 2, 'Welcome (all workers joining)');
    this._rank = w.slot ?? w.rank ?? 0; // the stable rank (Welcome.rank is the position on this generation's ring)
    return w;
  }

  async waitStart(): Promise<mygpt.IStart> {
    return this.within(this.start.promise, this.c.join_timeout_s * 2, 'Start (all workers set up)');
  }

  /** After setup: the step this rank starts from, its weights' and whole state's checksums (checked across
   *  ranks) and how long a state transfer from a peer took here (0: none). */
  ready(step: number, weightsChecksum: string, stateChecksum: string, stateTransferS: number): void {
    this.lastStep = step;
    this.post({ stepReport: { rank: this._rank, step, weightsChecksum, stateChecksum, stateTransferS, valLoss: NaN } });
  }
  completed(r: StepReportOut): void {
    this.lastReport = r;
  }
  step(r: StepReportOut): void {
    this.lastStep = r.step;
    this.lastReport = r;
    this.post({ stepReport: r });
  }
  /** The last StepReport of this generation (a rejoining survivor hands it on: the restart may have cut it off). */
  lastSent(): StepReportOut | undefined {
    return this.lastReport;
  }
  done(d: DoneOut): void {
    this.finished = true;
    this.doneStep = d.step;
    this.post({ done: d });
  }
  /** Failure{failed_rank, reason}; failedRank defaults to this rank (its own failure). */
  failure(reason: mygpt.FailureReason, error: string, failedRank = Math.max(0, this._rank)): void {
    this.post({
      failure: { rank: Math.max(0, this._rank), step: this.lastStep, error: error.slice(0, MAX_FAILURE_TEXT),
        failedRank, reason },
    });
  }

  /** SIGTERM to this worker (pod deletion, node drain, a service manager stopping its cgroup along with the
   *  coordinator). While training, the first one asks for a stop at the next step boundary, voted like
   *  Shutdown{checkpoint} so that every rank stops there and rank 0 writes a checkpoint; the wiring then
   *  calls preempt() unless the coordinator asked for that stop itself. Before training, or a second
   *  SIGTERM: preempt() at once. */
  sigterm(): void {
    if (this.start.settled && !this.signalled && !this.finished) {
      this.signalled = true;
      return;
    }
    this.preempt(PREEMPTED_NOW);
  }

  /** Tells the coordinator this rank is preempted (Failure{PREEMPTED}: a restart not counted), then stops with
   *  Preempted. */
  preempt(why: string): void {
    this.failure(mygpt.FailureReason.FAILURE_PREEMPTED, why);
    this.onStop({ code: ExitCode.Preempted, reason: why });
  }

  /** Fire-and-forget: never awaited on the training step's critical path. Dropped before open() and after close(). */
  post(body: mygpt.IEnvelope): void {
    if (this.timer && !this.closed) this.queue.enqueue(controlMessage(body));
  }

  async flush(timeoutMs: number): Promise<void> {
    await this.queue.drain(timeoutMs);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.client.close();
  }

  private tick(): void {
    const p = this.parent;
    if (p && process.ppid !== p.pid) {
      return this.onStop({ code: ExitCode.CoordinatorLost,
        reason: `${p.what} process ${p.pid} is gone (parent is now ${process.ppid})` });
    }
    const silentMs = this.watchdog.tick();
    // Until the coordinator first answers, it may still be starting: allow the join timeout.
    const limitS = this.heard ? this.c.heartbeat_timeout_s : this.c.join_timeout_s;
    if (silentMs > limitS * 1000) {
      return this.onStop({ code: ExitCode.CoordinatorLost,
        reason: `coordinator ${this.endpoint} silent for ${(silentMs / 1000).toFixed(1)}s ` +
          `(${
            this.heard ? 'cluster.heartbeat_timeout_s' : 'cluster.join_timeout_s'
          } ${limitS}); exiting so no orphan is left` });
    }
    this.post({
      heartbeat: { rank: Math.max(0, this._rank), step: this.lastStep, unixMs: Date.now(),
        generation: this.generation },
    });
  }

  private async pump(): Promise<void> {
    while (!this.closed) {
      let env: mygpt.Envelope;
      try {
        env = envelopeOf(await this.client.receive(500));
      } catch (e) {
        if (e instanceof TransportTimeoutError || this.closed) continue;
        return this.onStop({ code: ExitCode.Internal, reason: `control socket: ${(e as Error).message}` });
      }
      this.heard = true;
      this.watchdog.seen();
      switch (env.body) {
        case 'welcome':
          this.generation = env.welcome!.generation ?? 0;
          this.welcome.resolve(env.welcome!);
          break;
        case 'refuse':
          this.welcome.reject(new RefusedError(env.refuse!.code ?? 0, env.refuse!.reason ?? ''));
          break;
        case 'start':
          if ((env.start!.generation ?? 0) >= this.generation) this.start.resolve(env.start!);
          break;
        case 'shutdown':
          this.onShutdown(env.shutdown!);
          break;
        default:
          break; // heartbeat: liveness only
      }
    }
  }

  private onShutdown(sd: mygpt.IShutdown): void {
    if ((sd.generation ?? 0) < this.generation) return; // aimed at an older generation of this worker
    // a group restart also after our Done (e.g. after a stop at a checkpoint that another rank asked for): rejoin
    if (sd.restart) return this.onStop({ code: RESTART, reason: `group restart: ${sd.reason}` });
    if (this.finished) return this.onStop(this.endOfRun(sd));
    if (sd.checkpoint) { // the coordinator is being preempted (SIGTERM/SIGINT)
      if (this.start.settled && !this.checkpointAsked) {
        this.checkpointAsked = true;
        return;
      } // at the next step boundary
      // not training, or a second word
      return this.onStop({ code: ExitCode.Preempted, reason: `coordinator preempted: ${sd.reason}` });
    }
    this.onStop({ code: ExitCode.Stopped, reason: `coordinator asked to stop: ${sd.reason}` });
  }

  /** The Shutdown after this rank's Done: it says why the worker stops (and with which code). Done before
   *  train.max_steps means the ranks stopped at a checkpoint: preempted, to be resumed, so not exit 0 (or a
   *  Kubernetes Indexed Job would count this rank complete and never start it for the resumed coordinator). */
  private endOfRun(sd: mygpt.IShutdown): StopRequest {
    const word = sd.reason ? `; ${sd.reason}` : '';
    if (this.doneStep >= this.maxSteps) return { code: ExitCode.Ok, reason: `training complete${word}` };
    return { code: ExitCode.Preempted,
      reason: `preempted at step ${this.doneStep} of ${this.maxSteps} with a checkpoint${word}` };
  }

  private async within<T>(p: Promise<T>, seconds: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CoordinatorTimeoutError(`no ${what} from coordinator ${this.endpoint} within ${seconds}s`)),
        timerMs(seconds),
      );
    });
    try {
      return await Promise.race([p, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
