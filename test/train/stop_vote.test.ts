// StopVote.wrapSync: the checkpoint-and-stop vote rides in the bucketed gradient exchange. The inner
// GradSync sees one more element (the vote slot, after the loss slot) and the bucket that ends at the
// trainer's buffer end extended by one; the trainer sees its own spans and buffer length; every rank
// agrees once any rank asked, at the same step; the gradients are summed as without the vote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StopVote } from '../../src/train/loop';
import type { BucketSpan, GradSync } from '../../src/contracts';
import { serialGradSync } from '../../src/train/grad_sync';
import { localAllReduce, localGradSyncs } from './local_allreduce';

// Trainer-side layout in backward order: bucket 0 is the tail [6, 10) (loss slot at 9), then [2, 6), [0, 2).
const SPANS: BucketSpan[] = [{ offset: 6, length: 4 }, { offset: 2, length: 4 }, { offset: 0, length: 2 }];
const TOTAL = 10;

/** Records what the trainer-facing wrapper passes down, around a real inner GradSync. */
function spy(inner: GradSync, seen: { spans?: readonly BucketSpan[]; total?: number; }): GradSync {
  return {
    attach(b, n) {
      seen.spans = b;
      seen.total = n;
      return inner.attach(b, n);
    },
    ready: (b) => inner.ready(b),
    finish: () => inner.finish(),
  };
}

/** One step on every rank: rank r writes r + 1 + i into element i, hands the buckets over in order. */
async function step(syncs: GradSync[], bufs: Float32Array[]): Promise<void> {
  bufs.forEach((buf, r) =>
    buf.forEach((_, i) => {
      buf[i] = r + 1 + i;
    })
  );
  for (const s of syncs) for (let b = 0; b < SPANS.length; b++) s.ready(b);
  await Promise.all(syncs.map((s) => s.finish()));
}

for (const kind of ['per-bucket (comm-thread-like)', 'serial']) {
  test(`wrapSync over ${kind}: layout as documented, vote agreed on every rank when any rank asks`, async () => {
    const W = 3;
    const asked = [false, false, false];
    const votes = asked.map((_, r) => new StopVote(() => asked[r]));
    const ar = localAllReduce(W); // one in-process "network" shared by the W ranks
    const inners = kind === 'serial' ? Array.from({ length: W }, () => serialGradSync(ar)) : localGradSyncs(W);
    const seen = inners.map((): { spans?: readonly BucketSpan[]; total?: number; } => ({}));
    const syncs = votes.map((v, r) => v.wrapSync(spy(inners[r], seen[r])));
    const bufs = syncs.map((s) => s.attach(SPANS, TOTAL));
    // The trainer's view: its own length; the inner one: one more element, bucket 0 extended by one.
    for (const [r, buf] of bufs.entries()) {
      assert.equal(buf.length, TOTAL);
      assert.equal(seen[r].total, TOTAL + 1);
      assert.deepEqual(seen[r].spans, [{ offset: 6, length: 5 }, { offset: 2, length: 4 }, { offset: 0, length: 2 }]);
    }
    const expected = Array.from({ length: TOTAL }, (_, i) => (1 + 2 + 3) + W * i);
    await step(syncs, bufs);
    for (const buf of bufs) assert.deepEqual([...buf], expected);
    assert.deepEqual(votes.map((v) => v.agreed), [false, false, false]);
    asked[2] = true; // one rank asked: all agree after the same step
    await step(syncs, bufs);
    for (const buf of bufs) assert.deepEqual([...buf], expected);
    assert.deepEqual(votes.map((v) => v.agreed), [true, true, true]);
  });
}

test('wrapSync: a layout whose buckets do not reach the buffer end is refused, naming the length', () => {
  const v = new StopVote(() => false);
  const s = v.wrapSync(localGradSyncs(1)[0]);
  assert.throws(() => s.attach([{ offset: 0, length: 4 }], 5),
    /no bucket ends at the gradient buffer's end \(5 elements\)/);
});
