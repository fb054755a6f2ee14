// --resume from a checkpoint that is tampered with, or written for another world size, through real
// processes: the tampered one (the only checkpoint, so no fallback) is refused by the coordinator's check
// before any worker starts; the other world size by every worker (CheckpointError -> Failure{FAILURE_CHECKPOINT}).
// Both exit 2 (Config) naming the file, without a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../../src/exit_codes';
import { cleanup, exitWithin, launchedPids, start, tinyConfig, waitGone } from '../coordinator/harness';

async function coord(file: string, args: string[]) {
  const c = start('mygpt-coord', ['--config', file, ...args]);
  const r = await exitWithin(c, 100_000);
  assert.deepEqual(await waitGone([...launchedPids(c.out()).values()], 10_000), [], 'workers left behind');
  return { code: r.code, out: c.out() };
}

test('--resume refuses a tampered checkpoint and another world size with exit 2, naming the file, no restart', {
  timeout: 240_000,
}, async () => {
  const { dir, file } = tinyConfig({
    train: { max_steps: 4, checkpoint_interval: 4, eval_interval: 0, sample_tokens: 0 },
  });
  const ck = path.join(dir, 'run', 'ckpt-000004.bin');
  try {
    assert.equal((await coord(file, [])).code, ExitCode.Ok);
    const good = fs.readFileSync(ck);
    const more = (w: number) => ['--set', 'train.max_steps=6', '--set', `cluster.workers=${w}`];

    const bad = Buffer.from(good.toString('latin1').replace('"step":4,', '"step":5,'), 'latin1');
    fs.writeFileSync(ck, bad);
    const t = await coord(file, ['--resume', ...more(2)]);
    assert.equal(t.code, ExitCode.Config, t.out);
    assert.ok(t.out.includes(`checkpoint ${ck}: sha256 of header and payload does not match`), t.out);
    assert.doesNotMatch(t.out, /restart 1 of/);

    fs.writeFileSync(ck, good);
    const w = await coord(file, ['--resume', ...more(1)]);
    assert.equal(w.code, ExitCode.Config, w.out);
    assert.ok(w.out.includes(`checkpoint ${ck}: was written by 2 worker(s), this run has 1`), w.out);
    assert.doesNotMatch(w.out, /restart 1 of/);
  } finally {
    cleanup(dir);
  }
});
