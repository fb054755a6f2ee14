// Rendered kustomize overlays: every object validates against the Kubernetes / JobSet / Prometheus
// Operator schemas, and names, labels, ports and the world size agree across objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { K8sObject, NO_KUBECTL, OVERLAYS, cliEnvVars, cliFlags, find, kustomize, parseYamlDocs,
  repoFile } from './repo';
import { validateJobSet } from './jobset_schema';
import { podTemplates } from './workloads';

// apiVersion + kind -> model class bundled with its JSON schema (offline).
function modelFor(o: K8sObject): { new(data: unknown): { validate(): void; }; } {
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
    return (require(mod) as Record<string, { new(data: unknown): { validate(): void; }; }>)[o.kind];
  } catch {
    throw new Error(`no schema for ${o.apiVersion} ${o.kind} (${o.metadata.name}); looked for ${mod}`);
  }
}

export function validate(o: K8sObject): void {
  if (o.kind === 'JobSet') return validateJobSet(o, validate);
  if (o.kind === 'Secret' && o.data) {
    // kustomize wraps long base64 over lines; the API server's decoder skips the newlines
    o = { ...o, data: Object.fromEntries(
      Object.entries(o.data as Record<string, string>).map(([k, v]) => [k, v.replace(/\n/g, '')]),
    ) };
  }
  const Model = modelFor(o);
  try {
    new Model(o).validate();
  } catch (err) {
    throw new Error(`${o.kind}/${o.metadata.name} is invalid: ${(err as Error).message}`);
  }
}

for (const overlay of OVERLAYS) {
  test(`${overlay}: every rendered object validates against its schema`, { skip: NO_KUBECTL }, () => {
    const objs = kustomize(overlay);
    const kinds = objs.map((o) => o.kind).sort();
    const workload = overlay === 'plain-jobs' ? 'Job' : 'JobSet';
    for (const k of ['ConfigMap', workload, 'PersistentVolumeClaim', 'PrometheusRule', 'Secret', 'Service',
      'ServiceMonitor'])
    {
      assert.ok(kinds.includes(k), `${overlay}: no ${k} rendered`);
    }
    for (const o of objs) validate(o);
  });

  test(`${overlay}: Services, workloads and the ServiceMonitor agree on labels, ports, ranks and DNS names`, {
    skip: NO_KUBECTL,
  }, () => {
    const objs = kustomize(overlay);
    const { coordinator, workers } = podTemplates(objs);
    const coordSvc = find(objs, 'Service', 'mygpt-coord');
    const monitor = find(objs, 'ServiceMonitor', 'mygpt');
    const runCm = find(objs, 'ConfigMap', 'mygpt-run');
    const run = parseYaml(runCm.data['run.yaml']) as { cluster: { port: number; };
      metrics: { port: number; host: string; }; };
    const labels = (t: typeof coordinator) => t.labels;
    const selects = (sel: Record<string, string>, l: Record<string, string> | undefined) =>
      Object.entries(sel).every(([k, v]) => l?.[k] === v);
    assert.ok(selects(coordSvc.spec.selector, labels(coordinator)),
      'coordinator Service does not select the coordinator pods');
    assert.ok(!selects(coordSvc.spec.selector, labels(workers)), 'coordinator Service also selects workers');
    assert.ok(selects(monitor.spec.selector.matchLabels, coordSvc.metadata.labels),
      'ServiceMonitor does not select Service mygpt-coord');

    // ports: ServiceMonitor port name -> Service port -> container port -> run.yaml
    const coordC = coordinator.spec.containers[0];
    const cPort = (name: string) => coordC.ports.find((p: { name: string; }) => p.name === name)?.containerPort;
    const sPort = (name: string) => coordSvc.spec.ports.find((p: { name: string; }) => p.name === name);
    const scraped = monitor.spec.endpoints[0];
    assert.equal(scraped.path, '/metrics');
    assert.ok(sPort(scraped.port), `ServiceMonitor scrapes port "${scraped.port}" that Service mygpt-coord lacks`);
    assert.equal(sPort('metrics').targetPort, 'metrics');
    assert.equal(sPort('control').targetPort, 'control');
    assert.equal(cPort('metrics'), run.metrics.port, 'container metrics port != run.yaml metrics.port');
    assert.equal(cPort('control'), run.cluster.port, 'container control port != run.yaml cluster.port');
    assert.equal(run.metrics.host, '0.0.0.0', 'metrics must listen on all interfaces in a pod');
    for (const probe of [coordC.readinessProbe, coordC.livenessProbe]) {
      assert.deepEqual(probe.httpGet, { path: '/healthz', port: 'metrics' });
    }

    // the image's ENTRYPOINT (tini) must stay PID 1: pods give args only, starting with the command
    const args: string[] = coordC.args;
    assert.equal(coordC.command, undefined, 'coordinator sets command:, which replaces the image ENTRYPOINT (tini)');
    assert.deepEqual(args.slice(0, 5), ['mygpt-coord', '--config', '/etc/mygpt/run.yaml', '--resume', 'auto']);
    assert.ok(args.includes('cluster.external=true'), 'coordinator not started with cluster.external=true');
    const ws = Number(args.find((a) => a.startsWith('cluster.world_size='))?.split('=')[1]);
    assert.equal(ws, 4);
    assert.equal(workers.completionMode, 'Indexed');
    assert.equal(workers.completions, ws);
    assert.equal(workers.parallelism, ws);

    // workers: dial the coordinator Service's control port; rank from the completion index; ring
    // address = the pod's own DNS name (hostname.subdomain) that the headless Service publishes
    const w = workers.spec.containers[0];
    assert.equal(w.command, undefined, 'worker sets command:, which replaces the image ENTRYPOINT (tini)');
    assert.deepEqual(w.args, ['mygpt-worker', '--coordinator',
      `tcp://${coordSvc.metadata.name}:${sPort('control').port}`, '--config', '/etc/mygpt/run.yaml', '--rank',
      '$(JOB_COMPLETION_INDEX)']);
    const env = w.env as { name: string; value?: string; valueFrom?: { fieldRef: { fieldPath: string; }; }; }[];
    const idx = env.findIndex((e) => e.name === 'JOB_COMPLETION_INDEX');
    assert.equal(env[idx].valueFrom?.fieldRef.fieldPath,
      "metadata.annotations['batch.kubernetes.io/job-completion-index']");
    const adv = env.findIndex((e) => e.name === 'MYGPT_ADVERTISE_HOST');
    assert.equal(env[adv]?.value,
      `${workers.hostname(Number.NaN).replace('NaN', '$(JOB_COMPLETION_INDEX)')}.${workers.subdomain}`);
    assert.ok(idx >= 0 && idx < adv, 'JOB_COMPLETION_INDEX must be defined before MYGPT_ADVERTISE_HOST uses it');
    const headless = objs.find((o) => o.kind === 'Service' && o.metadata.name === workers.subdomain);
    const js = objs.find((o) => o.kind === 'JobSet');
    if (js) {
      assert.equal(headless, undefined, 'the JobSet creates the headless Service itself; a second one would clash');
      assert.equal(js.spec.network.enableDNSHostnames, true);
      assert.equal(js.spec.network.publishNotReadyAddresses, true, 'ring peers must resolve before readiness');
    } else {
      assert.ok(headless, `no headless Service ${workers.subdomain} for the worker pods`);
      assert.equal(headless.spec.clusterIP, 'None');
      assert.equal(headless.spec.publishNotReadyAddresses, true);
      assert.ok(selects(headless.spec.selector, labels(workers)));
    }
    for (const t of [coordinator, workers]) {
      assert.equal(t.spec.restartPolicy, 'Never', `${t.job}: podFailurePolicy needs restartPolicy Never`);
      const pvc = t.spec.volumes.find((v: { persistentVolumeClaim?: unknown; }) => v.persistentVolumeClaim);
      assert.equal(pvc.persistentVolumeClaim.claimName,
        find(objs, 'PersistentVolumeClaim', 'mygpt-data').metadata.name);
    }
  });

  test(`${overlay}: every pod reads run.yaml where its --config says; flags and env exist in the CLIs`, {
    skip: NO_KUBECTL,
  }, () => {
    const objs = kustomize(overlay);
    const runCm = find(objs, 'ConfigMap', 'mygpt-run');
    const { coordinator, workers } = podTemplates(objs);
    for (const t of [coordinator, workers]) {
      const c = t.spec.containers[0];
      const bin = c.args[0] as 'mygpt-coord' | 'mygpt-worker';
      // the same file in every pod: workers hash it and the handshake refuses a different hash
      const file = c.args[c.args.indexOf('--config') + 1];
      const m = c.volumeMounts.find((x: { mountPath: string; }) =>
        x.mountPath === file || x.mountPath === path.posix.dirname(file)
      );
      const cm = t.spec.volumes.find((v: { name: string; }) => v.name === m?.name)?.configMap;
      assert.equal(cm?.name, runCm.metadata.name, `${t.job}: ${file} is not the rendered run.yaml ConfigMap`);
      assert.ok((m.subPath ?? path.posix.basename(file)) in runCm.data, `${t.job}: ConfigMap has no key for ${file}`);
      const flags = cliFlags(bin);
      for (const a of c.args.filter((x: string) => x.startsWith('--'))) {
        assert.ok(flags.has(a), `${t.job}: ${bin} has no option ${a}`);
      }
      const reads = cliEnvVars(bin);
      for (const e of (c.env ?? []).filter((x: { name: string; }) => x.name.startsWith('MYGPT_'))) {
        assert.ok(reads.has(e.name),
          `${t.job}: sets ${e.name}, which ${bin} does not read (it reads ${[...reads].join(', ')})`);
      }
    }
  });
}

test('k8s/tools/pvc-shell.yaml mounts the PVC where the pods do, as their user, covering data.path', {
  skip: NO_KUBECTL,
}, () => {
  const [pod] = parseYamlDocs(repoFile('k8s/tools/pvc-shell.yaml'), 'k8s/tools/pvc-shell.yaml') as K8sObject[];
  validate(pod);
  const { workers } = podTemplates(kustomize('cpu'));
  const mountOf = (spec: K8sObject['spec']) => {
    const vol = spec.volumes.find((v: { persistentVolumeClaim?: unknown; }) => v.persistentVolumeClaim);
    return { claim: vol.persistentVolumeClaim.claimName,
      at: spec.containers[0].volumeMounts.find((m: { name: string; }) => m.name === vol.name)?.mountPath };
  };
  const shell = mountOf(pod.spec);
  assert.deepEqual(shell, mountOf(workers.spec));
  for (const k of ['runAsUser', 'runAsGroup', 'fsGroup']) {
    assert.equal(pod.spec.securityContext[k], workers.spec.securityContext[k], k);
  }
  const run = parseYaml(repoFile('k8s/base/run.yaml')) as { data: { path: string; }; run: { dir: string; }; };
  for (const p of [run.data.path, run.run.dir]) {
    assert.ok(p.startsWith(`${shell.at}/`), `${p} is not on the PVC (${shell.at})`);
  }
});

test('gpu overlay: 4 workers with one nvidia.com/gpu each on GPU nodes; cpu overlay has none', { skip: NO_KUBECTL },
  () => {
    const gpu = podTemplates(kustomize('gpu')).workers;
    const c = gpu.spec.containers[0];
    assert.equal(gpu.completions * c.resources.limits['nvidia.com/gpu'], 4);
    assert.equal(c.resources.requests['nvidia.com/gpu'], 1);
    assert.equal(gpu.spec.nodeSelector['nvidia.com/gpu.present'], 'true');
    assert.ok(gpu.spec.tolerations.some((t: { key: string; }) => t.key === 'nvidia.com/gpu'));
    assert.match(c.image, /-gpu$/);
    assert.equal(c.env.find((e: { name: string; }) => e.name === 'MYGPT_DEVICE')?.value, 'gpu:0');
    for (const overlay of ['cpu', 'plain-jobs'] as const) {
      const cpu = podTemplates(kustomize(overlay)).workers.spec;
      assert.equal(cpu.containers[0].resources.limits['nvidia.com/gpu'], undefined);
      assert.equal(cpu.nodeSelector, undefined);
      assert.match(cpu.containers[0].image, /-cpu$/);
    }
  });

test('Grafana sidecar ConfigMap carries dashboards/mygpt.json unchanged', { skip: NO_KUBECTL }, () => {
  const cm = find(kustomize('gpu'), 'ConfigMap', 'mygpt-grafana-dashboard');
  assert.equal(cm.metadata.labels?.grafana_dashboard, '1');
  assert.equal(cm.data['mygpt.json'], repoFile('dashboards/mygpt.json'));
});

test('schema validation catches a broken manifest (the check can fail)', { skip: NO_KUBECTL }, () => {
  const job = structuredClone(find(kustomize('plain-jobs'), 'Job', 'mygpt-worker'));
  job.spec.completions = 'four';
  assert.throws(() => validate(job), /Job\/mygpt-worker is invalid: .*completions must be integer/);
  const js = structuredClone(find(kustomize('cpu'), 'JobSet', 'mygpt'));
  js.spec.failurePolicy.rules[0].action = 'FailJob';
  assert.throws(() => validate(js),
    /JobSet\/mygpt is invalid: \/spec\/failurePolicy\/rules\/0\/action must be equal to one of the allowed values/);
  const js2 = structuredClone(find(kustomize('cpu'), 'JobSet', 'mygpt'));
  js2.spec.replicatedJobs[1].template.spec.template.spec.containers[0].ports = 'none';
  assert.throws(() => validate(js2), /Job\/mygpt-workers-0 is invalid/);
  js2.spec.sucessPolicy = {};
  assert.throws(() => validate(js2), /must NOT have additional properties/);
  assert.throws(() => validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }),
    /no schema for example.com\/v1 Widget/);
});
