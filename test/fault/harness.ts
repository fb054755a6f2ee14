// Shared pieces of the fault-tolerance tests: one small config (60 steps, checkpoint every 10, a
// progress line per step so a test can act at an exact step), its undisturbed baseline, and readers
// for summary.json / progress.jsonl / failure.json.
import fs from 'node:fs';
import path from 'node:path';
import { exitWithin, readJsonl, start, tinyConfig } from '../coordinator/harness';
import { Rng } from '../../src/util/rng';

export const STEPS = 60;
export const CKPT_EVERY = 10;

export interface Summary { ok: boolean; steps: number; weightsChecksum: string; restarts: number; stopped?: boolean; error?: string }
export interface StepLine { step: number; loss: number; generation: number }

export function faultConfig(cluster: Record<string, unknown> = {}, train: Record<string, unknown> = {},
  more: Record<string, Record<string, unknown>> = {}): { dir: string; file: string; runDir: string } {
  const c = tinyConfig({
    ...more,
    train: { max_steps: STEPS, log_interval: 1, checkpoint_interval: CKPT_EVERY, eval_interval: 20, sample_tokens: 0, ...train },
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
export async function runToEnd(file: string, runDir: string, args: string[] = []): Promise<{ s: Summary; losses: Map<number, number>; out: string }> {
  const coord = start('mygpt-coord', ['--config', file, ...args]);
  const { code } = await exitWithin(coord, 60_000);
  if (code !== 0) throw new Error(`coordinator exited ${code}:\n${coord.out()}`);
  return { s: summary(runDir), losses: lossesByStep(runDir), out: coord.out() };
}

let base: Promise<{ s: Summary; losses: Map<number, number> }> | undefined;
/** The undisturbed run of faultConfig() (same seed, same steps): computed once per test file. */
export function baseline(): Promise<{ s: Summary; losses: Map<number, number> }> {
  base ??= (async () => {
    const { dir, file, runDir } = faultConfig();
    try { return await runToEnd(file, runDir); } finally { cleanup(dir); }
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
