// The coordinator: gang start (handshake, ranks, ring addresses), lockstep bookkeeping from
// StepReports (progress, metrics, replica checksums), liveness both ways, clean shutdown.
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
import { LaunchedWorker, describeExit, launch, launchDevices, stopAll } from './launcher';
import * as path from 'path';
import { formatSummary } from '../train/run';
import { ProgressWindow, StepAggregate, StepCollector, divergentRank } from './progress';
import { Cause, FailureArbiter, RunError } from './failure';
import { RunLog, RunSummary } from './runlog';

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
  private readonly arbiter: FailureArbiter;
  private readonly outbox: Outbox;
  private readonly aborted = new Deferred<never>();
  private readonly gang = new Deferred<void>();
  private readonly initialized = new Deferred<void>();
  private readonly finished = new Deferred<void>();
  private readonly initChecksums: string[];
  private readonly initSteps: number[];
  private readonly done: (mygpt.IDone | undefined)[];
  private readonly collector: StepCollector;
  private readonly timers: NodeJS.Timeout[] = [];
  private phase: 'gang' | 'init' | 'training' | 'ending' = 'gang';
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
    this.initChecksums = new Array(n).fill('');
    this.initSteps = new Array(n).fill(0);
    this.done = new Array(n).fill(undefined);
    this.collector = new StepCollector(n);
    this.outbox = new Outbox(o.server, o.warn);
    this.arbiter = new FailureArbiter(SETTLE_MS, (e) => this.aborted.reject(e));
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
      await this.phaseWithin(this.gang.promise, c.join_timeout_s, () => this.gangTimeout());
      this.welcomeAll();
      await this.phaseWithin(this.initialized.promise, c.join_timeout_s, () => this.initTimeout());
      this.startTraining();
      await Promise.race([this.finished.promise, this.aborted.promise]);
      return await this.finish();
    } catch (e) {
      const err = e instanceof RunError ? e : new RunError(`coordinator: ${(e as Error).stack ?? e}`, Cause.Check, -1);
      await this.teardown(err);
      this.runLog.summary({ ...this.summaryBase(), ok: false, error: err.message });
      throw err;
    } finally {
      this.runLog.close();
    }
  }

  /** Stops the run from outside (SIGINT/SIGTERM): workers get Shutdown and end STOPPED. */
  stop(reason: string): void {
    this.arbiter.report(new RunError(reason, Cause.Signal, -1));
  }

  // ---- phases ----

  private startLocalWorkers(): void {
    const c = this.cfg.cluster;
    const local = this.endpoint.replace('tcp://0.0.0.0:', 'tcp://127.0.0.1:');
    this.launched.push(...launch({
      coordinator: local, devices: c.devices, cpuWorkers: c.workers, configPath: this.o.configPath,
      sets: this.o.sets, out: this.o.warn, workerArgv: this.o.workerArgv,
    }));
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
        checkpointPath: this.o.resumeFrom ?? '', generation: 0 } });
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
    if (this.o.resumeFrom) this.o.log(`resuming from ${this.o.resumeFrom} at step ${startStep}`);
    this.phase = 'training';
    this.trainCpuStartUs = cpuUs();
    this.progress = new ProgressWindow(this.worldSize, this.cfg.train.max_steps, startStep, Date.now());
    for (const s of this.table.slots) {
      this.table.setState(s, WorkerState.TRAINING);
      this.send(s, { start: { startStep, generation: 0 } });
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
    this.runLog!.summary(summary);
    this.printSummary(summary);
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
    for (const s of this.table.slots) if (s.joined) this.send(s, { shutdown: { reason, checkpoint: false } });
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
      case 'heartbeat': s.lastStep = Math.max(s.lastStep, num(env.heartbeat!.step)); return;
      case 'stepReport': return this.onReport(s, env.stepReport!);
      case 'done': return this.onDone(s, env.done!);
      case 'failure': return this.onFailure(s, env.failure!);
      default: this.o.warn(`ignoring unexpected '${env.body}' from ${describeSlot(s)}`);
    }
  }

  private onHello(peer: string, h: mygpt.IHello): void {
    const who = `worker pid ${h.pid ?? '?'} on ${h.host || '?'} (requested rank ${h.requestedRank ?? -1})`;
    const refuse = (reason: string) => {
      this.o.warn(`refused ${who}: ${reason}`);
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
    if (a.checkpointPath) this.lastCheckpoint = a.checkpointPath;
    if (!Number.isNaN(a.valLoss)) this.lastValLoss = a.valLoss;
    const now = Date.now();
    this.runLog!.step(a, now);
    this.progress!.add(a);
    const total = this.cfg.train.max_steps;
    this.o.metrics?.setProgress(Math.min(a.step, total), total, Math.max(0, this.progress!.etaS(a.step, now) || 0));
    if (a.step % this.cfg.train.log_interval === 0 || a.step === total) this.o.log(this.progress!.line(a, now).text);
  }

  /** A worker's own error. When its collective names a dead peer (CollectiveError: "because of rank N"),
   *  that peer is blamed: external workers have no exit status, and this is faster than its heartbeat. */
  private onFailure(s: WorkerSlot, f: mygpt.IFailure): void {
    const step = num(f.step);
    this.arbiter.report(new RunError(`${describeSlot(s)} failed at step ${step}: ${f.error}`, Cause.Report, s.rank));
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
    if (this.phase === 'ending' || (s.state === WorkerState.DONE && e.code === 0)) return;
    this.arbiter.report(new RunError(`${describeSlot(s)} ${describeExit(e)} at step ${s.lastStep} ` +
      `(state ${WorkerState[s.state]})`, e.signal ? Cause.Killed : Cause.Exit, s.rank));
  }

  private heartbeat(): void {
    const now = Date.now();
    const timeoutMs = this.cfg.cluster.heartbeat_timeout_s * 1000;
    for (const s of this.table.live()) {
      if (now - s.lastSeenMs > timeoutMs) {
        this.arbiter.report(new RunError(`${describeSlot(s)} sent nothing for ${((now - s.lastSeenMs) / 1000).toFixed(1)}s ` +
          `(cluster.heartbeat_timeout_s ${this.cfg.cluster.heartbeat_timeout_s}); last step ${s.lastStep}`, Cause.Heartbeat, s.rank));
      }
      this.send(s, { heartbeat: { rank: s.rank, step: s.lastStep, unixMs: now, generation: 0 } });
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

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
