// How torchrun's and Kubeflow's variables become a worker's placement (precedence, the rank and world they
// describe, LOCAL_RANK's device, every contradiction a TorchrunEnvError naming both sides), and the node
// launcher's rules: the children's environment, the flags it keeps for them, and the exit-code severity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gpuDeviceNodes, placementLine, resolvePlacement, TorchrunEnvError } from '../../src/launch/torchrun_env';
import { childEnv, exitNumber, mostSevere, withoutLauncherFlags } from '../../src/launch/node_launcher';
import { ConfigError } from '../../src/config/load';
import { ExitCode } from '../../src/exit_codes';
import { joinRe } from '../helpers';

const refuses = (fn: () => unknown, re: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof TorchrunEnvError && e instanceof ConfigError && re.test(e.message));

test("torchrun's per-process variables alone place a worker", () => {
  const p = resolvePlacement({}, { MASTER_ADDR: 'node-0', MASTER_PORT: '29500', RANK: '3', WORLD_SIZE: '4',
    LOCAL_RANK: '1' }, 0);
  assert.equal(p.coordinator, 'tcp://node-0:29500');
  assert.equal(p.rank, 3);
  assert.equal(p.expectedWorldSize, 4);
  assert.equal(p.device, 'cpu');
  assert.equal(p.nprocPerNode, 1);
  assert.deepEqual(p.used, ['MASTER_ADDR=node-0', 'MASTER_PORT=29500', 'WORLD_SIZE=4', 'RANK=3', 'LOCAL_RANK=1']);
  assert.match(placementLine(p),
    joinRe(/^torchrun\/Kubeflow environment: used MASTER_ADDR=node-0, .* -> coordinator tcp:\/\/node-0:29500, rank /,
      /3, device cpu, world size 4/));
  assert.equal(placementLine(resolvePlacement({ coordinator: 'tcp://a:1' }, {}, 0)), '',
    'no line without those variables');
});

test('flags win over MYGPT_* which win over torchrun names which win over PET_* names; ' +
  'the ignored ones are named', () => {
  const env = { MASTER_ADDR: 'm', MASTER_PORT: '1', PET_MASTER_ADDR: 'pm', PET_MASTER_PORT: '2', RANK: '1',
    WORLD_SIZE: '2' };
  assert.equal(resolvePlacement({}, env, 0).coordinator, 'tcp://m:1');
  assert.equal(resolvePlacement({}, { PET_MASTER_ADDR: 'pm', PET_MASTER_PORT: '2' }, 0).coordinator, 'tcp://pm:2');
  const own = resolvePlacement({}, { ...env, MYGPT_COORDINATOR: 'tcp://own:3', MYGPT_RANK: '0' }, 0);
  assert.equal(own.coordinator, 'tcp://own:3');
  assert.equal(own.rank, 0);
  const flags = resolvePlacement({ coordinator: 'tcp://flag:4', rank: 1, device: 'gpu:7' }, { ...env,
    MYGPT_COORDINATOR: 'tcp://own:3', LOCAL_RANK: '0' }, 2);
  assert.equal(flags.coordinator, 'tcp://flag:4');
  assert.equal(flags.rank, 1);
  assert.equal(flags.device, 'gpu:7');
  assert.equal(flags.cudaVisible, undefined);
  assert.deepEqual(flags.overridden, ['MASTER_ADDR', 'MASTER_PORT', 'PET_MASTER_ADDR', 'PET_MASTER_PORT', 'RANK',
    'LOCAL_RANK']);
  assert.match(placementLine(flags),
    /ignored MASTER_ADDR, .*LOCAL_RANK \(a flag or MYGPT_\* variable said otherwise\)/);
  assert.equal(resolvePlacement({}, { MASTER_ADDR: 'fd00::1', MASTER_PORT: '29500' }, 0).coordinator,
    'tcp://[fd00::1]:29500');
  assert.equal(resolvePlacement({}, { MYGPT_RANK: '-1', RANK: '1' }, 0).rank, -1, 'MYGPT_RANK=-1 (any) still wins');
  assert.equal(resolvePlacement({}, {}, 0).rank, -1);
});

test('Kubeflow PET_* names: rank = node rank x processes per node + local rank, ' +
  'world = nodes x processes per node', () => {
  const one = resolvePlacement({}, { PET_MASTER_ADDR: 'h', PET_MASTER_PORT: '9', PET_NNODES: '3', PET_NODE_RANK: '2',
    PET_NPROC_PER_NODE: '1' }, 0);
  assert.deepEqual([one.rank, one.expectedWorldSize, one.nprocPerNode], [2, 3, 1]);
  const launcher = resolvePlacement({}, { PET_NNODES: '2', PET_NODE_RANK: '1', PET_NPROC_PER_NODE: '4' }, 0);
  assert.deepEqual([launcher.nprocPerNode, launcher.nodeRank, launcher.expectedWorldSize, launcher.rank], [4, 1, 8,
    -1]);
  const flagged = resolvePlacement({ nprocPerNode: '2', nodeRank: 0, nnodes: 2 }, { PET_NPROC_PER_NODE: '4',
    PET_NODE_RANK: '1' }, 0);
  assert.deepEqual([flagged.nprocPerNode, flagged.nodeRank, flagged.expectedWorldSize], [2, 0, 4]);
  assert.deepEqual(flagged.overridden, ['PET_NPROC_PER_NODE']);
  // `auto`: one per visible GPU, else one
  assert.equal(resolvePlacement({ nprocPerNode: 'auto' }, { CUDA_VISIBLE_DEVICES: '0,1,2' }, 8).nprocPerNode, 3);
  assert.equal(resolvePlacement({ nprocPerNode: 'auto' }, {}, 2).nprocPerNode, 2);
  assert.equal(resolvePlacement({ nprocPerNode: 'auto' }, {}, 0).nprocPerNode, 1);
});

test('LOCAL_RANK picks the GPU of that index among the visible ones, narrowing CUDA_VISIBLE_DEVICES', () => {
  const listed = resolvePlacement({}, { LOCAL_RANK: '1', CUDA_VISIBLE_DEVICES: '4,5' }, 8);
  assert.deepEqual([listed.device, listed.cudaVisible], ['gpu:5', '5']);
  const nodes = resolvePlacement({}, { LOCAL_RANK: '1' }, 2);
  assert.deepEqual([nodes.device, nodes.cudaVisible], ['gpu:1', '1']);
  assert.deepEqual([resolvePlacement({}, { LOCAL_RANK: '1' }, 0).device,
    resolvePlacement({}, { LOCAL_RANK: '0', CUDA_VISIBLE_DEVICES: '-1' }, 2).device], ['cpu', 'cpu']);
  refuses(() => resolvePlacement({}, { LOCAL_RANK: '2', CUDA_VISIBLE_DEVICES: '4,5' }, 0),
    /LOCAL_RANK=2 has no GPU: CUDA_VISIBLE_DEVICES=4,5 lists 2/);
  refuses(() => resolvePlacement({}, { LOCAL_RANK: '2' }, 1), /LOCAL_RANK=2 has no GPU: this machine has 1/);
  refuses(() => resolvePlacement({}, { LOCAL_RANK: '2', LOCAL_WORLD_SIZE: '2' }, 0),
    /LOCAL_RANK=2 is outside 0\.\.1 \(LOCAL_WORLD_SIZE=2\)/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-dev-'));
  try {
    for (const f of ['nvidia0', 'nvidia3', 'nvidiactl', 'nvidia-uvm']) fs.writeFileSync(path.join(dir, f), '');
    assert.equal(gpuDeviceNodes(dir), 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('contradictions and malformed values are errors naming the variables', () => {
  refuses(() => resolvePlacement({}, { WORLD_SIZE: '3', PET_NNODES: '2', PET_NPROC_PER_NODE: '2' }, 0),
    /WORLD_SIZE=3 disagrees with 2 node\(s\) x 2 process\(es\) per node = 4/);
  refuses(() => resolvePlacement({}, { RANK: '4', WORLD_SIZE: '4' }, 0),
    /rank 4 \(RANK\) is outside the world of 4 .*\(WORLD_SIZE\)/);
  refuses(() => resolvePlacement({ rank: 5 }, { WORLD_SIZE: '4' }, 0), /rank 5 \(--rank\) is outside/);
  refuses(() => resolvePlacement({}, { MASTER_ADDR: 'h' }, 0),
    /MASTER_ADDR=h is set but neither MASTER_PORT nor PET_MASTER_PORT/);
  refuses(() => resolvePlacement({}, { MASTER_PORT: '1' }, 0), /MASTER_PORT=1 is set but neither MASTER_ADDR/);
  refuses(() => resolvePlacement({}, { MASTER_ADDR: 'h', MASTER_PORT: '70000' }, 0), /MASTER_PORT=70000 is not a port/);
  refuses(() => resolvePlacement({}, { RANK: 'one' }, 0), /RANK="one" is not an integer >= 0/);
  refuses(() => resolvePlacement({}, { PET_NNODES: '1:4' }, 0),
    /PET_NNODES="1:4" .*elastic MIN:MAX ranges are not supported/);
  refuses(() => resolvePlacement({}, { PET_NNODES: '2', PET_NODE_RANK: '2' }, 0),
    /node rank 2 \(PET_NODE_RANK\) is outside 0\.\.1/);
  refuses(() => resolvePlacement({ nprocPerNode: '2', rank: 0 }, {}, 0),
    /--rank names one worker's rank; with --nproc-per-node 2 give the node's rank/);
  refuses(() => resolvePlacement({ nprocPerNode: '2', device: 'gpu:1' }, {}, 0),
    /--device gpu:1: with --nproc-per-node each worker takes the GPU of its local rank/);
  refuses(() => resolvePlacement({ nprocPerNode: '2', nodeRank: 2 }, { WORLD_SIZE: '4' }, 0),
    /node rank 2 x 2 processes per node does not fit the world of 4/);
  refuses(() => resolvePlacement({ nprocPerNode: '3' }, { CUDA_VISIBLE_DEVICES: '0,1' }, 8),
    /--nproc-per-node 3 but CUDA_VISIBLE_DEVICES=0,1 lists 2 GPU\(s\)/);
  refuses(() => resolvePlacement({ nprocPerNode: '3' }, {}, 2), /--nproc-per-node 3 but this machine has 2 GPU\(s\)/);
  assert.equal(resolvePlacement({ nprocPerNode: '3', device: 'cpu' }, {}, 2).device, 'cpu');
  assert.equal(resolvePlacement({ nprocPerNode: '2', device: 'cpu' }, {}, 4).device, 'cpu');
});

test("the launcher hands each child torchrun's per-process variables and the worker's own flags", () => {
  const l = { nproc: 2, nodeRank: 1, expectedWorldSize: 4, argv: [], log: () => undefined,
    env: { PET_NPROC_PER_NODE: '2', PET_NODE_RANK: '1', PET_NNODES: '2', RANK: '1', PET_MASTER_ADDR: 'h',
      PATH: '/bin' } };
  const e = childEnv(l, 1);
  assert.deepEqual([e.RANK, e.LOCAL_RANK, e.LOCAL_WORLD_SIZE, e.WORLD_SIZE, e.GROUP_RANK, e.PET_MASTER_ADDR, e.PATH], [
    '3',
    '1',
    '2',
    '4',
    '1',
    'h',
    '/bin',
  ]);
  assert.deepEqual([e.PET_NPROC_PER_NODE, e.PET_NODE_RANK, e.PET_NNODES], [undefined, undefined, undefined]);
  const anyRank = childEnv({ ...l, nodeRank: undefined, expectedWorldSize: 0 }, 0);
  assert.deepEqual([anyRank.RANK, anyRank.WORLD_SIZE], [undefined, undefined]);
  assert.deepEqual(
    withoutLauncherFlags(['--config', 'c.yaml', '--nproc-per-node', '2', '--node_rank=1', '--nnodes', '2', '--set',
      'a=1', '--nproc_per_node=4']),
    ['--config', 'c.yaml', '--set', 'a=1'],
  );
  // yargs' camel-case spellings are the same flags: left in, each child would be a launcher again
  assert.deepEqual(
    withoutLauncherFlags(['--nprocPerNode', '2', '--config', 'c.yaml', '--nodeRank=1', '--nnodes=2', '--nprocPerNode=2',
      '--set', 'x=1']),
    ['--config', 'c.yaml', '--set', 'x=1'],
  );
  assert.equal(e.MYGPT_NODE_LAUNCHER_PID, String(process.pid), 'a child knows it was launched, and by whom');
  assert.equal(e.MYGPT_LOCAL_WORKERS, '2', "backend.threads 0 shares the CPUs among the node's workers");
});

test('a worker started by the node launcher is one worker: --nproc-per-node above 1 there is refused', () => {
  refuses(() => resolvePlacement({ nprocPerNode: '2' }, { MYGPT_NODE_LAUNCHER_PID: '123' }, 0),
    /--nproc-per-node 2 in a worker started by the node launcher \(MYGPT_NODE_LAUNCHER_PID=123\)/);
  refuses(() => resolvePlacement({}, { MYGPT_NODE_LAUNCHER_PID: '123', PET_NPROC_PER_NODE: '2' }, 0),
    /PET_NPROC_PER_NODE 2 in a worker started by the node launcher/);
  assert.equal(resolvePlacement({ nprocPerNode: '1' }, { MYGPT_NODE_LAUNCHER_PID: '123' }, 0).nprocPerNode, 1);
});

test('the node exits with the most severe code: no-retry codes, then failures, then Preempted, then Ok', () => {
  const E = ExitCode;
  assert.equal(mostSevere([E.Ok, E.Preempted, E.Ok]), E.Preempted);
  assert.equal(mostSevere([E.Preempted, E.CoordinatorLost]), E.CoordinatorLost);
  assert.equal(mostSevere([E.CoordinatorLost, E.Internal, E.Preempted]), E.Internal);
  assert.equal(mostSevere([E.Preempted, 137, E.Internal]), 137,
    'a signal ranks with Internal; between equals the first to exit');
  assert.equal(mostSevere([E.Internal, E.Stopped]), E.Stopped);
  assert.equal(mostSevere([E.Stopped, E.Refused, E.Preempted]), E.Refused);
  assert.equal(mostSevere([E.Refused, E.Config]), E.Config);
  assert.equal(mostSevere([E.Config, E.Unrecoverable]), E.Unrecoverable);
  assert.equal(exitNumber(null, 'SIGKILL'), 137);
  assert.equal(exitNumber(3, null), 3);
});
