// Checks the scaling model (scaling_model.ts) against runs across network namespaces: one namespace
// per rank, each eth0 capped with `tc tbf` (this kernel has no netem, so no added delay), real ring
// processes (allreduce-worker.ts) and real GPU-shaped steps over the comm thread (gpu_step-worker.ts).
// Needs root + iproute2 (test/multihost/netns.ts builds the lab). Not part of `npm run bench`:
//   node dist/bench/netns_check.js [--configs 2x200,4x200,2x800] [--iters 7] [--transport tcp|zmq]
// B in the model = raw TCP throughput per host in the ring pattern, measured on the same lab (every
// host streams to the next while receiving from the previous, node sockets read like the TCP ring link): with both
// directions of every link busy this lab delivers about half the tbf rate (measured), which is the
// link the all-reduce really has. a = measured from a 1-float all-reduce (exchange: N-1 hops).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { createLab, labUnavailable, removeStaleLabs } from '../test/multihost/netns';
import { median, Procs } from './procs';
import { allreduceTime, Link, split, stepTime } from './scaling_model';
import { arg } from './args';

/** Bytes/s each host receives while every host streams `bytes` to the next one at the same time (median over hosts).
 *  Each host reads the way the TCP ring link does (it dials its previous host and reads into one reused
 *  buffer, Node's onread): a probe that allocates per read is CPU-bound on this VM before the link is. */
async function rawRingBandwidth(lab: ReturnType<typeof createLab>, names: string[], bytes: number): Promise<number> {
  const ip = (i: number) => lab.hosts.get(names[(i + names.length) % names.length])!.ip;
  const code = (me: string, prev: string) =>
    `const net = require('net');
    net.createServer((s) => s.end(Buffer.alloc(${bytes}))).listen(5555, '${me}');
    let n = 0, t0 = 0;
    setTimeout(() => {
      const c = net.connect({ port: 5555, host: '${prev}', onread: { buffer: Buffer.alloc(1 << 20), callback: (k) => {
        if (!t0) t0 = performance.now(); n += k; } } });
      c.on('end', () => {
        console.log(JSON.stringify({ rate: n / ((performance.now() - t0) / 1000) })); process.exit(0); });
    }, 1500);`;
  const rates = await Promise.all(names.map((n, i) =>
    new Promise<number>((resolve, reject) => {
      const [cmd, ...args] = lab.wrap(n);
      const p = spawn(cmd, [...args, process.execPath, '-e', code(ip(i), ip(i - 1))], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      p.stdout.on('data', (d) => {
        out += d;
      });
      p.on('exit', () => {
        try {
          resolve(JSON.parse(out).rate);
        } catch {
          reject(new Error(`raw TCP probe on ${n}: ${out}`));
        }
      });
    })
  ));
  return median(rates);
}

interface Row {
  N: number;
  mbit: number;
  what: string;
  measuredMs: number;
  modelMs: number;
}

async function ranks(file: string, bench: string, N: number, lab: ReturnType<typeof createLab>, names: string[],
  extra: object)
{
  // The namespaces stand for hosts; they share this host's memory and PID namespace, so shared memory is
  // off here (it would bypass the capped links the model is checked against).
  const envs = names.map((n, rank) => ({ MYGPT_BENCH: bench,
    RING_OPTS: JSON.stringify({ rank, worldSize: N, chunkBytes: 1 << 20, maxChunkBytes: 1 << 20, wireDtype: 'fp32',
      timeoutMs: 120_000, bindHost: lab.hosts.get(n)!.ip, transport: arg('transport', 'tcp'), sharedMemory: false,
      ...extra }) })
  );
  const p = new Procs(path.join(__dirname, file), envs, (i) => lab.wrap(names[i]));
  const addresses = (await p.all()).map((m) => m.address as string);
  p.broadcast({ cmd: 'connect', addresses, secret: [...randomBytes(32)] });
  await p.all();
  return p;
}

async function check(N: number, mbit: number, iters: number): Promise<Row[]> {
  const names = Array.from({ length: N }, (_, i) => `w${i}`);
  const lab = createLab(names, { delayMs: 0, rateMbit: mbit });
  const rows: Row[] = [];
  try {
    const link: Link = { N, B: await rawRingBandwidth(lab, names, 16e6), a: 0 };
    let p = await ranks('allreduce-worker.js', 'ring', N, lab, names, {});
    const sizes = [4, 65_536, 262_144, 1_048_576, 4_194_304].map((b) => b / 4); // 1 float: the latency probe
    const t: number[] = [];
    for (const elems of sizes) {
      p.broadcast({ cmd: 'run', elems, variants: [{ wire: 'fp32', algo: 'auto', chunk: 1 << 20 }], iters,
        barrier: true });
      const res = (await p.all()) as { times: number[][]; }[];
      t.push(median(res[0].times[0].map((_, i) => Math.max(...res.map((r) => r.times[0][i])))));
    }
    await p.shutdown();
    link.a = t[0] / (N - 1);
    sizes.forEach((e, i) => {
      if (i > 0) {
        rows.push({ N, mbit, what: `all-reduce ${e * 4 / 1024} KiB`, measuredMs: t[i] * 1e3,
          modelMs: allreduceTime(e * 4, link) * 1e3 });
      }
    });
    p = await ranks('gpu_step-worker.js', 'gpu_step', N, lab, names, {});
    const G = 4 * 1_048_576, nb = 4;
    p.broadcast({ cmd: 'layout', gradBytes: G, bucketBytes: G / nb });
    await p.all();
    for (const C of [50, 200]) {
      const steps: number[] = [];
      for (let i = 0; i < iters + 1; i++) {
        p.broadcast({ cmd: 'step', computeMs: C });
        const res = (await p.all()) as { stepMs: number; }[];
        if (i > 0) steps.push(Math.max(...res.map((r) => r.stepMs)));
      }
      rows.push({ N, mbit, what: `step C=${C} ms, 4 MiB in ${nb} buckets`, measuredMs: median(steps),
        modelMs: stepTime(C / 1e3, split(G, nb), link).step * 1e3 });
    }
    await p.shutdown();
    console.log(
      `# N=${N} ${mbit} Mbit/s (${lab.shaping}): B = ${
        (link.B * 8 / 1e6).toFixed(0)
      } Mbit/s raw TCP in the ring pattern, a = ${(link.a * 1e6).toFixed(0)} us per hop`,
    );
  } finally {
    lab.destroy();
  }
  return rows;
}

async function main(): Promise<void> {
  const why = labUnavailable();
  if (why) {
    console.log(`netns check skipped: ${why}`);
    return;
  }
  removeStaleLabs();
  const rows: Row[] = [];
  for (const c of arg('configs', '2x200,4x200,2x800').split(',')) {
    const [N, mbit] = c.split('x').map(Number);
    rows.push(...await check(N, mbit, Number(arg('iters', '7'))));
  }
  console.log('| N | tbf rate | what | measured ms | model ms | model error |\n|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.N} | ${r.mbit} Mbit/s | ${r.what} | ${r.measuredMs.toFixed(1)} | ${r.modelMs.toFixed(1)} | ${
        ((r.modelMs / r.measuredMs - 1) * 100).toFixed(0)
      }% |`,
    );
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
