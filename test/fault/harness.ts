// Shared pieces of the fault-tolerance tests: one small config (60 steps, checkpoint every 10, a
// progress line per step so a test can act at an exact step), its undisturbed baseline, and readers
// for summary.json / progress.jsonl / failure.json.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { Proc, controlEndpoint, exitWithin, killAll, launchedPids, readJsonl, start, tinyConfig,
  waitGone } from '../coordinator/harness';
import { Rng } from '../../src/util/rng';

export const STEPS = 60;
export const CKPT_EVERY = 10;

export interface Summary {
  ok: boolean;
  steps: number;
  weightsChecksum: string;
  restarts: number;
  finalValLoss: number;
  stopped?: boolean;
  error?: string;
}
export interface StepLine {
  step: number;
  loss: number;
  generation: number;
}

export function faultConfig(cluster: Record<string, unknown> = {}, train: Record<string, unknown> = {},
  more: Record<string, Record<string, unknown>> = {}): { dir: string; file: string; runDir: string; }
{
  const c = tinyConfig({
    ...more,
    train: { max_steps: STEPS, log_interval: 1, checkpoint_interval: CKPT_EVERY, eval_interval: 20, sample_tokens: 0,
      ...train },
    cluster: { workers: 2, max_restarts: 3, ...cluster },
  });
  return { ...c, runDir: path.join(c.dir, 'run') };
}

export function summary(runDir: string): Summary {
  return JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as Summary;
}

/** Loss of each step as finally recorded (after a restart, replayed steps replace the earlier ones). */
export function lossesByStep(runDir: string): Map<number, number> {
  const m = new Map<number, number>();
  for (const l of readJsonl<StepLine>(path.join(runDir, 'progress.jsonl'))) m.set(l.step, l.loss);
  return m;
}

/** The pid the coordinator currently runs rank `rank` as (launched or relaunched last). */
export function currentPid(out: string, rank: number): number {
  const all = [...out.matchAll(new RegExp(`(?:re)?launched rank ${rank} \\(pid (\\d+)`, 'g'))];
  return Number(all[all.length - 1][1]);
}

/** Runs the config to the end, undisturbed; returns its summary and losses. */
export async function runToEnd(file: string, runDir: string,
  args: string[] = []): Promise<{ s: Summary; losses: Map<number, number>; out: string; }>
{
  const coord = start('mygpt-coord', ['--config', file, ...args]);
  const { code } = await exitWithin(coord, 60_000);
  if (code !== 0) throw new Error(`coordinator exited ${code}:\n${coord.out()}`);
  return { s: summary(runDir), losses: lossesByStep(runDir), out: coord.out() };
}

let base: Promise<{ s: Summary; losses: Map<number, number>; }> | undefined;
/** The undisturbed run of faultConfig() (same seed, same steps): computed once per test file. */
export function baseline(): Promise<{ s: Summary; losses: Map<number, number>; }> {
  base ??= (async () => {
    const { dir, file, runDir } = faultConfig();
    try {
      return await runToEnd(file, runDir);
    } finally {
      cleanup(dir);
    }
  })();
  return base;
}

/** Seeded PRNG (the project's mulberry32) for the kill trials: print the seed, rerun with MYGPT_KILL_SEED. */
export function prng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** Removes a test directory; retries while a process killed a moment ago may still be writing into it. */
export function cleanup(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}

/** A coordinator on faultConfig(cluster, train) for `body`; killed and its directory removed afterwards. */
export async function withFaultRun(cluster: Record<string, unknown>, train: Record<string, unknown>,
  body: (r: { coord: Proc; dir: string; file: string; runDir: string; }) => Promise<void>): Promise<void>
{
  const cfg = faultConfig(cluster, train);
  const coord = start('mygpt-coord', ['--config', cfg.file]);
  let failure: { error: unknown; } | undefined;
  try {
    await body({ coord, ...cfg });
  } catch (error) {
    failure = { error };
  }
  coord.kill('SIGKILL');
  try {
    cleanup(cfg.dir);
  } catch (error) {
    failure ??= { error }; // never hide the test's own failure behind a cleanup one
  }
  if (failure) throw failure.error;
}

/** Every worker the coordinator printed as (re)launched is gone within 5 s. */
export async function assertNoWorkersLeft(out: string, more: number[] = []): Promise<void> {
  assert.deepEqual(await waitGone([...launchedPids(out).values(), ...more], 5_000), [], 'worker processes left behind');
}

/** `--resume` says it resumes from the checkpoint of step `from`, runs to the end and matches the undisturbed run
 *  `ref`: same final weights, every recorded loss equal, and no step after `from` missing from progress.jsonl. */
export async function assertResumeMatches(file: string, runDir: string,
  ref: { s: Summary; losses: Map<number, number>; }, from: number): Promise<void>
{
  const r = await runToEnd(file, runDir, ['--resume']);
  assert.equal(r.s.steps, STEPS);
  assert.equal(r.s.weightsChecksum, ref.s.weightsChecksum, 'resumed weights differ from the undisturbed run');
  // Steps the workers finished after the coordinator died (up to the checkpoint they wrote) have no
  // progress line; every recorded one, and every one after the resume point, matches the undisturbed run.
  const got = lossesByStep(runDir);
  for (const [step, loss] of got) assert.equal(loss, ref.losses.get(step), `step ${step}`);
  assert.ok(Number.isInteger(from) && from >= 0 && from < STEPS, `resume point ${from}`);
  for (let s = from + 1; s <= STEPS; s++) assert.ok(got.has(s), `step ${s} missing after the resume`);
  assert.match(r.out, new RegExp(`resuming from \\S+ckpt-0*${from}\\.bin at step ${from}`));
}

/** A run of `n` external workers (as pods): the coordinator (cluster.world_size n, `cluster` and `train` merged into
 *  the fault config) and `mygpt-worker --rank r` for each rank started by hand, trained up to `untilStep`; `body`
 *  gets them and `worker(r)`, which starts another (as the Job controller recreates a pod). Everything is killed and
 *  removed afterwards. */
export async function withExternalWorkers(n: number, untilStep: number,
  body: (x: { coord: Proc; workers: Proc[]; worker: (r: number) => Proc; runDir: string; }) => Promise<void>,
  cluster: Record<string, unknown> = {}, train: Record<string, unknown> = {}): Promise<void>
{
  const { dir, file, runDir } = faultConfig({ external: true, world_size: n, ...cluster }, train);
  const coord = start('mygpt-coord', ['--config', file]);
  const workers: Proc[] = [];
  try {
    const endpoint = await controlEndpoint(coord);
    const worker = (r: number) => {
      const w = start('mygpt-worker', ['--coordinator', endpoint, '--config', file, '--rank', String(r)]);
      workers.push(w);
      return w;
    };
    for (let r = 0; r < n; r++) worker(r);
    await coord.waitFor(new RegExp(`^step ${untilStep}/${STEPS}`, 'm'), 40_000);
    await body({ coord, workers, worker, runDir });
  } finally {
    coord.kill('SIGKILL');
    await killAll(workers);
    cleanup(dir);
  }
}
