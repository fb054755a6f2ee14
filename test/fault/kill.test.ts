// kill -9 of a random worker at a random step (seeded; the seed is printed, MYGPT_KILL_SEED replays it),
// MYGPT_KILL_TRIALS times (3 in CI; scripts/kill-trials.sh runs 20): every run recovers in place (the
// replacement gets the newest step's state from the survivor), ends at exactly train.max_steps, and its final
// weights and per-step losses equal those of the undisturbed run. failure.json names the killed rank, pid,
// signal and step, and how the group recovered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { exitWithin, start, waitGone } from '../coordinator/harness';
import { STEPS, baseline, cleanup, currentPid, faultConfig, lossesByStep, prng, summary } from './harness';

const TRIALS = Number(process.env.MYGPT_KILL_TRIALS ?? 3);
const SEED = Number(process.env.MYGPT_KILL_SEED ?? (Date.now() % 1_000_000));
const WORKERS = 2;

test(`kill -9 a random worker at a random step, ${TRIALS} trials (seed ${SEED}): exact steps, same weights`, {
  timeout: 30_000 + TRIALS * 40_000,
}, async (t) => {
  t.diagnostic(`kill trials: seed ${SEED} (replay with MYGPT_KILL_SEED=${SEED})`);
  const ref = await baseline();
  assert.equal(ref.s.steps, STEPS);
  const rand = prng(SEED);
  const results: string[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const rank = Math.floor(rand() * WORKERS);
    const step = 2 + Math.floor(rand() * (STEPS - 6)); // the kill lands during step+1 or a bit later
    const metrics = trial === 0; // the first trial also checks the restart reaches Prometheus
    const { dir, file, runDir } = faultConfig({}, {},
      metrics ? { metrics: { enabled: true, host: '127.0.0.1', port: 0 } } : {});
    const coord = start('mygpt-coord', ['--config', file]);
    try {
      await coord.waitFor(new RegExp(`^step ${step}/${STEPS}`, 'm'), 30_000);
      const victim = currentPid(coord.out(), rank);
      process.kill(victim, 'SIGKILL');
      if (metrics) {
        await coord.waitFor(/restart 1 of 3/, 20_000);
        const url = /metrics at (http:\/\/\S+\/metrics)/.exec(coord.out())?.[1];
        assert.ok(url, `no metrics URL in\n${coord.out()}`);
        const text = await (await fetch(url)).text(); // the relaunched worker needs ~1 s before training resumes
        assert.match(text, /^mygpt_restarts_total\{reason="failure"\} 1$/m,
          'the group restart is counted in mygpt_restarts_total');
      }
      const { code } = await exitWithin(coord, 40_000);
      const where = `trial ${trial} (seed ${SEED}): rank ${rank} pid ${victim} killed after step ${step}`;
      assert.equal(code, 0, `${where}\n${coord.out()}`);
      const s = summary(runDir);
      assert.equal(s.steps, STEPS, `${where}: ran ${s.steps} steps`);
      assert.equal(s.restarts, 1, where);
      assert.equal(s.weightsChecksum, ref.s.weightsChecksum, `${where}: final weights differ from the undisturbed run`);
      assert.deepEqual(lossesByStep(runDir), ref.losses, `${where}: losses differ from the undisturbed run`);
      const f = JSON.parse(fs.readFileSync(path.join(runDir, 'failure.json'), 'utf8'));
      assert.equal(f.first.rank, rank, where);
      assert.equal(f.first.pid, victim, where);
      assert.equal(f.first.signal, 'SIGKILL', where);
      assert.ok(f.first.lastStep >= step, `${where}: failure.json lastStep ${f.first.lastStep}`);
      assert.ok(f.first.logTail.some((l: string) => /rank \d\/2: \d+ parameters/.test(l)),
        `${where}: log tail ${f.first.logTail}`);
      // in place: from a survivor's state of the newest step (the disk only when it is as new), at most the
      // step in flight lost
      const rec = f.failures[0].recovery;
      assert.ok(rec && (rec.source === 'peer' || rec.step % 10 === 0) && rec.stepsRedone <= 1,
        `${where}: ${JSON.stringify(rec)}`);
      results.push(
        `${where} -> resumed at step ${rec.step} from ${rec.source} in ${
          rec.seconds.toFixed(2)
        } s, finished ${s.steps}/${STEPS}, weights identical`,
      );
      const pids = [...coord.out().matchAll(/launched rank \d \(pid (\d+)/g)].map((m) => Number(m[1]));
      assert.deepEqual(await waitGone(pids, 5_000), [], `${where}: worker processes left behind`);
    } finally {
      coord.kill('SIGKILL');
      cleanup(dir);
    }
  }
  for (const r of results) t.diagnostic(r);
  t.diagnostic(`kill trials summary: ${results.length}/${TRIALS} survived (seed ${SEED})`);
});
