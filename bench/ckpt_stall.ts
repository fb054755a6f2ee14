// Checkpoint stall (issue 20, item 4): what a disk checkpoint costs the step loop. For each config it runs
// mygpt-coord with a checkpoint every --every steps and reads rank 0's line per checkpoint (the snapshot's
// time on the training path, and the background write's time); then, in this process, on the same model
// and run directory file system, it times the synchronous save the step loop used to do
// (saveRunCheckpoint: finite check + encode + write + fsync + rename + `latest` + retention).
//   node dist/bench/ckpt_stall.js [--steps 200] [--every 10] [--configs local,local-2workers]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../src/config/load';
import { Trainer, identityAllReduce } from '../src/train/trainer';
import { saveRunCheckpoint } from '../src/train/run';
import { median } from '../src/util/stats';
import { arg, corpusPath } from './args';

const REPO = path.resolve(__dirname, '..', '..');
const LINE =
  /checkpoint step (\d+): snapshot ([\d.]+) ms on the training path; written in the background in ([\d.]+) ms/g;

interface Row {
  config: string;
  params: number;
  checkpoints: number;
  stall: number[];
  write: number[];
  waits: number;
  sync: number[];
}

function sets(runDir: string, steps: number, every: number): string[] {
  return [`data.path=${corpusPath('ckpt_stall')}`, `run.dir=${runDir}`, `train.max_steps=${steps}`,
    `train.checkpoint_interval=${every}`, 'train.sample_tokens=0', 'metrics.enabled=false'];
}

/** The background path, as training runs it: a real mygpt-coord run. */
function run(config: string, steps: number, every: number): Pick<Row, 'checkpoints' | 'stall' | 'write' | 'waits'> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-ckstall-'));
  try {
    const args = [path.join(REPO, 'bin', 'mygpt-coord.js'), '--config', config,
      ...sets(runDir, steps, every).flatMap((s) => ['--set', s])];
    const r = spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8', timeout: 600_000 });
    const out = `${r.stdout}${r.stderr}`;
    if (r.status !== 0) throw new Error(`mygpt-coord ${config} exited ${r.status ?? r.signal}:\n${out.slice(-3000)}`);
    const hits = [...out.matchAll(LINE)];
    return { checkpoints: hits.length, stall: hits.map((m) => Number(m[2])), write: hits.map((m) => Number(m[3])),
      waits: (out.match(/waited [\d.]+ ms for the previous write/g) ?? []).length };
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

/** The old synchronous path: the same save, on the training thread, `n` times on the config's model. */
async function syncSaves(config: string, n: number): Promise<{ params: number; ms: number[]; }> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-cksync-'));
  const cfg = loadConfig(config, sets(runDir, 1000, 10));
  const t = await Trainer.create(cfg, { rank: 0, worldSize: 1, allreduce: identityAllReduce, log: () => undefined });
  try {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      await t.trainStep(); // a new step each time: a new file, as in training (keep_checkpoints as configured)
      const t0 = performance.now();
      await saveRunCheckpoint(t, runDir, cfg.train.keep_checkpoints);
      ms.push(performance.now() - t0);
    }
    return { params: t.paramCount, ms };
  } finally {
    t.dispose();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

const f = (x: number) => x.toFixed(1);
const mm = (a: number[]) => (a.length ? `${f(median(a))} / ${f(Math.max(...a))}` : 'n/a');

async function main(): Promise<void> {
  const steps = Number(arg('steps', '200')), every = Number(arg('every', '10'));
  const names = arg('configs', 'local,local-2workers').split(',');
  console.log(
    `checkpoint stall: ${steps} steps, a checkpoint every ${every}; ${
      os.cpus()[0]?.model ?? '?'
    } x ${os.cpus().length}, ` +
      `OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? '(unset)'}, run.dir under ${os.tmpdir()}`,
  );
  const rows: Row[] = [];
  for (const name of names) {
    const config = path.join(REPO, 'configs', `${name}.yaml`);
    const bg = run(config, steps, every);
    const sync = await syncSaves(config, bg.checkpoints || steps / every);
    rows.push({ config: `configs/${name}.yaml`, params: sync.params, ...bg, sync: sync.ms });
  }
  console.log(
    '\n| config | params | checkpoints | stall on the step loop, median / max ms | ' +
      'background write, median / max ms | waits for a buffer | synchronous save (before), median / max ms |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.config} | ${r.params} | ${r.checkpoints} | ${mm(r.stall)} | ${mm(r.write)} | ${r.waits} | ${mm(r.sync)} |`,
    );
  }
  const worst = Math.max(...rows.flatMap((r) => r.stall));
  console.log(`\nlargest stall ${f(worst)} ms (target <= 50 ms): ${worst <= 50 ? 'met' : 'MISSED'}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
