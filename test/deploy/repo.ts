// Shared helpers for the deploy tests: repo paths, rendered kustomize overlays, YAML docs,
// and the metric names the live TrainingMetrics registry exports.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { TrainingMetrics } from '../../src/metrics';

// dist/test/deploy -> repo root (also works from test/deploy under ts-node)
export const ROOT = path.resolve(__dirname, fs.existsSync(path.join(__dirname, '../../package.json')) ? '../..' : '../../..');

export function repoFile(rel: string): string {
  return fs.readFileSync(path.join(ROOT, rel), 'utf8');
}

// A rendered Kubernetes object, loosely typed: tests walk it like JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; [k: string]: any };

const rendered = new Map<string, K8sObject[]>();

export function kustomize(overlay: 'gpu' | 'cpu'): K8sObject[] {
  const hit = rendered.get(overlay);
  if (hit) return hit;
  if (!fs.existsSync('/usr/bin/kubectl')) throw new Error('kubectl not found: install kubectl (CI installs it)');
  const out = execFileSync('/usr/bin/kubectl', ['kustomize', path.join(ROOT, 'k8s/overlays', overlay)],
    { encoding: 'utf8', timeout: 60_000 });
  const objs = parseYamlDocs(out, `kubectl kustomize k8s/overlays/${overlay}`) as K8sObject[];
  rendered.set(overlay, objs);
  return objs;
}

export function parseYamlDocs(text: string, what: string): unknown[] {
  return parseAllDocuments(text).map((d, i) => {
    if (d.errors.length > 0) throw new Error(`${what}: YAML document ${i}: ${d.errors[0].message}`);
    return d.toJS();
  }).filter((x) => x !== null);
}

export function find(objs: K8sObject[], kind: string, name: string): K8sObject {
  const hit = objs.find((o) => o.kind === kind && (o.metadata.name === name || o.metadata.name.startsWith(`${name}-`)));
  if (!hit) throw new Error(`no ${kind} ${name} among ${objs.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return hit;
}

// Every series name a scrape of the project's registry can contain (histograms expand).
export async function exportedSeriesNames(): Promise<Set<string>> {
  const m = new TrainingMetrics();
  const names = new Set<string>();
  for (const metric of await m.registry.getMetricsAsJSON()) {
    const type = String(metric.type);
    if (type === 'histogram') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
    } else if (type === 'summary') {
      for (const suffix of ['', '_sum', '_count']) names.add(metric.name + suffix);
    } else {
      names.add(metric.name);
    }
  }
  return names;
}
