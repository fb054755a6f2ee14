// Alert rules and dashboard queries: promtool accepts them, and every metric they read is one
// the project's live TrainingMetrics registry exports (histograms as _bucket/_sum/_count).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { METRIC } from '../../src/metrics/names';
import { prometheusRule, repoFile, exportedSeriesNames } from './repo';
import { grafanaToPromQL, metricNames } from './promql';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}
interface Panel {
  title: string;
  type: string;
  targets?: { expr: string; }[];
  panels?: Panel[];
}

function alertRules(): Rule[] {
  const pr = prometheusRule();
  return (pr.spec.groups as { rules: Rule[]; }[]).flatMap((g) => g.rules);
}

function dashboard(): { panels: Panel[]; templating: { list: { name: string; query?: unknown; }[]; }; } {
  return JSON.parse(repoFile('dashboards/mygpt.json'));
}

function dashboardExprs(): { title: string; expr: string; }[] {
  const flat = (ps: Panel[]): Panel[] => ps.flatMap((p) => [p, ...flat(p.panels ?? [])]);
  return flat(dashboard().panels).flatMap((p) => (p.targets ?? []).map((t) => ({ title: p.title, expr: t.expr })));
}

function promtoolCheckRules(groups: unknown): { ok: boolean; out: string; } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-rules-'));
  try {
    const file = path.join(dir, 'rules.yml');
    fs.writeFileSync(file, stringify({ groups }));
    const r = spawnSync('/usr/bin/promtool', ['check', 'rules', file], { encoding: 'utf8', timeout: 30_000 });
    return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// series Prometheus itself writes for every target
const SCRAPE_SERIES = new Set(['up']);

function unknownMetrics(exprs: { where: string; expr: string; }[], exported: Set<string>): string[] {
  return exprs.flatMap(({ where, expr }) =>
    metricNames(expr).filter((n) => !exported.has(n) && !SCRAPE_SERIES.has(n)).map((n) => `${where}: ${n} in ${expr}`)
  );
}

test('metricNames finds series and skips functions, keywords, labels, durations, variables', () => {
  assert.deepEqual(
    metricNames('histogram_quantile(0.99, sum by (le, rank) (rate(a_bucket{rank=~"$rank"}[$__rate_interval])))'),
    ['a_bucket'],
  );
  assert.deepEqual(metricNames('x > 1.1 * avg_over_time(y[10m] offset 20m) and on() (z{state="TRAINING"} > 0)').sort(),
    ['x', 'y', 'z']);
  assert.deepEqual(metricNames('rate(c[5m]) > 1.5 * ignoring(rank) group_left avg without(rank) (rate(c[5m]))'), ['c']);
  assert.deepEqual(metricNames('absent(m) or time() - q > 1e3'), ['m', 'q']);
});

test('alert rules pass promtool check rules and read only exported metrics', async () => {
  if (!fs.existsSync('/usr/bin/promtool')) {
    throw new Error('/usr/bin/promtool not found: `apt-get install prometheus` (CI installs it)');
  }
  const pr = prometheusRule();
  const r = promtoolCheckRules(pr.spec.groups);
  assert.ok(r.ok, `promtool check rules failed:\n${r.out}`);
  const rules = alertRules();
  for (const a of ['MygptWorkerDown', 'MygptLossNaN', 'MygptLossRising', 'MygptThroughputDropped', 'MygptRestarts']) {
    assert.ok(rules.some((x) => x.alert === a), `alert ${a} missing`);
  }
  const exported = await exportedSeriesNames();
  assert.deepEqual(unknownMetrics(rules.map((x) => ({ where: `alert ${x.alert}`, expr: x.expr })), exported), []);
});

test('dashboard queries are valid PromQL and read only exported metrics', async () => {
  const exprs = dashboardExprs();
  assert.ok(exprs.length >= 15, `only ${exprs.length} dashboard queries`);
  const groups = [{ name: 'dashboard',
    rules: exprs.map((e, i) => ({ record: `dashboard:q${i}`, expr: grafanaToPromQL(e.expr) })) }];
  const r = promtoolCheckRules(groups);
  assert.ok(r.ok, `dashboard PromQL rejected by promtool:\n${r.out}`);

  const exported = await exportedSeriesNames();
  assert.deepEqual(unknownMetrics(exprs.map((e) => ({ where: `panel "${e.title}"`, expr: e.expr })), exported), []);
  // variables: job, namespace, run (Prometheus Operator / local labels), rank; each from an exported metric
  for (const [name, label] of [['job', 'job'], ['namespace', 'namespace'], ['run', 'run'], ['rank', 'rank']]) {
    const v = dashboard().templating.list.find((x) => x.name === name);
    const m = /^label_values\((\w+)(\{[^}]*\})?,\s*(\w+)\)$/.exec(
      JSON.stringify(v?.query).match(/label_values\([^)]*\)/)?.[0] ?? '',
    );
    assert.ok(m && exported.has(m[1]) && m[3] === label,
      `variable ${name} must be label_values(<exported metric>, ${label}), got ${JSON.stringify(v?.query)}`);
  }
  // every series a panel reads is narrowed to the chosen job, namespace and run; rates use $__rate_interval
  for (const e of exprs) {
    for (const sel of e.expr.matchAll(/\bmygpt_\w+(\{[^}]*\})?/g)) {
      assert.match(sel[1] ?? '', /job=~"\$job",namespace=~"\$namespace",run=~"\$run"/,
        `panel "${e.title}": ${sel[0]} is not filtered by job/namespace/run`);
    }
    for (const w of e.expr.matchAll(/\[([^\]]+)\]/g)) {
      assert.equal(w[1], '$__rate_interval', `panel "${e.title}": window [${w[1]}]`);
    }
  }

  // the panels the run needs: loss, throughput, step/all-reduce time, bandwidth, workers, lr, restarts, progress
  const used = new Set(exprs.flatMap((e) => metricNames(e.expr)));
  for (const name of [METRIC.trainLoss, METRIC.valLoss, METRIC.workerTrainLoss, METRIC.tokensPerSecond,
    METRIC.workerTokensPerSecond, `${METRIC.stepDuration}_bucket`, `${METRIC.allreduceDuration}_bucket`,
    METRIC.allreduceBytes, METRIC.workers, METRIC.learningRate, METRIC.restarts, METRIC.progressRatio,
    METRIC.etaSeconds, METRIC.computeSeconds, METRIC.waitSeconds])
  {
    assert.ok(used.has(name), `no dashboard panel reads ${name}`);
  }
  assert.ok(exprs.some((e) => /histogram_quantile\(0\.99, .*mygpt_step_duration_seconds_bucket/.test(e.expr)),
    'no step time p99 panel');
  assert.ok(exprs.some((e) => /histogram_quantile\(0\.5, .*mygpt_step_duration_seconds_bucket/.test(e.expr)),
    'no step time p50 panel');
});

test('the checks can fail: unknown metrics and bad PromQL are reported', async () => {
  const exported = await exportedSeriesNames();
  assert.deepEqual(unknownMetrics([{ where: 'w', expr: 'rate(mygpt_step_duration_seconds[5m])' }], exported), [
    'w: mygpt_step_duration_seconds in rate(mygpt_step_duration_seconds[5m])',
  ]); // histogram base name is not a series
  assert.equal(promtoolCheckRules([{ name: 'g', rules: [{ alert: 'A', expr: 'sum(rate(x[5m])' }] }]).ok, false);
});

test('Grafana datasource interval = the scrape interval of configs/prometheus.yml', () => {
  const prom = parseYaml(repoFile('configs/prometheus.yml')) as { global: { scrape_interval: string; }; };
  const ds = parseYaml(repoFile('dashboards/provisioning/datasources/prometheus.yaml')) as {
    datasources: { jsonData: { timeInterval: string; }; }[];
  };
  assert.equal(ds.datasources[0].jsonData.timeInterval, prom.global.scrape_interval);
});

test('configs/prometheus.yml is valid and scrapes the local coordinator on 9400', () => {
  const r = spawnSync('/usr/bin/promtool', ['check', 'config', path.join(__dirname, '../../../configs/prometheus.yml')],
    { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(repoFile('configs/prometheus.yml'), /targets: \['127\.0\.0\.1:9400'\]/);
});
