// Public surface of the metrics package. See docs/observability.md for the metric list.
export { METRIC, WORKER_STATES, RUN_PHASES, RESTART_REASONS, STEP_BUCKETS_S, ALLREDUCE_BUCKETS_S } from './names';
export type { MetricName, WorkerStateName, RunPhaseName, RestartReason } from './names';
export { MetricsInputError } from './validate';
export { TrainingMetrics } from './training';
export type { StepObservation, BuildInfo, WorkerInfo, TrainingMetricsOptions } from './training';
export { stepObservationFromReport } from './step_report';
export { serveMetrics, MetricsServerError } from './server';
export type { MetricsServer } from './server';
export { TensorBoardWriter } from './tensorboard';
