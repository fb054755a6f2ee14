// Restart limits and coordinator-level stops:
// - a worker killed more often than cluster.max_restarts ends the run naming the worker, signal and step,
//   with failure.json holding every failure (first highlighted) and the worker's last output;
// - SIGTERM checkpoints at the next step boundary and exits 4 (Preempted); --resume continues to the exact end with
//   the weights of the undisturbed run;
// - a SIGKILLed coordinator leaves no worker behind; --resume loses at most one checkpoint interval and
//   ends at the exact step with the undisturbed run's weights;
// - Ctrl-C (SIGINT to the process group) takes the orderly path; a hung (SIGSTOPped) worker is found by
//   missed heartbeats, killed and relaunched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Proc, ROOT, exitWithin, launchedPids, waitGone } from '../coordinator/harness';
import { ExitCode } from '../../src/exit_codes';
import { cleanup } from './harness';
import { CKPT_EVERY, STEPS, assertNoWorkersLeft, assertResumeMatches, baseline, currentPid, faultConfig, summary,
  withFaultRun } from './harness';

/** A run stopped by `stop` once it printed step `at`; `stop` checks how it stopped and returns the step of the
 *  checkpoint it left; `--resume` from there must match the undisturbed run. */
async function stopThenResume(at: number, stop: (r: { coord: Proc; runDir: string; }) => Promise<number>) {
  const ref = await baseline();
  await withFaultRun({}, {}, async ({ coord, file, runDir }) => {
    await coord.waitFor(new RegExp(`^step ${at}/${STEPS}`, 'm'), 30_000);
    await assertResumeMatches(file, runDir, ref, await stop({ coord, runDir }));
  });
}

test('max_restarts exceeded: exit 6 naming the worker, signal and step; failure.json has the log tail', {
  timeout: 60_000,
}, async () => {
  await withFaultRun({ max_restarts: 1 }, { max_steps: 100_000 }, async ({ coord, runDir }) => {
    await coord.waitFor(/^step 5\/100000/m, 30_000);
    const first = currentPid(coord.out(), 1);
    process.kill(first, 'SIGKILL');
    await coord.waitFor(/relaunched rank 1 \(pid \d+/, 20_000);
    await coord.waitFor(/^recovered \(generation 1, peer, 2 worker\(s\)\)[^\n]*\n(?:[^\n]*\n)*?step \d+\/100000/m,
      30_000);
    const second = currentPid(coord.out(), 1);
    assert.notEqual(second, first);
    process.kill(second, 'SIGKILL');
    const { code } = await exitWithin(coord, 20_000);
    assert.equal(code, ExitCode.RestartsExhausted, coord.out());
    const out = coord.out();
    assert.match(out,
      new RegExp(`error: rank 1 \\(pid ${second} on \\S+, device cpu\\) was killed by signal SIGKILL at step \\d+`));
    assert.match(out, /giving up after 1 restart\(s\) \(cluster\.max_restarts 1\); first failure: rank 1 \(pid \d+/);
    assert.match(out, /^first failure: rank 1 .* killed by signal SIGKILL/m);
    const f = JSON.parse(fs.readFileSync(path.join(runDir, 'failure.json'), 'utf8'));
    assert.equal(f.failures.length, 2);
    assert.equal(f.restarts, 1);
    assert.deepEqual(f.failures.map((x: { action: string; }) => x.action), ['restart', 'fatal']);
    assert.equal(f.first.pid, first);
    assert.equal(f.failures[1].pid, second);
    assert.ok(f.failures[0].lastStep >= 5 && f.failures[1].lastStep >= 2,
      `lastSteps ${f.failures.map((x: { lastStep: number; }) => x.lastStep)}`);
    for (const x of f.failures) {
      assert.equal(x.rank, 1);
      assert.equal(x.signal, 'SIGKILL');
      assert.ok(x.logTail.length > 0 && x.logTail.length <= 50, 'log tail kept');
    }
    assert.match(fs.readFileSync(path.join(runDir, 'worker-1.log'), 'utf8'), /rejoin|rank 1\/2[\s\S]*rank 1\/2/);
    await assertNoWorkersLeft(out, [second]);
  });
});

test('SIGTERM: checkpoint at the next step boundary, exit 4; --resume ends at the exact step with the same weights', {
  timeout: 90_000,
}, async () => {
  await stopThenResume(13, async ({ coord, runDir }) => {
    coord.kill('SIGTERM');
    const { code } = await exitWithin(coord, 20_000);
    assert.equal(code, ExitCode.Preempted, coord.out());
    const m = /^stopped at step (\d+) of 60: checkpoint (\S+\.bin)/m.exec(coord.out());
    assert.ok(m, coord.out());
    const at = Number(m[1]);
    assert.ok(at >= 13 && at < STEPS, `stopped at ${at}`);
    assert.equal(path.basename(m[2]), `ckpt-${String(at).padStart(6, '0')}.bin`);
    assert.equal(fs.readFileSync(path.join(runDir, 'latest'), 'utf8').trim(), path.basename(m[2]));
    const s = summary(runDir);
    assert.equal(s.stopped, true);
    assert.equal(s.steps, at);
    await assertNoWorkersLeft(coord.out());
    return at;
  });
});

test('coordinator SIGKILLed: workers exit by themselves; --resume loses at most one checkpoint interval', {
  timeout: 90_000,
}, async () => {
  await stopThenResume(27, async ({ coord, runDir }) => {
    const pids = [...launchedPids(coord.out()).values()];
    coord.kill('SIGKILL');
    await exitWithin(coord, 5_000);
    assert.deepEqual(await waitGone(pids, 6_000), [], 'workers outlived their coordinator');
    const latest = fs.readFileSync(path.join(runDir, 'latest'), 'utf8').trim();
    const from = Number(/ckpt-0*(\d+)\.bin/.exec(latest)?.[1]);
    assert.ok(from >= 27 - CKPT_EVERY, `latest checkpoint ${latest}: lost more than one checkpoint interval`);
    return from;
  });
});

test('Ctrl-C (SIGINT to the whole process group) stops with a checkpoint and exit 4, not with killed workers', {
  timeout: 60_000,
}, async () => {
  const { dir, file, runDir } = faultConfig({}, { max_steps: 100_000 });
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'mygpt-coord.js'), '--config', file], { detached: true,
    stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  try {
    const deadline = Date.now() + 30_000;
    while (!/^step 5\/100000/m.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, /^step 5\/100000/m);
    process.kill(-child.pid!, 'SIGINT'); // what the terminal does on Ctrl-C
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 20_000))]);
    assert.equal(code, ExitCode.Preempted, out);
    assert.match(out, /^stopped at step \d+ of 100000: checkpoint \S+ckpt-\d+\.bin/m);
    assert.equal(summary(runDir).stopped, true);
    await assertNoWorkersLeft(out);
  } finally {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch { /* gone */ }
    cleanup(dir);
  }
});

test('a hung worker (SIGSTOP) is declared dead after heartbeat_timeout_s, killed, relaunched; exact end, same weights',
  { timeout: 90_000 }, async () => {
  const ref = await baseline();
  let victim = 0;
  await withFaultRun({ heartbeat_timeout_s: 3 }, {}, async ({ coord, runDir }) => {
    try {
      await coord.waitFor(/^step 25\/60/m, 30_000);
      victim = currentPid(coord.out(), 1);
      const t0 = Date.now();
      process.kill(victim, 'SIGSTOP');
      await coord.waitFor(
        /restart 1 of 3 \(generation 1\): rank 1 .*sent nothing for [\d.]+s \(cluster\.heartbeat_timeout_s 3\)/,
        10_000,
      );
      const took = (Date.now() - t0) / 1000;
      assert.ok(took >= 3 && took < 3 + 2, `hang detected after ${took}s (heartbeat_timeout_s 3)`);
      const { code } = await exitWithin(coord, 40_000);
      assert.equal(code, 0, coord.out());
      const s = summary(runDir);
      assert.equal(s.steps, STEPS);
      assert.equal(s.weightsChecksum, ref.s.weightsChecksum);
      assert.deepEqual(await waitGone([victim], 5_000), [], 'the hung worker was not killed');
    } finally {
      if (victim) {
        try {
          process.kill(victim, 'SIGKILL');
        } catch { /* gone */ }
      }
    }
  });
});
