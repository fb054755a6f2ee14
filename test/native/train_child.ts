// Child process for the native training tests: trains a small GPT for MYGPT_CHILD_STEPS steps on the wasm
// backend and prints one JSON line {losses, log, backend, ringNative}. Inert unless MYGPT_TRAIN_CHILD=1 (node --test
// also executes every .js under test/ as a test file).
import { Trainer, identityAllReduce } from '../../src/train/trainer';
import { testConfig } from '../helpers';
import { ringKernels } from '../../src/collective/kernels';

export const SMALL_MODEL = ['model.n_layer=2', 'model.n_head=2', 'model.n_embd=32', 'model.block_size=16',
  'train.batch_size=4', 'train.lr=3e-3', 'train.warmup_steps=5', 'backend.name=wasm', 'run.seed=7'];

async function main(): Promise<void> {
  const log: string[] = [];
  const cfg = testConfig([...SMALL_MODEL, `train.max_steps=${process.env.MYGPT_CHILD_STEPS ?? 50}`,
    `backend.native=${process.env.MYGPT_CHILD_NATIVE !== 'false'}`]);
  const tr = await Trainer.create(cfg, { rank: 0, worldSize: 1, allreduce: identityAllReduce,
    log: (l) => log.push(l) });
  const losses: number[] = [];
  for (let i = 0; i < cfg.train.max_steps; i++) losses.push((await tr.trainStep()).loss);
  // The ring's sum loops as a worker would get them (its ring is built after the backend is selected).
  process.stdout.write(
    JSON.stringify({ losses, log, backend: tr.backendName, ringNative: ringKernels().native }) + '\n',
  );
  tr.dispose();
}

if (process.env.MYGPT_TRAIN_CHILD === '1') {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  });
}
