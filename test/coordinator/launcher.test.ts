// Local launch: one process per GPU with CUDA_VISIBLE_DEVICES set to its id (or N CPU workers), each
// told the coordinator endpoint, its rank, device, the config and every --set; exits are reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, launchDevices, describeExit } from '../../src/coordinator/launcher';
import { until } from '../helpers';

const PRINT_ENV = 'console.log(JSON.stringify({ cuda: process.env.CUDA_VISIBLE_DEVICES ?? null, parent: ' +
  'process.env.MYGPT_PARENT_PID, argv: process.argv.slice(1) })); ' +
  'process.exit(Number(process.argv[process.argv.indexOf("--rank") + 1]) + 3)';

async function run(devices: number[], cpuWorkers: number) {
  const lines: string[] = [];
  const ws = launch({ coordinator: 'tcp://127.0.0.1:5555', devices, cpuWorkers, configPath: 'run.yaml',
    sets: ['train.lr=0.1'], out: (l) => lines.push(l), workerArgv: [process.execPath, '-e', PRINT_ENV, '--'] });
  const exits = await Promise.all(ws.map((w) => w.exited));
  await until(() => lines.length >= ws.length, 5000, 'the line each worker printed'); // each prints exactly one
  return { ws, exits, lines };
}

test('one worker per GPU id, CUDA_VISIBLE_DEVICES = that id, with rank/device/config on argv', { timeout: 20_000 },
  async () => {
    const { ws, exits, lines } = await run([3, 5], 7);
    assert.deepEqual(ws.map((w) => w.device), ['gpu:3', 'gpu:5']);
    for (const [rank, dev] of [[0, 3], [1, 5]]) {
      const line = lines.find((l) => l.startsWith(`[rank ${rank}] `))!;
      const got = JSON.parse(line.slice(`[rank ${rank}] `.length));
      assert.equal(got.cuda, String(dev));
      assert.equal(got.parent, String(process.pid));
      assert.deepEqual(got.argv, ['--coordinator', 'tcp://127.0.0.1:5555', '--rank', String(rank), '--device',
        `gpu:${dev}`, '--config', 'run.yaml', '--set', 'train.lr=0.1']);
    }
    assert.deepEqual(exits.map(describeExit), ['exited with code 3', 'exited with code 4']);
  });

test('CPU workers get no CUDA_VISIBLE_DEVICES', { timeout: 20_000 }, async () => {
  assert.deepEqual(launchDevices([], 3), ['cpu', 'cpu', 'cpu']);
  const { lines } = await run([], 2);
  const cuda = lines.map((l) => JSON.parse(l.replace(/^\[rank \d\] /, '')).cuda);
  assert.deepEqual(cuda, [process.env.CUDA_VISIBLE_DEVICES ?? null, process.env.CUDA_VISIBLE_DEVICES ?? null]);
});
