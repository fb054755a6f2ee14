// Rendered kustomize overlays: every object validates against the Kubernetes / Prometheus
// Operator schemas, and names, labels, ports and the world size agree across objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { K8sObject, NO_KUBECTL, cliEnvVars, cliFlags, documentedExitCodes, find, kustomize, parseYamlDocs, repoFile } from './repo';

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
  test(`${overlay}: every rendered object validates against its schema`, { skip: NO_KUBECTL }, () => {
    const objs = kustomize(overlay);
    const kinds = objs.map((o) => o.kind).sort();
    for (const k of ['ConfigMap', 'Job', 'PersistentVolumeClaim', 'PrometheusRule', 'Secret', 'Service', 'ServiceMonitor']) {
      assert.ok(kinds.includes(k), `${overlay}: no ${k} rendered`);
    }
    for (const o of objs) validate(o);
  });

  test(`${overlay}: Services, Jobs and the ServiceMonitor agree on labels, ports and ranks`, { skip: NO_KUBECTL }, () => {
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
    assert.deepEqual(w.args, ['--coordinator', `tcp://${coordSvc.metadata.name}:${sPort('control').port}`,
      '--config', '/etc/mygpt/run.yaml', '--rank', '$(JOB_COMPLETION_INDEX)']);
    const env = w.env as { name: string; value?: string; valueFrom?: { fieldRef: { fieldPath: string } } }[];
    const idx = env.findIndex((e) => e.name === 'JOB_COMPLETION_INDEX');
    assert.equal(env[idx].valueFrom?.fieldRef.fieldPath, "metadata.annotations['batch.kubernetes.io/job-completion-index']");
    assert.equal(workerJob.spec.template.spec.subdomain, workerSvc.metadata.name);
    assert.equal(workerSvc.spec.clusterIP, 'None');
    // ring address = the pod's DNS name: hostname <job>-<index> (Indexed Job) . subdomain (headless Service);
    // $(JOB_COMPLETION_INDEX) only expands when that variable is defined earlier in the list
    const adv = env.findIndex((e) => e.name === 'MYGPT_ADVERTISE_HOST');
    assert.equal(env[adv]?.value, `${workerJob.metadata.name}-$(JOB_COMPLETION_INDEX).${workerSvc.metadata.name}`);
    assert.ok(idx >= 0 && idx < adv, 'JOB_COMPLETION_INDEX must be defined before MYGPT_ADVERTISE_HOST uses it');

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

type Container = { name: string; args: string[]; env?: { name: string }[]; volumeMounts: { name: string; mountPath: string; subPath?: string }[] };
type PodSpec = { containers: Container[]; volumes: { name: string; configMap?: { name: string }; persistentVolumeClaim?: { claimName: string } }[] };

/** The ConfigMap key a container sees at `file` (mounted as a subPath or as a directory), or undefined. */
function configMapAt(spec: PodSpec, c: Container, file: string): { configMap: string; key: string } | undefined {
  for (const m of c.volumeMounts) {
    const cm = spec.volumes.find((v) => v.name === m.name)?.configMap;
    if (!cm) continue;
    if (m.subPath && m.mountPath === file) return { configMap: cm.name, key: m.subPath };
    if (!m.subPath && path.posix.dirname(file) === m.mountPath) return { configMap: cm.name, key: path.posix.basename(file) };
  }
  return undefined;
}

for (const overlay of OVERLAYS) {
  test(`${overlay}: coordinator and workers read run.yaml where their --config says; flags and env exist in the CLIs`, { skip: NO_KUBECTL }, () => {
    const objs = kustomize(overlay);
    const runCm = find(objs, 'ConfigMap', 'mygpt-run');
    for (const [job, bin] of [['mygpt-coord', 'mygpt-coord'], ['mygpt-worker', 'mygpt-worker']] as const) {
      const spec = find(objs, 'Job', job).spec.template.spec as PodSpec;
      const c = spec.containers[0];
      // the same file in every pod: workers hash it and the handshake refuses a different hash
      const i = c.args.indexOf('--config');
      assert.ok(i >= 0, `${job}: no --config in args ${JSON.stringify(c.args)}`);
      const at = configMapAt(spec, c, c.args[i + 1]);
      assert.ok(at, `${job}: nothing mounted at ${c.args[i + 1]} (its --config)`);
      assert.equal(at.configMap, runCm.metadata.name, `${job}: ${c.args[i + 1]} is not the rendered run.yaml ConfigMap`);
      assert.ok(at.key in runCm.data, `${job}: ConfigMap ${runCm.metadata.name} has no key ${at.key}`);
      const flags = cliFlags(bin);
      for (const a of c.args.filter((x) => x.startsWith('--'))) assert.ok(flags.has(a), `${job}: ${bin} has no option ${a}`);
      const reads = cliEnvVars(bin);
      for (const e of (c.env ?? []).filter((x) => x.name.startsWith('MYGPT_'))) {
        assert.ok(reads.has(e.name), `${job}: sets ${e.name}, which ${bin} does not read (it reads ${[...reads].join(', ')})`);
      }
    }
  });

  test(`${overlay}: podFailurePolicy exit codes are the ones the CLIs document; only permanent ones fail the Job`, { skip: NO_KUBECTL }, () => {
    const objs = kustomize(overlay);
    for (const [job, bin] of [['mygpt-coord', 'mygpt-coord'], ['mygpt-worker', 'mygpt-worker']] as const) {
      const documented = documentedExitCodes(bin);
      const permanent = [...documented].filter(([, what]) => /permanent/i.test(what)).map(([c]) => c);
      const { rules } = find(objs, 'Job', job).spec.podFailurePolicy as
        { rules: { action: string; onExitCodes?: { containerName: string; operator: string; values: number[] } }[] };
      const container = find(objs, 'Job', job).spec.template.spec.containers[0].name;
      const failJob: number[] = [];
      for (const r of rules.filter((x) => x.onExitCodes)) {
        const e = r.onExitCodes!;
        assert.equal(e.containerName, container, `${job}: podFailurePolicy names container ${e.containerName}`);
        assert.equal(e.operator, 'In');
        for (const code of e.values) {
          assert.ok(documented.has(code) && code !== 0, `${job}: podFailurePolicy lists exit code ${code}, which ${bin} does not document as a failure (docs/multi-node.md: ${[...documented.keys()].join(', ')})`);
        }
        if (r.action === 'FailJob') failJob.push(...e.values);
      }
      assert.deepEqual(failJob.sort(), permanent.sort(), `${job}: FailJob must list exactly ${bin}'s permanent exit codes`);
    }
    // the worker's: refused (2) is permanent; stopped by the coordinator (3) and coordinator gone (4) rejoin
    const worker = documentedExitCodes('mygpt-worker');
    assert.match(worker.get(2) ?? '', /refused.*permanent/);
    for (const c of [3, 4]) {
      assert.ok(worker.has(c), `docs/multi-node.md no longer documents worker exit code ${c}`);
      const rule = find(objs, 'Job', 'mygpt-worker').spec.podFailurePolicy.rules
        .find((r: { onExitCodes?: { values: number[] } }) => r.onExitCodes?.values.includes(c));
      assert.ok(!rule || rule.action === 'Count' || rule.action === 'Ignore', `worker exit ${c} (${worker.get(c)}) must be retried, not ${rule?.action}`);
    }
  });
}

test('k8s/tools/pvc-shell.yaml mounts the PVC where the Jobs do, as their user, covering data.path', () => {
  const [pod] = parseYamlDocs(repoFile('k8s/tools/pvc-shell.yaml'), 'k8s/tools/pvc-shell.yaml') as K8sObject[];
  validate(pod);
  const pvc = parseYamlDocs(repoFile('k8s/base/pvc.yaml'), 'k8s/base/pvc.yaml')[0] as K8sObject;
  const job = parseYamlDocs(repoFile('k8s/base/worker-job.yaml'), 'k8s/base/worker-job.yaml')[0] as K8sObject;
  const mountOf = (spec: PodSpec) => {
    const vol = spec.volumes.find((v) => v.persistentVolumeClaim)!;
    return { claim: vol.persistentVolumeClaim!.claimName, at: spec.containers[0].volumeMounts.find((m) => m.name === vol.name)?.mountPath };
  };
  const shell = mountOf(pod.spec), worker = mountOf(job.spec.template.spec);
  assert.equal(shell.claim, pvc.metadata.name);
  assert.deepEqual(shell, worker);
  for (const k of ['runAsUser', 'runAsGroup', 'fsGroup']) assert.equal(pod.spec.securityContext[k], job.spec.template.spec.securityContext[k], k);
  const run = parseYaml(repoFile('k8s/base/run.yaml')) as { data: { path: string }; run: { dir: string } };
  for (const p of [run.data.path, run.run.dir]) assert.ok(p.startsWith(`${shell.at}/`), `${p} is not on the PVC (${shell.at})`);
});

test('exit codes are read from docs/multi-node.md as written', () => {
  assert.deepEqual([...documentedExitCodes('mygpt-coord').keys()].sort((a, b) => a - b), [0, 1, 130, 143]);
  assert.deepEqual([...documentedExitCodes('mygpt-worker').keys()].sort((a, b) => a - b), [0, 1, 2, 3, 4]);
});

test('gpu overlay: 4 workers with one nvidia.com/gpu each on GPU nodes; cpu overlay has none', { skip: NO_KUBECTL }, () => {
  const gpu = find(kustomize('gpu'), 'Job', 'mygpt-worker').spec;
  const c = gpu.template.spec.containers[0];
  assert.equal(gpu.completions * c.resources.limits['nvidia.com/gpu'], 4);
  assert.equal(c.resources.requests['nvidia.com/gpu'], 1);
  assert.equal(gpu.template.spec.nodeSelector['nvidia.com/gpu.present'], 'true');
  assert.ok(gpu.template.spec.tolerations.some((t: { key: string }) => t.key === 'nvidia.com/gpu'));
  assert.match(c.image, /-gpu$/);
  assert.equal(c.env.find((e: { name: string }) => e.name === 'MYGPT_DEVICE')?.value, 'gpu:0');
  const cpu = find(kustomize('cpu'), 'Job', 'mygpt-worker').spec;
  assert.equal(cpu.template.spec.containers[0].resources.limits['nvidia.com/gpu'], undefined);
  assert.equal(cpu.template.spec.nodeSelector, undefined);
  assert.match(cpu.template.spec.containers[0].image, /-cpu$/);
});

test('Grafana sidecar ConfigMap carries dashboards/mygpt.json unchanged', { skip: NO_KUBECTL }, () => {
  const cm = find(kustomize('gpu'), 'ConfigMap', 'mygpt-grafana-dashboard');
  assert.equal(cm.metadata.labels?.grafana_dashboard, '1');
  assert.equal(cm.data['mygpt.json'], repoFile('dashboards/mygpt.json'));
});

test('schema validation catches a broken manifest (the check can fail)', { skip: NO_KUBECTL }, () => {
  const job = structuredClone(find(kustomize('cpu'), 'Job', 'mygpt-worker'));
  job.spec.completions = 'four';
  assert.throws(() => validate(job), /Job\/mygpt-worker is invalid: .*completions must be integer/);
  assert.throws(() => validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }), /no schema for example.com\/v1 Widget/);
});
