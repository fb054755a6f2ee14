// The workloads of a rendered overlay, whatever their wrapper: the coordinator and worker pod templates
// of the JobSet (k8s/jobset) or of the plain Jobs (k8s/jobs), with the Job fields that decide restarts.
import type { K8sObject } from './repo';

type Obj = Record<string, any>;

export interface PodTemplate {
  job: string;
  spec: Obj;
  labels: Record<string, string>;
  podFailurePolicy: Obj;
  backoffLimit: number;
  completions: number;
  parallelism: number;
  completionMode: string | undefined;
  hostname: (index: number) => string; // the pod's hostname, as the Job (JobSet) controller sets it
  subdomain: string | undefined; // its DNS subdomain (the headless Service)
}

/** The coordinator and worker pod templates of a rendered JobSet (or of the plain Jobs). */
export function podTemplates(objs: K8sObject[]): { coordinator: PodTemplate; workers: PodTemplate; } {
  const js = objs.find((o) => o.kind === 'JobSet');
  // JobSet pods: <jobset>-<replicatedJob>-<jobIndex>-<podIndex>.<network.subdomain>; Indexed Job pods:
  // <job>-<index>.<subdomain>
  const jobs: [string, Obj, (i: number) => string, string | undefined][] = js
    ? js.spec.replicatedJobs.map((
      r: Obj,
    ) => [`${js.metadata.name}-${r.name}`, r.template.spec, (i: number) => `${js.metadata.name}-${r.name}-0-${i}`,
      js.spec.network?.subdomain ?? js.metadata.name]
    )
    : objs.filter((o) => o.kind === 'Job').map((
      o,
    ) => [o.metadata.name, o.spec, (i: number) => `${o.metadata.name}-${i}`, o.spec.template.spec.subdomain]);
  const of = (component: string): PodTemplate => {
    const hit = jobs.find(([, s]) => s.template.metadata?.labels?.['app.kubernetes.io/component'] === component);
    if (!hit) throw new Error(`no Job template with label app.kubernetes.io/component=${component}`);
    const [job, s, hostname, subdomain] = hit;
    return { job, spec: s.template.spec, labels: s.template.metadata.labels, podFailurePolicy: s.podFailurePolicy,
      backoffLimit: s.backoffLimit ?? 6, completions: s.completions ?? 1, parallelism: s.parallelism ?? 1,
      completionMode: s.completionMode, hostname, subdomain };
  };
  return { coordinator: of('coordinator'), workers: of('worker') };
}

export type PolicyAction = 'Ignore' | 'FailJob' | 'Count';

/** What a Job's podFailurePolicy does with a container's exit code (first matching rule; Count if none). */
export function policyAction(t: PodTemplate, exitCode: number): PolicyAction {
  for (const r of t.podFailurePolicy?.rules ?? []) {
    const e = r.onExitCodes;
    if (!e) continue; // onPodConditions: a drain, not an exit code
    const listed = (e.values as number[]).includes(exitCode);
    if (e.operator === 'In' ? listed : !listed) return r.action as PolicyAction;
  }
  return 'Count';
}
