// torchrun / Kubeflow environments with real processes: external workers configured only through
// torchrun's variables (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK) and a per-node launcher
// (`mygpt-worker --nproc-per-node 2`, configured through Kubeflow's PET_* names) join one coordinator and
// train to completion; a WORLD_SIZE that disagrees with the coordinator's world is refused naming both;
// SIGTERM to the launcher's process group reaches its workers once (each stops at one step with a
// checkpoint) and it exits with their code; a worker that dies stops its sibling and the node exits with
// the most severe code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { controlEndpoint, exitWithin, Proc, start, waitGone, withCoordinator } from './harness';
import { ExitCode } from '../../src/exit_codes';
import { joinRe } from '../helpers';

/** MASTER_ADDR / MASTER_PORT of a coordinator's printed endpoint. */
function master(endpoint: string): { addr: string; port: string; } {
  const m = /^tcp:\/\/(.+):(\d+)$/.exec(endpoint)!;
  return { addr: m[1], port: m[2] };
}

/** Waits up to 20 s for the launcher to exit, asserts its exit code is `want`, returns what it printed. */
async function launcherExit(launcher: Proc, want: number): Promise<string> {
  const { code } = await exitWithin(launcher, 20_000);
  assert.equal(code, want, launcher.out());
  return launcher.out();
}

/** The pids of a launcher's children, from its "started local rank L (pid P" lines. */
function childPids(out: string): number[] {
  return [...out.matchAll(/started local rank \d+ \(pid (\d+)/g)].map((m) => Number(m[1]));
}

/** A world-2 external coordinator and one `--nproc-per-node 2` launcher (extra args, prefix) training past step 5;
 *  `body` gets them and the launcher's children, which must all be gone within 5 s after it; everything is killed
 *  and cleaned up afterwards. */
async function withLauncher(extra: string[], prefix: string[],
  body: (l: { coord: Proc; launcher: Proc; pids: number[]; dir: string; }) => Promise<void>): Promise<void>
{
  await withCoordinator({ train: { max_steps: 100_000 }, cluster: { external: true, world_size: 2 } },
    async ({ coord, file, dir, procs }) => {
      let pids: number[] = [];
      try {
        const endpoint = await controlEndpoint(coord);
        const launcher = start('mygpt-worker', ['--coordinator', endpoint, '--config', file, '--nproc-per-node', '2',
          ...extra], {}, prefix);
        procs.push(launcher);
        await coord.waitFor(/^step 5\/100000/m, 40_000);
        pids = childPids(launcher.out());
        assert.equal(pids.length, 2, launcher.out());
        await body({ coord, launcher, pids, dir });
        assert.deepEqual(await waitGone(pids, 5_000), [], "the launcher's workers outlived the test");
      } finally {
        for (const p of pids) {
          try {
            process.kill(p, 'SIGKILL');
          } catch { /* gone */ }
        }
      }
    });
}

test('torchrun variables and a --nproc-per-node launcher (PET_* names) train one world to completion', {
  timeout: 120_000,
}, async () => {
  await withCoordinator({ cluster: { external: true, world_size: 4 } }, async ({ coord, file, dir, procs }) => {
    const { addr, port } = master(await controlEndpoint(coord));
    // node 0 as torchrun starts it: no mygpt flag names the coordinator, the rank or the world
    for (const rank of [0, 1]) {
      procs.push(
        start('mygpt-worker', ['--config', file], { MASTER_ADDR: addr, MASTER_PORT: port, RANK: String(rank),
          WORLD_SIZE: '4', LOCAL_RANK: String(rank), LOCAL_WORLD_SIZE: '2' }),
      );
    }
    // node 1 as a Kubeflow TrainJob pod: PET_* only, one launcher for its two workers
    const launcher = start('mygpt-worker', ['--config', file, '--nproc-per-node', '2'], { PET_MASTER_ADDR: addr,
      PET_MASTER_PORT: port, PET_NNODES: '2', PET_NODE_RANK: '1' });
    procs.push(launcher);
    const { code } = await exitWithin(coord, 90_000);
    assert.equal(code, 0, coord.out());
    for (const p of procs) assert.equal((await exitWithin(p, 15_000)).code, 0, p.out());
    const out = coord.out();
    for (const r of [0, 1, 2, 3]) assert.match(out, new RegExp(`rank ${r} joined: pid \\d+`));
    assert.match(out, /^done: 20 steps/m);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'run', 'summary.json'), 'utf8')).ok, true);
    // which names decided what, said once per process
    assert.match(procs[1].out(),
      joinRe(/^worker 1: torchrun\/Kubeflow environment: used MASTER_ADDR=127\.0\.0\.1, MASTER_PORT=\d+, /,
        /WORLD_SIZE=4, RANK=1, LOCAL_RANK=1 -> coordinator tcp:\/\/127\.0\.0\.1:\d+, /,
        /rank 1, device cpu, world size 4/m));
    const lo = launcher.out();
    assert.match(lo,
      joinRe(/^mygpt-worker node launcher: torchrun\/Kubeflow environment: used PET_MASTER_ADDR=127\.0\.0\.1, /,
        /PET_MASTER_PORT=\d+, PET_NNODES=2, PET_NODE_RANK=1 -> .*2 workers per node, node rank 1, world size 4/m));
    assert.match(lo, /^mygpt-worker node launcher: started local rank 0 \(pid \d+, rank 2\)$/m);
    assert.match(lo, /^mygpt-worker node launcher: started local rank 1 \(pid \d+, rank 3\)$/m);
    assert.match(lo,
      joinRe(/^worker 3: torchrun\/Kubeflow environment: used PET_MASTER_ADDR=127\.0\.0\.1, PET_MASTER_PORT=\d+, /,
        /WORLD_SIZE=4, RANK=3, LOCAL_RANK=1 -> .*rank 3, device cpu/m));
    assert.match(lo, /all 2 worker\(s\) exited \(0: 0, 1: 0\); exit 0 \(Ok\)/);
  });
});

test("--nprocPerNode 2 (yargs' camel-case spelling) starts exactly two workers, neither a launcher itself", {
  timeout: 90_000,
}, async () => {
  await withCoordinator({ cluster: { external: true, world_size: 2 } }, async ({ coord, file, procs }) => {
    const endpoint = await controlEndpoint(coord);
    const launcher = start('mygpt-worker', ['--coordinator', endpoint, '--config', file, '--nprocPerNode', '2',
      '--nodeRank=0', '--nnodes', '1']);
    procs.push(launcher);
    const { code } = await exitWithin(coord, 60_000);
    assert.equal(code, 0, coord.out());
    assert.equal((await exitWithin(launcher, 15_000)).code, 0, launcher.out());
    const lo = launcher.out();
    // one launcher line per worker, both from the launcher itself; two joins at the coordinator
    assert.equal(childPids(lo).length, 2, lo);
    assert.equal([...lo.matchAll(/node launcher: started local rank/g)].length, 2, lo);
    assert.equal([...coord.out().matchAll(/^rank \d joined: pid \d+/gm)].length, 2, coord.out());
    assert.match(lo, /all 2 worker\(s\) exited \(0: 0, 1: 0\); exit 0 \(Ok\)/);
  });
});

test("a WORLD_SIZE other than the coordinator's world is refused naming both; the launcher exits Refused", {
  timeout: 90_000,
}, async () => {
  await withCoordinator({ cluster: { external: true, world_size: 2 } }, async ({ coord, file, procs }) => {
    const { addr, port } = master(await controlEndpoint(coord));
    const launcher = start('mygpt-worker', ['--config', file, '--nproc-per-node', '2'], { MASTER_ADDR: addr,
      MASTER_PORT: port, WORLD_SIZE: '3' });
    procs.push(launcher);
    const { code } = await exitWithin(launcher, 30_000);
    const out = launcher.out();
    assert.equal(code, ExitCode.Refused, out);
    assert.match(out,
      joinRe(/refused by coordinator: world size mismatch: the worker's environment expects a world of 3 .*the /,
        /coordinator runs 2 \(cluster\.world_size\)/));
    assert.match(out, /exit 3 \(Refused\), the most severe/);
    assert.match(coord.out(), /refused worker pid \d+ .*world size mismatch/);
    assert.deepEqual(await waitGone(childPids(out), 5_000), []);
  });
});

test(
  "SIGTERM to the launcher's process group reaches each worker once, forwarded: they stop preempted, " +
    'the launcher exits 4',
  { timeout: 90_000 },
  async () => {
    // setsid: the launcher leads its own process group, as under systemd, tini -g or a terminal
    await withLauncher(['--node-rank', '0', '--nnodes', '1'], ['setsid'], async ({ coord, launcher, dir }) => {
      process.kill(-launcher.pid, 'SIGTERM'); // the group: a worker in it would get a second SIGTERM and die of it
      const out = await launcherExit(launcher, ExitCode.Preempted);
      assert.match(out, /SIGTERM: forwarding to 2 worker\(s\)/);
      assert.match(out, /local rank 0 \(pid \d+\) exited 4 \(Preempted\)/);
      assert.match(out, /local rank 1 \(pid \d+\) exited 4 \(Preempted\)/);
      // the one forwarded SIGTERM is each worker's orderly stop: every rank stopped at one step with a checkpoint
      const steps = [0, 1].map((r) =>
        Number(
          new RegExp(
            `^worker ${r}: stopping: SIGTERM \\(preempted\\): every rank stopped at step (\\d+) with a checkpoint`,
            'm',
          ).exec(out)?.[1],
        )
      );
      assert.ok(steps[0] >= 5 && steps[1] === steps[0], `${steps}\n${out}`);
      const [, at] = await coord.waitFor(/the group resumes from \S+ckpt-0*(\d+)\.bin/, 10_000);
      assert.equal(Number(at), steps[0], coord.out());
      assert.ok(fs.existsSync(path.join(dir, 'run', `ckpt-${String(at).padStart(6, '0')}.bin`)), coord.out());
    });
  },
);

test('SIGINT (Ctrl-C) to the launcher reaches its workers as SIGTERM: a checkpoint and exit 4, not death by SIGINT', {
  timeout: 90_000,
}, async () => {
  await withLauncher([], [], async ({ launcher }) => {
    launcher.kill('SIGINT');
    const out = await launcherExit(launcher, ExitCode.Preempted);
    assert.match(out, /SIGINT: forwarding as SIGTERM to 2 worker\(s\)/);
    assert.match(out, /all 2 worker\(s\) exited \(0: 4, 1: 4\); exit 4 \(Preempted\)/);
    assert.match(out, /stopping: SIGTERM \(preempted\): every rank stopped at step \d+ with a checkpoint/);
  });
});

test('a launcher killed by SIGKILL leaves no orphan: its workers notice their parent is gone and exit', {
  timeout: 90_000,
}, async () => {
  await withLauncher([], [], async ({ launcher, pids }) => {
    launcher.kill('SIGKILL');
    assert.deepEqual(await waitGone(pids, 10_000), [], 'the workers outlived their launcher');
    await launcher.waitFor(new RegExp(`node launcher process ${launcher.pid} is gone`), 5_000);
  });
});

test("a launcher's worker killed by SIGKILL stops its sibling (SIGTERM) and the node exits 137, above the sibling's 4",
  { timeout: 90_000 }, async () => {
  await withLauncher([], [], async ({ launcher, pids }) => {
    process.kill(pids[1], 'SIGKILL'); // as the OOM killer would
    const out = await launcherExit(launcher, 137);
    assert.match(out, new RegExp(`local rank 1 \\(pid ${pids[1]}\\) exited 137\\n`));
    assert.match(out, /stopping the other 1 worker\(s\) of this node \(SIGTERM\)/);
    assert.match(out, new RegExp(`local rank 0 \\(pid ${pids[0]}\\) exited 4 \\(Preempted\\)`));
    assert.match(out, /all 2 worker\(s\) exited \(0: 4, 1: 137\); exit 137, the most severe/);
  });
});
