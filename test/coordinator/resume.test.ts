// --resume with 2 workers: resuming from the step-10 checkpoint of a 20-step run reproduces that run's
// final weights bit for bit (every worker loads run.dir/latest; data order follows the global step).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readCheckpoint } from '../../src/train/checkpoint';
import { exitWithin, start, withRunDir } from './harness';
import { planStart } from '../../src/coordinator/start_point';
import { writeTestCheckpoint } from './ckpt_fixture';
import { ConfigError } from '../../src/config/load';
import { ExitCode } from '../../src/exit_codes';

async function run(file: string, args: string[]): Promise<string> {
  const coord = start('mygpt-coord', ['--config', file, ...args]);
  const { code } = await exitWithin(coord, 60_000);
  assert.equal(code, 0, coord.out());
  return coord.out();
}

test('2 workers: --resume from step 10 reproduces the uninterrupted 20-step run', { timeout: 120_000 }, async () => {
  await withRunDir({ train: { sample_tokens: 0, checkpoint_interval: 10 } }, async ({ file, runDir }) => {
    await run(file, []);
    const straight = (await readCheckpoint(path.join(runDir, 'ckpt-000020.bin'))).params;
    fs.rmSync(path.join(runDir, 'ckpt-000020.bin'));
    fs.writeFileSync(path.join(runDir, 'latest'), 'ckpt-000010.bin\n'); // as if the run had stopped after step 10
    const out = await run(file, ['--resume']);
    assert.match(out, /resuming from \S+ckpt-000010\.bin at step 10/);
    assert.doesNotMatch(out, /^step 5\//m);
    const resumed = (await readCheckpoint(path.join(runDir, 'ckpt-000020.bin'))).params;
    assert.ok(Buffer.from(resumed.buffer).equals(Buffer.from(straight.buffer)),
      'resumed weights differ from the uninterrupted run');
  });
});

test('--resume needs run.dir/latest (Config error naming run.dir); --resume auto starts fresh without one', {
  timeout: 30_000,
}, async () => {
  await withRunDir({}, async ({ file, runDir }) => {
    const at = async (resume: string | undefined) =>
      (await planStart({ resume, force: false, runDir, log: () => undefined, warn: () => undefined })).resumeFrom;
    assert.equal(await at(undefined), undefined);
    assert.equal(await at('auto'), undefined);
    await assert.rejects(at(''),
      (e: unknown) => e instanceof ConfigError && e.message.includes(`no checkpoint in ${runDir}`));
    await assert.rejects(at('yes'),
      (e: unknown) => e instanceof ConfigError && /expected no value or "auto", got "yes"/.test(e.message));
    fs.mkdirSync(runDir, { recursive: true });
    writeTestCheckpoint(runDir, 10);
    fs.writeFileSync(path.join(runDir, 'latest'), 'ckpt-000010.bin\n');
    assert.equal(await at('auto'), path.join(runDir, 'ckpt-000010.bin'));
    assert.equal(await at(''), path.join(runDir, 'ckpt-000010.bin'));
    fs.rmSync(runDir, { recursive: true });
    const coord = start('mygpt-coord', ['--config', file, '--resume']);
    assert.equal((await exitWithin(coord, 20_000)).code, ExitCode.Config, coord.out());
    assert.match(coord.out(), /--resume: no checkpoint in \S+run/);
    assert.doesNotMatch(coord.out(), /launched rank/);
  });
});
