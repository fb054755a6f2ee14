// The run directory (src/util/run_dir.ts): writeAtomic leaves no temp file, on success or failure; the
// `latest` pointer holds a plain checkpoint name of an existing file in run.dir, anything else is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RunDirError, checkpointName, latestCheckpoint, stepOfCheckpoint, writeAtomic,
  writeLatestPointer } from '../../src/util/run_dir';
import { tmpDir } from '../helpers';

test('writeAtomic replaces the file and leaves no temp file, also when the final rename fails', async () => {
  const dir = tmpDir('atomic');
  const f = path.join(dir, 'a.bin');
  await writeAtomic(f, Buffer.from('one'));
  await writeAtomic(f, Buffer.from('two'));
  assert.equal(fs.readFileSync(f, 'utf8'), 'two');
  assert.deepEqual(fs.readdirSync(dir), ['a.bin']);
  // The target is a non-empty directory: the temp file is written, then rename() fails.
  const blocked = path.join(dir, 'blocked');
  fs.mkdirSync(blocked);
  fs.writeFileSync(path.join(blocked, 'x'), 'x');
  await assert.rejects(writeAtomic(blocked, Buffer.alloc(1 << 16)),
    (e: NodeJS.ErrnoException) => ['EISDIR', 'ENOTEMPTY', 'EEXIST'].includes(e.code ?? ''));
  assert.deepEqual(fs.readdirSync(dir).sort(), ['a.bin', 'blocked'], 'a temp file outlived the failed write');
});

test('latest pointer: a checkpoint name of an existing file, never a path; ' +
  'anything else is a RunDirError naming the pointer', async () => {
  const dir = tmpDir('latest');
  assert.equal(latestCheckpoint(dir), null);
  const ck = path.join(dir, checkpointName(40));
  fs.writeFileSync(ck, 'x');
  await writeLatestPointer(dir, ck);
  assert.equal(fs.readFileSync(path.join(dir, 'latest'), 'utf8'), 'ckpt-000040.bin\n');
  assert.equal(latestCheckpoint(dir), ck);
  await assert.rejects(writeLatestPointer(dir, path.join(dir, 'notes.txt')), RangeError);
  const ptr = path.join(dir, 'latest');
  for (const content of ['../etc/passwd\n', '/etc/passwd\n', `${ck}\n`, '../ckpt-000040.bin\n', 'sub/ckpt-000040.bin',
    'garbage', '', '\0\0\0', `ckpt-${'9'.repeat(80)}.bin`, 'ckpt-40.bin'])
  {
    fs.writeFileSync(ptr, content);
    assert.throws(() => latestCheckpoint(dir), (e: unknown) =>
      e instanceof RunDirError && e.file === ptr &&
      e.message.startsWith(`${ptr} must hold a checkpoint name like ckpt-000500.bin, got `), JSON.stringify(content));
  }
  fs.writeFileSync(ptr, 'ckpt-000041.bin\n');
  assert.throws(() => latestCheckpoint(dir), (e: unknown) =>
    e instanceof RunDirError &&
    e.message === `${ptr} points to ckpt-000041.bin, which does not exist in ${dir}`);
  assert.equal(stepOfCheckpoint('/x/ckpt-000041.bin'), 41);
  assert.equal(stepOfCheckpoint('ckpt-41.bin'), null);
  assert.throws(() => checkpointName(-1), RangeError);
  assert.throws(() => checkpointName(1.5), RangeError);
});
