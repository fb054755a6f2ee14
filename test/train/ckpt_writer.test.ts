// The background checkpoint writer (src/train/ckpt_writer.ts + its thread): a snapshot is the state of
// its step even while training goes on during a slow write, the file is the one the synchronous save
// writes, both buffers busy makes the next snapshot wait (logged), and a failed write surfaces as its
// error class with `latest` left where it was. A real worker thread and real files; the slow disk is the
// test hook MYGPT_TEST_CKPT_DELAY_MS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { Trainer, identityAllReduce } from '../../src/train/trainer';
import { CheckpointWriter, CheckpointWriteError } from '../../src/train/ckpt_writer';
import { NonFiniteError } from '../../src/train/nonfinite';
import { readCheckpoint } from '../../src/train/checkpoint';
import { latestCheckpoint } from '../../src/util/run_dir';
import { testConfig, tmpDir } from '../helpers';
import { saveCheckpoint } from './sync_save';

const cfg = testConfig(['backend.name=wasm', 'model.n_layer=1', 'model.n_head=2', 'model.n_embd=32',
  'model.block_size=16', 'model.dropout=0.1', 'train.batch_size=4', 'train.max_steps=10', 'train.warmup_steps=2',
  'train.lr=3e-3', 'train.eval_batches=2']);
const mk = () => Trainer.create(cfg, { rank: 0, worldSize: 1, allreduce: identityAllReduce, log: () => {} });

/** A writer whose thread waits `delayMs` before each fsync (the env is read when the thread starts). */
function writer(runDir: string, keep: number, delayMs: number, lines: string[]): CheckpointWriter {
  process.env.MYGPT_TEST_CKPT_DELAY_MS = String(delayMs);
  try {
    return new CheckpointWriter({ runDir, keep, rank: 0, log: (l) => lines.push(l) });
  } finally {
    delete process.env.MYGPT_TEST_CKPT_DELAY_MS;
  }
}

/** A trainer and a writer (into dir, or dir/run with inRun) for `body`; both closed and dir removed after. */
async function withWriter(tag: string, o: { keep: number; delayMs: number; inRun?: boolean; }, body: (
  x: { t: Trainer; w: CheckpointWriter; dir: string; runDir: string; lines: string[]; },
) => Promise<void>): Promise<void> {
  const dir = tmpDir(tag), runDir = o.inRun ? path.join(dir, 'run') : dir, lines: string[] = [];
  const t = await mk(), w = writer(runDir, o.keep, o.delayMs, lines);
  try {
    await body({ t, w, dir, runDir, lines });
  } finally {
    await w.close();
    t.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test("a snapshot is its step's state while training goes on during slow writes; both buffers busy: " +
  'the next one waits, logged', async () => {
  await withWriter('bgck', { keep: 2, delayMs: 400, inRun: true }, async ({ t, w, dir, runDir, lines }) => {
    await t.trainStep();
    await t.trainStep();
    const s2 = await w.snapshot(t); // slot A: written (slowly) at once
    await t.trainStep();
    await saveCheckpoint(t, path.join(dir, 'sync-3.bin')); // the synchronous save of step 3, for comparison
    const s3 = await w.snapshot(t); // slot B: queued behind step 2's write
    assert.equal(w.pending, 2, 'both writes should still be in flight');
    assert.equal(s2.waitedMs + s3.waitedMs, 0);
    assert.equal(w.poll(), ''); // nothing durable yet
    await t.trainStep(); // changes the live weights and moments ...
    const s4 = await w.snapshot(t); // ... and both buffers are busy: waits for step 2's write
    assert.ok(s4.waitedMs > 0 && s4.stallMs >= s4.waitedMs, JSON.stringify(s4));
    assert.ok(lines.some((l) => /^checkpoint at step 4 waited [\d.]+ ms for the previous write$/.test(l)),
      lines.join('\n'));
    await t.trainStep();
    await t.trainStep();
    assert.equal(await w.flush(), path.join(runDir, 'ckpt-000004.bin'));
    assert.equal(w.poll(), '');
    // Step 3's file holds step 3's state although the trainer was at step 6 when the thread encoded it.
    const [bg, sync] = await Promise.all([readCheckpoint(path.join(runDir, 'ckpt-000003.bin')),
      readCheckpoint(path.join(dir, 'sync-3.bin'))]);
    assert.deepEqual({ ...bg.header, savedAt: '' }, { ...sync.header, savedAt: '' });
    for (const k of ['params', 'm', 'v'] as const) {
      assert.ok(Buffer.from(bg[k].buffer).equals(Buffer.from(sync[k].buffer)), `${k} differs`);
    }
    // latest moved forward only; keep_checkpoints 2 dropped step 2; no temp file left.
    assert.equal(latestCheckpoint(runDir), path.join(runDir, 'ckpt-000004.bin'));
    assert.deepEqual(fs.readdirSync(runDir).sort(), ['ckpt-000003.bin', 'ckpt-000004.bin', 'latest']);
    for (const s of [2, 3, 4]) {
      assert.ok(
        lines.some((l) =>
          new RegExp(
            `^checkpoint step ${s}: snapshot [\\d.]+ ms on the training path; written in the background in [\\d.]+ ms`,
          ).test(l)
        ),
        lines.join('\n'),
      );
    }
  });
});

test('non-finite weights are never written: NonFiniteError naming the array and file, latest stays, ' +
  'and it sticks', async () => {
  await withWriter('bgnf', { keep: 0, delayMs: 0 }, async ({ t, w, dir }) => {
    await t.trainStep();
    await w.snapshot(t);
    const good = await w.flush();
    await t.trainStep();
    const p = t.getFlatParams();
    p[7] = NaN;
    t.setFlatParams(p);
    await w.snapshot(t); // the copy is made; the thread refuses it
    const nf = (e: unknown) =>
      e instanceof NonFiniteError && /weights\[7\] is NaN; checkpoint .*ckpt-000002\.bin not written/.test(e.message);
    await assert.rejects(w.flush(), nf);
    assert.throws(() => w.poll(), nf);
    await assert.rejects(w.snapshot(t), nf);
    assert.equal(latestCheckpoint(dir), good);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['ckpt-000001.bin', 'latest']);
  });
});

test('a file-system error is a CheckpointWriteError naming the file, step and errno; no temp file, ' +
  'latest unchanged', async () => {
  await withWriter('bgio', { keep: 0, delayMs: 0 }, async ({ t, w, dir }) => {
    await t.trainStep();
    await w.snapshot(t);
    await w.flush();
    await t.trainStep();
    fs.mkdirSync(path.join(dir, 'ckpt-000002.bin')); // the rename onto it fails (EISDIR)
    await w.snapshot(t);
    await assert.rejects(w.flush(),
      (e: unknown) =>
        e instanceof CheckpointWriteError && e.step === 2 && e.code === 'EISDIR' &&
        e.file === path.join(dir, 'ckpt-000002.bin') &&
        /^checkpoint \S+ckpt-000002\.bin \(step 2\) not written: EISDIR/.test(e.message));
    assert.equal(latestCheckpoint(dir), path.join(dir, 'ckpt-000001.bin'));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['ckpt-000001.bin', 'ckpt-000002.bin', 'latest']);
  });
});

test('keep_checkpoints 1: a reported checkpoint survives two writes queued behind it; ' +
  "idle() waits for a closed writer's queue", async () => {
  // A group restart resumes from the newest checkpoint rank 0 reported; the failed generation's writer may
  // still have two snapshots queued, and the next generation (same process) must find that file on disk.
  const dir = tmpDir('bgpin'), runDir = path.join(dir, 'run'), lines: string[] = [];
  const t = await mk(), w = writer(runDir, 1, 300, lines);
  try {
    await t.trainStep();
    await w.snapshot(t);
    const reported = await w.flush(); // step 1: in a StepReport, a restart may load it
    assert.equal(reported, path.join(runDir, 'ckpt-000001.bin'));
    await t.trainStep();
    await w.snapshot(t); // steps 2 and 3 queued, neither reported
    await t.trainStep();
    await w.snapshot(t);
    void w.close(); // the generation failed: not awaited by trainLoop
    await CheckpointWriter.idle(20_000, (l) => lines.push(l));
    assert.ok(lines.some((l) => /^waited [\d.]+ ms for the previous generation's checkpoint writes$/.test(l)),
      lines.join('\n'));
    assert.equal(latestCheckpoint(runDir), path.join(runDir, 'ckpt-000003.bin'),
      'both queued writes done when idle() returns');
    assert.ok(fs.existsSync(reported), 'the reported checkpoint was pruned under a restart that loads it');
    await CheckpointWriter.idle(20_000, (l) => lines.push(`again: ${l}`));
    assert.ok(!lines.some((l) => l.startsWith('again:')), 'nothing left to wait for');
  } finally {
    t.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
