// `npm run bench`: every benchmark in its own process (each one spawns its own workers and
// references), one after another so they never compete for the 2 cores.
//   npm run bench                      all of them with their defaults
//   npm run bench -- train allreduce   only these (train | allreduce | scaling | gpu_step | ckpt_stall | recovery)
// Extra flags for one benchmark: run it directly, e.g. `node dist/bench/allreduce.js --sizes 40`.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const BENCHES: Record<string, string> = {
  train: 'tokens/s of mygpt (wasm+native, stock wasm, cpu) vs PyTorch CPU on the same model',
  allreduce:
    'all-reduce over TCP (shared memory on one host, and without it) and ZeroMQ vs the raw planes and PyTorch Gloo',
  scaling: '1 -> 2 workers tokens/s vs PyTorch DDP (Gloo) on the same model, interleaved',
  gpu_step: 'GPU-shaped step: synthetic C ms compute emitting buckets, all-reduce overlapped in the comm thread',
  ckpt_stall: 'what a disk checkpoint stalls the step loop (background write) vs the synchronous save, configs/*.yaml',
  recovery: 'what a killed or stopped worker costs: restart from disk vs in place (waiting, shrunk), real runs',
};

function main(): number {
  const picked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = picked.filter((b) => !(b in BENCHES));
  if (unknown.length) {
    console.error(`unknown benchmark(s) ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
    return 2;
  }
  let failed = 0;
  for (const name of picked.length ? picked : Object.keys(BENCHES)) {
    console.log(`\n=== bench ${name}: ${BENCHES[name]}`);
    const r = spawnSync(process.execPath, [path.join(__dirname, `${name}.js`)], { stdio: 'inherit' });
    if (r.status !== 0) {
      failed++;
      console.error(`bench ${name} failed (exit ${r.status ?? r.signal})`);
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = main();
