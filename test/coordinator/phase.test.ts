// RunPhase: the written transition table, the illegal-transition check, and the metric label values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IllegalPhaseError, PHASE_TRANSITIONS, PhaseMachine, RunPhase,
  canEnterPhase } from '../../src/coordinator/phase';
import { RUN_PHASES } from '../../src/metrics/names';

test('RunPhase values are the mygpt_run_phase label values, in order', () => {
  assert.deepEqual(Object.values(RunPhase), [...RUN_PHASES]);
});

test('the transition table: happy path, restart loop, stop; terminal phases have no way out', () => {
  const seen: string[] = [];
  const m = new PhaseMachine((p) => seen.push(p));
  for (const p of [RunPhase.Initializing, RunPhase.Training, RunPhase.Restarting, RunPhase.Waiting,
    RunPhase.Initializing, RunPhase.Training, RunPhase.Stopping, RunPhase.Finished]) m.to(p);
  assert.deepEqual(seen, ['waiting', 'initializing', 'training', 'restarting', 'waiting', 'initializing', 'training',
    'stopping', 'finished']);
  assert.ok(m.terminal());
  assert.deepEqual(PHASE_TRANSITIONS[RunPhase.Finished], []);
  assert.deepEqual(PHASE_TRANSITIONS[RunPhase.Failed], []);
  for (const from of Object.values(RunPhase)) {
    if (from !== RunPhase.Finished && from !== RunPhase.Failed) {
      assert.ok(canEnterPhase(from, RunPhase.Failed), `${from} -> failed`);
    }
  }
});

test('an illegal transition throws IllegalPhaseError naming both phases and changes nothing', () => {
  const m = new PhaseMachine();
  const illegal: [RunPhase[], RunPhase][] = [
    [[], RunPhase.Training], // skipping initializing
    [[RunPhase.Initializing, RunPhase.Training], RunPhase.Waiting], // back to waiting without a restart
    [[RunPhase.Stopping], RunPhase.Restarting], // no restart once stopping
    [[RunPhase.Failed], RunPhase.Waiting], // out of a terminal phase
  ];
  for (const [path, to] of illegal) {
    const fresh = new PhaseMachine();
    for (const p of path) fresh.to(p);
    const before = fresh.phase;
    assert.throws(() => fresh.to(to), (e: unknown) =>
      e instanceof IllegalPhaseError && e.from === before && e.to === to &&
      e.message.includes(`${before} -> ${to}`));
    assert.equal(fresh.phase, before);
  }
  assert.equal(m.phase, RunPhase.Waiting);
});
