// Validation of a rendered JobSet (jobset.x-k8s.io/v1alpha2) offline. The JobSet-level fields follow
// the openAPIV3Schema of the CRD kubernetes-sigs/jobset config/components/crd/bases/
// jobset.x-k8s.io_jobsets.yaml (controller v0.8; transcribed: types, enums, required, name patterns,
// no unknown fields); each replicatedJob's template is validated as the batch/v1 Job it becomes, with
// the Kubernetes schema of kubernetes-models (the CRD embeds the same JobTemplateSpec).
import Ajv from 'ajv';

const str = { type: 'string' };
const strList = { type: 'array', items: str };
const int32 = { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required,
  additionalProperties: false });

const SPEC = obj({
  coordinator: obj({ jobIndex: { type: 'integer' }, podIndex: { type: 'integer' }, replicatedJob: str }, [
    'replicatedJob',
  ]),
  failurePolicy: obj({
    maxRestarts: int32,
    restartStrategy: { enum: ['Recreate', 'BlockingRecreate'] },
    rules: {
      type: 'array',
      items: obj({
        action: { enum: ['FailJobSet', 'RestartJobSet', 'RestartJobSetAndIgnoreMaxRestarts'] },
        name: { type: 'string', pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$' },
        // Job condition reasons the JobSet controller matches (batch/v1 JobReason*)
        onJobFailureReasons: { type: 'array', items: {
          enum: ['BackoffLimitExceeded', 'DeadlineExceeded', 'PodFailurePolicy', 'MaxFailedIndexesExceeded'],
        } },
        targetReplicatedJobs: strList,
      }, ['action', 'name']),
    },
  }),
  managedBy: str,
  network: obj({ enableDNSHostnames: { type: 'boolean' }, publishNotReadyAddresses: { type: 'boolean' },
    subdomain: str }),
  replicatedJobs: {
    type: 'array',
    minItems: 1,
    items: obj({
      dependsOn: { type: 'array', maxItems: 1,
        items: obj({ name: str, status: { enum: ['Ready', 'Complete'] } }, ['name', 'status']) },
      groupName: str,
      name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
      replicas: int32,
      template: obj({ metadata: { type: 'object' }, spec: { type: 'object', required: ['template'] } }),
    }, ['name', 'template']),
  },
  startupPolicy: obj({ startupPolicyOrder: { enum: ['AnyOrder', 'InOrder'] } }, ['startupPolicyOrder']),
  successPolicy: obj({ operator: { enum: ['All', 'Any'] }, targetReplicatedJobs: strList }, ['operator']),
  suspend: { type: 'boolean' },
  ttlSecondsAfterFinished: { ...int32, minimum: 0 },
});

const JOBSET = {
  type: 'object',
  properties: { apiVersion: { const: 'jobset.x-k8s.io/v1alpha2' }, kind: { const: 'JobSet' },
    metadata: { type: 'object' }, spec: SPEC },
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
};

const check = new Ajv({ allErrors: true, strict: false }).compile(JOBSET);

/** Throws naming every violation; `validateJob` validates one batch/v1 Job (the replicatedJob templates). */
export function validateJobSet(o: any, validateJob: (job: any) => void): void {
  if (!check(o as unknown)) {
    throw new Error(
      `JobSet/${o.metadata?.name} is invalid: ${
        check.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')
      }`,
    );
  }
  const names = o.spec.replicatedJobs.map((r: any) => r.name);
  if (new Set(names).size !== names.length) {
    throw new Error(`JobSet/${o.metadata.name}: replicatedJob names repeat: ${names}`);
  }
  for (const ref of [...(o.spec.successPolicy?.targetReplicatedJobs ?? []),
    ...(o.spec.failurePolicy?.rules ?? []).flatMap((r: any) => r.targetReplicatedJobs ?? [])])
  {
    if (!names.includes(ref)) {
      throw new Error(
        `JobSet/${o.metadata.name}: targetReplicatedJobs names ${ref}, not a replicatedJob`,
      );
    }
  }
  for (const r of o.spec.replicatedJobs) {
    validateJob({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `${o.metadata.name}-${r.name}-0` },
      spec: r.template.spec });
  }
}
