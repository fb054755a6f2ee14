// Public surface of the metrics package. See docs/observability.md for the metric list.
export { METRIC, WORKER_STATES, RUN_PHASES, RESTART_REASONS, STEP_BUCKETS_S, ALLREDUCE_BUCKETS_S } from './names';
export type { MetricName, WorkerStateName, RunPhaseName, RestartReason } from './names';
export { serveMetrics, MetricsServerError } from './server';
export type { MetricsServer } from './server';
export { stepObservationFromReport } from './step_report';
export { TensorBoardWriter } from './tensorboard';
export { TrainingMetrics } from './training';
export type { StepObservation, BuildInfo, WorkerInfo, TrainingMetricsOptions } from './training';
export { MetricsInputError } from './validate';
