// backend.threads 0 in real processes: a worker under `taskset` logs the OpenBLAS threads its CPU set allows,
// and workers launched side by side share the CPUs.
import { test, TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'os';
import { spawnSync } from 'child_process';
import { cpuLimits } from '../../src/util/cpus';
import { cleanup, exitWithin, start, tinyConfig } from '../coordinator/harness';

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const noTaskset = hasTaskset ? false : 'taskset (util-linux) is not installed or cannot set an affinity here';
const { quota } = cpuLimits(); // the test's own cgroup is the workers' (they run under it)
const quotaCpus = quota ? Math.max(1, Math.floor(quota.quota / quota.period)) : Infinity;

/** A one-worker (or `workers`) wasm run under `taskset -c cpus`; the OpenBLAS lines of each rank. */
async function run(t: TestContext, cpus: string,
  workers: number): Promise<{ threads: number; why: string; }[] | undefined>
{
  const { dir, file } = tinyConfig({ backend: { name: 'wasm', native: true, threads: 0 }, cluster: { workers },
    train: { max_steps: 2, eval_interval: 0, checkpoint_interval: 0, sample_tokens: 0 } });
  try {
    const coord = start('mygpt-coord', ['--config', file], {}, ['taskset', '-c', cpus]);
    const { code } = await exitWithin(coord, 120_000);
    const out = coord.out();
    const off = /native kernels: off \((.*)\)/.exec(out);
    if (off) {
      t.skip(`the native kernels are off here: ${off[1]}`);
      return undefined;
    }
    assert.equal(code, 0, out);
    const lines = [...out.matchAll(/^\[rank (\d+)\] worker \d+: OpenBLAS: (\d+) threads? \((.*)\)$/mg)];
    assert.equal(lines.length, workers, out);
    return lines.map((m) => ({ threads: Number(m[2]), why: m[3] }));
  } finally {
    cleanup(dir);
  }
}

test('taskset -c 0: backend.threads 0 gives 1 thread, logged with the affinity', { skip: noTaskset }, async (t) => {
  const r = await run(t, '0', 1);
  if (!r) return;
  assert.equal(r[0].threads, 1);
  assert.match(r[0].why, /^backend\.threads 0: (no cgroup CPU quota|cgroup .*), affinity 1 CPU$/);
});

test(
  'taskset -c 0,1: backend.threads 0 gives 2 threads (fewer only under a smaller cgroup quota); ' +
    'two local workers share them',
  {
    skip: noTaskset ||
      (os.availableParallelism() < 2
        ? `this process may use ${os.availableParallelism()} CPU, the test needs 2`
        : false),
  },
  async (t) => {
    const one = await run(t, '0,1', 1);
    if (!one) return;
    assert.equal(one[0].threads, Math.min(2, quotaCpus), one[0].why);
    assert.match(one[0].why, /^backend\.threads 0: (no cgroup CPU quota|cgroup .*), affinity 2 CPUs$/);
    const two = await run(t, '0,1', 2);
    if (!two) return;
    for (const r of two) {
      assert.equal(r.threads, 1, r.why);
      assert.match(r.why, /affinity 2 CPUs, shared by 2 local workers$/);
    }
  },
);
