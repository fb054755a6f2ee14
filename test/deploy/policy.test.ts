// What the rendered workloads do on failure and what they may touch: podFailurePolicies follow the one
// exit-code table (src/exit_codes.ts), the plain Jobs run the JobSet's pods, Pod Security "restricted"
// passes, CURVE is on and each role mounts only its own keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { EXIT_TABLE, ExitCode } from '../../src/exit_codes';
import { K8sObject, NO_KUBECTL, OVERLAYS, find, kustomize, repoFile } from './repo';
import { PodTemplate, podTemplates } from './workloads';

type Rule = { action: string; onExitCodes?: { containerName: string; operator: string; values: number[]; };
  onPodConditions?: unknown[]; };

function codesWith(t: PodTemplate, action: string): number[] {
  return (t.podFailurePolicy.rules as Rule[]).filter((r) => r.action === action && r.onExitCodes).flatMap((r) =>
    r.onExitCodes!.values
  ).sort();
}

for (const overlay of OVERLAYS) {
  test(`${overlay}: podFailurePolicies follow the exit-code table`, { skip: NO_KUBECTL }, () => {
    const { coordinator, workers } = podTemplates(kustomize(overlay));
    for (const [t, who] of [[coordinator, 'coordinator'], [workers, 'worker']] as const) {
      const rules = t.podFailurePolicy.rules as Rule[];
      assert.ok(
        rules.some((r) =>
          r.action === 'Ignore' && JSON.stringify(r.onPodConditions ?? []).includes('DisruptionTarget')
        ),
        `${t.job}: a drained pod must be recreated without counting (Ignore on DisruptionTarget)`,
      );
      for (const r of rules.filter((x) => x.onExitCodes)) {
        assert.equal(r.onExitCodes!.containerName, t.spec.containers[0].name);
        assert.equal(r.onExitCodes!.operator, 'In');
        for (const code of r.onExitCodes!.values) {
          const row = EXIT_TABLE.find((x) => x.code === code);
          assert.ok(row && code !== 0 && (row.who === 'all' || row.who.includes(who)),
            `${t.job}: exit ${code} is not a ${who} failure code in src/exit_codes.ts`);
          // a code whose retry can help is never FailJob
          if (r.action === 'FailJob') {
            assert.equal(row.retry, false, `${t.job}: FailJob on ${code} (${row.name}), which a retry can fix`);
          }
        }
      }
      assert.deepEqual(codesWith(t, 'Ignore'), [ExitCode.Preempted],
        `${t.job}: only Preempted is retried without counting`);
      assert.equal(t.spec.restartPolicy, 'Never');
    }
    assert.deepEqual(codesWith(coordinator, 'FailJob'), [ExitCode.Config, ExitCode.Unrecoverable,
      ExitCode.RestartsExhausted]);
    // workers: 8 (Stopped) is how a failed run's coordinator ends them; a drain of theirs or of the
    // coordinator is 4 (Preempted), Ignore above
    assert.deepEqual(codesWith(workers, 'FailJob'), [ExitCode.Config, ExitCode.Refused, ExitCode.Stopped]);
  });

  test(`${overlay}: Pod Security "restricted" passes for every pod`, { skip: NO_KUBECTL }, () => {
    for (const t of Object.values(podTemplates(kustomize(overlay)))) {
      assert.deepEqual(restrictedViolations(t.spec), [], t.job);
    }
  });

  test(`${overlay}: CURVE on; the coordinator mounts the server secret, workers only client keys`, { skip: NO_KUBECTL },
    () => {
      const objs = kustomize(overlay);
      const run = parseYaml(find(objs, 'ConfigMap', 'mygpt-run').data['run.yaml']);
      assert.equal(run.security.curve, true, 'CURVE must be on in the base run.yaml');
      const { coordinator, workers } = podTemplates(objs);
      const keysOf = (t: PodTemplate) => {
        const vol = t.spec.volumes.find((v: any) => v.secret);
        const at = t.spec.containers[0].volumeMounts.find((m: any) => m.name === vol.name).mountPath;
        const s = find(objs, 'Secret', vol.secret.secretName);
        for (const v of Object.values(s.data as Record<string, string>)) {
          assert.doesNotMatch(Buffer.from(v, 'base64').toString(), /REPLACE|PLACEHOLDER|CHANGE_?ME/i,
            `${s.metadata.name} holds a placeholder`);
        }
        return { at, keys: Object.keys(s.data).sort() };
      };
      const c = keysOf(coordinator), w = keysOf(workers);
      assert.deepEqual(c.keys, ['allowed_clients', 'server.public', 'server.secret']);
      assert.deepEqual(w.keys, ['allowed_clients', 'client.public', 'client.secret', 'server.public'],
        'a worker must never get server.secret');
      // every key file run.yaml names is in the Secret of the role that reads it
      const inDir = (p: string, m: { at: string; keys: string[]; }) =>
        p.startsWith(`${m.at}/`) && m.keys.includes(p.slice(m.at.length + 1));
      for (const k of ['server_public_key', 'server_secret_key']) {
        assert.ok(inDir(run.security[k], c), `coordinator cannot read security.${k}`);
      }
      for (const k of ['server_public_key', 'client_public_key', 'client_secret_key']) {
        assert.ok(inDir(run.security[k], w), `workers cannot read security.${k}`);
      }
      for (const m of [c, w]) assert.ok(run.security.allowed_clients.every((p: string) => inDir(p, m)));
    });
}

test('no Secret in the base or committed anywhere under k8s/: the keys come from mygpt-keys files', () => {
  const base = parseYaml(repoFile('k8s/base/kustomization.yaml'));
  assert.equal(base.secretGenerator, undefined);
  for (const r of base.resources as string[]) assert.doesNotMatch(r, /secret/i);
  const comp = parseYaml(repoFile('k8s/components/curve/kustomization.yaml'));
  for (const g of comp.secretGenerator) for (const f of g.files) assert.match(f, /^keys\//);
  assert.match(repoFile('.gitignore'), /^k8s\/\*\*\/keys\/$/m, 'generated keys must not be committed');
});

test(
  'the plain Jobs run the same pods with the same policies as the JobSet (only the ring DNS name and subdomain differ)',
  { skip: NO_KUBECTL },
  () => {
    const js = podTemplates(kustomize('cpu')), jobs = podTemplates(kustomize('plain-jobs'));
    const strip = (t: PodTemplate) => {
      const spec = structuredClone(t.spec);
      delete spec.subdomain;
      for (const e of spec.containers[0].env ?? []) if (e.name === 'MYGPT_ADVERTISE_HOST') e.value = '<pod dns name>';
      return spec;
    };
    for (const k of ['coordinator', 'workers'] as const) {
      assert.deepEqual(strip(jobs[k]), strip(js[k]), k);
      for (const f of ['completions', 'parallelism', 'completionMode', 'backoffLimit', 'labels',
        'podFailurePolicy'] as const)
      {
        assert.deepEqual(jobs[k][f], js[k][f], `${k}.${f}`);
      }
    }
  },
);

test('JobSet: succeeds with the coordinator, fails for good on a FailJob exit, restarts the gang otherwise', {
  skip: NO_KUBECTL,
}, () => {
  const js = find(kustomize('cpu'), 'JobSet', 'mygpt');
  assert.deepEqual(js.spec.successPolicy, { operator: 'All', targetReplicatedJobs: ['coordinator'] });
  const [rule] = js.spec.failurePolicy.rules;
  assert.equal(rule.action, 'FailJobSet');
  assert.deepEqual(rule.onJobFailureReasons, ['PodFailurePolicy']);
  assert.ok(js.spec.failurePolicy.maxRestarts >= 1);
});

/** Pod Security Standards "restricted" (v1.30) checks that apply to a pod template. */
export function restrictedViolations(spec: any): string[] {
  const out: string[] = [];
  const psc = spec.securityContext ?? {};
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[f]) out.push(`${f}: true`);
  const allowedVolumes = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim',
    'projected', 'secret'];
  for (const v of spec.volumes ?? []) {
    const kind = Object.keys(v).find((k) => k !== 'name');
    if (!allowedVolumes.includes(kind!)) out.push(`volume ${v.name}: ${kind}`);
  }
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) out.push(`${c.name}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${c.name}: allowPrivilegeEscalation must be false`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) out.push(`${c.name}: capabilities.drop must include ALL`);
    for (const cap of sc.capabilities?.add ?? []) {
      if (cap !== 'NET_BIND_SERVICE') out.push(`${c.name}: adds capability ${cap}`);
    }
    if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) out.push(`${c.name}: runAsNonRoot must be true`);
    if ((sc.runAsUser ?? psc.runAsUser) === 0) out.push(`${c.name}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type ?? psc.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      out.push(`${c.name}: seccompProfile must be RuntimeDefault or Localhost`);
    }
    for (const p of c.ports ?? []) if (p.hostPort) out.push(`${c.name}: hostPort ${p.hostPort}`);
  }
  return out;
}

test('the restricted check can fail: no seccompProfile, or an added capability, is caught', { skip: NO_KUBECTL },
  () => {
    const spec = structuredClone(podTemplates(kustomize('cpu')).workers.spec) as K8sObject['spec'];
    delete spec.securityContext.seccompProfile;
    spec.containers[0].securityContext.capabilities.add = ['NET_ADMIN'];
    assert.deepEqual(restrictedViolations(spec), ['worker: adds capability NET_ADMIN',
      'worker: seccompProfile must be RuntimeDefault or Localhost']);
  });
