// Rendered kustomize overlays: every object validates against the Kubernetes / Prometheus
// Operator schemas, and names, labels, ports and the world size agree across objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { K8sObject, find, kustomize, repoFile } from './repo';

const OVERLAYS = ['gpu', 'cpu'] as const;

// apiVersion + kind -> model class bundled with its JSON schema (offline).
function modelFor(o: K8sObject): { new (data: unknown): { validate(): void } } {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  const pkg = group === 'monitoring.coreos.com' ? '@kubernetes-models/prometheus-operator' : 'kubernetes-models';
  const mod = `${pkg}/${group ? `${group}/` : ''}${version}/${o.kind}`;
  try {
    require.resolve(`${pkg}/package.json`);
  } catch {
    throw new Error(`devDependency ${pkg} is not installed: run \`npm ci\` (it bundles the schemas)`);
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(mod) as Record<string, { new (data: unknown): { validate(): void } }>)[o.kind];
  } catch {
    throw new Error(`no schema for ${o.apiVersion} ${o.kind} (${o.metadata.name}); looked for ${mod}`);
  }
}

function validate(o: K8sObject): void {
  const Model = modelFor(o);
  try {
    new Model(o).validate();
  } catch (err) {
    throw new Error(`${o.kind}/${o.metadata.name} is invalid: ${(err as Error).message}`);
  }
}

for (const overlay of OVERLAYS) {
  test(`${overlay}: every rendered object validates against its schema`, () => {
    const objs = kustomize(overlay);
    const kinds = objs.map((o) => o.kind).sort();
    for (const k of ['ConfigMap', 'Job', 'PersistentVolumeClaim', 'PrometheusRule', 'Secret', 'Service', 'ServiceMonitor']) {
      assert.ok(kinds.includes(k), `${overlay}: no ${k} rendered`);
    }
    for (const o of objs) validate(o);
  });

  test(`${overlay}: Services, Jobs and the ServiceMonitor agree on labels, ports and ranks`, () => {
    const objs = kustomize(overlay);
    const coordSvc = find(objs, 'Service', 'mygpt-coord');
    const workerSvc = find(objs, 'Service', 'mygpt-workers');
    const coordJob = find(objs, 'Job', 'mygpt-coord');
    const workerJob = find(objs, 'Job', 'mygpt-worker');
    const monitor = find(objs, 'ServiceMonitor', 'mygpt');
    const runCm = find(objs, 'ConfigMap', 'mygpt-run');
    const run = parseYaml(runCm.data['run.yaml']) as { cluster: { port: number }; metrics: { port: number; host: string } };

    const selects = (sel: Record<string, string>, labels: Record<string, string> | undefined) =>
      Object.entries(sel).every(([k, v]) => labels?.[k] === v);
    assert.ok(selects(coordSvc.spec.selector, coordJob.spec.template.metadata.labels), 'coordinator Service does not select the coordinator pods');
    assert.ok(selects(workerSvc.spec.selector, workerJob.spec.template.metadata.labels), 'worker Service does not select the worker pods');
    assert.ok(!selects(coordSvc.spec.selector, workerJob.spec.template.metadata.labels), 'coordinator Service also selects workers');
    assert.ok(selects(monitor.spec.selector.matchLabels, coordSvc.metadata.labels), 'ServiceMonitor does not select Service mygpt-coord');
    assert.ok(!selects(monitor.spec.selector.matchLabels, workerSvc.metadata.labels), 'ServiceMonitor also selects the worker Service');

    // ports: ServiceMonitor port name -> Service port -> container port -> run.yaml
    const coordC = coordJob.spec.template.spec.containers[0];
    const cPort = (name: string) => coordC.ports.find((p: { name: string }) => p.name === name)?.containerPort;
    const sPort = (name: string) => coordSvc.spec.ports.find((p: { name: string }) => p.name === name);
    const scraped = monitor.spec.endpoints[0];
    assert.equal(scraped.path, '/metrics');
    assert.ok(sPort(scraped.port), `ServiceMonitor scrapes port "${scraped.port}" that Service mygpt-coord lacks`);
    assert.equal(sPort('metrics').targetPort, 'metrics');
    assert.equal(sPort('control').targetPort, 'control');
    assert.equal(cPort('metrics'), run.metrics.port, 'container metrics port != run.yaml metrics.port');
    assert.equal(cPort('control'), run.cluster.port, 'container control port != run.yaml cluster.port');
    assert.equal(run.metrics.host, '0.0.0.0', 'metrics must listen on all interfaces in a pod');
    for (const probe of [coordC.readinessProbe, coordC.livenessProbe]) {
      assert.equal(probe.httpGet.path, '/healthz');
      assert.equal(probe.httpGet.port, 'metrics');
    }

    // world size: coordinator --set cluster.world_size=N == Indexed Job completions == parallelism
    const args: string[] = coordC.args;
    assert.deepEqual(coordC.command, ['mygpt-coord']);
    assert.deepEqual(args.slice(0, 2), ['--config', '/etc/mygpt/run.yaml']);
    assert.ok(args.includes('cluster.external=true'), 'coordinator not started with cluster.external=true');
    const ws = Number(args.find((a) => a.startsWith('cluster.world_size='))?.split('=')[1]);
    assert.equal(ws, 4);
    assert.equal(workerJob.spec.completionMode, 'Indexed');
    assert.equal(workerJob.spec.completions, ws);
    assert.equal(workerJob.spec.parallelism, ws);

    // workers: dial the coordinator Service's control port, rank from the completion index
    const w = workerJob.spec.template.spec.containers[0];
    assert.deepEqual(w.command, ['mygpt-worker']);
    assert.deepEqual(w.args, ['--coordinator', `tcp://${coordSvc.metadata.name}:${sPort('control').port}`, '--rank', '$(JOB_COMPLETION_INDEX)']);
    const idx = w.env.find((e: { name: string }) => e.name === 'JOB_COMPLETION_INDEX');
    assert.equal(idx.valueFrom.fieldRef.fieldPath, "metadata.annotations['batch.kubernetes.io/job-completion-index']");
    assert.equal(workerJob.spec.template.spec.subdomain, workerSvc.metadata.name);
    assert.equal(workerSvc.spec.clusterIP, 'None');

    // restart behaviour and config/secret/pvc wiring
    for (const job of [coordJob, workerJob]) {
      const spec = job.spec.template.spec;
      assert.equal(spec.restartPolicy, 'Never', `${job.metadata.name}: podFailurePolicy needs restartPolicy Never`);
      assert.ok(job.spec.backoffLimit > 0);
      assert.ok(job.spec.podFailurePolicy.rules.some((r: { action: string }) => r.action === 'Ignore'));
      assert.equal(spec.securityContext.runAsNonRoot, true);
      const vols = spec.volumes as { name: string; secret?: { secretName: string }; persistentVolumeClaim?: { claimName: string }; configMap?: { name: string } }[];
      assert.equal(vols.find((v) => v.secret)?.secret?.secretName, find(objs, 'Secret', 'mygpt-curve').metadata.name);
      assert.equal(vols.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName, find(objs, 'PersistentVolumeClaim', 'mygpt-data').metadata.name);
    }
    const cmVol = coordJob.spec.template.spec.volumes.find((v: { configMap?: unknown }) => v.configMap);
    assert.equal(cmVol.configMap.name, runCm.metadata.name, 'coordinator mounts a ConfigMap that is not the rendered run.yaml');
  });
}

test('gpu overlay: 4 workers with one nvidia.com/gpu each on GPU nodes; cpu overlay has none', () => {
  const gpu = find(kustomize('gpu'), 'Job', 'mygpt-worker').spec;
  const c = gpu.template.spec.containers[0];
  assert.equal(gpu.completions * c.resources.limits['nvidia.com/gpu'], 4);
  assert.equal(c.resources.requests['nvidia.com/gpu'], 1);
  assert.equal(gpu.template.spec.nodeSelector['nvidia.com/gpu.present'], 'true');
  assert.ok(gpu.template.spec.tolerations.some((t: { key: string }) => t.key === 'nvidia.com/gpu'));
  assert.match(c.image, /-gpu$/);
  const cpu = find(kustomize('cpu'), 'Job', 'mygpt-worker').spec;
  assert.equal(cpu.template.spec.containers[0].resources.limits['nvidia.com/gpu'], undefined);
  assert.equal(cpu.template.spec.nodeSelector, undefined);
  assert.match(cpu.template.spec.containers[0].image, /-cpu$/);
});

test('Grafana sidecar ConfigMap carries dashboards/mygpt.json unchanged', () => {
  const cm = find(kustomize('gpu'), 'ConfigMap', 'mygpt-grafana-dashboard');
  assert.equal(cm.metadata.labels?.grafana_dashboard, '1');
  assert.equal(cm.data['mygpt.json'], repoFile('dashboards/mygpt.json'));
});

test('schema validation catches a broken manifest (the check can fail)', () => {
  const job = structuredClone(find(kustomize('cpu'), 'Job', 'mygpt-worker'));
  job.spec.completions = 'four';
  assert.throws(() => validate(job), /Job\/mygpt-worker is invalid: .*completions must be integer/);
  assert.throws(() => validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }), /no schema for example.com\/v1 Widget/);
});
