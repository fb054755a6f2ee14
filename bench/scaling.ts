// Scaling benchmark (not a test): the same model trained
//   (a) a bare Trainer loop in a fresh process (no coordinator, no sockets, no metrics),
//   (b) through mygpt-coord with 1 worker, (c) through mygpt-coord with 2 workers (same per-worker batch).
// Reports tokens/s per worker (1 -> 2 workers and their ratio), the all-reduce share of the step, and the
// coordinator + metrics overhead as a share of step time: end to end (b - a) / b per step (sensitive to
// machine load), and the coordinator process's CPU seconds per step / step time (what it takes from the
// workers on a machine with no spare core).
//   node dist/bench/scaling.js [--steps 60] [--reps 2] [--json out.json]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../src/config/load';
import { Trainer, identityAllReduce } from '../src/train/trainer';

const ROOT = path.resolve(__dirname, '..', '..');
const DATA = process.env.MYGPT_DATA ?? path.resolve(ROOT, '..', 'shared', 'data', 'tinyshakespeare.txt');
const WARM = 5; // steps excluded at the start (backend warm-up); the last step (eval, checkpoint) is excluded too

function configFile(dir: string, steps: number): string {
  const file = path.join(dir, 'bench.yaml');
  fs.writeFileSync(file, [
    `run: { dir: ${JSON.stringify(path.join(dir, 'run'))}, seed: 1 }`,
    'model: { n_layer: 2, n_head: 4, n_embd: 64, block_size: 64, dropout: 0 }',
    `data: { path: ${JSON.stringify(DATA)} }`,
    `train: { batch_size: 8, max_steps: ${steps}, warmup_steps: 5, eval_interval: 0, eval_batches: 1, log_interval: 1000, checkpoint_interval: 0, sample_tokens: 0 }`,
    'backend: { name: auto, threads: 1 }',
    'cluster: { workers: 1, heartbeat_interval_s: 1, heartbeat_timeout_s: 30, checksum_interval: 0 }',
    'metrics: { enabled: true, port: 0 }', '',
  ].join('\n'));
  return file;
}

interface Row { step: number; t: number; stepS: number; allreduceS: number[]; tokens: number }

/** Seconds per step through the coordinator (coordinator clock between completed steps). */
function viaCoordinator(file: string, dir: string, workers: number): { stepS: number; allreduceShare: number; coordCpuPerStepS: number } {
  fs.rmSync(path.join(dir, 'run'), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'mygpt-coord.js'), '--config', file, '--set', `cluster.workers=${workers}`],
    { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`mygpt-coord with ${workers} worker(s) failed (${r.status}):\n${r.stdout}${r.stderr}`);
  const rows = fs.readFileSync(path.join(dir, 'run', 'progress.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
  const win = rows.filter((x) => x.step > WARM && x.step < rows.length);
  const first = rows[WARM - 1], last = win[win.length - 1];
  const ar = win.reduce((s, x) => s + x.allreduceS.reduce((a, b) => a + b, 0), 0);
  const st = win.reduce((s, x) => s + x.stepS * workers, 0);
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'run', 'summary.json'), 'utf8')) as { coordinatorCpuS: number };
  return { stepS: (last.t - first.t) / 1000 / (last.step - first.step), allreduceShare: ar / st,
    coordCpuPerStepS: summary.coordinatorCpuS / rows.length };
}

/** Seconds per step of a bare Trainer loop in a fresh process (the floor the coordinator path is held to). */
function bareLoop(file: string, steps: number): number {
  const r = spawnSync(process.execPath, [__filename, '--bare-loop', file, String(steps)], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`bare Trainer loop failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return Number(r.stdout.trim().split('\n').pop());
}

async function inProcess(file: string, steps: number): Promise<number> {
  const cfg = loadConfig(file);
  const trainer = await Trainer.create(cfg, { rank: 0, worldSize: 1, allreduce: identityAllReduce, log: () => undefined });
  try {
    const t: number[] = [];
    for (let s = 0; s < steps - 1; s++) { await trainer.trainStep(); t.push(performance.now()); }
    return (t[t.length - 1] - t[WARM - 1]) / 1000 / (t.length - WARM);
  } finally { trainer.dispose(); }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function main(argv = process.argv.slice(2)): Promise<Record<string, number>> {
  const arg = (name: string, def: number) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? Number(argv[i + 1]) : def; };
  const steps = arg('steps', 60), reps = arg('reps', 2);
  const jsonOut = argv.includes('--json') ? argv[argv.indexOf('--json') + 1] : undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-scaling-'));
  try {
    const file = configFile(dir, steps);
    const base: number[] = [], one: number[] = [], two: number[] = [], share2: number[] = [], cpu1: number[] = [];
    for (let r = 0; r < reps; r++) { // interleaved, so load changes on a shared machine hit all three alike
      base.push(bareLoop(file, steps));
      const o = viaCoordinator(file, dir, 1);
      one.push(o.stepS); cpu1.push(o.coordCpuPerStepS);
      const t = viaCoordinator(file, dir, 2);
      two.push(t.stepS); share2.push(t.allreduceShare);
    }
    const tokensPerWorkerStep = 8 * 64;
    const res = {
      cores: os.cpus().length,
      inProcessStepMs: median(base) * 1000,
      oneWorkerStepMs: median(one) * 1000,
      twoWorkerStepMs: median(two) * 1000,
      tokPerSPerWorker1: tokensPerWorkerStep / median(one),
      tokPerSPerWorker2: tokensPerWorkerStep / median(two),
      perWorkerRatio: median(one) / median(two),
      totalSpeedup: (2 * median(one)) / median(two),
      allreduceShare2: median(share2),
      coordOverheadShare: (median(one) - median(base)) / median(one),
      coordCpuShare: median(cpu1) / median(one),
    };
    console.log('| setup | ms/step | tokens/s per worker |');
    console.log('|---|---|---|');
    console.log(`| bare Trainer loop, 1 process (no coordinator) | ${res.inProcessStepMs.toFixed(1)} | ${Math.round(tokensPerWorkerStep / median(base))} |`);
    console.log(`| mygpt-coord, 1 worker | ${res.oneWorkerStepMs.toFixed(1)} | ${Math.round(res.tokPerSPerWorker1)} |`);
    console.log(`| mygpt-coord, 2 workers | ${res.twoWorkerStepMs.toFixed(1)} | ${Math.round(res.tokPerSPerWorker2)} |`);
    console.log(`per-worker ratio 2/1 = ${res.perWorkerRatio.toFixed(2)}, total speed-up ${res.totalSpeedup.toFixed(2)}x, ` +
      `all-reduce share (2 workers) ${(res.allreduceShare2 * 100).toFixed(1)}%, ` +
      `coordinator + metrics overhead ${(res.coordOverheadShare * 100).toFixed(1)}% of step time end to end ` +
      `(coordinator CPU ${(res.coordCpuShare * 100).toFixed(2)}% of step time; goal <= 2%), ${res.cores} cores`);
    if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(res, null, 2) + '\n');
    return res;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const a = process.argv.slice(2);
  const run = a[0] === '--bare-loop' ? inProcess(a[1], Number(a[2])).then((s) => console.log(s)) : main(a);
  run.catch((e: Error) => { console.error(e.message); process.exit(1); });
}
