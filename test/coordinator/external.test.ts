// External workers (as on Kubernetes): the coordinator waits for `mygpt-worker --coordinator tcp://...`
// processes started as separate commands, assigns ranks, and trains to completion over TCP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, exitWithin, externalGang, killAll, start, tinyConfig } from './harness';
import { ExitCode } from '../../src/exit_codes';
import { joinRe } from '../helpers';

test('external workers started by hand train to completion', { timeout: 90_000 }, async () => {
  const { dir, file } = tinyConfig({ cluster: { external: true, world_size: 2 } });
  const coord = start('mygpt-coord', ['--config', file]);
  const workers: ReturnType<typeof start>[] = [];
  try {
    const [, endpoint] = await coord.waitFor(/listening on (tcp:\/\/127\.0\.0\.1:\d+) for 2 worker/, 15_000);
    for (let i = 0; i < 2; i++) workers.push(start('mygpt-worker', ['--coordinator', endpoint, '--config', file]));
    const { code } = await exitWithin(coord, 60_000);
    assert.equal(code, 0, coord.out());
    for (const w of workers) assert.equal((await exitWithin(w, 10_000)).code, 0, w.out());
    const out = coord.out();
    assert.match(out, /rank 0 joined: pid \d+/);
    assert.match(out, /rank 1 joined: pid \d+/);
    assert.match(out,
      joinRe(/^step 20\/20 \| loss \d\.\d{4} \| val \d\.\d{4} \| lr \S+ \| [\d,]+ tok\/s \| ETA 0s \| all-reduce /,
        /\d+\.\d% of step/m));
    assert.match(out,
      /^done: 20 steps \| final val loss \d\.\d{4} \| [\d,]+ tok\/s \| wall \S+\ncheckpoint: \S+ckpt-000020\.bin\n/m);
    assert.match(out, /^\(2 worker\(s\); per-step log \S+progress\.jsonl\)$/m);
    const summary = JSON.parse(fs.readFileSync(path.join(dir, 'run', 'summary.json'), 'utf8'));
    assert.equal(summary.ok, true);
    assert.equal(summary.steps, 20);
    assert.ok(fs.existsSync(summary.checkpointPath));
    assert.equal(summary.sample.length, 16, summary.sample);
    assert.ok(out.includes(`O Romeo${summary.sample}`), 'sample printed after its prompt');
  } finally {
    coord.kill('SIGKILL');
    await killAll(workers);
    cleanup(dir);
  }
});

test('a SIGKILLed external worker fails the run naming its rank (max_restarts 0)', { timeout: 90_000 }, async () => {
  const { coord, workers, stop } = await externalGang({ heartbeat_timeout_s: 4, max_restarts: 0 });
  try {
    workers[1].kill('SIGKILL');
    const { code } = await exitWithin(coord, 4_000 + 6_000);
    assert.equal(code, ExitCode.RestartsExhausted); // max_restarts 0 used up
    assert.match(coord.out(),
      new RegExp(`error: rank 1 \\(pid ${workers[1].pid} on \\S+, device cpu\\) (was lost|sent nothing)`));
    assert.notEqual((await exitWithin(workers[0], 10_000)).code, 0);
  } finally {
    await stop();
  }
});
