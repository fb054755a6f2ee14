// Machine-readable record of a run in run.dir: progress.jsonl (one line per completed global step)
// and summary.json at the end. Tests and benchmarks read these instead of scraping stdout.
import * as fs from 'fs';
import * as path from 'path';
import type { StepAggregate } from './progress';
import type { RunSummary } from './summary';

export class RunLog {
  private readonly fd: number;
  private highest = -1; // the highest step logged by this coordinator: a step at or below it again is redone

  /** The highest step logged so far (-1: none). */
  get logged(): number {
    return this.highest;
  }
  /** append: a resumed run continues the file of the run it resumes. */
  constructor(readonly dir: string, append = false) {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'progress.jsonl');
    if (append) this.highest = highestStep(file); // a resumed run redoes the steps after its checkpoint
    this.fd = fs.openSync(file, append ? 'a' : 'w');
  }

  /** nowMs: when the coordinator saw the step complete (per-step wall time = differences of t).
   *  generation: after a group restart, steps since the start point appear again with a higher one and
   *  `redone: true` (computed again: a restart from the disk; never after a recovery from a peer's state). */
  step(a: StepAggregate, nowMs: number, generation = 0): void {
    const { checksums: _c, ...rest } = a;
    const redone = a.step <= this.highest;
    this.highest = Math.max(this.highest, a.step);
    fs.writeSync(this.fd,
      JSON.stringify({ ...rest, valLoss: Number.isNaN(a.valLoss) ? null : a.valLoss, t: nowMs, generation,
        ...(redone ? { redone } : {}) }) + '\n');
  }

  summary(s: RunSummary): void {
    fs.writeFileSync(path.join(this.dir, 'summary.json'), JSON.stringify(s, null, 2) + '\n');
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** The highest step in an existing progress.jsonl (-1: none, or no file); a torn last line is skipped. */
function highestStep(file: string): number {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return -1;
  }
  let top = -1;
  for (const line of text.split('\n')) {
    const m = /"step":(\d+)/.exec(line);
    if (m) top = Math.max(top, Number(m[1]));
  }
  return top;
}
