// A real Prometheus scrapes a RUNNING 2-worker job's /metrics; its query API must return the mygpt_
// loss and throughput series with the right rank labels, and `promtool check metrics` accepts a scrape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { requireTool } from '../metrics/procs';
import { PrometheusServer } from '../metrics/prometheus_server';
import { cleanup, exitWithin, start, tinyConfig, waitGone, launchedPids } from './harness';

test('Prometheus scrapes a running job: per-rank loss/throughput series, promtool-clean', { timeout: 120_000 },
  async () => {
    const promtool = requireTool('/usr/bin/promtool', 'prometheus');
    const { dir, file } = tinyConfig({ train: { max_steps: 100_000 }, cluster: { workers: 2 },
      metrics: { enabled: true, port: 0 } });
    const coord = start('mygpt-coord', ['--config', file]);
    let prom: PrometheusServer | undefined;
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

      prom = await PrometheusServer.start(`${host}:${port}`, dir);
      const p = prom;
      const seen = (q: string, want: string | null) => p.seen(q, want, 30_000);

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
      await prom?.stop();
      const pids = [...launchedPids(coord.out()).values()];
      coord.kill('SIGTERM');
      await exitWithin(coord, 15_000);
      await waitGone(pids, 5_000);
      cleanup(dir);
    }
  });
