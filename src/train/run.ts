// Run-level pieces around a Trainer shared by the worker (src/worker) and the coordinator's summary:
// checkpoints into run.dir with the `latest` pointer, the end-of-run sample temperature, the summary text.
// The step loop itself lives in the worker (one loop for 1..N workers).
import * as path from 'path';
import type { Trainer } from './trainer';
import { checkpointName, writeLatestPointer } from '../util/run_dir';
import { formatDuration } from './progress';

/** End-of-run sample: temperature 0.8 seeded by run.seed (deterministic; greedy decoding of a small model
 *  just loops on "the the"). `mygpt-generate` stays greedy by default. */
export const SAMPLE_TEMPERATURE = 0.8;

export interface RunSummary {
  steps: number;
  finalValLoss: number;
  tokensPerS: number;              // global tokens per second over this process's steps
  wallS: number;
  checkpoint: string | null;
  sample: string;
}

/** Save a checkpoint for the trainer's current step into run.dir and move the `latest` pointer. */
export async function saveRunCheckpoint(trainer: Trainer, runDir: string): Promise<string> {
  const file = path.join(runDir, checkpointName(trainer.step));
  await trainer.saveCheckpoint(file);
  await writeLatestPointer(runDir, file);
  return file;
}

export function formatSummary(s: RunSummary, prompt: string): string {
  const lines = [
    `done: ${s.steps} steps | final val loss ${s.finalValLoss.toFixed(4)} | ${Math.round(s.tokensPerS).toLocaleString('en-US')} tok/s | wall ${formatDuration(s.wallS)}`,
    `checkpoint: ${s.checkpoint ?? '(none written)'}`,
  ];
  if (s.sample) lines.push(`sample (temperature ${SAMPLE_TEMPERATURE}) from ${JSON.stringify(prompt)}:`, '----', prompt + s.sample, '----');
  return lines.join('\n');
}
