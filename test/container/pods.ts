// Rendered Kubernetes pod templates -> `podman run` arguments, field by field, so the container test
// runs the manifests' own command, args, env, volumes and securityContext. A field this translation
// does not know fails loudly instead of being dropped: a manifest change the test cannot honour is
// seen, not silently tested as something else. Not emulated (named in the test's output): probes,
// resources, scheduling fields (the cpu overlay sets none).
import fs from 'node:fs';
import path from 'node:path';
import type { K8sObject } from '../deploy/repo';

type Obj = Record<string, any>;

/** Where the emulated cluster keeps things: one host dir per PVC, one per ConfigMap/Secret volume. */
export interface PodEnv {
  image: string; // the locally built image (the manifests name a registry tag)
  network: string;
  ip: string;
  hostname: string;
  hosts: Record<string, string>; // DNS names (Services, pod hostnames) -> IP
  index: number; // the Job completion index of this pod
  objs: K8sObject[]; // rendered ConfigMaps and Secrets
  pvcDir: (claim: string) => string; // host dir standing for a PersistentVolumeClaim
  scratch: string; // host dir for this pod's ConfigMap/Secret files
}

const KNOWN_POD = new Set(['restartPolicy', 'terminationGracePeriodSeconds', 'securityContext', 'containers', 'volumes',
  'subdomain']);
const KNOWN_CONTAINER = new Set(['name', 'image', 'command', 'args', 'env', 'ports', 'readinessProbe', 'livenessProbe',
  'resources', 'securityContext', 'volumeMounts']);

function unknownKeys(o: Obj, known: Set<string>, what: string): void {
  const extra = Object.keys(o).filter((k) => !known.has(k));
  if (extra.length) throw new Error(`${what}: the container test cannot emulate ${extra.join(', ')}`);
}

/** $(VAR) expansion as the kubelet does it: only variables defined earlier in the list. */
function expand(s: string, env: Map<string, string>): string {
  return s.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, v: string) => env.get(v) ?? m);
}

function envOf(c: Obj, idx: number): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env.set(e.name, expand(String(e.value), env));
    else if (e.valueFrom?.fieldRef?.fieldPath === "metadata.annotations['batch.kubernetes.io/job-completion-index']") {
      env.set(e.name, String(idx));
    } else throw new Error(`env ${e.name}: the container test cannot emulate ${JSON.stringify(e.valueFrom)}`);
  }
  return env;
}

function findObj(objs: K8sObject[], kind: string, name: string): K8sObject {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`volume refers to ${kind} ${name}, which the overlay does not render`);
  return o;
}

/** Writes a ConfigMap's or Secret's keys as files (Secrets: defaultMode, group fsGroup, like the kubelet). */
function materialise(dir: string, data: Record<string, string>, mode: number, gid: number): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [k, v] of Object.entries(data)) {
    const f = path.join(dir, k);
    fs.writeFileSync(f, v);
    fs.chownSync(f, 0, gid);
    fs.chmodSync(f, mode);
  }
  return dir;
}

function volumeSource(v: Obj, env: PodEnv, gid: number): { kind: 'dir' | 'tmpfs'; host?: string; } {
  const dir = path.join(env.scratch, v.name);
  if (v.configMap) {
    return { kind: 'dir',
      host: materialise(dir, findObj(env.objs, 'ConfigMap', v.configMap.name).data, v.configMap.defaultMode ?? 0o644,
        gid) };
  }
  if (v.secret) {
    const s = findObj(env.objs, 'Secret', v.secret.secretName);
    const data = Object.fromEntries(
      Object.entries((s.data ?? {}) as Record<string, string>).map((
        [k, b],
      ) => [k, Buffer.from(b, 'base64').toString('utf8')]),
    );
    return { kind: 'dir',
      host: materialise(dir, { ...data, ...(s.stringData ?? {}) }, v.secret.defaultMode ?? 0o644, gid) };
  }
  if (v.persistentVolumeClaim) return { kind: 'dir', host: env.pvcDir(v.persistentVolumeClaim.claimName) };
  if (v.emptyDir) return { kind: 'tmpfs' };
  throw new Error(
    `volume ${v.name}: the container test cannot emulate ${Object.keys(v).filter((k) => k !== 'name').join(', ')}`,
  );
}

/** `podman run` arguments (after `run`) for the pod's single container. */
export function podmanRunArgs(spec: Obj, env: PodEnv, name: string): string[] {
  unknownKeys(spec, KNOWN_POD, `pod ${name}`);
  if (spec.containers.length !== 1) {
    throw new Error(`pod ${name}: ${spec.containers.length} containers, the test runs one`);
  }
  const c = spec.containers[0];
  unknownKeys(c, KNOWN_CONTAINER, `container ${c.name}`);
  const psc = spec.securityContext ?? {}, csc = c.securityContext ?? {};
  const uid = csc.runAsUser ?? psc.runAsUser, gid = csc.runAsGroup ?? psc.runAsGroup;
  if ((csc.runAsNonRoot ?? psc.runAsNonRoot) && !(uid > 0)) {
    throw new Error(`pod ${name}: runAsNonRoot without a non-zero runAsUser`);
  }
  const seccomp = csc.seccompProfile?.type ?? psc.seccompProfile?.type;
  if (seccomp && seccomp !== 'RuntimeDefault') {
    throw new Error(`pod ${name}: seccompProfile ${seccomp} is not emulated`);
  }
  const args = ['--name', name, '--hostname', env.hostname, '--network', env.network, '--ip', env.ip];
  for (const [h, ip] of Object.entries(env.hosts)) args.push('--add-host', `${h}:${ip}`);
  if (uid !== undefined) args.push('--user', `${uid}:${gid ?? uid}`);
  if (psc.fsGroup !== undefined) args.push('--group-add', String(psc.fsGroup));
  if (csc.allowPrivilegeEscalation === false) args.push('--security-opt', 'no-new-privileges');
  // only the pod's volumes are writable
  if (csc.readOnlyRootFilesystem) args.push('--read-only', '--read-only-tmpfs=false');
  for (const cap of csc.capabilities?.drop ?? []) args.push('--cap-drop', cap === 'ALL' ? 'all' : cap);
  for (const cap of csc.capabilities?.add ?? []) args.push('--cap-add', cap);
  // seccomp: podman applies its default profile unless told otherwise = RuntimeDefault
  if (spec.terminationGracePeriodSeconds !== undefined) {
    args.push('--stop-timeout', String(spec.terminationGracePeriodSeconds));
  }
  const ev = envOf(c, env.index);
  for (const [k, v] of ev) args.push('--env', `${k}=${v}`);
  for (const m of c.volumeMounts ?? []) {
    const v = (spec.volumes as Obj[]).find((x) => x.name === m.name);
    if (!v) throw new Error(`container ${c.name}: volumeMount ${m.name} has no volume`);
    const src = volumeSource(v, env, psc.fsGroup ?? 0);
    if (src.kind === 'tmpfs') {
      args.push('--mount', `type=tmpfs,destination=${m.mountPath},tmpfs-mode=1777`);
      continue;
    }
    const host = m.subPath ? path.join(src.host!, m.subPath) : src.host!;
    args.push('--volume', `${host}:${m.mountPath}:${m.readOnly ? 'ro' : 'rw'}`);
  }
  if (c.command) args.push('--entrypoint', JSON.stringify(c.command.map((x: string) => expand(x, ev))));
  args.push(env.image, ...(c.args ?? []).map((x: string) => expand(String(x), ev)));
  return args;
}
