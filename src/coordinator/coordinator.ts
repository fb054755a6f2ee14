// The coordinator: runs the generations (gang, init, training) until the run finishes, restarts or grows the
// group (regroup.ts) while the failure policy allows, relaunches local workers and tears the run down. Each
// concept it drives lives beside it, one per file (docs/architecture.md "Coordinator"). It never touches
// tensors: everything it knows comes over the control socket or from process exits.
import { mygpt } from '../gen/mygpt';
import type { Config } from '../config/types';
import type { ControlServer } from '../transport/types';
import type { TensorBoardWriter } from '../metrics/tensorboard';
import type { TrainingMetrics } from '../metrics/training';
import { VERSION } from '../util/version';
import type { LogFields } from '../util/log';
import { num } from '../util/num';
import { configuredWorldSize } from '../config/load';
import { stepOfCheckpoint } from '../util/run_dir';
import { Outbox } from './outbox';
import { WorkerState, isTerminal } from './state';
import { WorkerSlot, WorkerTable } from './registry';
import { LaunchedWorker, endAll, launchDevices, localLaunchSpec } from './launcher';
import { LocalWorkers } from './local_workers';
import { Cause, RunError, checkError, internalError } from './failure';
import { OrderlyStop } from './stop';
import { RestartBudget } from './restart_budget';
import { RunLog } from './runlog';
import { Regroup } from './regroup';
import { RunClock, RunSummary, stoppedText, summaryText } from './summary';
import { Generation } from './generation';
import { PhaseMachine, RunPhase } from './phase';
import type { RunContext } from './context';
import { Rendezvous } from './rendezvous';
import { StepTracker } from './steps';
import { Liveness } from './liveness';
import { ControlInbox } from './inbox';
import { divergentRank } from './progress';
import { externalWorkersHint } from './format';

export interface CoordinatorOptions {
  cfg: Config;
  configHash: string;
  configPath?: string; // handed to launched workers with the same --set list
  sets: readonly string[];
  server: ControlServer;
  metrics?: TrainingMetrics; // fed from StepReports when given
  tensorboard?: TensorBoardWriter; // step scalars (metrics.tensorboard_dir) when given
  metricsUrl?: string;
  log: (line: string, fields?: LogFields) => void; // progress (with its step), summary
  warn: (line: string) => void; // refusals, errors; worker output too unless `relay`
  relay?: (rank: number, line: string) => void; // a launched worker's output line
  workerArgv?: readonly string[];
  resumeFrom?: string; // checkpoint every worker loads before training (--resume)
  listening?: () => void; // once the control socket is bound, before any worker: --force's deletion
  allowedKeys?: readonly string[]; // with CURVE: ring public keys a Hello may carry (security.allowed_clients)
}

export class Coordinator implements RunContext {
  readonly cfg: Config;
  readonly table: WorkerTable;
  readonly launched: LaunchedWorker[] = [];
  readonly phase: PhaseMachine;
  readonly metrics?: TrainingMetrics;
  gen: Generation;
  private readonly outbox: Outbox;
  private readonly budget: RestartBudget;
  private readonly runLog: RunLog;
  private readonly rendezvous: Rendezvous;
  private readonly steps: StepTracker;
  private readonly liveness: Liveness;
  private readonly groups: Regroup;
  private readonly clock = new RunClock();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly stopper: OrderlyStop;
  private readonly local: LocalWorkers;
  private inbox?: ControlInbox;
  private endpoint = '';

  constructor(private readonly o: CoordinatorOptions) {
    this.cfg = o.cfg;
    this.metrics = o.metrics;
    const c = this.cfg.cluster;
    const n = configuredWorldSize(this.cfg);
    this.table = new WorkerTable(c.external ? new Array(n).fill('?') : launchDevices(c.devices, c.workers));
    this.phase = new PhaseMachine((p) => this.metrics?.setPhase(p));
    this.outbox = new Outbox(o.server, o.warn);
    this.budget = new RestartBudget(this.cfg, o.warn, o.metrics);
    this.runLog = new RunLog(this.cfg.run.dir, o.resumeFrom !== undefined);
    const from = o.resumeFrom ?? '';
    this.gen = new Generation(0, from, from ? stepOfCheckpoint(from) ?? 0 : 0);
    this.rendezvous = new Rendezvous(this, { configHash: o.configHash, allowedKeys: o.allowedKeys });
    this.steps = new StepTracker(this, this.runLog, o.tensorboard);
    this.liveness = new Liveness(this, (rank) => void this.local.relaunch(rank));
    this.local = new LocalWorkers(this, this.launched, {
      exited: (w, e, ending) => this.liveness.onExit(w, e, ending),
      checkGang: () => this.rendezvous.checkGang(),
    });
    this.stopper = new OrderlyStop(this, (t) => this.timers.push(t));
    this.groups = new Regroup(this, { outbox: this.outbox, budget: this.budget, steps: this.steps });
  }

  get worldSize(): number {
    return this.table.worldSize;
  }
  log(line: string, fields?: LogFields): void {
    this.o.log(line, fields);
  }
  warn(line: string): void {
    this.o.warn(line);
  }
  post(peer: string, body: mygpt.IEnvelope): void {
    this.outbox.postStranger(peer, body);
  }
  send(s: WorkerSlot, body: mygpt.IEnvelope): void {
    if (s.peer && !this.launched[s.rank]?.exitInfo) this.outbox.post(s.peer, body);
  }
  publishStates(): void {
    this.metrics?.setWorkerStates(this.table.counts());
  }
  joined(s: WorkerSlot): void {
    this.log(`rank ${s.rank} joined the shrunk group (${this.gen.worldSize} of ${this.worldSize}): ` +
      'it grows once that group has completed a step');
    this.gen.grow.resolve();
  }

  /** Runs the whole job; resolves with the summary (also after an orderly stop: `stopped`) or rejects with
   *  a RunError naming the cause and carrying the exit code. */
  async run(): Promise<RunSummary> {
    const c = this.cfg.cluster;
    try {
      this.endpoint = await this.o.server.bind(`tcp://${c.host}:${c.port}`);
      this.o.listening?.();
      this.o.log(`coordinator ${VERSION} listening on ${this.endpoint} for ${this.worldSize} worker(s)` +
        (this.o.metricsUrl ? `; metrics at ${this.o.metricsUrl}` : ''));
      this.inbox = new ControlInbox(this, this.o.server, this.endpoint, { rendezvous: this.rendezvous,
        liveness: this.liveness, steps: this.steps });
      this.inbox.start();
      this.every(c.heartbeat_interval_s * 1000, () => {
        this.liveness.tick();
        this.rendezvous.checkGang();
      });
      if (c.external) {
        this.o.log(externalWorkersHint(this.worldSize, this.endpoint));
      } else {
        this.local.start(localLaunchSpec(this.cfg, this.endpoint, { ...this.o, out: this.o.warn }));
      }
      for (;;) {
        try {
          const summary = await this.runGeneration();
          if (summary) return summary;
          await this.regroup(); // a shrunk group grows: replacements joined
        } catch (e) {
          const err = internalError(e);
          if (!this.budget.allows(err, this.stopping || this.phase.is(RunPhase.Stopping))) throw err;
          await this.regroup(err);
        }
      }
    } catch (e) {
      const cause = internalError(e);
      const err = this.budget.fatal(cause, this.table.slots[cause.rank], this.gen.number,
        this.launched[cause.rank]?.log.tail() ?? [], this.stopping);
      await this.teardown(err);
      this.runLog.summary({ ...this.summaryBase(), ok: false, error: err.message, exitCode: err.exitCode });
      throw err;
    } finally {
      this.runLog.close();
    }
  }

  /** Stops the run from outside (SIGINT/SIGTERM): an orderly stop with a checkpoint while training (stop.ts). */
  stop(reason: string): void {
    this.stopper.request(reason);
  }
  /** A signal asked for a checkpoint at the next step boundary. */
  get stopping(): boolean {
    return this.stopper.active;
  }

  // ---- generations and restarts ----
  /** One attempt: gang, init, training; resolves with the summary, or undefined when replacements joined a
   *  shrunk group (it grows: regroup()), or rejects with this generation's failure. */
  private async runGeneration(): Promise<RunSummary | undefined> {
    const c = this.cfg.cluster;
    await this.gen.within(this.gen.gang.promise, c.join_timeout_s, () => this.rendezvous.gangTimeout(), this.phase);
    this.rendezvous.welcomeAll();
    await this.gen.within(this.gen.initialized.promise, c.join_timeout_s, () => this.rendezvous.initTimeout(),
      this.phase);
    this.steps.begin(this.rendezvous.start());
    this.groups.started(this.gen);
    this.clock.trainingStarted();
    // a grow waits for the shrunk group's first step: survivors train on at once, whatever the replacement does
    // (a stop asked meanwhile: no grow, the members stop at a boundary and send Done)
    const grow = this.gen.grow.promise.then(() => this.gen.stepped.promise)
      .then(() => (this.stopping ? this.gen.finished.promise.then(() => false) : true));
    if (await Promise.race([this.gen.finished.promise.then(() => false), this.gen.aborted.promise, grow])) {
      if (this.gen.arbiter.pending) await this.gen.aborted.promise; // a failure being decided goes first
      return undefined;
    }
    return await this.finish();
  }

  /** The next generation (regroup.ts: after a failure, or a shrunk group grows), then the dead local workers
   *  and the failed one relaunched into it (local_workers.ts). */
  private async regroup(err?: RunError): Promise<void> {
    this.gen = err ? this.groups.afterFailure(err) : this.groups.grow();
    await this.local.relaunchInto(err?.rank);
  }

  private async finish(): Promise<RunSummary> {
    const done = this.gen.done;
    const finals = done.map((d) => d?.weightsChecksum ?? '');
    const bad = divergentRank(finals);
    const slot = (p: number) => this.gen.slotOf(p);
    if (bad >= 0) {
      throw checkError(
        `replicas diverged by the end: rank ${slot(bad)} final checksum ${finals[bad]} != rank ${slot(0)} ${finals[0]}`,
        slot(bad),
      );
    }
    await this.teardown(undefined);
    const d0 = done[0]!;
    const summary: RunSummary = { ...this.summaryBase(), ok: true,
      finalValLoss: num(d0.finalValLoss) || this.steps.lastValLoss,
      checkpointPath: d0.checkpointPath || this.steps.lastCheckpoint, weightsChecksum: finals[0],
      sample: d0.sample ?? '' };
    if (this.stopping) summary.stopped = true;
    this.runLog.summary(summary);
    this.o.log(
      this.stopping
        ? stoppedText(num(d0.step), this.cfg.train.max_steps, summary.checkpointPath)
        : summaryText(summary, this.cfg),
    );
    return summary;
  }

  private summaryBase(): RunSummary {
    return this.clock.base({ worldSize: this.worldSize, steps: Math.max(0, ...this.table.slots.map((s) => s.lastStep)),
      lastValLoss: this.steps.lastValLoss, tokensPerS: this.steps.progress?.overallTokensPerS(Date.now()) ?? 0,
      lastCheckpoint: this.steps.lastCheckpoint, endpoint: this.endpoint, metricsUrl: this.o.metricsUrl ?? '',
      restarts: this.budget.restarts, preemptions: this.budget.preemptions });
  }

  /** Shutdown to every live worker, wait for launched ones to exit (then SIGTERM/SIGKILL), close. */
  private async teardown(err: RunError | undefined): Promise<void> {
    this.local.ending = true;
    this.gen.close();
    for (const t of this.timers) clearInterval(t);
    if (err && !this.phase.terminal()) this.phase.to(RunPhase.Failed);
    if (!err && !this.stopping) this.phase.to(RunPhase.Finished);
    if (err) {
      const blamed = this.table.slots[err.rank];
      if (blamed && err.cause_ !== Cause.Signal && !isTerminal(blamed.state)) {
        this.table.setState(blamed, WorkerState.FAILED);
      }
      this.table.settleAll(WorkerState.STOPPED);
    }
    const reason = err
      ? `run stopped: ${err.message.split('\n')[0]}`
      : this.stopping
      ? this.stopper.reason
      : 'run finished';
    this.o.server.closing(); // workers disconnecting from here on are the normal end, not an incident
    // preempted: the workers exit Preempted too
    const checkpoint = err?.cause_ === Cause.Signal || (!err && this.stopping);
    for (const s of this.table.slots) {
      if (s.joined) this.send(s, { shutdown: { reason, checkpoint, generation: this.gen.number } });
    }
    await this.outbox.drain(2000);
    await endAll(this.launched, (w) => this.table.slots[w.rank].peer !== undefined,
      Math.min(this.cfg.cluster.heartbeat_timeout_s * 1000, 10_000));
    this.publishStates();
    await this.inbox?.close();
    this.o.server.close();
  }

  private every(ms: number, fn: () => void): void {
    this.timers.push(setInterval(() => {
      try {
        fn();
      } catch (e) {
        this.gen.fail(internalError(e));
      }
    }, ms));
  }
}
