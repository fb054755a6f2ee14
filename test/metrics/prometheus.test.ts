// A REAL Prometheus server scrapes this test process's /metrics while it feeds step reports;
// the test then asks Prometheus' query API for the mygpt_ series with the right rank labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { METRIC } from '../../src/metrics/names';
import { TrainingMetrics } from '../../src/metrics/training';
import { serveMetrics } from '../../src/metrics/server';
import { freePort, requireTool, waitFor } from './procs';

interface PromVector {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(promPort: number, q: string): Promise<PromVector[]> {
  const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(q)}`, {
    signal: AbortSignal.timeout(2000),
  });
  const body = (await res.json()) as { status: string; data: { result: PromVector[]; }; };
  if (body.status !== 'success') throw new Error(`query ${q} failed: ${JSON.stringify(body)}`);
  return body.data.result;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

test('Prometheus scrapes mygpt_ loss and throughput series per rank', { timeout: 60_000 }, async () => {
  const prometheus = requireTool('/usr/bin/prometheus', 'prometheus');
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
  let child: ChildProcess | undefined;
  let log = '';
  try {
    const promPort = await freePort();
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      '  - job_name: mygpt',
      `    static_configs: [{ targets: ['127.0.0.1:${srv.port}'] }]`,
      '',
    ].join('\n'));
    child = spawn(prometheus, [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--log.level=warn',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => {
      log += d;
    });
    child.stderr?.on('data', (d) => {
      log += d;
    });
    const proc = child;

    const ranksOf = (v: PromVector[]) => v.map((x) => x.metric.rank).sort().join(',');
    const deadline = Date.now() + 30_000; // one budget for all queries below
    const seen = async (q: string, wantRanks: string | null) =>
      waitFor(`${q} in Prometheus`, Math.max(0, deadline - Date.now()), async () => {
        if (proc.exitCode !== null) throw new Error(`prometheus exited ${proc.exitCode}: ${log.slice(-2000)}`);
        const v = await query(promPort, q);
        if (v.length === 0) return undefined;
        if (wantRanks !== null && ranksOf(v) !== wantRanks) return undefined;
        return v;
      });

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
    throw new Error(`${(err as Error).message}\nprometheus log (tail):\n${log.slice(-2000)}`);
  } finally {
    clearInterval(feed);
    if (child) await stop(child);
    await srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
