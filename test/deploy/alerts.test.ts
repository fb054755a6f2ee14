// Alert behaviour, not just syntax: the promtool unit tests in test/deploy/alerts.promtool.yml feed
// synthetic mygpt_ series (a join wait, a healthy run, each failure) through the PrometheusRule's
// expressions; every alert must be covered both firing and silent, and every firing case asserts the
// shipped summary and description as rendered (promtool compares labels and annotations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { prometheusRule, repoFile } from './repo';

type ExpAlert = { exp_labels: Record<string, string>; exp_annotations?: Record<string, string>; };
type AlertTest = { eval_time: string; alertname: string; exp_alerts: ExpAlert[]; };
type Suite = { rule_files: string[]; tests: { name: string; alert_rule_test: AlertTest[]; }[]; };

const suite = (): Suite => parse(repoFile('test/deploy/alerts.promtool.yml'));

type Rule = { alert?: string; expr: string; annotations?: Record<string, string>; };
type Groups = { name: string; rules: Rule[]; }[];

/** The PrometheusRule's groups as shipped, annotations included. */
const ruleGroups = (): Groups => structuredClone(prometheusRule().spec.groups as Groups);

/** promtool test rules on `tests` against `groups` (default: the PrometheusRule's), in a temp dir. */
function promtoolTest(s: Suite, groups = ruleGroups()): { ok: boolean; out: string; } {
  if (!fs.existsSync('/usr/bin/promtool')) {
    throw new Error('/usr/bin/promtool not found: `apt-get install prometheus` (CI installs it)');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-alerts-'));
  try {
    fs.writeFileSync(path.join(dir, s.rule_files[0]), stringify({ groups }));
    fs.writeFileSync(path.join(dir, 'alerts.promtool.yml'), stringify(s));
    const r = spawnSync('/usr/bin/promtool', ['test', 'rules', 'alerts.promtool.yml'], { cwd: dir, encoding: 'utf8',
      timeout: 60_000 });
    return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('promtool test rules: alerts.promtool.yml passes against k8s/base/prometheusrule.yaml', () => {
  const r = promtoolTest(suite());
  assert.ok(r.ok, `promtool test rules:\n${r.out}`);
});

test('every alert is tested both firing and silent, and only alerts that exist are tested', () => {
  const alerts = ruleGroups().flatMap((g) => g.rules).map((r) => r.alert!).filter(Boolean);
  const cases = suite().tests.flatMap((t) => t.alert_rule_test);
  for (const a of alerts) {
    assert.ok(cases.some((c) => c.alertname === a && c.exp_alerts.length > 0), `no test where ${a} fires`);
    assert.ok(cases.some((c) => c.alertname === a && c.exp_alerts.length === 0), `no test where ${a} stays silent`);
  }
  for (const c of cases) assert.ok(alerts.includes(c.alertname), `test names unknown alert ${c.alertname}`);
  const join = suite().tests.find((t) => /join wait/.test(t.name));
  assert.ok(join, 'no join-wait case');
  for (const a of alerts) {
    assert.ok(join.alert_rule_test.some((c) => c.alertname === a), `join-wait case does not check ${a}`);
  }
});

test('the alert tests can fail: the rules without their run_phase guards fire during the join wait', () => {
  // what the rules were before the run_phase guards: loss/throughput alerts without them
  const groups = ruleGroups();
  for (const r of groups[0].rules) r.expr = r.expr.replace(/\s*and on\(\) \(mygpt_run_phase\{[^}]*\} == 1\)\s*$/, '');
  const s = suite();
  const join = s.tests.find((t) => /join wait/.test(t.name))!;
  // and a coordinator that exports loss 0 before the first step (as it once did)
  (join as unknown as { input_series: { series: string; values: string; }[]; }).input_series
    .find((x) => x.series === 'mygpt_train_loss')!.values = '0x9 4.2-0.02x50';
  const r = promtoolTest({ ...s, tests: [join] }, groups);
  assert.equal(r.ok, false);
  assert.match(r.out, /MygptLossRising/);
});

test('every alert ships a summary and a description, and its firing cases assert both as rendered', () => {
  const cases = suite().tests.flatMap((t) => t.alert_rule_test);
  for (const r of ruleGroups().flatMap((g) => g.rules).filter((x) => x.alert)) {
    for (const k of ['summary', 'description']) assert.ok(r.annotations?.[k]?.trim(), `${r.alert} has no ${k}`);
    const labels = [...JSON.stringify(r.annotations).matchAll(/\$labels\.(\w+)/g)].map((m) => m[1]);
    for (const c of cases.filter((x) => x.alertname === r.alert)) {
      for (const a of c.exp_alerts) {
        assert.deepEqual(Object.keys(a.exp_annotations ?? {}).sort(), Object.keys(r.annotations!).sort(),
          `${r.alert} at ${c.eval_time}: exp_annotations must state every annotation`);
        // a label the template reads must be one the alert carries, and appear in the rendered text
        for (const l of labels) {
          assert.ok(a.exp_labels[l],
            `${r.alert} at ${c.eval_time}: the annotations read $labels.${l}, which the alert lacks`);
          assert.ok(Object.values(a.exp_annotations!).some((v) => v.includes(a.exp_labels[l])),
            `${r.alert}: ${l}=${a.exp_labels[l]} not rendered`);
        }
        for (const v of Object.values(a.exp_annotations!)) {
          assert.doesNotMatch(v, /\{\{|<no value>|\s\s/, `${r.alert}: unrendered template in "${v}"`);
        }
      }
    }
  }
});

test('the annotation assertions can fail: a template reading a label the alert lacks renders empty', () => {
  const groups = ruleGroups();
  const down = groups[0].rules.find((r) => r.alert === 'MygptWorkerDown')!;
  down.annotations!.summary = down.annotations!.summary.replace('$labels.rank', '$labels.rnak');
  const s = suite();
  const r = promtoolTest({ ...s,
    tests: s.tests.filter((t) =>
      t.alert_rule_test.some((c) => c.alertname === 'MygptWorkerDown' && c.exp_alerts.length)
    ) }, groups);
  assert.equal(r.ok, false, r.out);
  assert.match(r.out, /summary="mygpt rank {2}stopped reporting"/);
});
