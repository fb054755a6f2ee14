#!/usr/bin/env node
// Per-call micro-timing of the addon's matmul and fused kernels, called directly on an ArrayBuffer heap
// (no tfjs), to see the cost of argument validation. Usage: node native/microbench.js [addon.node ...]
// (default: native/build/mygpt_native.node). Several addons are timed in alternation, best of 7 rounds.
'use strict';
const path = require('node:path');

const files = process.argv.slice(2);
if (files.length === 0) files.push(path.join(__dirname, 'build', 'mygpt_native.node'));
const addons = files.map((f) => require(path.resolve(f)));
const heap = new ArrayBuffer(8 << 20);
new Float32Array(heap).forEach((_, i, a) => {
  a[i] = Math.sin(i);
});
const F = 4; // bytes per float

// name -> (addon) => one call; offsets keep inputs and outputs apart.
const CASES = {
  'matmul 8x8x8': (a) => a.matmul(heap, 0, 1024 * F, 2048 * F, 1, 8, 8, 8, false, false, 0, 0),
  'matmul 128x128x128': (a) => a.matmul(heap, 0, 65536 * F, 131072 * F, 1, 128, 128, 128, false, true, 0, 0),
  'matmul batch 8 32x32x16': (a) => a.matmul(heap, 0, 65536 * F, 131072 * F, 8, 32, 32, 16, false, false, 512, 512),
  'unary tanh 16': (a) => a.unary(heap, 0, 0, 4096 * F, 16),
  'gelu 16384': (a) => a.gelu(heap, 0, 65536 * F, 16384),
  'layerNorm 64x128': (a) => a.layerNorm(heap, 0, 65536 * F, 66000 * F, 131072 * F, 64, 128, 1e-5),
  'causalSoftmax 8x64x64': (a) => a.causalSoftmax(heap, 0, 65536 * F, 8, 64, 0.125),
  'heads 4x64 nh4 hs32': (a) => a.heads(heap, 0, 262144 * F, 4, 64, 4, 32, 384, 128, true),
};

function time(fn, a) {
  let n = 0;
  const t0 = process.hrtime.bigint();
  let t = t0;
  while (t - t0 < 50_000_000n) {
    for (let i = 0; i < 50; i++) fn(a);
    n += 50;
    t = process.hrtime.bigint();
  }
  return Number(t - t0) / n; // ns per call
}

for (const a of addons) a.setThreads(1);
console.log(
  `case | ${
    files.map((f) => path.basename(path.dirname(path.dirname(f))) + '/' + path.basename(f)).join(' | ')
  } (us per call, best of 7)`,
);
for (const [name, fn] of Object.entries(CASES)) {
  const best = addons.map(() => Infinity);
  for (let round = 0; round < 7; round++) {
    addons.forEach((a, i) => {
      best[i] = Math.min(best[i], time(fn, a));
    });
  }
  console.log(`${name} | ${best.map((ns) => (ns / 1000).toFixed(2)).join(' | ')}`);
}
