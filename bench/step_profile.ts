// Where a 1-worker step's time goes outside forward+backward, and when backward hands
// each gradient bucket over. Not part of `npm run bench` (no reference to compare with):
//   node dist/bench/step_profile.js [--steps 60] [--bucket-bytes 262144]
// Prints the median per step (after 10 warm-up steps) of the Trainer's own split (compute, exposed wait,
// overhead), the process CPU ms of each piece of the overhead measured in isolation on the same buffers
// (AdamW, weight upload, mean+clip in one pass), and the median time each bucket became ready, in ms after
// backward began (from the MYGPT_DEBUG_BUCKETS timeline).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../src/config/load';
import { Trainer, identityAllReduce } from '../src/train/trainer';
import { meanAndClip } from '../src/train/units';
import { type AdamW, l2norm } from '../src/train/adamw';
import { DEBUG_BUCKETS_ENV } from '../src/train/bucket_log';

const ROOT = path.resolve(__dirname, '..', '..');
const DATA = process.env.MYGPT_DATA ?? path.resolve(ROOT, '..', 'shared', 'data', 'tinyshakespeare.txt');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Median process-CPU ms of fn over n calls (setup() before each, not timed). */
function cpuOf(n: number, setup: () => void, fn: () => void): number {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    setup();
    const c = cpuMs();
    fn();
    xs.push(cpuMs() - c);
  }
  return median(xs);
}

async function main(argv = process.argv.slice(2)): Promise<void> {
  const arg = (name: string, def: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : def;
  };
  const steps = arg('steps', 60), bucketBytes = arg('bucket-bytes', 1 << 18);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-stepprof-'));
  process.env[DEBUG_BUCKETS_ENV] = '1';
  const cfg = loadConfig(undefined, [`data.path=${DATA}`, `run.dir=${dir}`, 'backend.name=auto', 'backend.threads=1',
    'model.n_layer=4', 'model.n_head=4', 'model.n_embd=128', 'model.block_size=64', 'model.dropout=0',
    'train.batch_size=12', `cluster.bucket_bytes=${bucketBytes}`]);
  const t = await Trainer.create(cfg, { rank: 0, worldSize: 1, allreduce: identityAllReduce, log: () => undefined });
  try {
    const rows = [];
    for (let s = 0; s < steps; s++) rows.push(await t.trainStep());
    const r = rows.slice(10);
    const ms = (k: 'computeS' | 'exposedCommS' | 'overheadS' | 'stepS') =>
      (1000 * median(r.map((x) => x[k]))).toFixed(2);
    console.log(
      `${t.backendName}, ${t.paramCount} parameters, bucket_bytes ${bucketBytes}, ${os.cpus().length} cores, load avg ${
        os.loadavg()[0].toFixed(1)
      }`,
    );
    console.log(
      `step ${ms('stepS')} ms = compute ${ms('computeS')} + exposed wait ${ms('exposedCommS')} + overhead ${
        ms('overheadS')
      } (wall, medians)`,
    );
    const P = t.paramCount, src = new Float32Array(P + 1).map((_, i) => Math.sin(i)), g = new Float32Array(P + 1);
    const adam = (t as unknown as { adam: AdamW; }).adam; // with the loops backend selection gave the trainer
    const h = { lr: 1e-4, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1 };
    const params = t.getFlatParams();
    const parts = {
      adamw: cpuOf(30, () => g.set(src), () => adam.update(params, g.subarray(0, P), 100, h)),
      weightUpload: cpuOf(30, () => undefined, () => t.replica.sync()),
      meanClipOnePass2: cpuOf(30, () => g.set(src), () => meanAndClip(g, P, 2, 1, l2norm(g, P, adam.loops) / 2)),
    };
    console.log(
      `overhead pieces, process CPU ms (median of 30): ${
        Object.entries(parts).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')
      }`,
    );
    const lines = fs.readFileSync(path.join(dir, 'buckets-rank0.jsonl'), 'utf8').trim().split('\n').slice(10)
      .map((l) => JSON.parse(l) as { buckets: { length: number; readyMs: number; }[]; });
    const ready = lines[0].buckets.map((b, i) =>
      `${(4 * b.length / 1024).toFixed(0)} KiB @ ${median(lines.map((l) => l.buckets[i].readyMs)).toFixed(1)} ms`
    );
    console.log(`buckets ready after backward began (median): ${ready.join(', ')}`);
  } finally {
    t.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
