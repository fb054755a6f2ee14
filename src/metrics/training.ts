// TrainingMetrics: the coordinator's view of a run as Prometheus metrics, on its OWN Registry
// (never prom-client's global one, so several runs/tests in one process cannot collide).
// Feed it every worker StepReport via observeStep(); it keeps per-rank series (label `rank`)
// and derives the global loss / throughput gauges from each rank's latest report.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ALLREDUCE_BUCKETS_S, METRIC, RECOVERY_SOURCES, REFUSE_REASONS, RESTART_REASONS, RefuseReasonName, RUN_PHASES,
  RecoverySource, RestartReason, RunPhaseName, STEP_BUCKETS_S, WORKER_STATES, WorkerStateName } from './names';
import { MetricsInputError, checkCount, checkLoss, checkNonNegative, checkRank, checkText } from './validate';

export interface StepObservation {
  rank: number;
  step: number;
  loss: number; // NaN allowed (exported as NaN so the alert fires)
  lr: number;
  computeS: number; // forward+backward
  allreduceS: number;
  waitS: number; // blocked on peers inside the all-reduce
  stepS: number; // whole optimizer step
  tokens: number; // tokens this rank processed in this step
  allreduceBytes: number; // bytes this rank sent in this step's all-reduce
  gradNorm?: number;
  valLoss?: number; // NaN/undefined = not evaluated this step
  exposedCommS?: number; // waited for communication after backward (0/undefined = none or not measured)
  nonfiniteSkips?: number; // steps this rank skipped so far for non-finite values (cumulative)
}

export interface BuildInfo {
  version: string;
  configHash: string;
  backend: string; // backend.name as configured until the gang forms, then the one(s) its workers use
}

/** One accepted worker, from its Hello. */
export interface WorkerInfo {
  rank: number;
  host: string;
  device: string;
  backend: string; // the backend the worker actually selected
  nativeKernels: string; // which native kernels are active ('' = none)
}

export interface TrainingMetricsOptions {
  defaultMetrics?: boolean; // prom-client process/nodejs metrics on the same registry (default true)
  now?: () => number; // unix seconds, for the last-report timestamp (tests)
}

// prom-client's process/nodejs metrics, minus three gauges whose `_total` suffix breaks the
// Prometheus naming rules (promtool check metrics rejects them); their per-type twins
// (nodejs_active_handles etc.) stay and carry the same information.
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total',
  'nodejs_active_resources_total'];

function registerDefaultMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
}

interface RankLatest {
  loss: number;
  tokensPerS: number;
  nonfiniteSkips: number;
}

export class TrainingMetrics {
  readonly registry = new Registry();
  private readonly latest = new Map<number, RankLatest>();
  private readonly infoOf = new Map<number, Record<string, string>>(); // rank -> labels of its mygpt_worker_info
  private readonly now: () => number;

  private readonly g = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [this.registry] });
  private readonly c = (name: string, help: string, labelNames: string[] = []) =>
    new Counter({ name, help, labelNames, registers: [this.registry] });
  private readonly h = (name: string, help: string, buckets: number[]) =>
    new Histogram({ name, help, labelNames: ['rank'], buckets, registers: [this.registry] });

  private build?: BuildInfo;
  private readonly buildInfo = this.g(METRIC.buildInfo, 'Build and run information (always 1)', ['version',
    'config_hash', 'backend']);
  private readonly phase = this.g(METRIC.runPhase, 'Current run phase of the coordinator (1 = current)', ['phase']);
  // registered on their first value: no sample (rather than a false 0) before the first step / evaluation
  private readonly trainLoss = new Gauge({ name: METRIC.trainLoss, help: "Mean of every rank's latest training loss",
    registers: [] });
  private readonly valLoss = new Gauge({ name: METRIC.valLoss, help: 'Latest validation loss', registers: [] });
  private readonly tokensPerS = this.g(METRIC.tokensPerSecond, "Sum of every rank's latest tokens per second");
  private readonly lr = this.g(METRIC.learningRate, 'Learning rate of the latest step');
  private readonly gradNorm = this.g(METRIC.gradNorm, 'Global gradient norm of the latest step (before clipping)');
  private readonly step = this.g(METRIC.step, 'Current optimizer step');
  private readonly totalSteps = this.g(METRIC.totalSteps, 'Optimizer steps in the whole run');
  private readonly progress = this.g(METRIC.progressRatio, 'Fraction of the run done, 0..1');
  private readonly eta = this.g(METRIC.etaSeconds, 'Estimated seconds until the run ends');
  private readonly workers = this.g(METRIC.workers, 'Workers by state', ['state']);
  private readonly restarts = this.c(METRIC.restarts, 'Group restarts of the worker gang', ['reason']);
  private readonly recoveries = this.c(METRIC.recoveries,
    'Group restarts by where the state came from (peer memory, disk, fresh init)', ['source']);
  private readonly worldSize = this.g(METRIC.worldSize,
    'Workers in the current generation (fewer than configured while shrunk: cluster.min_workers)');
  private readonly recoveryS = this.g(METRIC.recoverySeconds,
    'Seconds the latest group restart took, from the failure to the next Start');
  private readonly redone = this.c(METRIC.stepsRedone, 'Completed steps computed again after group restarts');
  private readonly refusals = this.c(METRIC.refusals, 'Hellos the coordinator refused (strangers, mismatched workers)',
    ['reason']);
  private readonly nonfinite = this.c(METRIC.nonfiniteSkips, 'Steps skipped for non-finite loss or gradients');
  private readonly wInfo = this.g(METRIC.workerInfo, 'Accepted worker (always 1)', ['rank', 'host', 'device', 'backend',
    'native_kernels']);

  private readonly wLoss = this.g(METRIC.workerTrainLoss, 'Latest training loss reported by a rank', ['rank']);
  private readonly wTps = this.g(METRIC.workerTokensPerSecond, "Tokens per second of a rank's latest step", ['rank']);
  private readonly wStep = this.g(METRIC.workerStep, 'Latest step reported by a rank', ['rank']);
  private readonly wLast = this.g(METRIC.workerLastReport, "Unix time of a rank's latest step report", ['rank']);
  private readonly tokens = this.c(METRIC.tokens, 'Tokens processed by a rank', ['rank']);
  private readonly stepDur = this.h(METRIC.stepDuration, 'Optimizer step duration of a rank', STEP_BUCKETS_S);
  private readonly arDur = this.h(METRIC.allreduceDuration, 'Gradient all-reduce duration of a rank',
    ALLREDUCE_BUCKETS_S);
  private readonly arBytes = this.c(METRIC.allreduceBytes, 'Bytes a rank sent in gradient all-reduces', ['rank']);
  private readonly compute = this.c(METRIC.computeSeconds, 'Forward+backward seconds of a rank', ['rank']);
  private readonly wait = this.c(METRIC.waitSeconds, 'Seconds a rank was blocked on peers in all-reduces', ['rank']);
  private readonly exposed = this.h(METRIC.exposedComm, "Seconds a rank's step waited for communication after backward",
    ALLREDUCE_BUCKETS_S);

  constructor(opts: TrainingMetricsOptions = {}) {
    this.now = opts.now ?? (() => Date.now() / 1000);
    if (opts.defaultMetrics ?? true) registerDefaultMetrics(this.registry);
    // 0 from the start: increase() sees the first
    for (const reason of RESTART_REASONS) this.restarts.inc({ reason }, 0);
    for (const source of RECOVERY_SOURCES) this.recoveries.inc({ source }, 0);
    this.redone.inc(0);
    this.nonfinite.inc(0);
    this.setWorkerStates({});
    this.setPhase('waiting');
  }

  setBuildInfo(info: BuildInfo): void {
    const version = checkText('buildInfo.version', info.version);
    const configHash = checkText('buildInfo.configHash', info.configHash);
    const backend = checkText('buildInfo.backend', info.backend);
    this.buildInfo.reset();
    this.buildInfo.set({ version, config_hash: configHash, backend }, 1);
    this.build = { version, configHash, backend };
  }

  /** The backend label of mygpt_build_info once the workers chose one (backend.name auto -> e.g. wasm);
   *  the series with the configured name is replaced. Ignored before setBuildInfo. */
  setBuildBackend(backend: string): void {
    if (this.build) this.setBuildInfo({ ...this.build, backend });
  }

  /** mygpt_run_phase{phase}: 1 for `phase`, 0 for every other phase. */
  setPhase(phase: RunPhaseName): void {
    if (!(RUN_PHASES as readonly string[]).includes(phase)) {
      throw new MetricsInputError(`unknown run phase "${String(phase)}" (expected one of ${RUN_PHASES.join(', ')})`);
    }
    for (const p of RUN_PHASES) this.phase.set({ phase: p }, p === phase ? 1 : 0);
  }

  /** mygpt_worker_info for an accepted worker; replaces the series of the previous worker of that rank. */
  setWorkerInfo(w: WorkerInfo): void {
    const rank = String(checkRank(w.rank));
    const labels = { rank, host: checkText('workerInfo.host', w.host), device: checkText('workerInfo.device', w.device),
      backend: checkText('workerInfo.backend', w.backend), native_kernels: w.nativeKernels || 'none' };
    const old = this.infoOf.get(w.rank);
    if (old) this.wInfo.remove(old);
    this.infoOf.set(w.rank, labels);
    this.wInfo.set(labels, 1);
  }

  observeStep(r: StepObservation): void {
    const rank = checkRank(r.rank);
    const step = checkCount('step', r.step, rank);
    const loss = checkLoss('loss', r.loss, rank);
    const lr = checkNonNegative('lr', r.lr, rank);
    const computeS = checkNonNegative('computeS', r.computeS, rank);
    const allreduceS = checkNonNegative('allreduceS', r.allreduceS, rank);
    const waitS = checkNonNegative('waitS', r.waitS, rank);
    const stepS = checkNonNegative('stepS', r.stepS, rank);
    const tokens = checkCount('tokens', r.tokens, rank);
    const bytes = checkCount('allreduceBytes', r.allreduceBytes, rank);
    const l = { rank: String(rank) };

    const exposedS = checkNonNegative('exposedCommS', r.exposedCommS ?? 0, rank);
    const skips = checkCount('nonfiniteSkips', r.nonfiniteSkips ?? 0, rank);
    const prev = this.latest.get(rank);
    const tokensPerS = stepS > 0 ? tokens / stepS : prev?.tokensPerS ?? 0;
    this.latest.set(rank, { loss, tokensPerS, nonfiniteSkips: skips });
    // every rank skips the same steps: count rank 0's (a restarted worker may start again from 0)
    if (rank === 0 && skips > (prev?.nonfiniteSkips ?? 0)) this.nonfinite.inc(skips - (prev?.nonfiniteSkips ?? 0));
    this.wLoss.set(l, loss);
    this.wTps.set(l, tokensPerS);
    this.wStep.set(l, step);
    this.wLast.set(l, this.now());
    this.tokens.inc(l, tokens);
    this.stepDur.observe(l, stepS);
    this.arDur.observe(l, allreduceS);
    this.arBytes.inc(l, bytes);
    this.compute.inc(l, computeS);
    this.wait.inc(l, waitS);
    this.exposed.observe(l, exposedS);
    this.lr.set(lr);
    if (r.gradNorm !== undefined && !Number.isNaN(r.gradNorm)) {
      this.gradNorm.set(checkLoss('gradNorm', r.gradNorm, rank));
    }
    if (r.valLoss !== undefined && !Number.isNaN(r.valLoss)) this.setValLoss(checkLoss('valLoss', r.valLoss, rank));
    this.updateGlobal();
  }

  setValLoss(v: number): void {
    this.valLoss.set(checkLoss('valLoss', v));
    this.show(this.valLoss, METRIC.valLoss);
  }

  // step/totalSteps are authoritative here (observeStep only moves the per-rank step).
  setProgress(step: number, totalSteps: number, etaS: number): void {
    checkCount('step', step);
    checkCount('totalSteps', totalSteps);
    checkNonNegative('etaS', etaS);
    if (step > totalSteps) throw new MetricsInputError(`step ${step} is past totalSteps ${totalSteps}`);
    this.step.set(step);
    this.totalSteps.set(totalSteps);
    this.progress.set(totalSteps > 0 ? step / totalSteps : 0);
    this.eta.set(etaS);
  }

  // counts: state name -> number of workers; states left out are exported as 0.
  setWorkerStates(counts: Partial<Record<WorkerStateName, number>>): void {
    for (const key of Object.keys(counts)) {
      if (!(WORKER_STATES as readonly string[]).includes(key)) {
        throw new MetricsInputError(`unknown worker state "${key}" (expected one of ${WORKER_STATES.join(', ')})`);
      }
    }
    for (const s of WORKER_STATES) this.workers.set({ state: s }, checkCount(`workers[${s}]`, counts[s] ?? 0));
  }

  incRestarts(reason: RestartReason = 'failure', n = 1): void {
    if (!(RESTART_REASONS as readonly string[]).includes(reason)) {
      throw new MetricsInputError(
        `unknown restart reason "${String(reason)}" (expected one of ${RESTART_REASONS.join(', ')})`,
      );
    }
    this.restarts.inc({ reason }, checkCount('restarts increment', n));
  }

  setWorldSize(n: number): void {
    this.worldSize.set(checkCount('world size', n));
  }

  /** A group restart finished: its state's source, seconds from the failure to the Start, completed steps redone. */
  observeRecovery(source: RecoverySource, seconds: number, stepsRedone: number): void {
    if (!(RECOVERY_SOURCES as readonly string[]).includes(source)) {
      throw new MetricsInputError(`unknown recovery source "${String(source)}"`);
    }
    this.recoveryS.set(checkNonNegative('recovery seconds', seconds));
    this.recoveries.inc({ source });
    this.redone.inc(checkCount('steps redone', stepsRedone));
  }

  incRefusals(reason: RefuseReasonName): void {
    if (!(REFUSE_REASONS as readonly string[]).includes(reason)) {
      throw new MetricsInputError(`unknown refuse reason "${String(reason)}"`);
    }
    this.refusals.inc({ reason });
  }

  // Drop a rank's series (world shrank after a restart) so sums and alerts stop seeing it.
  forgetRank(rank: number): void {
    const l = { rank: String(checkRank(rank)) };
    this.latest.delete(rank);
    for (const m of [this.wLoss, this.wTps, this.wStep, this.wLast, this.tokens, this.stepDur, this.arDur, this.arBytes,
      this.compute, this.wait, this.exposed]) m.remove(l);
    this.updateGlobal();
  }

  /** Registers a lazily exported gauge once it has a value. */
  private show(g: Gauge, name: string): void {
    if (!this.registry.getSingleMetric(name)) this.registry.registerMetric(g);
  }

  private updateGlobal(): void {
    const all = [...this.latest.values()];
    if (all.length === 0) {
      this.registry.removeSingleMetric(METRIC.trainLoss);
      this.tokensPerS.set(0);
      return;
    }
    this.trainLoss.set(all.reduce((s, x) => s + x.loss, 0) / all.length);
    this.show(this.trainLoss, METRIC.trainLoss);
    this.tokensPerS.set(all.reduce((s, x) => s + x.tokensPerS, 0));
  }
}
