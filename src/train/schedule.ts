// Learning rate: linear warmup to train.lr, then cosine decay to train.min_lr at max_steps.
import type { TrainConfig } from '../config/types';

/** LR for the optimizer step with 0-based index `step` (i.e. the (step+1)-th update). */
export function learningRate(t: TrainConfig, step: number): number {
  if (t.warmup_steps > 0 && step < t.warmup_steps) return (t.lr * (step + 1)) / t.warmup_steps;
  if (step >= t.max_steps) return t.min_lr;
  const span = Math.max(1, t.max_steps - t.warmup_steps);
  const ratio = (step - t.warmup_steps) / span; // 0 -> 1
  return t.min_lr + 0.5 * (1 + Math.cos(Math.PI * ratio)) * (t.lr - t.min_lr);
}
