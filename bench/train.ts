// Training throughput benchmark: tokens/s of one mygpt worker on wasm + native kernels, stock
// wasm and cpu, against PyTorch CPU (bench/torch_train.py, same GPT) measured in the same run, plus peak RSS
// and a per-kernel time breakdown. Each variant runs in its own process (clean peak RSS, clean tfjs state).
//   node dist/bench/train.js [--threads 1] [--steps 30] [--rounds 3] [--no-torch] [--no-stock] [--no-cpu]
//   [--shapes issue7,local]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../src/config/load';
import { Trainer, identityAllReduce } from '../src/train/trainer';
import { profileKernels, formatKernels, type KernelTime } from './kernel_profile';
import { PYTHON } from './python';

const REPO = path.resolve(__dirname, '..', '..');

interface Shape {
  name: string;
  n_layer: number;
  n_head: number;
  n_embd: number;
  block_size: number;
  batch: number;
}
type Variant = 'wasm+native' | 'wasm' | 'cpu';
interface ChildSpec {
  variant: Variant;
  shape: Shape;
  threads: number;
  warmup: number;
  steps: number;
  profile: boolean;
}
export interface Measurement {
  impl: string;
  tokens_per_s: number;
  step_ms: number;
  cpu_ms: number;
  peak_rss_mib: number;
  kernels?: KernelTime[];
  profiled_step_ms?: number;
  log?: string[];
}

const ISSUE7: Shape = { name: 'issue #7 (4L 4H 128E ctx64 b12)', n_layer: 4, n_head: 4, n_embd: 128, block_size: 64,
  batch: 12 };

function localShape(): Shape {
  const c = loadConfig(path.join(REPO, 'configs', 'local.yaml'));
  const m = c.model;
  return {
    name: `configs/local.yaml (${m.n_layer}L ${m.n_head}H ${m.n_embd}E ctx${m.block_size} b${c.train.batch_size})`,
    n_layer: m.n_layer,
    n_head: m.n_head,
    n_embd: m.n_embd,
    block_size: m.block_size,
    batch: c.train.batch_size,
  };
}

function dataPath(): string {
  const p = process.env.MYGPT_DATA ?? path.resolve(REPO, '..', 'shared', 'data', 'tinyshakespeare.txt');
  if (!fs.existsSync(p)) throw new Error(`bench/train: corpus ${p} not found (set MYGPT_DATA)`);
  return p;
}

/** Child: train `steps` timed steps after `warmup` and report; optionally profile one more step. */
async function child(spec: ChildSpec): Promise<Measurement> {
  const s = spec.shape;
  const log: string[] = [];
  const cfg = loadConfig(undefined, [`data.path=${dataPath()}`, `model.n_layer=${s.n_layer}`,
    `model.n_head=${s.n_head}`, `model.n_embd=${s.n_embd}`, `model.block_size=${s.block_size}`,
    `train.batch_size=${s.batch}`, 'model.dropout=0', `backend.name=${spec.variant === 'cpu' ? 'cpu' : 'wasm'}`,
    `backend.native=${spec.variant === 'wasm+native'}`, `backend.threads=${spec.threads}`,
    `train.max_steps=${spec.warmup + spec.steps + 1}`]);
  const tr = await Trainer.create(cfg, { rank: 0, worldSize: 1, allreduce: identityAllReduce,
    log: (l) => log.push(l) });
  for (let i = 0; i < spec.warmup; i++) await tr.trainStep();
  const t0 = performance.now(), c0 = process.cpuUsage();
  for (let i = 0; i < spec.steps; i++) await tr.trainStep();
  const ms = (performance.now() - t0) / spec.steps, cpu = process.cpuUsage(c0);
  const m: Measurement = { impl: spec.variant, tokens_per_s: (s.batch * s.block_size * 1000) / ms, step_ms: ms,
    cpu_ms: (cpu.user + cpu.system) / 1000 / spec.steps, peak_rss_mib: process.resourceUsage().maxRSS / 1024, log };
  if (spec.profile) {
    const p = await profileKernels(() => tr.trainStep());
    m.kernels = p.kernels;
    m.profiled_step_ms = p.wallMs;
  }
  tr.dispose();
  return m;
}

function lastJson<T>(stdout: string, what: string): T {
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`${what}: no result line in output: ${stdout.slice(-500)}`);
  return JSON.parse(line) as T;
}

function runOurs(spec: ChildSpec, env: NodeJS.ProcessEnv): Measurement {
  const r = spawnSync(process.execPath, [__filename, '--child', JSON.stringify(spec)], { env, encoding: 'utf8',
    timeout: 600_000 });
  if (r.status !== 0) {
    throw new Error(
      `bench child ${spec.variant} failed (status ${r.status}, signal ${r.signal}): ${r.stderr.slice(-2000)}`,
    );
  }
  return lastJson<Measurement>(r.stdout, spec.variant);
}

function runTorch(s: Shape, threads: number, steps: number, env: NodeJS.ProcessEnv): Measurement | string {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.status !== 0) {
    return `PyTorch not importable by ${PYTHON}: ${(probe.stderr || '').trim().split('\n').pop()}`;
  }
  const args = [path.join(REPO, 'bench', 'torch_train.py'), '--n_layer', s.n_layer, '--n_head', s.n_head, '--n_embd',
    s.n_embd, '--block_size', s.block_size, '--batch', s.batch, '--threads', threads, '--steps', steps, '--warmup', 5]
    .map(String);
  const r = spawnSync(PYTHON, args, { env, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return `torch_train.py failed: ${(r.stderr || '').trim().split('\n').pop()}`;
  return lastJson<Measurement>(r.stdout, 'pytorch');
}

function cpuModel(): string {
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

function flag(argv: string[], name: string, def: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : def;
}

export interface ShapeResult {
  shape: Shape;
  ours: Measurement;
  stock?: Measurement;
  cpu?: Measurement;
  torch: Measurement | string;
}

/** Runs the benchmark and prints a report; returns the numbers (for bench/run.ts). */
export async function main(argv: string[] = process.argv.slice(2),
  print: (l: string) => void = console.log): Promise<ShapeResult[]>
{
  const threads = Number(flag(argv, 'threads', '1'));
  const steps = Number(flag(argv, 'steps', '30'));
  const rounds = Number(flag(argv, 'rounds', '3'));
  const wanted = flag(argv, 'shapes', 'issue7,local').split(',');
  // Same BLAS settings for us and PyTorch: thread count, and the OpenBLAS core type our loader would pick.
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: String(threads),
    OPENBLAS_NUM_THREADS: String(threads) };
  if (!env.OPENBLAS_CORETYPE &&
    /^flags\s*:.*\bavx512f\b/m.test(fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : ''))
  {
    env.OPENBLAS_CORETYPE = 'SkylakeX';
  }
  const shapes: Shape[] = [];
  if (wanted.includes('issue7')) shapes.push(ISSUE7);
  if (wanted.includes('local')) {
    const l = localShape();
    const same = shapes.find((s) =>
      s.n_layer === l.n_layer && s.n_head === l.n_head && s.n_embd === l.n_embd && s.block_size === l.block_size &&
      s.batch === l.batch
    );
    if (same) same.name += ` = ${l.name}`;
    else shapes.push(l);
  }
  print(`# mygpt training throughput: ${os.cpus().length} CPUs (${cpuModel()}), ${threads} thread(s), ` +
    `OPENBLAS_CORETYPE=${env.OPENBLAS_CORETYPE ?? '(auto)'}, node ${process.version}, best of ${rounds} rounds`);
  const results: ShapeResult[] = [];
  for (const shape of shapes) {
    print(`\n## ${shape.name}`);
    // Ours and PyTorch alternate, best round kept: the machine may be shared, and the best round is the
    // least disturbed one for both.
    let ours: Measurement | undefined, torch: Measurement | string = 'not run';
    for (let r = 0; r < rounds; r++) {
      const o = runOurs({ variant: 'wasm+native', shape, threads, warmup: 5, steps, profile: r === rounds - 1 }, env);
      if (!ours || o.tokens_per_s > ours.tokens_per_s) {
        ours = { ...o, kernels: o.kernels ?? ours?.kernels,
          profiled_step_ms: o.profiled_step_ms ?? ours?.profiled_step_ms };
      } else if (o.kernels) {
        ours.kernels = o.kernels;
        ours.profiled_step_ms = o.profiled_step_ms;
      }
      if (!argv.includes('--no-torch')) {
        const t = runTorch(shape, threads, steps, env);
        if (typeof t === 'string') torch = t;
        else if (typeof torch === 'string' || t.tokens_per_s > torch.tokens_per_s) torch = t;
      }
    }
    const res: ShapeResult = { shape, ours: ours!, torch };
    if (!argv.includes('--no-stock')) {
      res.stock = runOurs({ variant: 'wasm', shape, threads, warmup: 1, steps: 3, profile: false }, env);
    }
    if (!argv.includes('--no-cpu')) {
      res.cpu = runOurs({ variant: 'cpu', shape, threads, warmup: 1, steps: 2, profile: false }, env);
    }
    const tp = typeof torch === 'string' ? null : torch;
    // tokens per CPU-second as well: on a shared machine wall time includes waiting for a core.
    const cpuTps = (m: Measurement) => (shape.batch * shape.block_size * 1000) / m.cpu_ms;
    const ratio = (x: number, y: number | undefined) => (y ? (x / y).toFixed(2) : 'n/a');
    const row = (name: string, m: Measurement | undefined) =>
      m &&
      print(
        `| ${name.padEnd(26)} | ${m.tokens_per_s.toFixed(0).padStart(8)} | ${
          ratio(m.tokens_per_s, tp?.tokens_per_s).padStart(12)
        } | ` +
          `${m.step_ms.toFixed(1).padStart(7)} | ${m.cpu_ms.toFixed(1).padStart(7)} | ${
            ratio(cpuTps(m), tp ? cpuTps(tp) : undefined).padStart(12)
          } | ${m.peak_rss_mib.toFixed(0).padStart(7)} |`,
      );
    print(
      `| impl                       | tokens/s | ours/pytorch | ms/step | CPU ms/step | ours/pytorch (CPU time) | ` +
        `peak RSS MiB |`,
    );
    print(
      '|----------------------------|----------|--------------|---------|-------------|' +
        '-------------------------|--------------|',
    );
    row('mygpt wasm+native', res.ours);
    row('mygpt wasm (stock kernels)', res.stock);
    row('mygpt cpu', res.cpu);
    if (tp) {
      row(`pytorch ${tp.impl === 'pytorch' ? '' : tp.impl}(torch ${(tp as unknown as { torch: string; }).torch})`, tp);
    } else if (typeof torch === 'string') print(`PyTorch: skipped (${torch})`);
    const nativeLine = res.ours.log?.find((l) => l.startsWith('native kernels:'));
    if (nativeLine) print(nativeLine);
    if (res.ours.kernels) {
      print(
        `per-kernel time, one wasm+native step (tf.profile):\n${
          formatKernels(res.ours.kernels, res.ours.profiled_step_ms ?? res.ours.step_ms)
        }`,
      );
    }
    results.push(res);
  }
  return results;
}

if (require.main === module) {
  const i = process.argv.indexOf('--child');
  const run = i >= 0
    ? child(JSON.parse(process.argv[i + 1]) as ChildSpec).then((m) => process.stdout.write(JSON.stringify(m) + '\n'))
    : main().then(() => undefined);
  run.catch((e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  });
}
