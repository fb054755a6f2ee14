// Checkpoint files as files (src/util/run_dir.ts, src/util/checkpoint_file.ts): a worker or mygpt-generate
// handed a FIFO or a device fails at once with a CheckpointError instead of blocking in read(), and
// train.keep_checkpoints retention keeps exactly the newest N, never what `latest` names or the file just
// written, and leaves later steps (from a run a fallback abandoned) alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { CheckpointError, readCheckpoint } from '../../src/train/checkpoint';
import { verifyCheckpointFile } from '../../src/util/checkpoint_file';
import { checkpointName, pruneCheckpoints, writeLatestPointer } from '../../src/util/run_dir';
import { runBin, tmpDir } from '../helpers';

const isNotRegular = (file: string, kind: string) => (e: unknown) =>
  e instanceof CheckpointError && e.file === file && e.message === `checkpoint ${file}: is ${kind}, not a regular file`;

test(
  'a FIFO, a device or a directory as a checkpoint: refused at once by the worker-side reader, ' +
    'the verifier and mygpt-generate',
  { timeout: 30_000 },
  async () => {
    const dir = tmpDir('ckfifo');
    try {
      const fifo = path.join(dir, 'ckpt-000010.bin');
      execFileSync('mkfifo', [fifo]);
      const dev = path.join(dir, 'ckpt-000020.bin');
      fs.symlinkSync('/dev/zero', dev);
      await assert.rejects(readCheckpoint(fifo), isNotRegular(fifo, 'a FIFO'));
      await assert.rejects(verifyCheckpointFile(fifo), isNotRegular(fifo, 'a FIFO'));
      await assert.rejects(readCheckpoint(dev), isNotRegular(dev, 'a character device'));
      await assert.rejects(readCheckpoint(dir), isNotRegular(dir, 'a directory'));
      const t0 = Date.now();
      const r = runBin('mygpt-generate.js', ['--checkpoint', fifo, '--tokens', '5'], 20_000);
      assert.equal(r.signal, null, `mygpt-generate did not exit by itself: ${r.stderr}`);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(r.stderr.includes(`${fifo} is a FIFO, not a checkpoint file or a run directory`), r.stderr);
      assert.ok(Date.now() - t0 < 15_000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test("train.keep_checkpoints: exactly the newest N of steps up to the one written; never latest's, " +
  'the written one or the one before it; 0 keeps all', async () => {
  const dir = tmpDir('keep');
  try {
    const make = (steps: number[]) => {
      for (const s of steps) fs.writeFileSync(path.join(dir, checkpointName(s)), `x${s}`);
    };
    const left = () => fs.readdirSync(dir).filter((n) => n.startsWith('ckpt-')).sort();
    make([1, 2, 3, 4, 5, 6, 9]); // 9: a later step left by an abandoned run (fallback), not counted
    const six = path.join(dir, checkpointName(6));
    await writeLatestPointer(dir, six);
    assert.deepEqual(await pruneCheckpoints(dir, 0, six), []);
    assert.equal(left().length, 7);
    assert.deepEqual((await pruneCheckpoints(dir, 3, six)).map((f) => path.basename(f)), ['ckpt-000003.bin',
      'ckpt-000002.bin', 'ckpt-000001.bin']);
    assert.deepEqual(left(), ['ckpt-000004.bin', 'ckpt-000005.bin', 'ckpt-000006.bin', 'ckpt-000009.bin']);
    await writeLatestPointer(dir, path.join(dir, checkpointName(4))); // latest's file is never deleted
    await pruneCheckpoints(dir, 1, six);
    // 5: the checkpoint before the one written (the last reported: a restart decided meanwhile loads it)
    assert.deepEqual(left(), ['ckpt-000004.bin', 'ckpt-000005.bin', 'ckpt-000006.bin', 'ckpt-000009.bin']);
    fs.writeFileSync(path.join(dir, '.ckpt-000007.bin.tmp-1-2'), 'a write in flight');
    make([7]);
    const seven = path.join(dir, checkpointName(7));
    await writeLatestPointer(dir, seven);
    await pruneCheckpoints(dir, 1, seven);
    assert.deepEqual(left(), ['ckpt-000006.bin', 'ckpt-000007.bin', 'ckpt-000009.bin'],
      'keep 1: 6 stays until the next save');
    assert.ok(fs.existsSync(path.join(dir, '.ckpt-000007.bin.tmp-1-2')), 'a temp file is not a checkpoint');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
