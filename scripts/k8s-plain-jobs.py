#!/usr/bin/env python3
# Regenerates k8s/jobs/{coordinator,worker}-job.yaml from the pod templates of k8s/jobset/jobset.yaml, so the
# plain-Job variant stays the JobSet's pods (test/deploy/policy.test.ts compares them). Run from k8s/:
#   cd k8s && python3 ../scripts/k8s-plain-jobs.py
import re
js=open('jobset/jobset.yaml').read()
parts=re.split(r'(?m)^    - name: ', js)
coord=parts[1]; work=parts[2]
K='      template:\n        spec:\n'
def body(t): return t[t.index(K)+len(K):]
def dedent(s,n): return '\n'.join(l[n:] if l.startswith(' '*n) else l for l in s.split('\n'))
cb=dedent(body(coord),8).rstrip()+'\n'
wb=dedent(body(work),8).rstrip()+'\n'
hdr_c='''# Plain-Job variant of k8s/jobset (for clusters without the JobSet controller): the same coordinator
# pod, in its own Job. test/deploy checks that the pod templates and podFailurePolicies match the
# JobSet's. Two Jobs are not one gang: if this Job fails, the worker Job learns it only through the
# coordinator's Shutdown (workers exit 8 Stopped, which fails their Job).
apiVersion: batch/v1
kind: Job
metadata:
  name: mygpt-coord
  labels:
    app.kubernetes.io/component: coordinator
spec:
'''
hdr_w='''# Plain-Job variant of k8s/jobset: the same worker pods in one Indexed Job (rank = completion index,
# pod DNS name mygpt-worker-<rank>.mygpt-workers through the headless Service mygpt-workers).
# The only difference from the JobSet's workers: the ring address (pod hostname). Two Jobs are not one
# gang: when the coordinator Job fails for good, these pods stop only through its Shutdown (exit 8).
apiVersion: batch/v1
kind: Job
metadata:
  name: mygpt-worker
  labels:
    app.kubernetes.io/component: worker
spec:
'''
wb=wb.replace('mygpt-workers-0-$(JOB_COMPLETION_INDEX).mygpt-workers','mygpt-worker-$(JOB_COMPLETION_INDEX).mygpt-workers')
old='      restartPolicy: Never\n'
assert old in wb
wb=wb.replace(old,'      restartPolicy: Never\n      subdomain: mygpt-workers    # = headless Service: mygpt-worker-<rank>.mygpt-workers\n',1)
open('jobs/coordinator-job.yaml','w').write(hdr_c+cb)
open('jobs/worker-job.yaml','w').write(hdr_w+wb)
