// serveMetrics over real HTTP, and promtool's linter on a real scrape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { METRIC } from '../../src/metrics/names';
import { TrainingMetrics } from '../../src/metrics/training';
import { serveMetrics } from '../../src/metrics/server';
import { parseExposition, valueOf } from './exposition';
import { requireTool } from './procs';

function fed(): TrainingMetrics {
  const m = new TrainingMetrics();
  m.setBuildInfo({ version: '0.1.0', configHash: 'abc123', backend: 'cpu' });
  m.setWorkerInfo({ rank: 0, host: 'node-a', device: 'cpu', backend: 'wasm', nativeKernels: 'matmul' });
  for (let step = 1; step <= 3; step++) {
    for (const rank of [0, 1]) {
      m.observeStep({ rank, step, loss: 4 - step * 0.1, lr: 3e-4, computeS: 0.2, waitS: 0.01, stepS: 0.3, tokens: 2048,
        allreduceBytes: 1 << 20, gradNorm: 1.1, valLoss: step === 3 ? 3.8 : undefined, exposedCommS: 0.01,
        nonfiniteSkips: step === 3 ? 1 : 0 });
    }
  }
  m.setProgress(3, 10, 2.1);
  m.setWorkerStates({ TRAINING: 2 });
  return m;
}

test('GET /metrics, /healthz, 404, 405 on an OS-chosen port', async () => {
  const m = fed();
  const srv = await serveMetrics(m.registry, '127.0.0.1', 0);
  try {
    assert.ok(srv.port > 0);
    const url = `http://127.0.0.1:${srv.port}`;
    const res = await fetch(`${url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const e = parseExposition(await res.text());
    assert.equal(valueOf(e, METRIC.tokens, { rank: '1' }), 3 * 2048);
    assert.equal(valueOf(e, METRIC.valLoss), 3.8);
    assert.equal(await fetch(`${url}/healthz`).then((r) => r.text()), 'ok\n');
    const nf = await fetch(`${url}/nope`);
    assert.equal(nf.status, 404);
    assert.match(await nf.text(), /not found: \/nope/);
    assert.equal((await fetch(`${url}/metrics`, { method: 'POST' })).status, 405);
  } finally {
    await srv.close();
  }
});

test('a taken port fails with host:port in the message; bad port is rejected', async () => {
  const m = new TrainingMetrics({ defaultMetrics: false });
  const a = await serveMetrics(m.registry, '127.0.0.1', 0);
  try {
    await assert.rejects(serveMetrics(m.registry, '127.0.0.1', a.port),
      new RegExp(`metrics server cannot listen on 127\\.0\\.0\\.1:${a.port}: EADDRINUSE`));
  } finally {
    await a.close();
  }
  await assert.rejects(serveMetrics(m.registry, '127.0.0.1', 70000),
    /metrics.port must be an integer in 0..65535, got 70000/);
});

test('promtool check metrics passes on a real scrape', async () => {
  const promtool = requireTool('/usr/bin/promtool', 'prometheus');
  const srv = await serveMetrics(fed().registry, '127.0.0.1', 0);
  let body: string;
  try {
    body = await fetch(`http://127.0.0.1:${srv.port}/metrics`).then((r) => r.text());
  } finally {
    await srv.close();
  }
  const r = spawnSync(promtool, ['check', 'metrics'], { input: body, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, `promtool check metrics failed:\n${r.stdout}${r.stderr}`);
  assert.equal(`${r.stdout}${r.stderr}`.trim(), '', `promtool lint warnings:\n${r.stdout}${r.stderr}`);
});
