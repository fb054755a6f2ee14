// Multi-host training without machines: the coordinator and two external workers each run in their own
// network namespace, on a private 10.213.0.0/24 that exists only inside them, over links with added
// latency and a bandwidth cap. The run must end with exactly the weights of the same config trained on
// one host over loopback (run first, in this test). Skips with the reason where namespaces are unavailable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Proc, cleanup, exitWithin, readJsonl, start, tinyConfig, waitGone } from '../coordinator/harness';
import { until } from '../helpers';
import { IP, Lab, PREFIX, createLab, labUnavailable, listNamespaces, removeStaleLabs } from './netns';

const STEPS = 20; // tinyConfig's train.max_steps

interface Summary {
  ok: boolean;
  steps: number;
  weightsChecksum: string;
  error?: string;
}
const summaryOf = (dir: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, 'run', 'summary.json'), 'utf8')) as Summary;
const losses = (dir: string) =>
  readJsonl<{ step: number; loss: number; }>(path.join(dir, 'run', 'progress.jsonl')).map((r) => [r.step, r.loss]);
const esc = (s: string) => s.replace(/\./g, '\\.');

test('coordinator + 2 workers in 3 network namespaces (delay, rate cap) reach the single-host weights', {
  timeout: 90_000,
}, async (t) => {
  const why = labUnavailable();
  if (why) {
    t.skip(why);
    return;
  }
  const stale = removeStaleLabs();
  if (stale.length > 0) t.diagnostic(`removed namespaces left by a crashed run: ${stale.join(', ')}`);

  const single = tinyConfig(); // cluster.workers: 2, launched by the coordinator, all on 127.0.0.1
  const multi = tinyConfig(); // same training keys; the coordinator turns it external below
  const procs: Proc[] = [];
  let lab: Lab | undefined;
  try {
    const local = start('mygpt-coord', ['--config', single.file]);
    procs.push(local);
    assert.equal((await exitWithin(local, 35_000)).code, 0, local.out());
    const ref = summaryOf(single.dir);
    assert.equal(ref.ok, true, ref.error);
    assert.match(ref.weightsChecksum, /^[0-9a-f]{64}$/);

    lab = createLab(['coord', 'w0', 'w1'], { delayMs: 2, rateMbit: 20 });
    t.diagnostic(`every eth0 in the lab: ${lab.shaping}`);
    const ip = (h: string) => lab!.hosts.get(h)!.ip;
    const coord = start('mygpt-coord', ['--config', multi.file, '--set', 'cluster.external=true', '--set',
      'cluster.world_size=2', '--set', `cluster.host=${ip('coord')}`], {}, lab.wrap('coord'));
    procs.push(coord);
    const [, endpoint] = await coord.waitFor(new RegExp(`listening on (tcp://${esc(ip('coord'))}:\\d+) for 2 worker`),
      15_000);
    // rank 0 as in docs/multi-node.md (--advertise-host), rank 1 as the k8s worker pods (env MYGPT_ADVERTISE_HOST).
    // The namespaces stand for hosts, but the workers still see each other's /proc: shared memory off, so the
    // ring's bytes cross eth0 as between real hosts.
    const noShm = ['--set', 'cluster.shared_memory=false'];
    const workers = [
      start('mygpt-worker', ['--coordinator', endpoint, '--config', multi.file, '--rank', '0', '--advertise-host',
        ip('w0'), ...noShm], {}, lab.wrap('w0')),
      start('mygpt-worker', ['--coordinator', endpoint, '--config', multi.file, '--rank', '1', ...noShm], {
        MYGPT_ADVERTISE_HOST: ip('w1'),
      }, lab.wrap('w1')),
    ];
    procs.push(...workers);

    assert.equal((await exitWithin(coord, 40_000)).code, 0, coord.out() + workers.map((w) => w.out()).join('\n'));
    for (const w of workers) assert.equal((await exitWithin(w, 10_000)).code, 0, w.out());
    // each worker's ring socket is advertised (and reached) at its own namespace's address
    for (const r of [0, 1]) {
      assert.match(coord.out(), new RegExp(`rank ${r} joined: .* ring tcp://${esc(ip(`w${r}`))}:\\d+`));
    }

    const got = summaryOf(multi.dir);
    assert.equal(got.ok, true, got.error);
    assert.equal(got.steps, STEPS);
    assert.equal(got.weightsChecksum, ref.weightsChecksum,
      'namespaced run ended with other weights than the single-host run');
    assert.deepEqual(losses(multi.dir), losses(single.dir), 'per-step losses differ from the single-host run');

    // the gradients really crossed the shaped links: per step each of 2 ranks sends half the fp32
    // gradient twice (reduce-scatter + all-gather) = 4 bytes x parameters
    const params = Number(/(\d+) parameters/.exec(workers[0].out())?.[1]);
    assert.ok(params > 0, workers[0].out());
    for (const h of ['w0', 'w1']) {
      const tx = lab.txBytes(h);
      t.diagnostic(`${h}: ${tx} bytes sent through its eth0 (${params} parameters)`);
      assert.ok(tx >= STEPS * params * 4,
        `${h} sent ${tx} bytes through its eth0, < ${STEPS} steps x ${params} params x 4 bytes`);
    }
  } finally {
    for (const p of procs) p.kill('SIGKILL');
    await waitGone(procs.map((p) => p.pid), 5_000);
    lab?.destroy();
    cleanup(single.dir);
    cleanup(multi.dir);
  }
});

test('the lab stays inside its namespaces and is removed, also when a crashed run left it behind', { timeout: 30_000 },
  async (t) => {
    const why = labUnavailable();
    if (why) {
      t.skip(why);
      return;
    }
    const lab = createLab(['a', 'b'], { delayMs: 2, rateMbit: 20 });
    let names: string[];
    try {
      names = [...lab.hosts.values()].map((h) => h.ns);
      assert.deepEqual(names, [`${PREFIX}${process.pid}-a`, `${PREFIX}${process.pid}-b`]);
      const ours = execFileSync(IP, ['-o', 'addr'], { encoding: 'utf8' });
      assert.doesNotMatch(ours, /10\.213\./, "a lab address leaked into the test's own namespace");
      const inA = execFileSync(IP, ['-n', names[0], '-o', 'addr'], { encoding: 'utf8' });
      assert.match(inA, /eth0\s+inet 10\.213\.0\.2\/24/);
    } finally {
      lab.destroy();
    }
    assert.deepEqual(listNamespaces().filter((n) => n.startsWith(`${PREFIX}${process.pid}-`)), []);

    // a namespace named after a pid that no longer runs, with a process still inside it
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const ns = `${PREFIX}${dead}-w0`;
    execFileSync(IP, ['netns', 'add', ns]);
    const orphan = spawn(IP, ['netns', 'exec', ns, process.execPath, '-e', 'setTimeout(() => {}, 60000)'], {
      stdio: 'ignore',
    });
    try {
      // the process has entered the namespace (`ip netns pids` lists it): then removing the namespace must end it
      await until(() => execFileSync(IP, ['netns', 'pids', ns], { encoding: 'utf8' }).trim() !== '', 5_000,
        `a process in ${ns}`);
      assert.ok(listNamespaces().includes(ns));
      assert.ok(removeStaleLabs().includes(ns));
      assert.ok(!listNamespaces().includes(ns), `${ns} still exists`);
      assert.deepEqual(await waitGone([orphan.pid!], 5_000), [], 'the process left in the stale namespace still runs');
    } finally {
      orphan.kill('SIGKILL');
      try {
        execFileSync(IP, ['netns', 'del', ns], { stdio: 'ignore' });
      } catch { /* removed above */ }
    }
  });
