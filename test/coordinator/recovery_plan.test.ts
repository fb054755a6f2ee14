// Where a generation starts after a group restart (src/coordinator/recovery.ts): the newest state a member
// holds in memory when it is newer than the disk fallback, the donor and whether it must send, and what a
// Hello may claim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../src/config/schema';
import { heldInfoOf, planStart, welcomeOf } from '../../src/coordinator/recovery';
import { RunError } from '../../src/coordinator/failure';
import { ExitCode } from '../../src/exit_codes';

const sum = (c: string) => c.repeat(64);
const held = (step: number, c = 'a', generation = 3) => ({ step, checksum: sum(c), bytes: 1000, generation });
const cfg = (recovery: 'in_place' | 'restart' = 'in_place') => {
  const c = defaultConfig();
  c.cluster.recovery = recovery;
  return c;
};

test('the newest held state wins; the lowest rank holding it donates; a transfer only when someone lacks it', () => {
  // rank 1 replaced (nothing held), rank 2 one step behind (its ring all-reduce of step 31 failed)
  const p = planStart(cfg(), [held(31), undefined, held(30, 'b'), held(31)], 'run/ckpt-000020.bin', 20);
  assert.deepEqual(p, { source: 'peer', step: 31, checkpoint: '', donor: 0, state: held(31), transfer: true });
  assert.deepEqual(welcomeOf(p), { startStep: 31, checkpointPath: '', donor: 0, transfer: true, state: held(31) });
  // everyone holds it: no transfer, each rank applies its own copy
  assert.equal(planStart(cfg(), [held(31), held(31)], '', 0).transfer, false);
  // the lowest rank holding the newest step, not rank 0
  assert.equal(planStart(cfg(), [undefined, held(12, 'c'), held(12, 'c')], '', 0).donor, 1);
});

test('the disk when nobody holds a newer state, when it is as new, or with cluster.recovery: restart; ' +
  'else fresh', () => {
  const disk = { source: 'disk', step: 20, checkpoint: 'run/ckpt-000020.bin', donor: -1, transfer: false };
  assert.deepEqual(planStart(cfg(), [undefined, undefined], 'run/ckpt-000020.bin', 20), disk);
  // a preemption's checkpoint
  assert.deepEqual(planStart(cfg(), [held(20), undefined], 'run/ckpt-000020.bin', 20), disk);
  assert.deepEqual(planStart(cfg('restart'), [held(31), undefined], 'run/ckpt-000020.bin', 20), disk);
  assert.deepEqual(planStart(cfg(), [undefined, undefined], '', 0), { source: 'fresh', step: 0, checkpoint: '',
    donor: -1, transfer: false });
  assert.equal(planStart(cfg(), [held(0), undefined], '', 0).source, 'fresh'); // step 0 held = the seeded init
});

test('two members holding different states of one step: the replicas diverged (exit 5, not restarted), ' +
  'naming stable ranks', () => {
  assert.throws(() => planStart(cfg(), [held(31), held(31, 'b')], '', 0),
    (e: unknown) =>
      e instanceof RunError && e.rank === 1 && e.exitCode === ExitCode.Unrecoverable &&
      /rank 1 holds a state of step 31/.test(e.message));
  // a member that fell silent after applying step 31 and came back: its state is older than the group's step 31
  const p = planStart(cfg(), [held(31, 'a', 4), held(31, 'b', 2), undefined], '', 0);
  assert.deepEqual([p.source, p.donor, p.transfer, p.state?.checksum], ['peer', 0, true, sum('a')],
    'the stale one receives the state');
  // a shrunk group: positions 0, 1 are slots 1, 2
  assert.throws(() => planStart(cfg(), [held(31), held(31, 'b')], '', 0, [1, 2]),
    (e: unknown) =>
      e instanceof RunError && e.rank === 2 && /rank 2 holds a state of step 31 .*, rank 1 one with/.test(e.message));
});

test("a Hello's StateInfo is used only when well-formed and within the run", () => {
  assert.deepEqual(heldInfoOf({ step: 5, checksum: sum('f'), bytes: 77, generation: 2 }, 100), { step: 5,
    checksum: sum('f'), bytes: 77, generation: 2 });
  for (const bad of [{ step: 5, checksum: 'F'.repeat(64), bytes: 77 }, { step: 5, checksum: sum('f').slice(1),
    bytes: 77 }, { step: 101, checksum: sum('f'), bytes: 77 }, { step: 5, checksum: sum('f'), bytes: 0 }, { step: 5,
    checksum: sum('f'), bytes: 2 ** 41 }])
  {
    assert.equal(heldInfoOf(bad, 100), undefined, JSON.stringify(bad));
  }
  assert.equal(heldInfoOf(null, 100), undefined);
});
