// What a failure costs (docs/reliability.md "In-place recovery"; it prints the targets): real mygpt-coord runs
// of configs/local-2workers.yaml's model, one worker SIGKILLed (or SIGSTOPped) mid-run, per scenario:
//   restart      cluster.recovery restart: today's reference, every rank reloads the last checkpoint
//   wait         in place, min_workers = workers: the group waits for the relaunched worker (state from a peer)
//   shrink       in place, 3 workers, min_workers 2: the survivors go on, the replacement joins later
//   stop         shrink, but the worker is SIGSTOPped: found by heartbeat_timeout_s (2 here), then killed
// Measured from the coordinator's own records: the kill time here, progress.jsonl's `t` (when the coordinator
// saw each step complete), failure.json's recovery entry, and the moment the relaunch line was printed.
//   node dist/bench/recovery.js [--trials 3] [--scenarios restart,wait,shrink,stop]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { median } from '../src/util/num';
import { arg, corpusPath } from './args';

const REPO = path.resolve(__dirname, '..', '..');
const HEARTBEAT_TIMEOUT_S = 2;

interface Scenario {
  workers: number;
  min: number;
  recovery: 'in_place' | 'restart';
  signal: 'SIGKILL' | 'SIGSTOP';
}
const SCENARIOS: Record<string, Scenario> = {
  restart: { workers: 2, min: 0, recovery: 'restart', signal: 'SIGKILL' },
  wait: { workers: 2, min: 0, recovery: 'in_place', signal: 'SIGKILL' },
  shrink: { workers: 3, min: 2, recovery: 'in_place', signal: 'SIGKILL' },
  stop: { workers: 3, min: 2, recovery: 'in_place', signal: 'SIGSTOP' },
};

interface Trial {
  nextStepS: number;
  regainS: number;
  redone: number;
  transferMs: number;
  replacementS: number;
  source: string;
}

/** One run: kill rank 1 once step `at` is printed; returns what it cost. */
function trial(s: Scenario, at: number): Promise<Trial> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-recbench-'));
  const sets = [`data.path=${corpusPath('recovery')}`, `run.dir=${runDir}`, 'train.max_steps=160',
    'train.log_interval=1', 'train.checkpoint_interval=50', 'train.eval_interval=1000', 'train.sample_tokens=0',
    'metrics.enabled=false', `cluster.workers=${s.workers}`, `cluster.min_workers=${s.min}`,
    `cluster.recovery=${s.recovery}`, `cluster.heartbeat_timeout_s=${HEARTBEAT_TIMEOUT_S}`,
    'cluster.heartbeat_interval_s=0.25', 'cluster.max_restarts=5'];
  const child = spawn(process.execPath, [path.join(REPO, 'bin', 'mygpt-coord.js'), '--config',
    path.join(REPO, 'configs', 'local-2workers.yaml'), ...sets.flatMap((x) => ['--set', x])], { cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', killedAt = 0, relaunchedAt = 0, victim = 0;
  return new Promise<Trial>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString();
      if (!killedAt && new RegExp(`^step ${at}/`, 'm').test(out)) {
        victim = Number(/launched rank 1 \(pid (\d+)/.exec(out)![1]);
        killedAt = Date.now();
        process.kill(victim, s.signal);
      }
      if (killedAt && !relaunchedAt && /relaunched rank 1 \(pid \d+/.test(out)) relaunchedAt = Date.now();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`mygpt-coord exited ${code}:\n${out.slice(-3000)}`);
        const lines = fs.readFileSync(path.join(runDir, 'progress.jsonl'), 'utf8').trim().split('\n').map((l) =>
          JSON.parse(l) as { t: number; generation: number; step: number; }
        );
        const after = lines.filter((l) => l.generation > 0);
        // progress regained: the first step past the highest one completed before the kill
        const reached = Math.max(0, ...lines.filter((l) => l.t <= killedAt).map((l) => l.step));
        const regained = after.find((l) => l.step > reached);
        const rec = JSON.parse(fs.readFileSync(path.join(runDir, 'failure.json'), 'utf8')).first.recovery;
        // the replacement trains from the first step of the first generation with every worker in it
        const full = [...out.matchAll(/^(?:recovered|re-formed) \(generation (\d+), \w+, (\d+) worker/gm)].find((m) =>
          Number(m[2]) === s.workers
        );
        const firstFull = full ? lines.find((l) => l.generation === Number(full[1])) : undefined;
        resolve({ nextStepS: (after[0].t - killedAt) / 1000, regainS: regained ? (regained.t - killedAt) / 1000 : NaN,
          redone: rec.stepsRedone, transferMs: rec.transferS * 1000, source: rec.source,
          replacementS: firstFull && relaunchedAt ? (firstFull.t - relaunchedAt) / 1000 : NaN });
      } catch (e) {
        reject(e);
      } finally {
        fs.rmSync(runDir, { recursive: true, force: true });
      }
    });
  });
}

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const range = (a: number[]) => `${f2(median(a))} (${f2(Math.min(...a))}-${f2(Math.max(...a))})`;

async function main(): Promise<void> {
  const trials = Number(arg('trials', '3'));
  const names = arg('scenarios', Object.keys(SCENARIOS).join(',')).split(',');
  console.log(
    `recovery: ${trials} trial(s) per scenario, configs/local-2workers.yaml's model, kill of rank 1 at steps 60-100; ` +
      `${os.cpus()[0]?.model ?? '?'} x ${os.cpus().length}, OPENBLAS_CORETYPE=${
        process.env.OPENBLAS_CORETYPE ?? '(unset)'
      }`,
  );
  console.log(
    "\n| scenario | state from | kill -> survivors' next completed step, s (median, range) | " +
      'kill -> past the step reached before it, s | ' +
      'completed steps redone | transfer ms | replacement process start -> it trains, s |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const name of names) {
    const s = SCENARIOS[name];
    if (!s) throw new Error(`unknown scenario ${name}; choose from ${Object.keys(SCENARIOS).join(', ')}`);
    const rs: Trial[] = [];
    for (let i = 0; i < trials; i++) rs.push(await trial(s, 60 + 17 * i));
    console.log(
      `| ${name} (${s.workers} workers, min ${s.min || s.workers}, ${s.recovery}, ${s.signal}) | ${
        [...new Set(rs.map((r) => r.source))].join(', ')
      } | ` +
        `${range(rs.map((r) => r.nextStepS))} | ${range(rs.map((r) => r.regainS))} | ${
          Math.max(...rs.map((r) => r.redone))
        } max | ${range(rs.map((r) => r.transferMs))} | ${range(rs.map((r) => r.replacementS))} |`,
    );
  }
  console.log(
    '\ntargets: kill seen at once -> next step <= 1.5 s; ' +
      `SIGSTOP -> <= heartbeat_timeout_s (${HEARTBEAT_TIMEOUT_S}) + 1.5 s; ` +
      'redone <= 1; replacement trains <= 5 s after its process starts',
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
