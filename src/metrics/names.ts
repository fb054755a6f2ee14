// Every metric name the project exports, in one place, so dashboards, alert rules and their tests
// can refer to the same constants. Prometheus conventions: `mygpt_` prefix, base units in the
// name (_seconds, _bytes), counters end in _total. Per-worker series carry the label `rank`.

export const METRIC = {
  // global (coordinator view)
  buildInfo: 'mygpt_build_info', // gauge = 1 {version, config_hash, backend} from the start
  runPhase: 'mygpt_run_phase', // gauge {phase}: 1 for the current run phase, 0 for the others
  trainLoss: 'mygpt_train_loss', // gauge: mean of every rank's latest train loss (no sample before the first step)
  valLoss: 'mygpt_val_loss', // gauge: latest validation loss (no sample before the first evaluation)
  tokensPerSecond: 'mygpt_tokens_per_second', // gauge: sum of every rank's latest tokens/s
  learningRate: 'mygpt_learning_rate', // gauge
  gradNorm: 'mygpt_grad_norm', // gauge: global grad norm (identical on all ranks)
  step: 'mygpt_step', // gauge: current optimizer step
  totalSteps: 'mygpt_total_steps', // gauge: steps in the whole run
  progressRatio: 'mygpt_progress_ratio', // gauge 0..1
  etaSeconds: 'mygpt_eta_seconds', // gauge
  workers: 'mygpt_workers', // gauge {state}
  restarts: 'mygpt_restarts_total', // counter {reason}: group restarts (failure | preempted)
  worldSize: 'mygpt_world_size', // gauge: members of the current generation (below the configured world when shrunk)
  // counter {source}: group restarts by where the state came from (peer | disk | fresh)
  recoveries: 'mygpt_recoveries_total',
  recoverySeconds: 'mygpt_recovery_seconds', // gauge: the latest restart, from the failure acted on to the next Start
  stepsRedone: 'mygpt_steps_redone_total', // counter: completed steps computed again after restarts
  nonfiniteSkips: 'mygpt_nonfinite_skips_total', // counter: steps skipped for non-finite values (train.nonfinite: skip)
  refusals: 'mygpt_refusals_total', // counter {reason}: refused Hellos (never fatal to the run)
  // per rank
  workerInfo: 'mygpt_worker_info', // gauge = 1 {rank, host, device, backend, native_kernels} per accepted worker
  workerTrainLoss: 'mygpt_worker_train_loss', // gauge {rank}
  workerTokensPerSecond: 'mygpt_worker_tokens_per_second', // gauge {rank}
  workerStep: 'mygpt_worker_step', // gauge {rank}: last step the rank reported
  workerLastReport: 'mygpt_worker_last_report_timestamp_seconds', // gauge {rank}: unix time of last report
  tokens: 'mygpt_tokens_total', // counter {rank}
  stepDuration: 'mygpt_step_duration_seconds', // histogram {rank}
  allreduceDuration: 'mygpt_allreduce_duration_seconds', // histogram {rank}
  allreduceBytes: 'mygpt_allreduce_bytes_total', // counter {rank}
  computeSeconds: 'mygpt_compute_seconds_total', // counter {rank}: forward+backward time
  waitSeconds: 'mygpt_wait_seconds_total', // counter {rank}: blocked on peers in the all-reduce
  exposedComm: 'mygpt_exposed_comm_seconds', // histogram {rank}: per step, waited for communication after backward
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

// Same order and spelling as proto/mygpt.proto enum WorkerState (UNSPECIFIED left out).
export const WORKER_STATES = ['PENDING', 'READY', 'TRAINING', 'DONE', 'FAILED', 'STOPPED'] as const;
export type WorkerStateName = (typeof WORKER_STATES)[number];

// Coordinator run phases, spelled as the values of RunPhase (src/coordinator/phase.ts) and in the same order.
export const RUN_PHASES = ['waiting', 'initializing', 'training', 'restarting', 'stopping', 'finished',
  'failed'] as const;
export type RunPhaseName = (typeof RUN_PHASES)[number];

// Why the gang restarted (label of mygpt_restarts_total); only 'failure' counts against cluster.max_restarts.
export const RESTART_REASONS = ['failure', 'preempted'] as const;
export type RestartReason = (typeof RESTART_REASONS)[number];

// Where a restarted generation's state came from (label of mygpt_recoveries_total; coordinator/recovery.ts
// StartPlan.source).
export const RECOVERY_SOURCES = ['peer', 'disk', 'fresh'] as const;
export type RecoverySource = (typeof RECOVERY_SOURCES)[number];

// Why a Hello was refused (label of mygpt_refusals_total): proto RefuseReason without the REFUSE_ prefix, lower case,
// in enum order (checked by test/coordinator/hostile.test.ts).
export const REFUSE_REASONS = ['reason_unspecified', 'protocol_mismatch', 'config_mismatch', 'rank_out_of_range',
  'rank_taken', 'bad_launch_token', 'gang_full', 'key_mismatch', 'not_accepting'] as const;
export type RefuseReasonName = (typeof REFUSE_REASONS)[number];

// Histogram buckets (seconds). Step: 5 ms .. 2 min; all-reduce: 0.5 ms .. 1 min.
export const STEP_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
export const ALLREDUCE_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60];
