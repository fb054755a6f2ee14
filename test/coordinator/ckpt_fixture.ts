// Real checkpoint files for the run-directory tests: written by the production encoder, with a small
// payload, so they pass every check a coordinator makes without decoding tensors.
import * as fs from 'fs';
import * as path from 'path';
import { encodeCheckpoint } from '../../src/train/checkpoint';
import { defaultConfig } from '../../src/config/schema';
import { checkpointName } from '../../src/util/run_dir';

/** Writes run.dir/ckpt-<step>.bin and returns its path. */
export function writeTestCheckpoint(runDir: string, step: number): string {
  const P = 8;
  const arr = () => Float32Array.from({ length: P }, (_, i) => (i + step) / 100);
  const file = path.join(runDir, checkpointName(step));
  fs.writeFileSync(file, encodeCheckpoint({
    header: { step, paramCount: P, specs: [{ name: 'w', shape: [P] }], tokenizer: 'ab', config: defaultConfig(),
      configHash: 'test', dataPosition: { step, epoch: 0, batchInEpoch: step }, rng: { scheme: 'test', seed: 1 },
      backend: 'cpu', worldSize: 1, nonfiniteSkips: 0, savedAt: new Date(0).toISOString() },
    params: arr(),
    m: arr(),
    v: arr(),
  }));
  return file;
}
