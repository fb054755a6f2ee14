// The test-only faults reach a rank's collectives only through their MYGPT_TEST_* variables: unset (as in
// production), withTestFaults hands back the very collectives it was given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTestFaults } from '../../src/worker/test_faults';
import { serialGradSync } from '../../src/train/grad_sync';
import type { AllReduce } from '../../src/contracts';

const VARS = ['MYGPT_TEST_STALL_AFTER_CALLS', 'MYGPT_TEST_UNIT_LOG', 'MYGPT_TEST_NAN_GRAD'];

function withEnv<T>(env: Record<string, string>, f: () => T): T {
  const saved = VARS.map((k) => [k, process.env[k]] as const);
  for (const k of VARS) delete process.env[k];
  Object.assign(process.env, env);
  try {
    return f();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const who = () => ({ slot: 1, generation: 0, pos: 1, members: 2, step: 0 });

test('unset, the collectives come back untouched and no gradient is poisoned', () => {
  const allreduce: AllReduce = async () => undefined, gradSync = serialGradSync(allreduce);
  const c = withEnv({}, () => withTestFaults({ allreduce, gradSync }, who));
  assert.equal(c.allreduce, allreduce);
  assert.equal(c.gradSync, gradSync);
  assert.equal(c.poisonGradient, undefined);
});

test('MYGPT_TEST_STALL_AFTER_CALLS=2: the third all-reduce never settles; MYGPT_TEST_NAN_GRAD poisons', async () => {
  let sums = 0;
  const allreduce: AllReduce = async () => void sums++;
  const c = withEnv({ MYGPT_TEST_STALL_AFTER_CALLS: '2', MYGPT_TEST_NAN_GRAD: '1:3' },
    () => withTestFaults({ allreduce, gradSync: serialGradSync(allreduce) }, who));
  const buf = new Float32Array(1);
  await c.allreduce(buf);
  await c.allreduce(buf);
  const third = await Promise.race([c.allreduce(buf).then(() => 'settled'),
    new Promise((r) => setImmediate(() => r('pending')))]);
  assert.equal(third, 'pending');
  assert.equal(sums, 2);
  assert.equal(c.poisonGradient?.(3), true);
  assert.equal(c.poisonGradient?.(2), false);
});
