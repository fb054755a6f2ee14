#!/usr/bin/env node
// Builds native/build/mygpt_native.node (or MYGPT_NATIVE_OUT) (OpenBLAS matmul + fused kernels for the tfjs wasm
// backend). Run by `npm run prepare` (so by `npm ci`) before tsc. Optional by design: when gcc, Node's headers or
// OpenBLAS are missing it prints ONE line saying why and exits 0; mygpt then uses the stock tfjs kernels.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;
// MYGPT_NATIVE_OUT: where the .node goes (tests build variants elsewhere; MYGPT_NATIVE_ADDON loads one).
const out = process.env.MYGPT_NATIVE_OUT
  ? path.resolve(process.env.MYGPT_NATIVE_OUT)
  : path.join(here, 'build', 'mygpt_native.node');
// Every .c file here is a compilation unit of the addon (one binary); .h files only count for staleness.
const sources = fs.readdirSync(here).filter((f) => /\.[ch]$/.test(f)).sort().map((f) => path.join(here, f));
const units = sources.filter((f) => f.endsWith('.c'));

// MYGPT_NATIVE_REQUIRED=1 (container builds) turns "not built" into a failed build.
function skip(why) {
  if (process.env.MYGPT_NATIVE_REQUIRED === '1') {
    console.error(`native: not built (${why}) and MYGPT_NATIVE_REQUIRED=1`);
    process.exit(1);
  }
  console.log(`native: not built (${why}); mygpt will use the stock tfjs kernels`);
  process.exit(0);
}

if (process.env.MYGPT_NATIVE_BUILD === '0') skip('MYGPT_NATIVE_BUILD=0');
const cc = process.env.CC || 'gcc';
if (spawnSync(cc, ['--version'], { stdio: 'ignore' }).status !== 0) skip(`no C compiler '${cc}'`);

const headerDirs = [path.join(process.execPath, '..', '..', 'include', 'node'), '/usr/include/node',
  '/usr/local/include/node'];
const nodeInc = headerDirs.find((d) => fs.existsSync(path.join(d, 'node_api.h')));
if (!nodeInc) skip(`Node headers (node_api.h) not found in ${headerDirs.join(', ')}`);

// OpenBLAS: headers under /usr/include[/x86_64-linux-gnu] (Debian) or OPENBLAS_INC; library via -lopenblas.
const blasIncDirs = [process.env.OPENBLAS_INC, '/usr/include/x86_64-linux-gnu/openblas-pthread',
  '/usr/include/openblas', '/usr/include/x86_64-linux-gnu', '/usr/include', '/usr/local/include'].filter(Boolean);
const blasInc = blasIncDirs.find((d) => fs.existsSync(path.join(d, 'cblas.h')));
if (!blasInc) skip('OpenBLAS headers (cblas.h) not found; install libopenblas-dev');

const newest = Math.max(...sources.map((f) => fs.statSync(f).mtimeMs), fs.statSync(__filename).mtimeMs);
if (fs.existsSync(out) && fs.statSync(out).mtimeMs > newest && process.argv[2] !== '--force') {
  console.log(`native: up to date (${path.relative(process.cwd(), out)})`);
  process.exit(0);
}

fs.mkdirSync(path.dirname(out), { recursive: true });
const tmp = `${out}.tmp${process.pid}`;
// -O3 -march=native: the addon is built on the machine that runs it (npm ci), like node-gyp does.
// -ffp-contract=off keeps a*b+c as two roundings so results match the stock kernels closely.
// MYGPT_NATIVE_MARCH: target CPU when the binary runs elsewhere (a container image: e.g. x86-64-v3).
// MYGPT_NATIVE_LDFLAGS: extra link flags, e.g. an rpath to a bundled OpenBLAS (scripts/device-kit.sh).
const base = ['-O3', `-march=${process.env.MYGPT_NATIVE_MARCH || 'native'}`, '-ffp-contract=off', '-fno-math-errno',
  '-fno-trapping-math', '-fopenmp-simd', '-fPIC', '-shared', '-std=gnu11', '-Wall',
  '-Werror=implicit-function-declaration', '-DNODE_GYP_MODULE_NAME=mygpt_native', '-DNAPI_VERSION=8', `-I${nodeInc}`,
  `-I${blasInc}`];
const ldflags = (process.env.MYGPT_NATIVE_LDFLAGS || '').split(/\s+/).filter(Boolean);
const compile = (extra, libs) =>
  spawnSync(cc, [...base, ...extra, ...units, '-o', tmp, ...ldflags, '-lopenblas', ...libs, '-lm', '-lpthread'], {
    encoding: 'utf8',
  });
const firstError = (r) =>
  `${r.stderr || ''}${r.error ? r.error.message : ''}`.split('\n').find((l) => /error/i.test(l)) || `exit ${r.status}`;

// libzmq (Debian libzmq3-dev) for the native ZeroMQ ring link (zmq_link.c): without it the addon is built
// anyway and its zmqInfo() says why; the ring then uses the zeromq.js link. MYGPT_NATIVE_ZMQ=0 leaves it out.
// ZMQ_INC, when set, is the only place zmq.h is looked for (ZMQ_INC=/nonexistent builds the addon without it).
const zmqIncDirs = process.env.ZMQ_INC ? [process.env.ZMQ_INC] : ['/usr/include', '/usr/local/include'];
const zmqInc = zmqIncDirs.find((d) => fs.existsSync(path.join(d, 'zmq.h')));
let zmqWhy = process.env.MYGPT_NATIVE_ZMQ === '0' ?
  'MYGPT_NATIVE_ZMQ=0 at build'
  : zmqInc
  ? ''
  : `zmq.h not found at build in ${zmqIncDirs.join(', ')} (install libzmq3-dev, then npm run build:native)`;
let r = zmqWhy ? null : compile(['-DMYGPT_HAVE_ZMQ', `-I${zmqInc}`], ['-lzmq']);
if (r && r.status !== 0) {
  zmqWhy = `building the ZeroMQ link failed: ${firstError(r).trim().slice(0, 160)}`;
  // an image or CI run that has libzmq's headers must not quietly lose the native link
  if (process.env.MYGPT_NATIVE_REQUIRED === '1') {
    console.error(`native: ${zmqWhy} and MYGPT_NATIVE_REQUIRED=1`);
    process.exit(1);
  }
  console.log(`native: ${zmqWhy}; building without it`);
}
if (zmqWhy) r = compile([`-DMYGPT_ZMQ_WHY=${JSON.stringify(zmqWhy)}`], []);
if (r.status !== 0) skip(`${cc} failed: ${firstError(r).trim()}`);
fs.renameSync(tmp, out);
console.log(
  `native: built ${path.relative(process.cwd(), out)} (ZeroMQ ring link: ${zmqWhy ? `off, ${zmqWhy}` : 'on'})`,
);
