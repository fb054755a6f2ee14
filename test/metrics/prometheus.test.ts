// A REAL Prometheus server scrapes this test process's /metrics while it feeds step reports;
// the test then asks Prometheus' query API for the mygpt_ series with the right rank labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { METRIC } from '../../src/metrics/names';
import { TrainingMetrics } from '../../src/metrics/training';
import { serveMetrics } from '../../src/metrics/server';
import { PrometheusServer } from './prometheus_server';

test('Prometheus scrapes mygpt_ loss and throughput series per rank', { timeout: 60_000 }, async () => {
  const m = new TrainingMetrics();
  const srv = await serveMetrics(m.registry, '127.0.0.1', 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-prom-'));
  let step = 0;
  const feed = setInterval(() => {
    step++;
    for (const rank of [0, 1, 2]) {
      m.observeStep({ rank, step, loss: 4 / (1 + step * 0.01) + rank * 0.001, lr: 3e-4, computeS: 0.05,
        exposedCommS: 0.01, waitS: 0.002, stepS: 0.1, tokens: 4096, allreduceBytes: 1 << 16 });
    }
  }, 100);
  let prom: PrometheusServer | undefined;
  try {
    prom = await PrometheusServer.start(`127.0.0.1:${srv.port}`, dir);
    const p = prom;
    const deadline = Date.now() + 30_000; // one budget for all queries below
    const seen = (q: string, wantRanks: string | null) => p.seen(q, wantRanks, Math.max(0, deadline - Date.now()));

    const loss = await seen(METRIC.workerTrainLoss, '0,1,2');
    for (const s of loss) {
      assert.equal(s.metric.job, 'mygpt');
      const v = Number(s.value[1]);
      assert.ok(v > 0 && v < 4.01, `rank ${s.metric.rank} loss ${v}`);
    }
    const tps = await seen(METRIC.workerTokensPerSecond, '0,1,2');
    for (const s of tps) assert.ok(Math.abs(Number(s.value[1]) - 40960) < 1e-6, JSON.stringify(s));
    const global = await seen(METRIC.tokensPerSecond, null);
    assert.ok(Math.abs(Number(global[0].value[1]) - 3 * 40960) < 1e-6);
    await seen(`sum by (rank) (${METRIC.tokens})`, '0,1,2');
    await seen(`histogram_quantile(0.5, sum by (le, rank) (rate(${METRIC.stepDuration}_bucket[5s])))`, '0,1,2');
  } catch (err) {
    throw new Error(`${(err as Error).message}\nprometheus log (tail):\n${prom?.log.slice(-2000) ?? ''}`);
  } finally {
    clearInterval(feed);
    await prom?.stop();
    await srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
