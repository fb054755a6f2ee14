// Debug bucket timeline, one JSON line per step in run.dir/buckets-rank<r>.jsonl when MYGPT_DEBUG_BUCKETS=1:
//   {"step":3,"rank":0,"buckets":[{"b":0,"offset":..,"length":..,"readyMs":1.9,"doneMs":4.2}, ...]}
// readyMs = when backward handed bucket b over, doneMs = when its sum completed (if the GradSync reports
// it), both in ms since backward began (forward returned the loss). Enough to plot one bar per bucket.
import * as fs from 'fs';
import * as path from 'path';
import type { BucketSpan } from '../contracts';

export const DEBUG_BUCKETS_ENV = 'MYGPT_DEBUG_BUCKETS';

interface Timed {
  backwardStart: number;
  readyAt: ArrayLike<number>;
}

export class BucketLog {
  private constructor(readonly file: string, private readonly rank: number,
    private readonly spans: readonly BucketSpan[])
  {}

  /** A log when MYGPT_DEBUG_BUCKETS=1, else null. Creates run.dir if needed. */
  static fromEnv(runDir: string, rank: number, spans: readonly BucketSpan[]): BucketLog | null {
    if (process.env[DEBUG_BUCKETS_ENV] !== '1') return null;
    fs.mkdirSync(runDir, { recursive: true });
    return new BucketLog(path.join(runDir, `buckets-rank${rank}.jsonl`), rank, spans);
  }

  write(step: number, t: Timed, doneAt: readonly number[] | undefined): void {
    const rel = (
      ms: number | undefined,
    ) => (ms === undefined ? null : Math.round((ms - t.backwardStart) * 1000) / 1000);
    const buckets = this.spans.map((s, b) => ({ b, offset: s.offset, length: s.length, readyMs: rel(t.readyAt[b]),
      doneMs: rel(doneAt?.[b]) })
    );
    fs.appendFileSync(this.file, JSON.stringify({ step, rank: this.rank, buckets }) + '\n');
  }
}
