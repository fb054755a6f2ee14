// The rendered cpu overlay, run in real containers: the image is built from the Dockerfile with podman
// FROM a local debootstrap base (nothing pulled), the JobSet's coordinator and worker pod templates run
// with their own args, env, volumes and securityContext (test/container/pods.ts), and exits go through
// the Jobs' podFailurePolicy as the Job controller would apply it. The run must train to the exact
// end, be scraped by a real Prometheus (another container), survive a SIGKILLed worker container, and
// after SIGTERM to the coordinator container exit 4 (Preempted) and resume to the exact end when the
// policy recreates it. Only the model is made tiny (a ci overlay on top of overlays/cpu).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT, k8sTree, kustomizeDir } from '../deploy/repo';
import { ExitCode } from '../../src/exit_codes';
import { latestCheckpoint, stepOfCheckpoint } from '../../src/util/run_dir';
import { podmanRunArgs } from './pods';
import { PodTemplate, podTemplates, policyAction } from '../deploy/workloads';
import { BASE_IMAGE, PodNet, buildImage, imageFacts, noPodman } from './podman';

const TAG = 'localhost/mygpt:ci-cpu';
const WORLD = 2, STEPS = 120, CKPT = 10;
const log = (l: string) => process.stdout.write(`# ${l}\n`);

/** overlays/ci: overlays/cpu with a tiny model and 2 workers; everything else as rendered for users. */
function ciOverlay(tree: string): string {
  const dir = path.join(tree, 'k8s/overlays/ci');
  fs.mkdirSync(dir);
  const run = parse(fs.readFileSync(path.join(tree, 'k8s/base/run.yaml'), 'utf8'));
  Object.assign(run.model, { n_layer: 1, n_head: 2, n_embd: 32, block_size: 32, dropout: 0 });
  Object.assign(run.train, { batch_size: 8, max_steps: STEPS, warmup_steps: 5, eval_interval: 60, eval_batches: 2,
    log_interval: 5, checkpoint_interval: CKPT });
  Object.assign(run.backend, { threads: 1 });
  Object.assign(run.cluster, { join_timeout_s: 120 });
  fs.writeFileSync(path.join(dir, 'run.yaml'), stringify(run));
  const rj = (i: number) => `/spec/replicatedJobs/${i}/template/spec`;
  const js = parse(fs.readFileSync(path.join(tree, 'k8s/jobset/jobset.yaml'), 'utf8'));
  const wsArg = `${rj(0)}/template/spec/containers/0/args/${
    js.spec.replicatedJobs[0].template.spec.template.spec.containers[0].args.indexOf('cluster.world_size=4')
  }`;
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), stringify({
    resources: ['../cpu'],
    configMapGenerator: [{ name: 'mygpt-run', behavior: 'replace', files: ['run.yaml'],
      options: { disableNameSuffixHash: true } }],
    patches: [{ target: { kind: 'JobSet', name: 'mygpt' }, patch: stringify([
      { op: 'test', path: wsArg, value: 'cluster.world_size=4' },
      { op: 'replace', path: wsArg, value: `cluster.world_size=${WORLD}` },
      { op: 'replace', path: `${rj(1)}/completions`, value: WORLD },
      { op: 'replace', path: `${rj(1)}/parallelism`, value: WORLD },
    ]) }],
  }));
  return dir;
}

function corpus(): string {
  const c = [process.env.MYGPT_DATA, path.join(ROOT, 'data/tinyshakespeare.txt'),
    path.join(ROOT, '../shared/data/tinyshakespeare.txt')]
    .find((f) => f && fs.existsSync(f));
  if (!c) throw new Error('data/tinyshakespeare.txt not found (MYGPT_DATA, data/ or ../shared/data/)');
  return c;
}

interface Exit {
  pod: string;
  code: number;
  action: string;
}

/** Pods of one run, each restarted or not as its Job's podFailurePolicy says. */
class Cluster {
  readonly exits: Exit[] = [];
  readonly tails = new Map<string, string>(); // last log lines of each pod's latest container
  private readonly counted = new Map<string, number>();
  private readonly done = new Map<string, Promise<number>>();
  failed: string | undefined;

  /** Exits and log tails, for assertion messages. */
  report(): string {
    return `${JSON.stringify(this.exits)}\n${[...this.tails].map(([n, t]) => `--- ${n}\n${t}`).join('\n')}`;
  }

  constructor(private net: PodNet, private image: string, private objs: ReturnType<typeof kustomizeDir>,
    private hosts: Record<string, string>, private scratch: string, private pvc: string)
  {}

  /** Starts pod `name` and keeps it going per policy; resolves with its final exit code (0 or the failing one). */
  start(t: PodTemplate, index: number, hostname: string, ip: string): Promise<number> {
    const name = hostname;
    const loop = async (): Promise<number> => {
      for (;;) {
        const scratch = fs.mkdtempSync(path.join(this.scratch, `${name}-`));
        this.net.run(name,
          podmanRunArgs(t.spec, { image: this.image, network: this.net.name, ip, hostname, hosts: this.hosts, index,
            objs: this.objs, pvcDir: () => this.pvc, scratch }, name));
        const code = await this.net.wait(name);
        this.tails.set(name, this.net.logs(name).trimEnd().split('\n').slice(-12).join('\n'));
        const action = code === 0 ? 'Complete' : policyAction(t, code);
        this.exits.push({ pod: name, code, action });
        log(`${name} exited ${code}: ${action}`);
        if (code === 0) return 0;
        if (action === 'FailJob') {
          this.failed ??= `${name} exited ${code}: FailJob`;
          return code;
        }
        if (action === 'Count') {
          const n = (this.counted.get(t.job) ?? 0) + 1;
          this.counted.set(t.job, n);
          if (n > t.backoffLimit) {
            this.failed ??= `${t.job}: backoffLimit ${t.backoffLimit} exceeded`;
            return code;
          }
        }
        if (this.failed) return code;
      }
    };
    const p = loop();
    this.done.set(name, p);
    return p;
  }
}

async function metric(url: string, name: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(url, { signal: AbortSignal.timeout(2000) })).text();
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

async function until<T>(what: string, ms: number, f: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function promQuery(base: string, q: string): Promise<number[]> {
  const r = await (await fetch(`${base}/api/v1/query?query=${encodeURIComponent(q)}`)).json() as {
    data: { result: { value: [number, string]; }[]; };
  };
  return r.data.result.map((x) => Number(x.value[1]));
}

async function promSeries(base: string): Promise<string[]> {
  const r = await (await fetch(`${base}/api/v1/label/__name__/values`)).json() as { data: string[]; };
  return r.data.filter((n) => n.startsWith('mygpt_'));
}

test('cpu overlay in containers: trains, is scraped, survives a killed worker, resumes after SIGTERM (exit 4)', {
  skip: noPodman(),
  timeout: 25 * 60_000,
}, async () => {
  buildImage(TAG, log);
  // the image is the pruned one (Dockerfile deps stage): no source maps, tfjs down to its Node bundles
  // and the wasm binaries the workers below must load (asserted from their logs)
  const facts = imageFacts(TAG);
  log(
    `image ${TAG}: ${facts.bytes} bytes (${(facts.bytes / 1e6).toFixed(0)} MB), node ${facts.node}, @tensorflow ${
      facts.tfjsMiB.toFixed(1)
    } MiB`,
  );
  assert.equal(facts.maps, 0, 'source maps left in /app/node_modules');
  assert.ok(facts.tfjsMiB < 30, `@tensorflow holds ${facts.tfjsMiB.toFixed(0)} MiB: not pruned`);
  assert.deepEqual(facts.wasm.sort(), ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm',
    'tfjs-backend-wasm.wasm']);
  const tree = k8sTree();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-pods-'));
  const objs = kustomizeDir(ciOverlay(tree));
  const { coordinator, workers } = podTemplates(objs);
  const names = ['mygpt-prometheus', coordinator.hostname(0),
    ...Array.from({ length: WORLD }, (_, i) => workers.hostname(i))];
  const net = new PodNet('k8s', names);
  try {
    assert.equal(workers.completions, WORLD);
    // the PVC: a host dir owned by the pods' fsGroup, with the corpus where run.yaml's data.path says
    const pvc = path.join(tmp, 'pvc');
    fs.mkdirSync(path.join(pvc, 'data'), { recursive: true });
    fs.copyFileSync(corpus(), path.join(pvc, 'data/tinyshakespeare.txt'));
    for (const p of [pvc, path.join(pvc, 'data'), path.join(pvc, 'data/tinyshakespeare.txt')]) {
      fs.chownSync(p, 10001, 10001);
    }
    // DNS: the coordinator Service and every worker's pod hostname.subdomain
    const coordSvc = objs.find((o) =>
      o.kind === 'Service' && o.spec.selector?.['app.kubernetes.io/component'] === 'coordinator'
    )!;
    const hosts: Record<string, string> = { [coordSvc.metadata.name]: net.ip(10) };
    for (let i = 0; i < WORLD; i++) hosts[`${workers.hostname(i)}.${workers.subdomain}`] = net.ip(20 + i);
    // Prometheus (Debian's binary from this machine, in a container of the base image) scrapes the Service
    const promDir = path.join(tmp, 'prom');
    fs.mkdirSync(promDir);
    fs.writeFileSync(path.join(promDir, 'prometheus.yml'),
      stringify({ global: { scrape_interval: '1s' },
        scrape_configs: [{ job_name: 'mygpt', static_configs: [{ targets: [`${coordSvc.metadata.name}:9400`] }] }] }));
    fs.chmodSync(promDir, 0o755);
    net.run('mygpt-prometheus', ['--name', 'mygpt-prometheus', '--network', net.name, '--ip', net.ip(5), '--user',
      '65534:65534', ...Object.entries(hosts).flatMap(([h, ip]) => ['--add-host', `${h}:${ip}`]), '-v',
      '/usr/bin/prometheus:/usr/local/bin/prometheus:ro', '-v', `${promDir}:/etc/prometheus:ro`, '--mount',
      'type=tmpfs,destination=/prometheus,tmpfs-mode=1777', '--entrypoint', '["/usr/local/bin/prometheus"]', BASE_IMAGE,
      '--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus', '--web.listen-address=:9090']);
    const prom = `http://${net.ip(5)}:9090`;

    const cluster = new Cluster(net, TAG, objs, hosts, tmp, pvc);
    const coordDone = cluster.start(coordinator, 0, coordinator.hostname(0), net.ip(10));
    const workersDone = Array.from({ length: WORLD }, (_, i) =>
      cluster.start(workers, i, workers.hostname(i), net.ip(20 + i)));
    const metrics = `http://${net.ip(10)}:9400/metrics`;
    const step = () => metric(metrics, 'mygpt_step');
    const failed = () => {
      if (cluster.failed) throw new Error(`${cluster.failed}\n${cluster.report()}`);
    };

    await until('step 15', 240_000, async () => {
      failed();
      return ((await step()) ?? 0) >= 15 || undefined;
    });
    const atKill = (await step()) ?? 15;
    net.signal(workers.hostname(1), 'SIGKILL');
    // in place: the recreated pod gets the state from the survivor and the group trains on from the newest step
    // (the step gauge never goes back), so wait for the recovery itself, then for steps after it
    await until('the group recovered in place after the killed worker', 120_000, async () => {
      failed();
      return ((await metric(metrics, 'mygpt_recoveries_total\\{source="peer"\\}')) ?? 0) >= 1 || undefined;
    });
    await until('steps after the recovery', 240_000, async () => {
      failed();
      return ((await step()) ?? 0) >= Math.min(atKill + 10, STEPS - 10) || undefined;
    });
    // The tiny model runs a step in milliseconds: wait until a scrape (every 1 s) has seen training steps,
    // since the rest of the run can finish between two scrapes.
    const promUp = await until('Prometheus scraping the coordinator', 60_000, async () =>
      (await promQuery(prom, 'up{job="mygpt"} == 1').catch(() => []))[0]);
    assert.equal(promUp, 1);
    await until('Prometheus holding a training step', 60_000, async () =>
      (await promQuery(prom, 'max_over_time(mygpt_step{job="mygpt"}[1h]) >= 15').catch(() => []))[0]);
    net.signal(coordinator.hostname(0), 'SIGTERM');
    const codes = await until('every pod to finish', 300_000, async () => {
      failed();
      return Promise.race([Promise.all([coordDone, ...workersDone]), new Promise<undefined>((r) =>
        setTimeout(() => r(undefined), 1000)
      )]);
    });
    failed();
    assert.deepEqual(codes, [0, ...workersDone.map(() => 0)]);
    const coordExits = cluster.exits.filter((e) => e.pod === coordinator.hostname(0)).map((e) => e.code);
    assert.deepEqual(coordExits, [ExitCode.Preempted, ExitCode.Ok],
      `coordinator: SIGTERM -> 4 (recreated by policy), then finished\n${cluster.report()}`);
    assert.equal(cluster.exits.find((e) => e.pod === workers.hostname(1))?.code, 137,
      'the SIGKILLed worker container exits 137');
    // exact end: the last checkpoint is the last step, and every step 1..STEPS was completed
    const runDir = path.join(pvc, 'runs/k8s');
    assert.equal(stepOfCheckpoint(latestCheckpoint(runDir) ?? ''), STEPS);
    const steps = new Set(fs.readFileSync(path.join(runDir, 'progress.jsonl'), 'utf8').trim().split('\n').map((l) =>
      JSON.parse(l).step as number
    ));
    assert.deepEqual([...Array(STEPS).keys()].map((i) =>
      i + 1
    ).filter((s) => !steps.has(s)), [], 'steps missing from progress.jsonl');
    assert.equal(JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')).steps, STEPS);
    // the recreated worker pod got the newest step's state from the surviving pod, not a checkpoint
    const failures = JSON.parse(fs.readFileSync(path.join(runDir, 'failure.json'), 'utf8'));
    assert.equal(failures.first.recovery?.source, 'peer', JSON.stringify(failures.first));
    assert.equal(failures.first.recovery?.stepsRedone, 0, JSON.stringify(failures.first));
    // Prometheus kept what the run exported: build_info from the start, the steps, the restart
    const scraped = async (q: string) => {
      const v = await promQuery(prom, q);
      return { v: Math.max(...v),
        why: `${q} = ${JSON.stringify(v)}; series: ${JSON.stringify(await promSeries(prom))}` };
    };
    // the workers trained on the wasm backend with the native kernels: the pruned tfjs loaded in full
    for (let i = 0; i < WORLD; i++) {
      const wlog = net.logs(workers.hostname(i));
      assert.match(wlog, /backend: wasm /, `${workers.hostname(i)} did not use the wasm backend\n${wlog.slice(-2000)}`);
      assert.match(wlog, /native kernels: BatchMatMul/,
        `${workers.hostname(i)} without the native kernels\n${wlog.slice(-2000)}`);
    }
    for (const [q, min] of [['max(max_over_time(mygpt_build_info[1h]))', 1], ['max(max_over_time(mygpt_step[1h]))', 15],
      ['max(max_over_time(mygpt_restarts_total[1h]))', 1]] as const)
    {
      const r = await scraped(q);
      assert.ok(r.v >= min, r.why);
    }
  } finally {
    net.close();
    fs.rmSync(tree, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
