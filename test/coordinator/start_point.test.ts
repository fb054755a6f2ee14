// Where mygpt-coord starts in run.dir (src/coordinator/start_point.ts), with real files and real processes:
// a FIFO or a device named as a checkpoint is refused at once (never opened for a blocking read), an
// unusable newest checkpoint falls back to the newest valid one with a warning per bad file, nothing valid
// left is exit 2 naming every file, and a fresh run into a run.dir with checkpoints is refused unless --force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ConfigError } from '../../src/config/load';
import { ExitCode } from '../../src/exit_codes';
import { planStart } from '../../src/coordinator/start_point';
import { readCheckpoint } from '../../src/train/checkpoint';
import { exitWithin, start, withRunDir } from './harness';
import { writeTestCheckpoint } from './ckpt_fixture';

const ck = (runDir: string, step: number) => path.join(runDir, `ckpt-${String(step).padStart(6, '0')}.bin`);
const point = (runDir: string, resume: string | undefined, force = false) => {
  const lines: string[] = [];
  // decided, then applied (as mygpt-coord does once its control socket is bound)
  const p = planStart({ resume, force, runDir, log: (l) => lines.push(l), warn: (l) => lines.push(l) })
    .then((plan) => {
      plan.discard?.();
      return plan.resumeFrom;
    });
  return { p, lines };
};
const setLatest = (runDir: string, step: number) =>
  fs.writeFileSync(path.join(runDir, 'latest'), `${path.basename(ck(runDir, step))}\n`);

test(
  'a FIFO and a device as the newest checkpoints are refused without blocking; the older valid one is used, ' +
    'with a warning per file',
  { timeout: 20_000 },
  async () => {
    await withRunDir({}, async ({ runDir }) => {
      writeTestCheckpoint(runDir, 10);
      fs.symlinkSync('/dev/zero', ck(runDir, 20)); // a device never ends: reading it whole would not return
      execFileSync('mkfifo', [ck(runDir, 30)]); // opening a FIFO for reading waits for a writer
      setLatest(runDir, 30);
      const { p, lines } = point(runDir, '');
      assert.equal(await p, ck(runDir, 10));
      assert.deepEqual(lines, [
        `mygpt-coord: warning: checkpoint ${ck(runDir, 30)}: is a FIFO, not a regular file (named by ${
          path.join(runDir, 'latest')
        })`,
        `mygpt-coord: warning: checkpoint ${ck(runDir, 20)}: is a character device, not a regular file`,
        `mygpt-coord: warning: resuming from ${ck(runDir, 10)} (step 10) instead: the newest valid checkpoint before ${
          ck(runDir, 30)
        }`,
      ]);
    }, true);
  },
);

test('corrupt, truncated or missing newest checkpoints fall back; ' +
  'nothing valid left is a ConfigError naming every file', async () => {
  await withRunDir({}, async ({ runDir }) => {
    const flip = (f: string) => {
      const b = fs.readFileSync(f);
      b[b.length - 3] ^= 0xff;
      fs.writeFileSync(f, b);
    };
    writeTestCheckpoint(runDir, 10);
    writeTestCheckpoint(runDir, 20);
    const f30 = writeTestCheckpoint(runDir, 30);
    flip(f30);
    setLatest(runDir, 30);
    let r = point(runDir, 'auto');
    assert.equal(await r.p, ck(runDir, 20));
    assert.match(r.lines[0],
      new RegExp(`checkpoint ${ck(runDir, 30)}: sha256 of header and payload does not match the stored one`));
    assert.match(r.lines[1], /resuming from \S+ckpt-000020\.bin \(step 20\) instead/);

    setLatest(runDir, 40); // names a file that is gone: the newest one before it
    r = point(runDir, '');
    assert.equal(await r.p, ck(runDir, 20));
    assert.match(r.lines[0], /ckpt-000040\.bin: cannot read \(ENOENT\)/);

    fs.rmSync(path.join(runDir, 'latest')); // no pointer: the newest valid checkpoint file
    assert.equal(await point(runDir, '').p, ck(runDir, 20));

    fs.truncateSync(ck(runDir, 20), 100);
    flip(ck(runDir, 10));
    setLatest(runDir, 30);
    r = point(runDir, '');
    await assert.rejects(r.p,
      (e: unknown) =>
        e instanceof ConfigError && e.message.startsWith(`--resume: no valid checkpoint left in ${runDir}: `) &&
        [30, 20, 10].every((s) => e.message.includes(`checkpoint ${ck(runDir, s)}: `)) &&
        e.message.includes('truncated'));
    await assert.rejects(point(runDir, 'auto').p, ConfigError,
      '--resume auto does not start fresh over unusable checkpoints');

    fs.rmSync(path.join(runDir, 'latest'));
    execFileSync('mkfifo', [path.join(runDir, 'latest')]);
    await assert.rejects(point(runDir, '').p, (e: unknown) =>
      e instanceof ConfigError &&
      e.message.startsWith(`--resume: no valid checkpoint left in ${runDir}: `));
  }, true);
});

test('an unusable latest pointer (a FIFO, garbage) is ignored with a warning: ' +
  'the newest valid ckpt-* is used', async () => {
  await withRunDir({}, async ({ runDir }) => {
    const ptr = path.join(runDir, 'latest');
    writeTestCheckpoint(runDir, 10);
    writeTestCheckpoint(runDir, 20);
    execFileSync('mkfifo', [ptr]);
    let r = point(runDir, '');
    assert.equal(await r.p, ck(runDir, 20));
    assert.deepEqual(r.lines, [
      `mygpt-coord: warning: ${ptr} is a FIFO, not a regular file; ignoring it: ` +
      `the newest valid ckpt-* in ${runDir} is used instead`,
    ]);
    fs.rmSync(ptr);
    fs.writeFileSync(ptr, '\u0000garbage\n');
    r = point(runDir, 'auto');
    assert.equal(await r.p, ck(runDir, 20));
    assert.match(r.lines[0], /latest must hold a checkpoint name like ckpt-000500\.bin, got .*; ignoring it/);
  }, true);
});

test('a run.dir that is a file is a ConfigError naming run.dir, fresh or resumed; mygpt-coord exits 2', {
  timeout: 30_000,
}, async () => {
  await withRunDir({}, async ({ file, runDir }) => {
    fs.writeFileSync(runDir, 'not a directory');
    for (const resume of [undefined, '', 'auto']) {
      await assert.rejects(point(runDir, resume).p, (e: unknown) =>
        e instanceof ConfigError && e.message === `run.dir ${runDir} is a regular file, not a directory`);
    }
    const under = path.join(runDir, 'sub');
    await assert.rejects(point(under, undefined).p,
      (e: unknown) => e instanceof ConfigError && e.message.startsWith(`run.dir ${under}: cannot use it (ENOTDIR`));
    const coord = start('mygpt-coord', ['--config', file]);
    assert.equal((await exitWithin(coord, 15_000)).code, ExitCode.Config, coord.out());
    assert.ok(coord.out().includes(`mygpt-coord: error: run.dir ${runDir} is a regular file, not a directory`),
      coord.out());
  });
});

test('a fresh start into a run.dir with checkpoints is refused naming the directory and both flags; ' +
  '--force deletes them', async () => {
  await withRunDir({}, async ({ runDir }) => {
    assert.equal(await point(runDir, undefined).p, undefined, 'an empty run.dir is fine');
    writeTestCheckpoint(runDir, 10);
    writeTestCheckpoint(runDir, 20);
    setLatest(runDir, 20);
    fs.writeFileSync(path.join(runDir, 'progress.jsonl'), '');
    await assert.rejects(point(runDir, undefined).p, (e: unknown) =>
      e instanceof ConfigError && e.message ===
        `run.dir ${runDir} holds 2 checkpoint(s), ckpt-000010.bin .. ckpt-000020.bin ` +
          'and a latest pointer of an earlier run: continue it with --resume, ' +
          'or start over with --force (deletes them), or set another run.dir');
    assert.deepEqual(fs.readdirSync(runDir).sort(), ['ckpt-000010.bin', 'ckpt-000020.bin', 'latest', 'progress.jsonl'],
      'a refusal deletes nothing');
    const r = point(runDir, undefined, true);
    assert.equal(await r.p, undefined);
    assert.deepEqual(r.lines, [
      `mygpt-coord: --force: deleted 2 checkpoint(s), ckpt-000010.bin .. ` +
      `ckpt-000020.bin and a latest pointer in ${runDir}; starting fresh`,
    ]);
    assert.deepEqual(fs.readdirSync(runDir), ['progress.jsonl']);
    fs.writeFileSync(path.join(runDir, 'latest'), 'ckpt-000010.bin\n'); // a pointer alone counts too
    await assert.rejects(point(runDir, undefined).p, /holds a latest pointer of an earlier run/);
  }, true);
});

test(
  '--force with a metrics.tensorboard_dir that cannot be created exits 2 and deletes nothing; ' +
    'the plan alone deletes nothing',
  { timeout: 30_000 },
  async () => {
    await withRunDir({ cluster: { join_timeout_s: 60 } }, async ({ dir, file, runDir }) => {
      fs.mkdirSync(runDir);
      writeTestCheckpoint(runDir, 10);
      setLatest(runDir, 10);
      const plan = await planStart({ resume: undefined, force: true, runDir, log: () => undefined,
        warn: () => undefined });
      assert.equal(typeof plan.discard, 'function');
      assert.deepEqual(fs.readdirSync(runDir).sort(), ['ckpt-000010.bin', 'latest'], 'deciding deletes nothing');
      const plain = path.join(dir, 'a-file');
      fs.writeFileSync(plain, '');
      const coord = start('mygpt-coord', ['--config', file, '--force', '--set',
        `metrics.tensorboard_dir=${path.join(plain, 'tb')}`]);
      assert.equal((await exitWithin(coord, 15_000)).code, ExitCode.Config, coord.out());
      assert.match(coord.out(), /metrics\.tensorboard_dir .*cannot create the event file/);
      assert.doesNotMatch(coord.out(), /--force: deleted/);
      assert.deepEqual(fs.readdirSync(runDir).filter((n) => n !== 'progress.jsonl').sort(), ['ckpt-000010.bin',
        'latest'], 'the refused run kept the earlier one');
    });
  },
);

test('mygpt-coord --resume with a FIFO as the only checkpoint exits 2 at once naming it, launching no worker', {
  timeout: 30_000,
}, async () => {
  await withRunDir({ cluster: { join_timeout_s: 60 } }, async ({ file, runDir }) => {
    fs.mkdirSync(runDir);
    execFileSync('mkfifo', [ck(runDir, 10)]);
    setLatest(runDir, 10);
    const coord = start('mygpt-coord', ['--config', file, '--resume']);
    assert.equal((await exitWithin(coord, 15_000)).code, ExitCode.Config, coord.out());
    assert.ok(
      coord.out().includes(
        `mygpt-coord: error: --resume: no valid checkpoint left in ${runDir}: checkpoint ${
          ck(runDir, 10)
        }: is a FIFO, not a regular file`,
      ),
      coord.out(),
    );
    assert.doesNotMatch(coord.out(), /launched rank/);
  });
});

test(
  'real runs: corrupt newest -> resume from the previous one with a warning; a fresh run there -> exit 2; ' +
    '--force trains, keeping train.keep_checkpoints',
  { timeout: 240_000 },
  async () => {
    await withRunDir({
      train: { max_steps: 20, checkpoint_interval: 5, eval_interval: 0, sample_tokens: 0 },
      cluster: { workers: 1 },
    }, async ({ file, runDir }) => {
      const coord = async (args: string[], timeoutMs = 60_000) => {
        const c = start('mygpt-coord', ['--config', file, ...args]);
        return { code: (await exitWithin(c, timeoutMs)).code, out: c.out() };
      };
      let r = await coord([]);
      assert.equal(r.code, ExitCode.Ok, r.out);
      const straight = (await readCheckpoint(ck(runDir, 20))).params;
      // Stopped after step 15 (as if killed before step 20), and then its checkpoint rots on disk.
      fs.rmSync(ck(runDir, 20));
      setLatest(runDir, 15);
      const b = fs.readFileSync(ck(runDir, 15));
      b[b.length - 7] ^= 0x01;
      fs.writeFileSync(ck(runDir, 15), b);
      r = await coord(['--resume']);
      assert.equal(r.code, ExitCode.Ok, r.out);
      assert.ok(
        r.out.includes(
          `mygpt-coord: warning: checkpoint ${ck(runDir, 15)}: sha256 of header and payload does not match`,
        ),
        r.out,
      );
      assert.ok(r.out.includes(`mygpt-coord: warning: resuming from ${ck(runDir, 10)} (step 10) instead`), r.out);
      assert.ok(r.out.includes(`resuming from ${ck(runDir, 10)} at step 10`), r.out);
      const resumed = (await readCheckpoint(ck(runDir, 20))).params;
      assert.ok(Buffer.from(resumed.buffer).equals(Buffer.from(straight.buffer)),
        'resumed weights differ from the uninterrupted run');

      r = await coord([], 15_000);
      assert.equal(r.code, ExitCode.Config, r.out);
      assert.ok(
        r.out.includes(
          `mygpt-coord: error: run.dir ${runDir} holds 4 checkpoint(s), ckpt-000005.bin .. ` +
            'ckpt-000020.bin and a latest pointer of an earlier run: continue it with --resume, ' +
            'or start over with --force',
        ),
        r.out,
      );
      assert.doesNotMatch(r.out, /launched rank/);
      assert.equal(fs.readFileSync(path.join(runDir, 'latest'), 'utf8'), 'ckpt-000020.bin\n',
        'the refused run left latest alone');

      r = await coord(['--force', '--set', 'train.keep_checkpoints=2', '--set', 'train.max_steps=15']);
      assert.equal(r.code, ExitCode.Ok, r.out);
      assert.match(r.out, /--force: deleted 4 checkpoint\(s\)/);
      assert.deepEqual(fs.readdirSync(runDir).filter((n) => n.startsWith('ckpt-')).sort(), ['ckpt-000010.bin',
        'ckpt-000015.bin']);
      assert.equal(fs.readFileSync(path.join(runDir, 'latest'), 'utf8'), 'ckpt-000015.bin\n');
    });
  },
);
