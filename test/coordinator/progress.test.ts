import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressWindow, StepAggregate, StepCollector, divergentRank,
  slowestRank } from '../../src/coordinator/progress';
import { formatDuration } from '../../src/coordinator/format';
import { median } from '../../src/util/num';
import { joinRe } from '../helpers';

const report = (rank: number, step: number, computeS: number, extra = {}) => ({ rank, step, loss: 2.5, lr: 1e-3,
  computeS, exposedCommS: 0.01, waitS: 0.001, stepS: computeS + 0.01, tokens: 64, ...extra });

test('a step completes only when every rank reported it, in any order', () => {
  const c = new StepCollector(3);
  assert.equal(c.add(report(2, 1, 0.1)), undefined);
  assert.equal(c.add(report(0, 2, 0.1)), undefined);
  assert.equal(c.add(report(0, 1, 0.1)), undefined);
  const a = c.add(report(1, 1, 0.3));
  assert.ok(a);
  assert.equal(a.step, 1);
  assert.equal(a.tokens, 192);
  assert.deepEqual(a.computeS, [0.1, 0.3, 0.1]);
  assert.ok(Math.abs(a.stepS - 0.31) < 1e-12);
});

test('per-rank overlap and non-finite fields reach the aggregate (progress.jsonl writes it)', () => {
  const c = new StepCollector(2);
  c.add(report(0, 1, 0.1, { exposedCommS: 0.002, overheadS: 0.01, nonfinite: true, nonfiniteSkips: 1 }));
  const a = c.add(report(1, 1, 0.1, { exposedCommS: 0.004 }));
  assert.ok(a);
  assert.deepEqual(a.exposedCommS, [0.002, 0.004]);
  assert.deepEqual(a.overheadS, [0.01, 0]);
  assert.deepEqual(a.nonfinite, [true, false]);
  assert.deepEqual(a.nonfiniteSkips, [1, 0]);
  assert.ok(Number.isNaN(a.valLoss)); // not evaluated: unset val_loss is "not measured"
});

test('divergence names the first rank that differs from rank 0', () => {
  assert.equal(divergentRank(['a', 'a', 'a']), -1);
  assert.equal(divergentRank(['a', 'a', 'b', 'c']), 2);
  assert.equal(divergentRank(['', 'a']), -1); // no checksum this step
});

test('the slowest rank is named only when clearly above the median', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5); // a true median: the mean of the two middle values
  assert.equal(median([]), 0);
  assert.equal(slowestRank([0.1, 0.105, 0.1, 0.1]), -1);
  assert.equal(slowestRank([0.1, 0.1, 0.2, 0.1]), 2);
  assert.equal(slowestRank([0.1]), -1);
  assert.equal(formatDuration(3725), '1h02m');
  assert.equal(formatDuration(65), '1m05s');
});

test('progress line: tokens/s over the window, all-reduce share, ETA and the straggler', () => {
  // all-reduce share = summed all-reduce time / (slowest rank's step time x world size) = 0.02 / 0.62
  const w = new ProgressWindow(2, 100, 0, 0);
  const c = new StepCollector(2);
  let last: StepAggregate | undefined;
  for (let s = 1; s <= 10; s++) {
    c.add(report(0, s, 0.1));
    last = c.add(report(1, s, 0.3))!;
    w.add(last);
  }
  const { text, tokensPerS, etaS, slowest } = w.line(last!, 2000);
  assert.equal(tokensPerS, 10 * 128 / 2);
  assert.equal(etaS, 90 * 0.2);
  assert.equal(slowest, 1);
  assert.match(text,
    joinRe(/^step 10\/100 \| loss 2\.5000 \| lr 1\.0e-3 \| 640 tok\/s \| ETA 18s \| all-reduce 3\.2% of step \| /,
      /slowest rank 1 \(compute 300\.0 ms\/step vs median 200\.0 ms\)$/));
});
