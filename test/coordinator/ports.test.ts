// Ports: coordinator (cluster.port 0) and every worker's ring socket bind port 0 and report what they
// got, so two jobs on one host never collide ("address already in use").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, exitWithin, start, tinyConfig } from './harness';

test('two 2-worker jobs run at the same time on one host', { timeout: 120_000 }, async () => {
  const jobs = [tinyConfig({ train: { max_steps: 10, sample_tokens: 0 } }),
    tinyConfig({ train: { max_steps: 10, sample_tokens: 0 } })];
  const procs = jobs.map((j) => start('mygpt-coord', ['--config', j.file]));
  try {
    const results = await Promise.all(procs.map((p) => exitWithin(p, 90_000)));
    results.forEach((r, i) => assert.equal(r.code, 0, procs[i].out()));
    const endpoints = procs.map((p) => /listening on (tcp:\/\/\S+)/.exec(p.out())![1]);
    assert.notEqual(endpoints[0], endpoints[1]);
    const rings = procs.flatMap((p) => [...p.out().matchAll(/ring (tcp:\/\/\S+)/g)].map((m) => m[1]));
    assert.equal(new Set(rings).size, 4, `ring addresses: ${rings.join(' ')}`);
  } finally {
    for (const p of procs) p.kill('SIGKILL');
    for (const j of jobs) cleanup(j.dir);
  }
});
