// Shared helpers for the deploy tests: repo paths, rendered kustomize overlays, YAML docs,
// and the metric names the live TrainingMetrics registry exports.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { TrainingMetrics } from '../../src/metrics/training';

// dist/test/deploy -> repo root (also works from test/deploy under ts-node)
export const ROOT = path.resolve(__dirname,
  fs.existsSync(path.join(__dirname, '../../package.json')) ? '../..' : '../../..');

export function repoFile(rel: string): string {
  return fs.readFileSync(path.join(ROOT, rel), 'utf8');
}

// A rendered Kubernetes object, loosely typed: tests walk it like JSON.
export type K8sObject = { apiVersion: string; kind: string;
  metadata: { name: string; labels?: Record<string, string>; }; [k: string]: any; };

const rendered = new Map<string, K8sObject[]>();

/** kubectl on PATH (it renders the overlays with its built-in kustomize), or undefined. */
function kubectlPath(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return [...dirs, '/usr/bin', '/usr/local/bin'].map((d) => path.join(d, 'kubectl')).find((f) => fs.existsSync(f));
}

/** Skip reason for tests that render overlays: kubectl is not packaged in Debian, so a machine may lack it. */
export const NO_KUBECTL: string | undefined = kubectlPath() ?
  undefined
  : 'kubectl not found on PATH: these checks render k8s/overlays with `kubectl kustomize` ' +
    '(install kubectl >= 1.26 from https://pkgs.k8s.io to run them)';

export type Overlay = 'cpu' | 'gpu' | 'plain-jobs';
export const OVERLAYS: Overlay[] = ['cpu', 'gpu', 'plain-jobs'];

/** A copy of k8s/ and dashboards/ in a temp dir with fresh CURVE keys where the overlays read them
 *  (k8s/components/curve/keys, made by `mygpt-keys` as a user would): the repo holds no keys. */
export function k8sTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-k8s-'));
  for (const d of ['k8s', 'dashboards']) fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
  const keys = path.join(dir, 'k8s/components/curve/keys');
  fs.rmSync(keys, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(ROOT, 'bin/mygpt-keys.js'), '--out', keys], { encoding: 'utf8',
    timeout: 30_000 });
  return dir;
}

/** `kubectl kustomize DIR` parsed into objects. */
export function kustomizeDir(dir: string): K8sObject[] {
  const kubectl = kubectlPath();
  if (!kubectl) throw new Error(NO_KUBECTL);
  const out = execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 });
  return parseYamlDocs(out, `kubectl kustomize ${dir}`) as K8sObject[];
}

let tree: string | undefined;

export function kustomize(overlay: Overlay): K8sObject[] {
  const hit = rendered.get(overlay);
  if (hit) return hit;
  if (!tree) {
    const t = tree = k8sTree();
    process.on('exit', () => fs.rmSync(t, { recursive: true, force: true }));
  }
  const objs = kustomizeDir(path.join(tree, 'k8s/overlays', overlay));
  rendered.set(overlay, objs);
  return objs;
}

export function parseYamlDocs(text: string, what: string): unknown[] {
  return parseAllDocuments(text).map((d, i) => {
    if (d.errors.length > 0) throw new Error(`${what}: YAML document ${i}: ${d.errors[0].message}`);
    return d.toJS();
  }).filter((x) => x !== null);
}

/** The PrometheusRule as written (kustomize only adds labels to it): no kubectl needed. */
export function prometheusRule(): K8sObject {
  return parseYamlDocs(repoFile('k8s/base/prometheusrule.yaml'), 'k8s/base/prometheusrule.yaml')[0] as K8sObject;
}

export function find(objs: K8sObject[], kind: string, name: string): K8sObject {
  const hit = objs.find((o) => o.kind === kind && (o.metadata.name === name || o.metadata.name.startsWith(`${name}-`)));
  if (!hit) throw new Error(`no ${kind} ${name} among ${objs.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return hit;
}

// Every series name a scrape of the project's registry can contain (histograms expand), after one
// step and one evaluation (the loss gauges have no sample before them).
export async function exportedSeriesNames(): Promise<Set<string>> {
  const m = new TrainingMetrics();
  m.observeStep({ rank: 0, step: 1, loss: 4, lr: 1e-3, computeS: 0.1, waitS: 0, stepS: 0.11, tokens: 512,
    allreduceBytes: 1024, gradNorm: 1, valLoss: 4, exposedCommS: 0, nonfiniteSkips: 0 });
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

const helps = new Map<string, string>();

/** A package bin's --help text (the built CLI: tests run from dist/). */
function cliHelp(bin: 'mygpt-coord' | 'mygpt-worker'): string {
  let h = helps.get(bin);
  if (h === undefined) {
    h = execFileSync(process.execPath, [path.join(ROOT, 'bin', `${bin}.js`), '--help'], { encoding: 'utf8',
      timeout: 30_000 });
    helps.set(bin, h);
  }
  return h;
}

/** Long options a package bin accepts, from its --help. */
export function cliFlags(bin: 'mygpt-coord' | 'mygpt-worker'): Set<string> {
  return new Set([...cliHelp(bin).matchAll(/^\s+(--[\w-]+)/gm)].map((m) => m[1]));
}

/** The environment variables a bin's --help says it reads (`env NAME`). */
export function cliEnvVars(bin: 'mygpt-coord' | 'mygpt-worker'): Set<string> {
  return new Set([...cliHelp(bin).replace(/\s+/g, ' ').matchAll(/env (MYGPT_\w+)/g)].map((m) => m[1]));
}
