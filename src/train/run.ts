// Run-level pieces around a Trainer used by the step loop: checkpoints into run.dir with the `latest`
// pointer, and train.keep_checkpoints retention once both are durable.
import * as path from 'path';
import type { Trainer } from './trainer';
import { checkpointName, pruneCheckpoints, writeLatestPointer } from '../util/run_dir';

/** Save a checkpoint for the trainer's current step into run.dir, move the `latest` pointer to it, then
 *  delete all but the newest `keep` checkpoints (0 = keep all; src/util/run_dir.ts pruneCheckpoints). */
export async function saveRunCheckpoint(trainer: Trainer, runDir: string, keep: number): Promise<string> {
  const file = path.join(runDir, checkpointName(trainer.step));
  await trainer.saveCheckpoint(file); // writeAtomic: the file and its directory entry are synced
  await writeLatestPointer(runDir, file); // likewise
  await pruneCheckpoints(runDir, keep, file);
  return file;
}
