// The synchronous run-directory save the step loop did before checkpoints were written in the background
// (src/train/ckpt_writer.ts): for tests that need a checkpoint on disk now, and the checkpoint-stall bench's
// "before" column.
import * as path from 'path';
import type { Trainer } from '../../src/train/trainer';
import { encodeState } from '../../src/train/state';
import { checkpointName, pruneCheckpoints, writeAtomic, writeLatestPointer } from '../../src/util/run_dir';

/** The trainer's state of its current step written to `file` on the training path, atomically (the file and
 *  its directory entry synced); refused, nothing written, when a weight or moment is non-finite. */
export async function saveCheckpoint(trainer: Trainer, file: string): Promise<void> {
  await writeAtomic(file, encodeState(trainer, file));
}

/** Save a checkpoint for the trainer's current step into run.dir, move the `latest` pointer to it, then
 *  delete all but the newest `keep` checkpoints (0 = keep all; src/util/run_dir.ts pruneCheckpoints). */
export async function saveRunCheckpoint(trainer: Trainer, runDir: string, keep: number): Promise<string> {
  const file = path.join(runDir, checkpointName(trainer.step));
  await saveCheckpoint(trainer, file);
  await writeLatestPointer(runDir, file); // likewise
  await pruneCheckpoints(runDir, keep, file);
  return file;
}
