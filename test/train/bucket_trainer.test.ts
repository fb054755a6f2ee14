// The Trainer with gradient buckets: bucketing changes no bit of the training math across ranks, and the
// debug timeline and the step's time split are written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Trainer } from '../../src/train/trainer';
import { meanAndClip } from '../../src/train/units';
import { l2norm } from '../../src/train/adamw';
import { Rng } from '../../src/util/rng';
import { DEBUG_BUCKETS_ENV } from '../../src/train/bucket_log';
import { testConfig, tmpDir } from '../helpers';
import { localAllReduce, localGradSyncs } from './local_allreduce';

const base = ['backend.name=wasm', 'model.n_layer=2', 'model.n_head=2', 'model.n_embd=32', 'model.block_size=16',
  'model.dropout=0.1', 'train.batch_size=4', 'train.max_steps=10', 'train.warmup_steps=2', 'train.lr=3e-3'];
const quiet = () => {};

/** n in-process ranks; perBucket: each bucket summed on its own as soon as all ranks handed it over. */
async function ranks(n: number, sets: string[], perBucket = false): Promise<Trainer[]> {
  const ar = localAllReduce(n);
  const syncs = perBucket ? localGradSyncs(n) : [];
  return Promise.all(
    Array.from({ length: n },
      (_, rank) =>
        Trainer.create(testConfig([...base, ...sets]), { rank, worldSize: n, allreduce: ar, gradSync: syncs[rank],
          log: quiet })),
  );
}

test('3 ranks, many odd-sized buckets summed one by one == 3 ranks, one bucket, ' +
  'bit for bit at every step (grad_accum 2, dropout)', async () => {
  const many = await ranks(3, ['cluster.bucket_bytes=4099', 'train.grad_accum=2'], true);
  const one = await ranks(3, ['cluster.bucket_bytes=1000000000', 'train.grad_accum=2']);
  try {
    for (let s = 0; s < 4; s++) {
      const a = await Promise.all(many.map((t) => t.trainStep()));
      const b = await Promise.all(one.map((t) => t.trainStep()));
      for (let r = 0; r < 3; r++) {
        assert.equal(a[r].loss, b[0].loss, `step ${s + 1} rank ${r}: loss`);
        assert.equal(a[r].gradNorm, b[0].gradNorm, `step ${s + 1} rank ${r}: grad norm`);
        assert.equal(many[r].weightsChecksum(), one[0].weightsChecksum(), `step ${s + 1} rank ${r}: weights`);
      }
    }
    assert.ok(many[0].step === 4 && Number.isFinite(many[0].getFlatParams()[0]));
  } finally {
    for (const t of [...many, ...one]) t.dispose();
  }
});

test('MYGPT_DEBUG_BUCKETS=1: one timeline line per step, buckets ready in order during backward; ' +
  'step time split adds up', async () => {
  const dir = tmpDir('buckets');
  process.env[DEBUG_BUCKETS_ENV] = '1';
  const [t0, t1] = await ranks(2, [`run.dir=${dir}`, 'cluster.bucket_bytes=8192']);
  delete process.env[DEBUG_BUCKETS_ENV];
  try {
    for (let s = 0; s < 3; s++) {
      const rs = await Promise.all([t0.trainStep(), t1.trainStep()]);
      for (const r of rs) {
        assert.ok(r.overheadS >= 0 && r.exposedCommS >= 0 && r.computeS > 0);
        assert.ok(Math.abs(r.computeS + r.exposedCommS + r.overheadS - r.stepS) < 1e-9);
      }
    }
    for (const rank of [0, 1]) {
      const lines = fs.readFileSync(path.join(dir, `buckets-rank${rank}.jsonl`), 'utf8').trim().split('\n').map((l) =>
        JSON.parse(l)
      );
      assert.deepEqual(lines.map((l) => l.step), [1, 2, 3]);
      for (const l of lines) {
        assert.equal(l.rank, rank);
        assert.ok(l.buckets.length > 2, `expected several 8 KiB buckets, got ${l.buckets.length}`);
        let prev = 0, end = t0.paramCount + 1;
        for (const b of l.buckets) {
          assert.equal(b.offset + b.length, end);
          end = b.offset;
          assert.ok(b.readyMs >= prev, `bucket ${b.b} ready at ${b.readyMs} ms, before bucket ${b.b - 1} (${prev} ms)`);
          assert.ok(b.doneMs >= b.readyMs,
            `bucket ${b.b} summed at ${b.doneMs} ms, before it was ready (${b.readyMs} ms)`);
          prev = b.readyMs;
        }
        assert.equal(end, 0);
      }
    }
  } finally {
    t0.dispose();
    t1.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('meanAndClip: one pass == divide by W then clip, bit for bit for W = 1, 2, 4 (and within 1 ulp for W = 3)', () => {
  const rng = new Rng(4);
  const P = 1001;
  for (const W of [1, 2, 3, 4]) {
    for (const maxNorm of [0, 1e-3, 1e9]) {
      const sum = new Float32Array(P + 1).map(() => rng.normal() * W);
      const a = Float32Array.from(sum), b = Float32Array.from(sum);
      for (let i = 0; i <= P; i++) a[i] /= W; // the two-pass reference: divide, then clip a[0..P)
      const na = l2norm(a, P), scale = maxNorm / (na + 1e-6);
      if (maxNorm > 0 && na > maxNorm) { for (let i = 0; i < P; i++) a[i] *= scale; }
      const nb = l2norm(b, P) / W;
      meanAndClip(b, P, W, maxNorm, nb);
      b[P] /= W;
      if (W === 3) {
        assert.ok(Math.abs(na - nb) <= 1e-6 * na);
        for (let i = 0; i <= P; i++) {
          assert.ok(Math.abs(a[i] - b[i]) <= 2e-7 * Math.abs(a[i]), `W 3, [${i}]: ${a[i]} vs ${b[i]}`);
        }
      } else {
        assert.equal(nb, na, `W ${W}, maxNorm ${maxNorm}: norm`);
        assert.deepEqual(b, a, `W ${W}, maxNorm ${maxNorm}`);
      }
      if (maxNorm === 1e-3) assert.ok(l2norm(b, P) < 1.01e-3, 'clipped');
    }
  }
});
