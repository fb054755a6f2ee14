// A real Prometheus scrapes a RUNNING 2-worker job's /metrics; its query API must return the mygpt_
// loss and throughput series with the right rank labels, and `promtool check metrics` accepts a scrape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, requireTool, waitFor } from '../metrics/procs';
import { cleanup, exitWithin, start, tinyConfig, waitGone, launchedPids } from './harness';

interface PromVector {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(port: number, q: string): Promise<PromVector[]> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`, {
    signal: AbortSignal.timeout(2000),
  });
  const body = (await res.json()) as { status: string; data: { result: PromVector[]; }; };
  if (body.status !== 'success') throw new Error(`query ${q}: ${JSON.stringify(body)}`);
  return body.data.result;
}

test('Prometheus scrapes a running job: per-rank loss/throughput series, promtool-clean', { timeout: 120_000 },
  async () => {
    const prometheus = requireTool('/usr/bin/prometheus', 'prometheus');
    const promtool = requireTool('/usr/bin/promtool', 'prometheus');
    const { dir, file } = tinyConfig({ train: { max_steps: 100_000 }, cluster: { workers: 2 },
      metrics: { enabled: true, port: 0 } });
    const coord = start('mygpt-coord', ['--config', file]);
    let prom: ChildProcess | undefined;
    let promLog = '';
    try {
      const [, url, host, port] = await coord.waitFor(/metrics at (http:\/\/([\d.]+):(\d+)\/metrics)/, 15_000);
      // from the start, before any worker joined: build info and a phase, but no loss sample (not a false 0)
      const early = await (await fetch(url, { signal: AbortSignal.timeout(2000) })).text();
      assert.match(early, /^mygpt_build_info\{[^}]*backend="cpu"[^}]*\} 1$/m);
      if (!/^training: /m.test(coord.out())) assert.doesNotMatch(early, /^mygpt_train_loss /m);
      assert.match(early, /^mygpt_run_phase\{phase="(waiting|initializing|training)"\} 1$/m);
      await coord.waitFor(/^step 5\/100000/m, 40_000);

      // promtool lints one scrape of the live endpoint
      const scrape = await (await fetch(url, { signal: AbortSignal.timeout(2000) })).text();
      const lint = spawnSync(promtool, ['check', 'metrics'], { input: scrape, encoding: 'utf8', timeout: 10_000 });
      assert.equal(lint.status, 0, `promtool check metrics:\n${lint.stdout}${lint.stderr}`);
      assert.match(scrape, /^mygpt_worker_train_loss\{rank="1"\} \d/m);
      assert.match(scrape, /^mygpt_run_phase\{phase="training"\} 1$/m);
      assert.match(scrape, /^mygpt_run_phase\{phase="waiting"\} 0$/m);
      assert.match(scrape, /^mygpt_build_info\{version="[^"]+",config_hash="[0-9a-f]+",backend="cpu"\} 1$/m);

      const promPort = await freePort();
      fs.writeFileSync(path.join(dir, 'prometheus.yml'), [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        '  - job_name: mygpt',
        `    static_configs: [{ targets: ['${host}:${port}'] }]`,
        '',
      ].join('\n'));
      prom = spawn(prometheus, [`--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
      prom.stdout!.on('data', (d) => {
        promLog += d;
      });
      prom.stderr!.on('data', (d) => {
        promLog += d;
      });
      const p = prom;
      const ranks = (v: PromVector[]) => v.map((x) => x.metric.rank).sort().join(',');
      const seen = (q: string, want: string | null) =>
        waitFor(`${q} in Prometheus (log: ${promLog.slice(-300)})`, 30_000, async () => {
          if (p.exitCode !== null) throw new Error(`prometheus exited ${p.exitCode}: ${promLog}`);
          const v = await query(promPort, q);
          return v.length > 0 && (want === null || ranks(v) === want) ? v : undefined;
        });

      for (const s of await seen('mygpt_worker_train_loss', '0,1')) {
        assert.equal(s.metric.job, 'mygpt');
        assert.ok(Number(s.value[1]) > 1 && Number(s.value[1]) < 6, `loss ${s.value[1]}`);
      }
      for (const s of await seen('mygpt_worker_tokens_per_second', '0,1')) assert.ok(Number(s.value[1]) > 0);
      assert.ok(Number((await seen('mygpt_tokens_per_second', null))[0].value[1]) > 0);
      assert.ok(Number((await seen('mygpt_train_loss', null))[0].value[1]) > 0);
      await seen('rate(mygpt_compute_seconds_total[5s])', '0,1');
      await seen('mygpt_wait_seconds_total', '0,1');
      const training = await seen('mygpt_workers{state="TRAINING"} == 2', null);
      assert.equal(training.length, 1);
      const progress = Number((await seen('mygpt_progress_ratio > 0', null))[0].value[1]);
      assert.ok(progress > 0 && progress < 1);
      await seen('mygpt_eta_seconds', null);
      await seen('mygpt_build_info{backend="cpu"}', null);
      for (const s of await seen('mygpt_worker_info{device="cpu"}', '0,1')) {
        assert.ok(s.metric.native_kernels, 'native_kernels label set');
      }
      await seen('mygpt_run_phase{phase="training"} == 1', null);
    } finally {
      if (prom && prom.exitCode === null) {
        const gone = new Promise((r) => prom!.once('exit', r));
        prom.kill('SIGTERM');
        const t = setTimeout(() => prom!.kill('SIGKILL'), 5000);
        await gone;
        clearTimeout(t);
      }
      const pids = [...launchedPids(coord.out()).values()];
      coord.kill('SIGTERM');
      await exitWithin(coord, 15_000);
      await waitGone(pids, 5_000);
      cleanup(dir);
    }
  });
