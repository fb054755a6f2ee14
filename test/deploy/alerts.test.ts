// Alert behaviour, not just syntax: `promtool test rules` feeds synthetic mygpt_ series through
// the PrometheusRule's expressions and checks which alerts fire, and when they must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { prometheusRule } from './repo';

type Alert = { eval_time: string; alertname: string; exp_alerts: { exp_labels: Record<string, string> }[] };
type Case = { interval: string; input_series: { series: string; values: string }[]; alert_rule_test: Alert[] };

const fires = (at: string, name: string, ...labels: Record<string, string>[]): Alert =>
  ({ eval_time: at, alertname: name, exp_alerts: labels.map((l) => ({ exp_labels: l })) });
const silent = (at: string, name: string): Alert => fires(at, name);
const training = { series: 'mygpt_workers{state="TRAINING"}', values: '4x90' };

const CASES: Case[] = [
  { interval: '1m', input_series: [{ series: 'mygpt_worker_train_loss{rank="0"}', values: '2 2 NaN NaN' }],
    alert_rule_test: [silent('1m', 'MygptLossNaN'), fires('3m', 'MygptLossNaN', { severity: 'critical', rank: '0' })] },
  { interval: '1m', input_series: [training,
    { series: 'mygpt_worker_last_report_timestamp_seconds{rank="0"}', values: '0+60x10' },
    { series: 'mygpt_worker_last_report_timestamp_seconds{rank="1"}', values: '0 60 120x8' }],
    alert_rule_test: [silent('4m', 'MygptWorkerDown'), fires('7m', 'MygptWorkerDown', { severity: 'critical', rank: '1' })] },
  { interval: '1m', input_series: [{ series: 'mygpt_workers{state="FAILED"}', values: '0 0 1 1 1' }],
    alert_rule_test: [silent('1m', 'MygptWorkerFailed'), fires('4m', 'MygptWorkerFailed', { severity: 'critical', state: 'FAILED' })] },
  { interval: '1m', input_series: [{ series: 'mygpt_restarts_total', values: '0 0 1 1' }],
    alert_rule_test: [silent('1m', 'MygptRestarts'), fires('3m', 'MygptRestarts', { severity: 'warning' })] },
  { interval: '1m', input_series: [
    { series: 'mygpt_compute_seconds_total{rank="0"}', values: '0+30x30' },
    { series: 'mygpt_compute_seconds_total{rank="1"}', values: '0+30x30' },
    { series: 'mygpt_compute_seconds_total{rank="2"}', values: '0+90x30' }],
    alert_rule_test: [fires('20m', 'MygptStraggler', { severity: 'warning', rank: '2' })] },
  { interval: '1m', input_series: [training, { series: 'mygpt_tokens_per_second', values: '1000x40 300x20' }],
    alert_rule_test: [silent('40m', 'MygptThroughputDropped'), fires('50m', 'MygptThroughputDropped', { severity: 'warning' })] },
  { interval: '1m', input_series: [{ series: 'mygpt_train_loss', values: '3-0.01x30 2.7+0.05x30' }],
    alert_rule_test: [silent('30m', 'MygptLossRising'), fires('60m', 'MygptLossRising', { severity: 'warning' })] },
  { interval: '1m', input_series: [{ series: 'unrelated', values: '1x10' }],
    alert_rule_test: [silent('3m', 'MygptMetricsAbsent'), fires('7m', 'MygptMetricsAbsent', { severity: 'warning' })] },
];

function promtoolTest(cases: Case[]): { ok: boolean; out: string } {
  const pr = prometheusRule();
  // annotations are templates checked by `promtool check rules`; here only expr/for/labels matter
  const groups = (pr.spec.groups as { name: string; rules: Record<string, unknown>[] }[])
    .map((g) => ({ ...g, rules: g.rules.map(({ annotations: _a, ...r }) => r) }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-alerts-'));
  try {
    fs.writeFileSync(path.join(dir, 'rules.yml'), stringify({ groups }));
    fs.writeFileSync(path.join(dir, 'test.yml'), stringify({ rule_files: ['rules.yml'], evaluation_interval: '1m', tests: cases }));
    const r = spawnSync('/usr/bin/promtool', ['test', 'rules', path.join(dir, 'test.yml')], { encoding: 'utf8', timeout: 60_000 });
    return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('alerts fire on NaN loss, dead/failed workers, restarts, stragglers, throughput drop, rising loss, absent metrics', () => {
  if (!fs.existsSync('/usr/bin/promtool')) throw new Error('/usr/bin/promtool not found: `apt-get install prometheus` (CI installs it)');
  const r = promtoolTest(CASES);
  assert.ok(r.ok, `promtool test rules:\n${r.out}`);
});

test('the alert test can fail: a healthy run must not fire MygptLossNaN', () => {
  const r = promtoolTest([{ interval: '1m', input_series: [{ series: 'mygpt_worker_train_loss{rank="0"}', values: '2 2 2 2' }],
    alert_rule_test: [fires('3m', 'MygptLossNaN', { severity: 'critical', rank: '0' })] }]);
  assert.equal(r.ok, false);
  assert.match(r.out, /MygptLossNaN/);
});
