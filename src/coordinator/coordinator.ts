// The coordinator: gang start (handshake, ranks, ring addresses), lockstep bookkeeping from
// StepReports (progress, metrics, replica checksums), liveness both ways, group restarts from the last
// checkpoint after a worker failure (cluster.max_restarts, one generation per attempt), failure.json,
// and shutdown (orderly with a checkpoint on the first signal).
// It never touches tensors: everything it knows comes over the control socket or from process exits.
import { mygpt } from '../gen/mygpt';
import type { Config } from '../config/types';
import type { ControlServer } from '../transport/types';
import { TransportTimeoutError } from '../transport/types';
import { TrainingMetrics, stepObservationFromReport } from '../metrics';
import { VERSION } from '../util/version';
import { Deferred } from '../util/deferred';
import { envelopeOf, num } from '../control/envelope';
import { Outbox } from './outbox';
import { PROTOCOL_VERSION, checkHello } from '../control/handshake';
import { WorkerState } from './state';
import { WorkerSlot, WorkerTable, describeSlot } from './registry';
import { LaunchSpec, LaunchedWorker, describeExit, launchDevices, launchOne, stopAll } from './launcher';
import * as path from 'path';
import { formatSummary } from '../train/run';
import { ProgressWindow, StepAggregate, StepCollector, divergentRank } from './progress';
import { Cause, FailureArbiter, RunError, restartable } from './failure';
import { FailureReport, formatFailure } from './failure_report';
import { RunLog, RunSummary } from './runlog';
import { stepOfCheckpoint } from '../util/run_dir';

export interface CoordinatorOptions {
  cfg: Config;
  configHash: string;
  configPath?: string;        // handed to launched workers with the same --set list
  sets: readonly string[];
  server: ControlServer;
  metrics?: TrainingMetrics;  // fed from StepReports when given
  metricsUrl?: string;
  log: (line: string) => void;   // progress, summary
  warn: (line: string) => void;  // worker output, refusals, errors
  workerArgv?: readonly string[];
  resumeFrom?: string;        // checkpoint every worker loads before training (--resume)
  allowedKeys?: readonly string[]; // with CURVE: ring public keys a Hello may carry (security.allowed_clients)
}

const SETTLE_MS = 500;

export class Coordinator {
  private readonly cfg: Config;
  private readonly table: WorkerTable;
  private readonly launched: LaunchedWorker[] = [];
  private readonly outbox: Outbox;
  private readonly failures: FailureReport;
  // per generation (reset by beginGeneration)
  private arbiter!: FailureArbiter;
  private aborted!: Deferred<never>;
  private gang!: Deferred<void>;
  private initialized!: Deferred<void>;
  private finished!: Deferred<void>;
  private initChecksums: string[] = [];
  private initSteps: number[] = [];
  private done: (mygpt.IDone | undefined)[] = [];
  private collector!: StepCollector;
  private readonly relaunched = new Set<number>(); // ranks relaunched late in this generation
  private readonly timers: NodeJS.Timeout[] = [];
  private phase: 'gang' | 'init' | 'training' | 'restarting' | 'ending' = 'gang';
  private generation = 0;
  private restarts = 0;
  private refusals = 0;
  private stopping = false;   // a signal asked for a checkpoint at the next step boundary
  private checkpoint = '';    // what the current generation loads first ('' = fresh init from run.seed)
  private launchSpec?: LaunchSpec;
  private closing = false;
  private pumpDone?: Promise<void>;
  private progress?: ProgressWindow;
  private runLog?: RunLog;
  private endpoint = '';
  private lastCheckpoint = '';
  private lastValLoss = NaN;
  private readonly startMs = Date.now();
  private trainCpuStartUs = 0;

  constructor(private readonly o: CoordinatorOptions) {
    this.cfg = o.cfg;
    const c = this.cfg.cluster;
    const n = c.external ? (c.world_size || c.workers) : (c.devices.length || c.workers);
    this.table = new WorkerTable(c.external ? new Array(n).fill('?') : launchDevices(c.devices, c.workers));
    this.outbox = new Outbox(o.server, o.warn);
    this.failures = new FailureReport(this.cfg.run.dir, c.max_restarts);
    this.checkpoint = o.resumeFrom ?? '';
    this.beginGeneration();
  }

  /** Fresh per-generation state: phase promises, arbiter, step bookkeeping. */
  private beginGeneration(): void {
    const n = this.worldSize;
    this.arbiter?.cancel();
    this.aborted = new Deferred<never>();
    this.arbiter = new FailureArbiter(SETTLE_MS, (e) => this.aborted.reject(e));
    this.gang = new Deferred<void>();
    this.initialized = new Deferred<void>();
    this.finished = new Deferred<void>();
    this.initChecksums = new Array(n).fill('');
    this.initSteps = new Array(n).fill(0);
    this.done = new Array(n).fill(undefined);
    this.collector = new StepCollector(n);
    this.relaunched.clear();
    this.phase = 'gang';
  }

  get worldSize(): number { return this.table.worldSize; }

  /** Runs the whole job; resolves with the summary or rejects with a RunError naming the cause. */
  async run(): Promise<RunSummary> {
    const c = this.cfg.cluster;
    this.runLog = new RunLog(this.cfg.run.dir, this.o.resumeFrom !== undefined);
    try {
      this.endpoint = await this.o.server.bind(`tcp://${c.host}:${c.port}`);
      this.o.log(`coordinator ${VERSION} listening on ${this.endpoint} for ${this.worldSize} worker(s)` +
        (this.o.metricsUrl ? `; metrics at ${this.o.metricsUrl}` : ''));
      this.pumpDone = this.pump();
      this.every(c.heartbeat_interval_s * 1000, () => this.heartbeat());
      if (c.external) {
        this.o.log(`waiting for ${this.worldSize} external worker(s): mygpt-worker --coordinator ${this.endpoint} --config <same config>`);
      } else {
        this.startLocalWorkers();
      }
      for (;;) {
        try {
          return await this.runGeneration();
        } catch (e) {
          const err = asRunError(e);
          if (!this.canRestart(err)) throw err;
          await this.restartGroup(err);
        }
      }
    } catch (e) {
      const err = this.fatal(asRunError(e));
      await this.teardown(err);
      this.runLog.summary({ ...this.summaryBase(), ok: false, error: err.message });
      throw err;
    } finally {
      this.runLog.close();
    }
  }

  /** Stops the run from outside (SIGINT/SIGTERM). While training: every worker gets Shutdown{checkpoint},
   *  the ranks agree on one step boundary (through the all-reduce), rank 0 writes a checkpoint there, all
   *  send Done and the run ends successfully with `stopped`. Otherwise (or if that takes too long) the
   *  workers are shut down at once and the run fails. */
  stop(reason: string): void {
    if (this.phase !== 'training' || this.stopping) {
      this.arbiter.report(new RunError(reason, Cause.Signal, -1));
      return;
    }
    this.stopping = true;
    const c = this.cfg.cluster;
    const limitS = Math.max(c.heartbeat_timeout_s, c.collective_timeout_s) + 5;
    this.o.log(`${reason}: checkpoint at the next step boundary, then stop (a second signal stops at once)`);
    for (const s of this.table.live()) this.send(s, { shutdown: { reason, checkpoint: true, generation: this.generation } });
    this.timers.push(setTimeout(() => this.arbiter.report(new RunError(`${reason}: the workers did not checkpoint ` +
      `within ${limitS}s; stopped without one`, Cause.Signal, -1)), limitS * 1000));
  }

  // ---- generations and restarts ----

  /** One attempt: gang, init, training; resolves with the summary or rejects with this generation's failure. */
  private async runGeneration(): Promise<RunSummary> {
    const c = this.cfg.cluster;
    await this.phaseWithin(this.gang.promise, c.join_timeout_s, () => this.gangTimeout());
    this.welcomeAll();
    await this.phaseWithin(this.initialized.promise, c.join_timeout_s, () => this.initTimeout());
    this.startTraining();
    await Promise.race([this.finished.promise, this.aborted.promise]);
    return await this.finish();
  }

  private canRestart(e: RunError): boolean {
    return restartable(e) && !this.stopping && this.restarts < this.cfg.cluster.max_restarts;
  }

  /** After a worker failure: record it, pick the checkpoint, move every slot back to PENDING under a new
   *  generation, tell the survivors to rejoin (Shutdown{restart}), relaunch dead local workers. External
   *  workers that died must come back by themselves (a restarted pod) within cluster.join_timeout_s. */
  private async restartGroup(err: RunError): Promise<void> {
    const c = this.cfg.cluster;
    this.phase = 'restarting';
    this.arbiter.cancel();
    const failed = this.table.slots[err.rank];
    const entry = this.failures.add(err, failed, this.generation, 'restart', this.launched[err.rank]?.log.tail() ?? []);
    if (this.restarts === 0) this.o.warn(formatFailure(entry));
    // Everyone still reachable rejoins; a failed local worker is killed and relaunched instead, while a failed
    // external one (e.g. silent but alive after a partition) is told too: it rejoins if it can hear us.
    const survivors = this.table.slots.filter((s) => s.joined && s.peer && (s.rank !== err.rank || !this.launched[s.rank]) &&
      !this.launched[s.rank]?.exitInfo).map((s) => s.peer!);
    const latest = this.lastCheckpoint || this.checkpoint; // reported by rank 0 in this run, else --resume's
    this.checkpoint = latest;
    const step = latest ? stepOfCheckpoint(latest) ?? 0 : 0;
    this.restarts++;
    this.o.metrics?.incRestarts();
    const old = this.generation++;
    this.o.warn(`restart ${this.restarts} of ${c.max_restarts} (generation ${this.generation}): ${err.message.split('\n')[0]}; ` +
      `the group resumes from ${latest ? `${latest} (step ${step})` : 'step 0 (no checkpoint yet: same seed, same init)'}`);
    this.table.reset(step);
    this.beginGeneration();
    for (const peer of survivors) {
      this.outbox.post(peer, { shutdown: { reason: `after ${err.message.split('\n')[0]}`, restart: true, generation: old } });
    }
    this.publishStates();
    for (const rank of this.launched.map((w) => w.rank)) {
      const w = this.launched[rank];
      if (w.exitInfo || rank === err.rank) await this.relaunch(rank);
    }
  }

  /** Kills (if still alive) and starts again the local worker of `rank`, keeping its log. */
  private async relaunch(rank: number): Promise<void> {
    const old = this.launched[rank];
    if (!old.exitInfo) {
      old.child.kill('SIGKILL');
      await old.exited;
    }
    if (this.launched[rank] !== old || this.phase === 'ending') return; // someone else relaunched it / run over
    const w = launchOne(this.launchSpec!, rank, old.log);
    this.launched[rank] = w;
    this.table.slots[rank].pid = w.pid;
    this.o.log(`relaunched rank ${rank} (pid ${w.pid}, device ${w.device}) for generation ${this.generation}`);
    void w.exited.then((e) => this.onExit(w, e));
  }

  /** The failure that ends the run: recorded in failure.json, its message says how many restarts were used. */
  private fatal(err: RunError): RunError {
    if (err.cause_ === Cause.Signal) return err;
    const entry = this.failures.add(err, this.table.slots[err.rank], this.generation, 'fatal', this.launched[err.rank]?.log.tail() ?? []);
    const max = this.cfg.cluster.max_restarts;
    const first = this.failures.entries[0];
    if (first === entry) this.o.warn(formatFailure(entry));
    const note = restartable(err) && this.restarts >= max
      ? `\n  giving up after ${this.restarts} restart(s) (cluster.max_restarts ${max}); first failure: ${first.message.split('\n')[0]}; ` +
        `history in ${this.failures.file}`
      : `\n  failure report: ${this.failures.file}`;
    return new RunError(err.message + note, err.cause_, err.rank, err.detail);
  }

  // ---- phases ----

  private startLocalWorkers(): void {
    const c = this.cfg.cluster;
    const local = this.endpoint.replace('tcp://0.0.0.0:', 'tcp://127.0.0.1:');
    this.launchSpec = { coordinator: local, devices: c.devices, cpuWorkers: c.workers, configPath: this.o.configPath,
      sets: this.o.sets, out: this.o.warn, workerArgv: this.o.workerArgv, logDir: this.cfg.run.dir };
    this.launched.push(...launchDevices(c.devices, c.workers).map((_, rank) => launchOne(this.launchSpec!, rank)));
    for (const w of this.launched) {
      this.table.slots[w.rank].pid = w.pid;
      this.o.log(`launched rank ${w.rank} (pid ${w.pid}, device ${w.device})`);
      void w.exited.then((e) => this.onExit(w, e));
    }
  }

  private async phaseWithin(p: Promise<void>, seconds: number, onTimeout: () => RunError): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => { this.arbiter.report(onTimeout()); resolve(); }, seconds * 1000);
    });
    try {
      await Promise.race([p, this.aborted.promise, late.then(() => this.aborted.promise)]);
    } finally { clearTimeout(timer); }
  }

  private gangTimeout(): RunError {
    const missing = this.table.missing();
    const names = missing.map((s) => this.launched.length ? describeSlot(s) : `rank ${s.rank}`).join(', ');
    return new RunError(`gang start failed: ${missing.length} of ${this.worldSize} worker(s) did not join within ` +
      `${this.cfg.cluster.join_timeout_s}s (cluster.join_timeout_s): missing ${names}; no partial group was started`,
    Cause.Check, missing[0]?.rank ?? -1);
  }

  private initTimeout(): RunError {
    const slow = this.table.slots.filter((s) => !this.initChecksums[s.rank]);
    return new RunError(`workers did not finish setting up (model, data) within ${this.cfg.cluster.join_timeout_s}s: ` +
      slow.map(describeSlot).join(', '), Cause.Check, slow[0]?.rank ?? -1);
  }

  private welcomeAll(): void {
    this.phase = 'init';
    const ring = this.table.slots.map((s) => s.ringAddress!);
    const ringPublicKeys = this.table.slots.map((s) => s.ringPublicKey ?? '');
    for (const s of this.table.slots) {
      this.send(s, { welcome: { rank: s.rank, worldSize: this.worldSize, ringAddresses: ring, ringPublicKeys, startStep: 0,
        checkpointPath: this.checkpoint, generation: this.generation } });
    }
    const s0 = this.table.slots[0];
    this.o.metrics?.setBuildInfo({ version: VERSION, backend: s0.backend || this.cfg.backend.name,
      worldSize: this.worldSize, nativeKernels: false });
    this.o.log(`gang complete: ${this.table.slots.map((s) => `rank ${s.rank}=pid ${s.pid}@${s.host} ${s.device}`).join(', ')}`);
  }

  private startTraining(): void {
    const bad = divergentRank(this.initChecksums);
    if (bad >= 0) {
      throw new RunError(`replicas differ at start: rank ${bad} initial weights checksum ${this.initChecksums[bad]} != ` +
        `rank 0 ${this.initChecksums[0]}`, Cause.Check, bad);
    }
    const startStep = this.initSteps[0];
    const off = this.initSteps.findIndex((x) => x !== startStep);
    if (off >= 0) {
      throw new RunError(`replicas start at different steps: rank ${off} at ${this.initSteps[off]}, rank 0 at ${startStep}`, Cause.Check, off);
    }
    if (this.checkpoint) this.o.log(`resuming from ${this.checkpoint} at step ${startStep}`);
    this.phase = 'training';
    this.trainCpuStartUs = cpuUs();
    this.progress = new ProgressWindow(this.worldSize, this.cfg.train.max_steps, startStep, Date.now());
    for (const s of this.table.slots) {
      this.table.setState(s, WorkerState.TRAINING);
      this.send(s, { start: { startStep, generation: this.generation } });
    }
    this.publishStates();
    this.o.log(`training: ${this.cfg.train.max_steps} steps, global batch ${this.cfg.train.batch_size * this.cfg.train.grad_accum * this.worldSize} ` +
      `sequences (${this.cfg.train.batch_size} x ${this.cfg.train.grad_accum} accum x ${this.worldSize} workers), ` +
      `identical weights on every rank (sha256 ${this.initChecksums[0].slice(0, 12)}...)`);
  }

  private async finish(): Promise<RunSummary> {
    const finals = this.done.map((d) => d?.weightsChecksum ?? '');
    const bad = divergentRank(finals);
    if (bad >= 0) {
      throw new RunError(`replicas diverged by the end: rank ${bad} final checksum ${finals[bad]} != rank 0 ${finals[0]}`,
        Cause.Check, bad);
    }
    await this.teardown(undefined);
    const d0 = this.done[0]!;
    const summary: RunSummary = { ...this.summaryBase(), ok: true, finalValLoss: num(d0.finalValLoss) || this.lastValLoss,
      checkpointPath: d0.checkpointPath || this.lastCheckpoint, weightsChecksum: finals[0], sample: d0.sample ?? '' };
    if (this.stopping) summary.stopped = true;
    this.runLog!.summary(summary);
    if (this.stopping) {
      this.o.log(`stopped at step ${num(d0.step)} of ${this.cfg.train.max_steps}: checkpoint ${summary.checkpointPath}; ` +
        `continue with mygpt-coord --resume`);
    } else {
      this.printSummary(summary);
    }
    return summary;
  }

  private summaryBase(): RunSummary {
    const wallS = (Date.now() - this.startMs) / 1000;
    return {
      ok: false, worldSize: this.worldSize, steps: Math.max(0, ...this.table.slots.map((s) => s.lastStep)),
      finalValLoss: this.lastValLoss, tokensPerS: this.progress ? this.progress.overallTokensPerS(Date.now()) : 0,
      wallS, checkpointPath: this.lastCheckpoint, weightsChecksum: '', sample: '', endpoint: this.endpoint,
      metricsUrl: this.o.metricsUrl ?? '',
      coordinatorCpuS: this.trainCpuStartUs ? (cpuUs() - this.trainCpuStartUs) / 1e6 : 0,
      restarts: this.restarts,
    };
  }

  private printSummary(s: RunSummary): void {
    this.o.log(formatSummary({ steps: s.steps, finalValLoss: s.finalValLoss, tokensPerS: s.tokensPerS, wallS: s.wallS,
      checkpoint: s.checkpointPath || null, sample: s.sample }, this.cfg.train.sample_prompt) +
      `\n(${s.worldSize} worker(s); per-step log ${path.join(this.cfg.run.dir, 'progress.jsonl')})`);
  }

  /** Shutdown to every live worker, wait for launched ones to exit (then SIGTERM/SIGKILL), close. */
  private async teardown(err: RunError | undefined): Promise<void> {
    this.phase = 'ending';
    this.arbiter.cancel();
    for (const t of this.timers) clearInterval(t);
    if (err) {
      for (const s of this.table.slots) {
        if (s.state === WorkerState.DONE || s.state === WorkerState.FAILED || s.state === WorkerState.STOPPED) continue;
        this.table.setState(s, s.rank === err.rank && err.cause_ !== Cause.Signal ? WorkerState.FAILED : WorkerState.STOPPED);
      }
    }
    const reason = err ? `run stopped: ${err.message.split('\n')[0]}` : 'training complete';
    for (const s of this.table.slots) if (s.joined) this.send(s, { shutdown: { reason, checkpoint: false, generation: this.generation } });
    await this.outbox.drain(2000);
    const graceMs = Math.min(this.cfg.cluster.heartbeat_timeout_s * 1000, 10_000);
    const told = this.launched.filter((w) => this.table.slots[w.rank].peer);
    await Promise.race([Promise.all(told.map((w) => w.exited)), sleep(graceMs)]);
    await stopAll(this.launched, 2000);
    this.publishStates();
    this.closing = true;
    await this.pumpDone;
    this.o.server.close();
  }

  // ---- control-plane input ----

  private async pump(): Promise<void> {
    while (!this.closing) {
      let got;
      try {
        got = await this.o.server.receive(200);
      } catch (e) {
        if (e instanceof TransportTimeoutError || this.closing) continue;
        this.arbiter.report(new RunError(`control socket ${this.endpoint}: ${(e as Error).message}`, Cause.Check, -1));
        return;
      }
      try {
        this.handle(got.peer, envelopeOf(got.msg));
      } catch (e) {
        this.arbiter.report(e instanceof RunError ? e : new RunError(`handling a message from ${got.peer}: ${(e as Error).message}`, Cause.Check, -1));
      }
    }
  }

  private handle(peer: string, env: mygpt.Envelope): void {
    if (env.body === 'hello') return this.onHello(peer, env.hello!);
    const s = this.table.byPeer(peer);
    if (!s) return; // not (yet) a member: only Hello is meaningful from it
    s.lastSeenMs = Date.now();
    switch (env.body) {
      case 'heartbeat':
        if ((env.heartbeat!.generation ?? 0) === this.generation) s.lastStep = Math.max(s.lastStep, num(env.heartbeat!.step));
        return;
      case 'stepReport': return this.onReport(s, env.stepReport!);
      case 'done': return this.onDone(s, env.done!);
      case 'failure': return this.onFailure(s, env.failure!);
      default: this.o.warn(`ignoring unexpected '${env.body}' from ${describeSlot(s)}`);
    }
  }

  private onHello(peer: string, h: mygpt.IHello): void {
    const who = `worker pid ${h.pid ?? '?'} on ${h.host || '?'} (requested rank ${h.requestedRank ?? -1})`;
    const refuse = (reason: string) => {
      // the first few, then every 100th: a flood of Hellos (a misconfigured fleet, a fuzzer) cannot fill the log
      if (++this.refusals <= 5 || this.refusals % 100 === 0) this.o.warn(`refused ${who}: ${reason} (refusals so far: ${this.refusals})`);
      this.outbox.post(peer, { refuse: { reason } });
      if (this.launched.length > 0 && (h.requestedRank ?? -1) >= 0 && this.phase === 'gang') {
        this.arbiter.report(new RunError(`launched rank ${h.requestedRank} was refused: ${reason}`, Cause.Check, h.requestedRank!));
      }
    };
    if (this.phase !== 'gang') return refuse(`the gang of ${this.worldSize} already started; late workers are refused`);
    const why = checkHello(h, { protocolVersion: PROTOCOL_VERSION, configHash: this.o.configHash, worldSize: this.worldSize,
      allowedKeys: this.o.allowedKeys && new Set(this.o.allowedKeys) });
    if (why) return refuse(why);
    const rank = this.table.assign(h);
    if (typeof rank === 'string') return refuse(rank);
    const launchedPid = this.launched[rank]?.pid;
    if (launchedPid !== undefined && launchedPid !== h.pid) {
      return refuse(`rank ${rank} belongs to launched pid ${launchedPid}, not pid ${h.pid}`);
    }
    const s = this.table.join(rank, peer, h, Date.now());
    this.o.log(`rank ${rank} joined: pid ${s.pid} on ${s.host}, device ${s.device}, backend ${s.backend}, ring ${s.ringAddress}`);
    this.publishStates();
    if (this.table.allJoined()) this.gang.resolve();
  }

  private onReport(s: WorkerSlot, r: mygpt.IStepReport): void {
    const step = num(r.step);
    s.lastStep = Math.max(s.lastStep, step);
    if (r.checkpointPath) this.lastCheckpoint = r.checkpointPath; // rank 0 reports only after the write completed
    if (this.phase === 'init') { // the first report is "set up, model built": its step and weights checksum
      this.initSteps[s.rank] = step;
      this.initChecksums[s.rank] = r.weightsChecksum ?? '';
      if (this.initChecksums.every(Boolean)) this.initialized.resolve();
      return;
    }
    const own = { ...r, rank: s.rank }; // the rank the coordinator assigned to this peer, not a claimed one
    this.o.metrics?.observeStep(stepObservationFromReport(own));
    const agg = this.collector.add(own);
    if (agg) this.onStep(agg);
  }

  private onStep(a: StepAggregate): void {
    const bad = divergentRank(a.checksums);
    if (bad >= 0) {
      throw new RunError(`replicas diverged at step ${a.step}: rank ${bad} weights checksum ${a.checksums[bad]} != ` +
        `rank 0 ${a.checksums[0]}`, Cause.Check, bad);
    }
    if (!Number.isNaN(a.valLoss)) this.lastValLoss = a.valLoss;
    const now = Date.now();
    this.runLog!.step(a, now, this.generation);
    this.progress!.add(a);
    const total = this.cfg.train.max_steps;
    this.o.metrics?.setProgress(Math.min(a.step, total), total, Math.max(0, this.progress!.etaS(a.step, now) || 0));
    if (a.step % this.cfg.train.log_interval === 0 || a.step === total) this.o.log(this.progress!.line(a, now).text);
  }

  /** A worker's own error. When its collective names a dead peer (CollectiveError: "because of rank N"),
   *  that peer is blamed: external workers have no exit status, and this is faster than its heartbeat. */
  private onFailure(s: WorkerSlot, f: mygpt.IFailure): void {
    const step = num(f.step);
    this.arbiter.report(new RunError(`${describeSlot(s)} failed at step ${step}: ${f.error}`, Cause.Report, s.rank, { step }));
    const blamed = /because of rank (\d+)/.exec(f.error ?? '');
    const peer = blamed ? this.table.slots[Number(blamed[1])] : undefined;
    if (peer && peer.rank !== s.rank) {
      this.arbiter.report(new RunError(`${describeSlot(peer)} was lost at step ${peer.lastStep + 1} ` +
        `(its ring neighbour rank ${s.rank} reports: ${f.error})`, Cause.Heartbeat, peer.rank));
    }
  }

  private onDone(s: WorkerSlot, d: mygpt.IDone): void {
    this.table.setState(s, WorkerState.DONE);
    this.done[s.rank] = d;
    this.publishStates();
    if (this.done.every(Boolean)) this.finished.resolve();
  }

  // ---- liveness ----

  private onExit(w: LaunchedWorker, e: { code: number | null; signal: NodeJS.Signals | null }): void {
    const s = this.table.slots[w.rank];
    if (this.launched[w.rank] !== w || this.phase === 'ending' || (s.state === WorkerState.DONE && e.code === 0)) return;
    // A survivor that ended instead of rejoining (its own collective failed first): relaunch it once.
    if ((this.phase === 'restarting' || (this.phase === 'gang' && this.generation > 0)) && !s.joined &&
        e.code !== 2 && !this.relaunched.has(w.rank)) {
      this.relaunched.add(w.rank);
      void this.relaunch(w.rank);
      return;
    }
    this.arbiter.report(new RunError(`${describeSlot(s)} ${describeExit(e)} at step ${s.lastStep} ` +
      `(state ${WorkerState[s.state]})`, e.signal ? Cause.Killed : Cause.Exit, s.rank,
    { exitCode: e.code, signal: e.signal, step: s.lastStep }));
  }

  private heartbeat(): void {
    const now = Date.now();
    const timeoutMs = this.cfg.cluster.heartbeat_timeout_s * 1000;
    for (const s of this.table.live()) {
      if (now - s.lastSeenMs > timeoutMs) {
        this.arbiter.report(new RunError(`${describeSlot(s)} sent nothing for ${((now - s.lastSeenMs) / 1000).toFixed(1)}s ` +
          `(cluster.heartbeat_timeout_s ${this.cfg.cluster.heartbeat_timeout_s}); last step ${s.lastStep}`, Cause.Heartbeat, s.rank,
        { step: s.lastStep }));
      }
      this.send(s, { heartbeat: { rank: s.rank, step: s.lastStep, unixMs: now, generation: this.generation } });
    }
  }

  // ---- output ----

  private send(s: WorkerSlot, body: mygpt.IEnvelope): void {
    if (s.peer && !this.launched[s.rank]?.exitInfo) this.outbox.post(s.peer, body);
  }

  private publishStates(): void {
    this.o.metrics?.setWorkerStates(this.table.counts());
  }

  private every(ms: number, fn: () => void): void {
    this.timers.push(setInterval(() => {
      try { fn(); } catch (e) { this.arbiter.report(new RunError(`coordinator: ${(e as Error).message}`, Cause.Check, -1)); }
    }, ms));
  }
}

function asRunError(e: unknown): RunError {
  return e instanceof RunError ? e : new RunError(`coordinator: ${(e as Error).stack ?? e}`, Cause.Check, -1);
}

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
