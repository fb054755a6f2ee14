// GPU-shaped step benchmark (not a test): N worker processes whose forward+backward is a synthetic
// compute of C ms that does not use the host CPU (gpu_step-worker.ts) and emits real gradient buckets
// in backward order over the real collective in the communication thread. Shows how much of the
// all-reduce hides behind backward, independently of how fast this machine computes.
//   node dist/bench/gpu_step.js [--world 2] [--grads 3,40] [--computes 5,20,60] [--steps 15]
//        [--bucket-bytes B (default gradient/8, at least 256 KiB)] [--chunk-bytes -1 (the plane's)] [--wire fp32]
//        [--transport zmq|tcp]
// Per gradient size, C = 0 (communication only: the all-reduce time A of the bucketed gradient) and
// every C are interleaved step by step (rotating order); a step's time is the slowest rank's.
// Target: step <= 1.1 x max(C, A). Without overlap a step would take C + A. No overlap can beat
// bound = max(C, C/3 + 2C/(3 nb) + A): nothing is sent during the forward (C/3) and the first of nb buckets
// is ready 2C/(3 nb) into the backward; where bound > target the target is out of reach as specified.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { median, Procs } from './procs';
import { arg } from './args';

export interface GpuStepRow {
  gradMB: number;
  buckets: number;
  computeMs: number;
  stepMs: number;
  commMs: number;
  exposedMs: number;
  target: number;
}

export async function runGpuStepBench(world: number, gradsMB: number[], computes: number[], steps: number,
  chunkBytes: number, wire: string, bucketBytes?: number, transport = 'tcp'): Promise<GpuStepRow[]>
{
  const envs = Array.from({ length: world },
    (_, rank) => ({ MYGPT_BENCH: 'gpu_step',
      RING_OPTS: JSON.stringify({ rank, worldSize: world, chunkBytes, wireDtype: wire, timeoutMs: 60_000,
        transport }) }));
  const p = new Procs(path.join(__dirname, 'gpu_step-worker.js'), envs);
  const rows: GpuStepRow[] = [];
  try {
    const addresses = (await p.all()).map((m) => m.address as string);
    p.broadcast({ cmd: 'connect', addresses, secret: [...randomBytes(32)] });
    await p.all();
    for (const mb of gradsMB) {
      const gradBytes = Math.round(mb * 1e6 / 4) * 4;
      const bb = bucketBytes ?? Math.max(256 << 10, Math.ceil(gradBytes / 8 / 4) * 4);
      p.broadcast({ cmd: 'layout', gradBytes, bucketBytes: bb });
      const nb = (await p.all())[0].buckets as number;
      const cs = [0, ...computes];
      const times = cs.map(() => [] as number[]), exposed = cs.map(() => [] as number[]);
      for (let i = 0; i < steps + 2; i++) { // 2 warm-up rounds
        for (let j = 0; j < cs.length; j++) {
          const k = (i + j) % cs.length;
          p.broadcast({ cmd: 'step', computeMs: cs[k] });
          const res = (await p.all()) as { stepMs: number; exposedMs: number; timeline?: unknown[]; }[];
          if (process.env.MYGPT_BENCH_TIMELINE && i === steps + 1) {
            console.log(JSON.stringify({ mb, C: cs[k], timeline: res.map((r) => r.timeline) }));
          }
          if (i < 2) continue;
          times[k].push(Math.max(...res.map((r) => r.stepMs)));
          exposed[k].push(Math.max(...res.map((r) => r.exposedMs)));
        }
      }
      const commMs = median(times[0]);
      cs.forEach((C, k) =>
        rows.push({ gradMB: mb, buckets: nb, computeMs: C, stepMs: median(times[k]), commMs,
          exposedMs: median(exposed[k]), target: 1.1 * Math.max(C, commMs) })
      );
    }
  } finally {
    await p.shutdown();
  }
  return rows;
}

/** The shortest step any overlap allows (see the header): communication starts with the first bucket. */
export const stepBound = (C: number, A: number, nb: number): number => Math.max(C, C / 3 + (2 * C) / (3 * nb) + A);

export function formatGpuStep(rows: GpuStepRow[]): string {
  const lines = [
    '| gradient | buckets | C ms | step ms | all-reduce A ms | no overlap C+A ms | target 1.1 max(C,A) ms | ' +
    'step / max(C,A) | exposed comm ms | met | bound max(C, C/3 + 2C/(3 nb) + A) ms | step / bound | ' +
    'target reachable |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    if (r.computeMs === 0) continue;
    const f = (x: number) => x.toFixed(1);
    const bound = stepBound(r.computeMs, r.commMs, r.buckets);
    lines.push(
      `| ${r.gradMB} MB | ${r.buckets} | ${r.computeMs} | ${f(r.stepMs)} | ${f(r.commMs)} | ${
        f(r.computeMs + r.commMs)
      } | ${f(r.target)} | ` +
        `${(r.stepMs / Math.max(r.computeMs, r.commMs)).toFixed(2)} | ${f(r.exposedMs)} | ${
          r.stepMs <= r.target ? 'yes' : 'no'
        } | ` +
        `${f(bound)}${bound === r.computeMs ? ' (C)' : ''} | ${(r.stepMs / bound).toFixed(2)} | ${
          bound <= r.target ? 'yes' : 'no'
        } |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const bb = arg('bucket-bytes', '');
  const rows = await runGpuStepBench(Number(arg('world', '2')), arg('grads', '3,40').split(',').map(Number),
    arg('computes', '5,20,60').split(',').map(Number), Number(arg('steps', '15')), Number(arg('chunk-bytes', '-1')),
    arg('wire', 'fp32'), bb ? Number(bb) : undefined, arg('transport', 'tcp')); // auto's choice without CURVE
  console.log(formatGpuStep(rows));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
