// Training with native kernels follows the same loss curve as the stock kernels, and with native disabled
// (MYGPT_NATIVE=0, backend.native=false, or the addon missing) training still works and says native is off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { nativeBuilt } from './helpers';

interface ChildResult {
  losses: number[];
  log: string[];
  backend: string;
  ringNative: boolean;
}

function train(env: Record<string, string>, steps = 50): ChildResult {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'train_child.js')], {
    env: { ...process.env, MYGPT_TRAIN_CHILD: '1', MYGPT_CHILD_STEPS: String(steps), ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, `child failed (signal ${r.signal}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

const nativeLine = (r: ChildResult) => r.log.find((l) => l.startsWith('native kernels:')) ?? '(no native line)';

test('50 steps: native and stock kernels give the same loss curve', {
  skip: !nativeBuilt() && 'native addon not built',
}, () => {
  const nat = train({});
  const stock = train({ MYGPT_NATIVE: '0' });
  assert.match(nativeLine(nat), /native kernels: .*BatchMatMul.*MygptGelu/);
  assert.match(nativeLine(stock), /native kernels: off \(disabled by MYGPT_NATIVE=0\)/);
  assert.equal(nat.ringNative, true, 'native build: the ring sums in C');
  assert.equal(stock.ringNative, false, 'MYGPT_NATIVE=0: the ring sums in JS');
  assert.equal(nat.losses.length, 50);
  // It learns (so the comparison is not between two flat lines) ...
  assert.ok(nat.losses[49] < nat.losses[0] - 0.5, `loss ${nat.losses[0]} -> ${nat.losses[49]}`);
  // ... and both curves agree step by step (float32 reassociation differences only).
  nat.losses.forEach((l, i) =>
    assert.ok(Math.abs(l - stock.losses[i]) <= 2e-3 * Math.max(1, l),
      `step ${i + 1}: native ${l} vs stock ${stock.losses[i]}`)
  );
});

test('backend.native=false: stock kernels and the ring JS sum loops, log says why', () => {
  const r = train({ MYGPT_CHILD_NATIVE: 'false' }, 5);
  assert.match(nativeLine(r), /native kernels: off \(disabled by config \(backend\.native=false\)\)/);
  assert.equal(r.ringNative, false, 'the all-reduce sum loops are off too');
  assert.ok(r.losses.every(Number.isFinite));
});

test('addon missing: training still runs on stock kernels and says native is off', () => {
  const r = train({ MYGPT_NATIVE_ADDON: '/nonexistent/mygpt_native.node' }, 5);
  assert.equal(r.backend, 'wasm');
  assert.match(nativeLine(r), /native kernels: off \(\/nonexistent\/mygpt_native\.node not built/);
  assert.ok(r.losses.every(Number.isFinite) && r.losses[4] < r.losses[0], `losses ${r.losses}`);
});

test('stale addon (built from older sources): stock kernels, log says to rebuild', () => {
  const fake = path.join(os.tmpdir(), `mygpt-stale-addon-${process.pid}.js`);
  fs.writeFileSync(fake, 'module.exports = { matmul() {}, setThreads() { return 1; }, info() { return {}; } };\n');
  try {
    const r = train({ MYGPT_NATIVE_ADDON: fake }, 3);
    assert.match(nativeLine(r),
      /native kernels: off \(.*is stale \(lacks biasAct, .*\); rebuild: npm run build:native\)/);
    assert.ok(r.losses.every(Number.isFinite));
  } finally {
    fs.rmSync(fake, { force: true });
  }
});

test('native kernels leak no wasm tensor data across steps (dataIds and heap stable)', {
  skip: !nativeBuilt() && 'native addon not built',
}, async () => {
  const tf = await import('@tensorflow/tfjs');
  const { Trainer, identityAllReduce } = await import('../../src/train/trainer');
  const { testConfig } = await import('../helpers');
  const { SMALL_MODEL } = await import('./train_child');
  const cfg = testConfig([...SMALL_MODEL, 'train.grad_accum=2', 'train.max_steps=20']);
  const t = await Trainer.create(cfg, { rank: 0, worldSize: 1, allreduce: identityAllReduce, log: () => {} });
  const backend = tf.backend() as unknown as { numDataIds(): number; wasm: { HEAPU8: Uint8Array; }; };
  assert.match(tf.getBackend(), /wasm/);
  await t.trainStep();
  await t.trainStep();
  const ids = backend.numDataIds(), heapBytes = backend.wasm.HEAPU8.length;
  for (let i = 0; i < 5; i++) await t.trainStep();
  assert.equal(backend.numDataIds(), ids, 'wasm dataIds stable');
  assert.equal(backend.wasm.HEAPU8.length, heapBytes, 'wasm heap did not grow');
  t.dispose();
});
