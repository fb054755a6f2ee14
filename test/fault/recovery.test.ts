// In-place recovery (docs/reliability.md "In-place recovery"), with real processes: after a worker dies the
// survivors keep their processes and their state in memory, the replacement receives the state of the newest
// step from a live peer over the ring, and the run goes on from there: no checkpoint read, no completed step
// redone, final weights identical to an undisturbed run. The disk is the fallback when nobody holds a state
// (or with cluster.recovery: restart), and a donor that dies mid-transfer is replaced by another holder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exitWithin, readJsonl, start } from '../coordinator/harness';
import { STEPS, StepLine, assertNoWorkersLeft, cleanup, currentPid, faultConfig, runToEnd, summary,
  withExternalWorkers } from './harness';

const NO_CKPT = { checkpoint_interval: 1000 }; // no checkpoint during the run: the disk fallback would be step 0

interface Recovery {
  generation: number;
  source: string;
  step: number;
  donor: number;
  seconds: number;
  stepsRedone: number;
}
function recoveries(runDir: string): Recovery[] {
  const f = JSON.parse(fs.readFileSync(path.join(runDir, 'failure.json'), 'utf8'));
  return f.failures.filter((x: { recovery?: Recovery; }) => x.recovery).map((x: { recovery: Recovery; }) => x.recovery);
}
const redone = (runDir: string) =>
  readJsonl<StepLine & { redone?: boolean; }>(path.join(runDir, 'progress.jsonl')).filter((l) => l.redone);

const baselines = new Map<number, Promise<string>>();
/** The final weights of the undisturbed run of `workers` workers (no checkpoints). */
function reference(workers: number): Promise<string> {
  let p = baselines.get(workers);
  if (!p) {
    p = (async () => {
      const { dir, file, runDir } = faultConfig({ workers }, NO_CKPT);
      try {
        return (await runToEnd(file, runDir)).s.weightsChecksum;
      } finally {
        cleanup(dir);
      }
    })();
    baselines.set(workers, p);
  }
  return p;
}

/** Runs faultConfig({workers, ...cluster}, NO_CKPT) with `env`; `act` does the damage once step `at` is logged. */
async function disturbed(workers: number, at: number,
  act: (out: () => string, coord: ReturnType<typeof start>) => Promise<void>,
  o: { cluster?: Record<string, unknown>; env?: NodeJS.ProcessEnv; train?: Record<string, unknown>; } = {})
{
  const { dir, file, runDir } = faultConfig({ workers, ...o.cluster }, { ...NO_CKPT, ...o.train });
  const coord = start('mygpt-coord', ['--config', file], o.env ?? {});
  try {
    await coord.waitFor(new RegExp(`^step ${at}/${STEPS}`, 'm'), 30_000);
    await act(coord.out, coord);
    const { code } = await exitWithin(coord, 60_000);
    assert.equal(code, 0, coord.out());
    await assertNoWorkersLeft(coord.out());
    return { out: coord.out(), s: summary(runDir), rec: recoveries(runDir), redone: redone(runDir) };
  } finally {
    coord.kill('SIGKILL');
    cleanup(dir);
  }
}

test('kill -9 of one of three workers: the survivors keep their processes, the replacement gets the state from a peer',
  { timeout: 120_000 }, async () => {
  const ref = await reference(3);
  let pids: number[] = [];
  const r = await disturbed(3, 20, async (out) => {
    pids = [0, 1, 2].map((k) => currentPid(out(), k));
    process.kill(pids[1], 'SIGKILL');
  });
  assert.equal(r.s.steps, STEPS);
  assert.equal(r.s.weightsChecksum, ref, 'final weights differ from the undisturbed run');
  assert.equal(r.rec.length, 1, JSON.stringify(r.rec));
  assert.equal(r.rec[0].source, 'peer');
  assert.equal(r.rec[0].donor, 0);
  assert.equal(r.rec[0].stepsRedone, 0);
  assert.ok(r.rec[0].step >= 20, `recovered at step ${r.rec[0].step}`);
  assert.deepEqual(r.redone, [], 'no completed step is computed again');
  assert.equal(currentPid(r.out, 0), pids[0], 'rank 0 kept its process');
  assert.equal(currentPid(r.out, 2), pids[2], 'rank 2 kept its process');
  assert.notEqual(currentPid(r.out, 1), pids[1], 'rank 1 was relaunched');
  assert.match(r.out, /recovered \(generation 1, peer, 3 worker\(s\)\) after rank 1's failure \(Killed\)/);
  assert.match(r.out, /received the state of step \d+ from rank 0: \d+ bytes in \d+ ms, verified/);
});

test('two workers killed at once: the third holds the state and hands it to both replacements', { timeout: 120_000 },
  async () => {
    const ref = await reference(3);
    const r = await disturbed(3, 25, async (out) => {
      process.kill(currentPid(out(), 0), 'SIGKILL');
      process.kill(currentPid(out(), 2), 'SIGKILL');
    });
    assert.equal(r.s.weightsChecksum, ref, 'final weights differ from the undisturbed run');
    assert.ok(r.rec.length >= 1 && r.rec.every((x) => x.source === 'peer'), JSON.stringify(r.rec));
    assert.equal(r.rec[r.rec.length - 1].donor, 1);
    assert.deepEqual(r.redone, []);
  });

test('the donor dies during the transfer: another holder sends the state', { timeout: 150_000 }, async () => {
  const ref = await reference(3);
  const gate = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-gate-')), 'open');
  const r = await disturbed(3, 15, async (out, coord) => {
    process.kill(currentPid(out(), 2), 'SIGKILL');
    await coord.waitFor(/sending the state of step \d+/, 20_000); // rank 0, the donor, waits for the gate
    process.kill(currentPid(out(), 0), 'SIGKILL');
    await coord.waitFor(/relaunched rank 0 /, 20_000);
    fs.writeFileSync(gate, ''); // the next donor (rank 1) sends at once
  }, { env: { MYGPT_TEST_DONOR_GATE: gate } }).finally(() =>
    fs.rmSync(path.dirname(gate), { recursive: true, force: true })
  );
  assert.equal(r.s.weightsChecksum, ref, 'final weights differ from the undisturbed run');
  assert.equal(r.rec.length, 1, `one recovery completed (the first never started training): ${JSON.stringify(r.rec)}`);
  assert.equal(r.rec[0].source, 'peer');
  assert.equal(r.rec[0].donor, 1, 'rank 1, the only holder left, sent the state');
  assert.deepEqual(r.redone, []);
  assert.equal(r.s.restarts, 2);
});

test('every holder killed: the group falls back to the last checkpoint and says which steps it redoes', {
  timeout: 120_000,
}, async () => {
  const ref = await reference(2);
  const r = await disturbed(2, 28, async (out) => {
    process.kill(currentPid(out(), 0), 'SIGKILL');
    process.kill(currentPid(out(), 1), 'SIGKILL');
  }, { train: { checkpoint_interval: 10 } });
  assert.equal(r.s.weightsChecksum, ref, 'final weights differ from the undisturbed run');
  assert.equal(r.rec[r.rec.length - 1].source, 'disk', JSON.stringify(r.rec));
  assert.equal(r.rec[r.rec.length - 1].step, 20);
  assert.ok(r.rec[r.rec.length - 1].stepsRedone >= 8, JSON.stringify(r.rec));
  assert.ok(r.redone.length >= 8 && r.redone.every((l) => l.step > 20),
    `redone steps marked in progress.jsonl: ${r.redone.map((l) => l.step)}`);
});

test('cluster.recovery: restart keeps the restart from disk', { timeout: 120_000 }, async () => {
  const ref = await reference(2);
  const r = await disturbed(2, 25, async (out) => {
    process.kill(currentPid(out(), 1), 'SIGKILL');
  }, { cluster: { recovery: 'restart' }, train: { checkpoint_interval: 10 } });
  assert.equal(r.s.weightsChecksum, ref);
  assert.equal(r.rec[0].source, 'disk', JSON.stringify(r.rec));
  assert.equal(r.rec[0].step, 20);
  assert.ok(r.redone.length >= 5, `redone: ${r.redone.map((l) => l.step)}`);
});

test('a SIGSTOPped worker: blamed after heartbeat_timeout_s, killed, replaced from a peer', { timeout: 120_000 },
  async () => {
    const ref = await reference(2);
    let stopped = 0;
    const r = await disturbed(2, 20, async (out) => {
      stopped = currentPid(out(), 1);
      process.kill(stopped, 'SIGSTOP');
    }, { cluster: { heartbeat_timeout_s: 2 } });
    assert.equal(r.s.weightsChecksum, ref);
    assert.equal(r.rec.length, 1, JSON.stringify(r.rec));
    assert.equal(r.rec[0].source, 'peer');
    assert.equal(r.rec[0].stepsRedone, 0);
    assert.notEqual(currentPid(r.out, 1), stopped);
  });

test(
  'cluster.min_workers 2 of 3: the survivors train on without the killed worker, the replacement joins them, same loss',
  { timeout: 150_000 },
  async () => {
    const { dir, file, runDir } = faultConfig({ workers: 3 }, NO_CKPT);
    let refLoss: number;
    try {
      refLoss = (await runToEnd(file, runDir)).s.finalValLoss;
    } finally {
      cleanup(dir);
    }
    let pids: number[] = [];
    const r = await disturbed(3, 20, async (out) => {
      pids = [0, 1, 2].map((k) => currentPid(out(), k));
      process.kill(pids[1], 'SIGKILL');
    }, { cluster: { min_workers: 2 } });
    assert.equal(r.s.steps, STEPS);
    assert.match(r.out, /^gang complete \(2 of 3: cluster\.min_workers 2\): rank 0=pid \d+@\S+ cpu, rank 2=pid/m,
      'the survivors started without rank 1');
    assert.match(r.out, /^recovered \(generation 1, peer, 2 worker\(s\)\) after rank 1's failure \(Killed\)/m);
    // from a survivor (either: the grow can cut a step that one of them completed and the other did not)
    assert.match(r.out,
      /^re-formed \(generation 2, peer, 3 worker\(s\)\) after rank 1 joining .*from rank [02]'s state in memory \(/m,
      'the replacement joined and got the state');
    assert.equal(r.rec.length, 1, 'the grow is no failure');
    assert.equal(r.rec[0].stepsRedone, 0);
    assert.deepEqual(r.redone, []);
    assert.equal(currentPid(r.out, 0), pids[0]);
    assert.equal(currentPid(r.out, 2), pids[2]);
    // the global batch never changed: at 2 members only the summation order differs from 3
    assert.ok(Math.abs(r.s.finalValLoss - refLoss) <= 0.01 * refLoss,
      `final val loss ${r.s.finalValLoss} vs undisturbed ${refLoss}`);
  },
);

test('external workers (pods), min_workers 2 of 3: a dead pod is not waited for; its replacement joins later', {
  timeout: 150_000,
}, async () => {
  await withExternalWorkers(3, 15, async ({ coord, workers, worker, runDir }) => {
    workers[2].kill('SIGKILL');
    // the two survivors train on alone: a step after the shrunk generation started
    const [, secs] = await coord.waitFor(
      /^recovered \(generation 1, peer, 2 worker\(s\)\)[^\n]* in ([\d.]+) s[^\n]*\n(?:[^\n]*\n)*?step \d+\/60/m,
      30_000,
    );
    assert.ok(Number(secs) < 4, `the survivors waited ${secs} s: for the dead pod (heartbeat_timeout_s 4)?`);
    worker(2); // the recreated pod
    const { code } = await exitWithin(coord, 60_000);
    assert.equal(code, 0, coord.out());
    assert.match(coord.out(), /^re-formed \(generation 2, peer, 3 worker\(s\)\) after rank 2 joining/m);
    assert.equal(summary(runDir).steps, STEPS);
    for (const w of [workers[0], workers[1], workers[3]]) assert.equal((await exitWithin(w, 10_000)).code, 0, w.out());
  }, { min_workers: 2 }, NO_CKPT);
});
