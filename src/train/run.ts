// Run-level pieces around a Trainer used by the step loop: checkpoints into run.dir with the `latest` pointer.
import * as path from 'path';
import type { Trainer } from './trainer';
import { checkpointName, writeLatestPointer } from '../util/run_dir';

/** Save a checkpoint for the trainer's current step into run.dir and move the `latest` pointer. */
export async function saveRunCheckpoint(trainer: Trainer, runDir: string): Promise<string> {
  const file = path.join(runDir, checkpointName(trainer.step));
  await trainer.saveCheckpoint(file);
  await writeLatestPointer(runDir, file);
  return file;
}
