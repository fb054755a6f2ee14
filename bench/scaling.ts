// Scaling benchmark (not a test): 1 -> 2 workers against PyTorch DistributedDataParallel (Gloo) on the
// identical model (4 layers, 4 heads, 128 wide, context 64, 12 sequences per worker per step,
// one BLAS thread per process), interleaved rep by rep: mygpt-coord with 1 and 2 workers, and
// bench/torch_ddp.py with 1 and 2 processes. Step time = median over the steps after warm-up (mygpt: the
// coordinator's clock between completed steps, from progress.jsonl; PyTorch: rank 0's clock), and the
// median of that over reps. Also: per-rank compute, exposed all-reduce wait and what is left (overhead)
// of the mygpt 2-worker step, and the coordinator's CPU per step.
//   node dist/bench/scaling.js [--steps 300] [--reps 3] [--bucket-bytes N] [--exchange-max-bytes N] [--thread-off]
//   [--ring-transport zmq|tcp]
//        [--no-torch] [--json out.json]
// --thread-off: also runs 2 workers with cluster.comm_thread: false (buckets summed on the main thread
// after backward, one call), interleaved with the others: the overlap's effect in the same run.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PYTHON } from './python';

const ROOT = path.resolve(__dirname, '..', '..');
const DATA = process.env.MYGPT_DATA ?? path.resolve(ROOT, '..', 'shared', 'data', 'tinyshakespeare.txt');
const WARM = 20; // steps excluded at the start (backend warm-up); the last step (checkpoint) is excluded too
const MODEL = { n_layer: 4, n_head: 4, n_embd: 128, block_size: 64 };
const BATCH = 12;

function configFile(dir: string, steps: number, bucketBytes: number, cluster = '', name = 'bench.yaml'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, [
    `run: { dir: ${JSON.stringify(path.join(dir, 'run'))}, seed: 1 }`,
    `model: { n_layer: ${MODEL.n_layer}, n_head: ${MODEL.n_head}, n_embd: ${MODEL.n_embd}, block_size: ` +
    `${MODEL.block_size}, dropout: 0 }`,
    `data: { path: ${JSON.stringify(DATA)} }`,
    `train: { batch_size: ${BATCH}, max_steps: ${steps}, warmup_steps: 5, eval_interval: 0, eval_batches: 1, ` +
    `log_interval: 1000, checkpoint_interval: 0, sample_tokens: 0 }`,
    'backend: { name: auto, threads: 1 }',
    `cluster: { workers: 1, heartbeat_interval_s: 1, heartbeat_timeout_s: 30, checksum_interval: 0, bucket_bytes: ` +
    `${bucketBytes}${cluster} }`,
    'metrics: { enabled: true, port: 0 }',
    '',
  ].join('\n'));
  return file;
}

interface Row {
  step: number;
  t: number;
  computeS: number[];
  exposedCommS: number[];
}
interface Run {
  stepMs: number;
  computeMs: number;
  exposedMs: number;
  restMs: number;
  coordCpuPerStepMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One mygpt-coord run; medians over the steps after warm-up. */
function viaCoordinator(file: string, dir: string, workers: number): Run {
  fs.rmSync(path.join(dir, 'run'), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'mygpt-coord.js'), '--config', file, '--set',
    `cluster.workers=${workers}`], { encoding: 'utf8', timeout: 1_800_000 });
  if (r.status !== 0) {
    throw new Error(`mygpt-coord with ${workers} worker(s) failed (${r.status}):\n${r.stdout}${r.stderr}`);
  }
  const rows = fs.readFileSync(path.join(dir, 'run', 'progress.jsonl'), 'utf8').trim().split('\n').map((l) =>
    JSON.parse(l) as Row
  );
  const win = rows.filter((x) => x.step > WARM && x.step < rows.length);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'run', 'summary.json'), 'utf8')) as {
    coordinatorCpuS: number;
  };
  const dt = (x: Row) => (x.t - rows[x.step - 2].t) / 1000; // seconds between this step and the one before
  return {
    stepMs: 1000 * median(win.map(dt)),
    // outside compute and the all-reduce wait on the busiest rank: optimizer, upload, reports, the loop
    restMs: 1000 * median(win.map((x) => dt(x) - Math.max(...x.computeS.map((c, r) => c + x.exposedCommS[r])))),
    computeMs: 1000 * median(win.map((x) => mean(x.computeS))),
    exposedMs: 1000 * median(win.map((x) => Math.max(...x.exposedCommS))),
    coordCpuPerStepMs: (1000 * summary.coordinatorCpuS) / rows.length,
  };
}

/** bench/torch_ddp.py with `world` processes: median step ms. */
function torchDdp(world: number, steps: number): number {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
  if (!env.OPENBLAS_CORETYPE &&
    /^flags\s*:.*\bavx512f\b/m.test(fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : ''))
  {
    env.OPENBLAS_CORETYPE = 'SkylakeX'; // what our OpenBLAS loader picks on this CPU (see bench/train.ts)
  }
  const out = execFileSync(PYTHON, [path.join(ROOT, 'bench', 'torch_ddp.py'), '--world', String(world), '--steps',
    String(steps - WARM - 1), '--warmup', String(WARM), '--batch', String(BATCH),
    ...Object.entries(MODEL).flatMap(([k, v]) => [`--${k}`, String(v)])], { encoding: 'utf8', env,
    timeout: 1_800_000 });
  return (JSON.parse(out.trim().split('\n').pop()!) as { step_ms: number; }).step_ms;
}

export async function main(argv = process.argv.slice(2)): Promise<Record<string, number>> {
  const arg = (name: string, def: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : def;
  };
  const steps = arg('steps', 300), reps = arg('reps', 3), bucketBytes = arg('bucket-bytes', 1 << 18);
  const exMax = arg('exchange-max-bytes', -1), threadOff = argv.includes('--thread-off');
  const withTorch = !argv.includes('--no-torch') && fs.existsSync(PYTHON);
  if (!withTorch && !argv.includes('--no-torch')) {
    console.log(`PyTorch reference skipped: ${PYTHON} not found (set MYGPT_PYTHON)`);
  }
  const jsonOut = argv.includes('--json') ? argv[argv.indexOf('--json') + 1] : undefined;
  // cluster.ring_transport (auto's choice without CURVE)
  const transport = argv.includes('--ring-transport') ? argv[argv.indexOf('--ring-transport') + 1] : 'tcp';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-scaling-'));
  try {
    const ex = `${exMax >= 0 ? `, exchange_max_bytes: ${exMax}` : ''}, ring_transport: ${transport}`;
    console.log(`mygpt ring_transport: ${transport}`);
    const file = configFile(dir, steps, bucketBytes, ex);
    const fileOff = configFile(dir, steps, bucketBytes, `${ex}, comm_thread: false`, 'bench-off.yaml');
    const one: Run[] = [], two: Run[] = [], off: Run[] = [], t1: number[] = [], t2: number[] = [];
    for (let r = 0; r < reps; r++) { // interleaved, so load changes on a shared machine hit all four alike
      one.push(viaCoordinator(file, dir, 1));
      if (withTorch) t1.push(torchDdp(1, steps));
      two.push(viaCoordinator(file, dir, 2));
      if (withTorch) t2.push(torchDdp(2, steps));
      if (threadOff) off.push(viaCoordinator(fileOff, dir, 2));
      console.log(`rep ${r + 1}/${reps}: mygpt ${one[r].stepMs.toFixed(1)} / ${two[r].stepMs.toFixed(1)} ms` +
        (threadOff ? ` (comm thread off: ${off[r].stepMs.toFixed(1)} ms)` : '') +
        (withTorch ? `, pytorch ${t1[r].toFixed(1)} / ${t2[r].toFixed(1)} ms` : '') + ' (1 / 2 workers)');
    }
    const tok = BATCH * MODEL.block_size;
    const m = (rs: Run[], k: keyof Run) => median(rs.map((x) => x[k]));
    const res: Record<string, number> = {
      cores: os.cpus().length,
      loadAvg1: os.loadavg()[0],
      bucketBytes,
      exchangeMaxBytes: exMax,
      mygpt1StepMs: m(one, 'stepMs'),
      mygpt2StepMs: m(two, 'stepMs'),
      mygpt2ComputeMs: m(two, 'computeMs'),
      mygpt2ExposedMs: m(two, 'exposedMs'),
      mygpt1ComputeMs: m(one, 'computeMs'),
      mygpt1RestMs: m(one, 'restMs'),
      mygpt2RestMs: m(two, 'restMs'),
      coordCpuPerStepMs: m(one, 'coordCpuPerStepMs'),
    };
    res.mygpt1TokS = tok / res.mygpt1StepMs * 1000;
    res.mygpt2TokS = 2 * tok / res.mygpt2StepMs * 1000;
    res.mygptGain = res.mygpt2TokS / res.mygpt1TokS;
    console.log(
      `| ${reps} interleaved reps, ${steps} steps, median step after ${WARM} | 1 process ms | 2 processes ms | ` +
        'tokens/s 1 | tokens/s 2 | gain 1 -> 2 |',
    );
    console.log('|---|---|---|---|---|---|');
    console.log(
      `| mygpt (bucket_bytes ${bucketBytes}) | ${res.mygpt1StepMs.toFixed(1)} | ${res.mygpt2StepMs.toFixed(1)} | ${
        Math.round(res.mygpt1TokS)
      } | ${Math.round(res.mygpt2TokS)} | ${res.mygptGain.toFixed(2)}x |`,
    );
    if (threadOff) {
      res.mygpt2OffStepMs = m(off, 'stepMs');
      res.mygpt2OffExposedMs = m(off, 'exposedMs');
      res.mygpt2OffComputeMs = m(off, 'computeMs');
      res.mygpt2OffTokS = 2 * tok / res.mygpt2OffStepMs * 1000;
      console.log(
        `| mygpt, comm_thread: false | | ${res.mygpt2OffStepMs.toFixed(1)} | | ${Math.round(res.mygpt2OffTokS)} | ${
          (res.mygpt2OffTokS / res.mygpt1TokS).toFixed(2)
        }x |`,
      );
      console.log(
        `comm thread off, per rank: compute ${res.mygpt2OffComputeMs.toFixed(1)} ms, exposed all-reduce ${
          res.mygpt2OffExposedMs.toFixed(1)
        } ms`,
      );
    }
    if (withTorch) {
      res.torch1StepMs = median(t1);
      res.torch2StepMs = median(t2);
      res.torch1TokS = tok / res.torch1StepMs * 1000;
      res.torch2TokS = 2 * tok / res.torch2StepMs * 1000;
      res.torchGain = res.torch2TokS / res.torch1TokS;
      console.log(
        `| PyTorch DDP (Gloo) | ${res.torch1StepMs.toFixed(1)} | ${res.torch2StepMs.toFixed(1)} | ${
          Math.round(res.torch1TokS)
        } | ${Math.round(res.torch2TokS)} | ${res.torchGain.toFixed(2)}x |`,
      );
      console.log(
        `targets: mygpt 2-process tokens/s / DDP's = ${(res.mygpt2TokS / res.torch2TokS).toFixed(2)} (>= 1), ` +
          `gain ratio = ${(res.mygptGain / res.torchGain).toFixed(2)} (>= 1)`,
      );
    }
    console.log(
      `mygpt 2 workers per rank: compute ${res.mygpt2ComputeMs.toFixed(1)} ms (1 worker ${
        res.mygpt1ComputeMs.toFixed(1)
      }), ` +
        `exposed all-reduce ${res.mygpt2ExposedMs.toFixed(1)} ms, outside both ${
          res.mygpt2RestMs.toFixed(1)
        } ms (1 worker ${res.mygpt1RestMs.toFixed(1)}); ` +
        `coordinator CPU ${res.coordCpuPerStepMs.toFixed(2)} ms/step; ${res.cores} cores, load avg ${
          res.loadAvg1.toFixed(1)
        }`,
    );
    if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(res, null, 2) + '\n');
    return res;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}
