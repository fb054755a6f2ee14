// The training loop around a Trainer: progress lines, periodic eval, checkpoints, final summary + sample.
// Used by the single-process entry (src/cli/coord.ts) and reusable by a worker (leader = rank 0 writes).
import * as path from 'path';
import type { Config } from '../config/types';
import { Trainer, identityAllReduce } from './trainer';
import { checkpointName, latestCheckpoint, writeLatestPointer } from './checkpoint';
import { formatDuration, formatProgress } from './progress';

export interface LoopOptions {
  log: (line: string) => void;
  leader: boolean;                 // writes checkpoints and prints progress
  worldSize: number;
  onStep?: (r: Awaited<ReturnType<Trainer['trainStep']>>) => void;
}

/** End-of-run sample: temperature 0.8 seeded by run.seed (deterministic; greedy decoding of a small model
 *  just loops on "the the"). `mygpt-generate` stays greedy by default. */
export const SAMPLE_TEMPERATURE = 0.8;

export interface RunSummary {
  steps: number;
  finalValLoss: number;
  tokensPerS: number;              // global tokens per second over this process's steps
  wallS: number;
  checkpoint: string | null;
  sample: string;
}

/** Save a checkpoint for the trainer's current step into run.dir and move the `latest` pointer. */
export async function saveRunCheckpoint(trainer: Trainer, runDir: string): Promise<string> {
  const file = path.join(runDir, checkpointName(trainer.step));
  await trainer.saveCheckpoint(file);
  await writeLatestPointer(runDir, file);
  return file;
}

/** Train from trainer.step to cfg.train.max_steps. Every rank must call this (eval is collective). */
export async function trainLoop(trainer: Trainer, cfg: Config, o: LoopOptions): Promise<RunSummary> {
  const t = cfg.train;
  const start = performance.now();
  let tokens = 0, windowTokens = 0, windowStart = performance.now(), lossAvg = 0, n = 0;
  let lastVal: number | undefined;
  let checkpoint: string | null = null;
  while (trainer.step < t.max_steps) {
    const r = await trainer.trainStep();
    o.onStep?.(r);
    tokens += r.tokens * o.worldSize;
    windowTokens += r.tokens * o.worldSize;
    lossAvg += r.loss; n++;
    const last = r.step === t.max_steps;
    let val: number | undefined;
    if ((t.eval_interval > 0 && r.step % t.eval_interval === 0) || last) { val = await trainer.evaluate(); lastVal = val; }
    if (o.leader && (r.step % t.log_interval === 0 || last || val !== undefined)) {
      const dt = (performance.now() - windowStart) / 1000;
      const tokPerS = windowTokens / Math.max(dt, 1e-9);
      const etaS = ((t.max_steps - r.step) * dt) / Math.max(n, 1);
      o.log(formatProgress({ step: r.step, maxSteps: t.max_steps, loss: lossAvg / Math.max(n, 1), val, lr: r.lr, tokPerS, etaS }));
      windowTokens = 0; windowStart = performance.now(); lossAvg = 0; n = 0;
    }
    if (o.leader && ((t.checkpoint_interval > 0 && r.step % t.checkpoint_interval === 0) || last)) {
      checkpoint = await saveRunCheckpoint(trainer, cfg.run.dir);
    }
  }
  if (lastVal === undefined) lastVal = await trainer.evaluate();   // e.g. resumed at max_steps
  const wallS = (performance.now() - start) / 1000;
  const sample = o.leader && t.sample_tokens > 0 ? trainer.generate(t.sample_prompt, t.sample_tokens, { temperature: SAMPLE_TEMPERATURE }) : '';
  return { steps: trainer.step, finalValLoss: lastVal, tokensPerS: tokens / Math.max(wallS, 1e-9), wallS, checkpoint, sample };
}

export function formatSummary(s: RunSummary, prompt: string): string {
  const lines = [
    `done: ${s.steps} steps | final val loss ${s.finalValLoss.toFixed(4)} | ${Math.round(s.tokensPerS).toLocaleString('en-US')} tok/s | wall ${formatDuration(s.wallS)}`,
    `checkpoint: ${s.checkpoint ?? '(none written)'}`,
  ];
  if (s.sample) lines.push(`sample (temperature ${SAMPLE_TEMPERATURE}) from ${JSON.stringify(prompt)}:`, '----', prompt + s.sample, '----');
  return lines.join('\n');
}

/** Single-process run (world size 1, all-reduce = identity). `resume` continues from run.dir/latest. */
export async function runLocal(cfg: Config, opts: { resume?: boolean; log?: (l: string) => void } = {}): Promise<RunSummary> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const trainer = await Trainer.create(cfg, { rank: 0, worldSize: 1, allreduce: identityAllReduce, log });
  try {
    log(`model: ${trainer.paramCount.toLocaleString('en-US')} parameters, vocab ${trainer.tokenizer.vocabSize}, ` +
      `${trainer.data.train.numSequences} train / ${trainer.data.val.numSequences} val sequences of ${cfg.model.block_size}+1 chars`);
    if (opts.resume) {
      const file = latestCheckpoint(cfg.run.dir);
      if (file === null) log(`--resume: no checkpoint in ${cfg.run.dir}, starting fresh`);
      else { await trainer.loadCheckpoint(file); log(`resumed from ${file} at step ${trainer.step}`); }
    }
    const summary = await trainLoop(trainer, cfg, { log, leader: true, worldSize: 1 });
    log(formatSummary(summary, cfg.train.sample_prompt));
    return summary;
  } finally {
    trainer.dispose();
  }
}
