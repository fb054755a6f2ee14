#!/usr/bin/env node
// Helper of scripts/device-kit.sh: copies into DEST (argv[2]) the compiled code and the node_modules files that
// the runtime actually requires, nothing else (no docs, sources, typings, source maps, browser/ESM bundles):
//   dist/       every .js/.json under dist/src and dist/bench, plus what they require (e.g. dist/test/multihost)
//   node_modules/ the files reached by following literal require('...') calls from those files and from bin/,
//               resolved exactly as Node would (Module.createRequire), every package.json on the way (for
//               "main"/"exports"/"type"), each package's LICENSE, and the few files loaded without require:
//               the tfjs wasm binaries, yargs' locales, zeromq's manifest + the one prebuilt addon that loads here.
// Run from the repository root, after `npm run build`. Prints what it kept, per package.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const ROOT = process.cwd();
const DEST = path.resolve(process.argv[2] || '');
if (!process.argv[2]) {
  console.error('usage: node scripts/device-kit-modules.js DEST');
  process.exit(2);
}
const NM = fs.realpathSync(path.join(ROOT, 'node_modules'));
const DIST = fs.realpathSync(path.join(ROOT, 'dist'));

/** Files read without require(): package dir -> regexp on the path inside the package. */
const EXTRAS = {
  '@tensorflow/tfjs-backend-wasm': /^dist\/[^/]+\.wasm$/,
  yargs: /^locales\/[^/]+\.json$/,
  zeromq: /^build\/manifest\.json$/,
};
const LICENSE = /^(licen[cs]e|copying|notice)/i;

const keep = new Set(); // absolute real paths
const unresolved = new Map(); // specifier -> first file that asked for it (optional requires, bundler leftovers)
const queue = [];
const under = (f, root) => f === root || f.startsWith(root + path.sep);

function add(file) {
  const real = fs.realpathSync(file);
  if (keep.has(real) || !(under(real, NM) || under(real, DIST))) return;
  keep.add(real);
  if (/\.(c?js)$/.test(real)) queue.push(real);
}

function walkDir(dir, pred, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkDir(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out;
}

const REQ = /\brequire\s*\(\s*(['"`])([^'"`$\\]+)\1\s*\)/g;

function scan(file) {
  const src = fs.readFileSync(file, 'utf8');
  const req = Module.createRequire(file);
  for (const m of src.matchAll(REQ)) {
    const spec = m[2];
    if (Module.isBuiltin(spec)) continue;
    let target;
    try {
      target = req.resolve(spec);
    } catch {
      if (!unresolved.has(spec)) unresolved.set(spec, path.relative(ROOT, file));
      continue;
    }
    add(target);
  }
}

// Seeds: bin/ (scanned, not copied: it is tracked) and the compiled runtime.
for (const f of walkDir(path.join(ROOT, 'bin'), (p) => p.endsWith('.js'))) scan(f);
for (const sub of ['src', 'bench']) {
  for (const f of walkDir(path.join(DIST, sub), (p) => /\.(js|json)$/.test(p))) add(f);
}
while (queue.length) scan(queue.shift());

// zeromq's loader (cmake-ts) picks an addon from build/manifest.json at run time: find the one that loads
// here (same OS/arch/libc as the device), keep it, and write a manifest that lists only it.
let zmqAddon = null;
{
  const dlopen = process.dlopen;
  process.dlopen = function(m, file, ...rest) {
    if (under(fs.realpathSync(file), path.join(NM, 'zeromq'))) zmqAddon = fs.realpathSync(file);
    return dlopen.call(this, m, file, ...rest);
  };
  Module.createRequire(path.join(ROOT, 'package.json'))('zeromq');
  process.dlopen = dlopen;
  if (!zmqAddon) {
    console.error('device-kit-modules: could not see which zeromq addon loads');
    process.exit(1);
  }
  keep.add(zmqAddon);
}

// package.json files on the way up from every kept file, each package's licence, and the EXTRAS.
const pkgRoots = new Set();
for (const f of [...keep].filter((x) => under(x, NM))) {
  for (let d = path.dirname(f); under(d, NM) && d !== NM; d = path.dirname(d)) {
    const pj = path.join(d, 'package.json');
    if (!fs.existsSync(pj)) continue;
    keep.add(pj);
    if (JSON.parse(fs.readFileSync(pj, 'utf8')).name && path.basename(path.dirname(d)).match(/^(node_modules|@.*)$/)) {
      pkgRoots.add(d);
    }
  }
}
for (const d of pkgRoots) {
  for (const e of fs.readdirSync(d)) {
    if (LICENSE.test(e) && fs.statSync(path.join(d, e)).isFile()) keep.add(path.join(d, e));
  }
  const rel = path.relative(NM, d).split(path.sep).join('/');
  const extra = EXTRAS[rel];
  if (extra) {
    for (const f of walkDir(d, (p) => extra.test(path.relative(d, p).split(path.sep).join('/')))) keep.add(f);
  }
}

// Copy. The zeromq manifest is rewritten to name only the addon kept.
const destOf = (f) =>
  under(f, NM)
    ? path.join(DEST, 'node_modules', path.relative(NM, f))
    : path.join(DEST, 'dist', path.relative(DIST, f));
const perPkg = new Map();
for (const f of [...keep].sort()) {
  const to = destOf(f);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const zmqBuild = path.join(NM, 'zeromq', 'build');
  if (f === path.join(zmqBuild, 'manifest.json')) {
    const want = path.relative(zmqBuild, zmqAddon).split(path.sep).join('/');
    const all = JSON.parse(fs.readFileSync(f, 'utf8'));
    const only = Object.fromEntries(Object.entries(all).filter(([, v]) => v.replace(/\\/g, '/') === want));
    if (Object.keys(only).length !== 1) {
      console.error(`device-kit-modules: ${want} is not in zeromq's manifest`);
      process.exit(1);
    }
    fs.writeFileSync(to, JSON.stringify(only));
  } else {
    fs.copyFileSync(f, to);
  }
  const rel = under(f, NM) ? path.relative(NM, f).split(path.sep) : ['(dist)'];
  let key = rel[0].startsWith('@') ? `${rel[0]}/${rel[1]}` : rel[0];
  const nested = rel.lastIndexOf('node_modules');
  if (nested > 0) {
    key = `${key} > ${rel.slice(nested + 1, rel[nested + 1].startsWith('@') ? nested + 3 : nested + 2).join('/')}`;
  }
  const s = perPkg.get(key) || { files: 0, bytes: 0 };
  s.files++;
  s.bytes += fs.statSync(f).size;
  perPkg.set(key, s);
}

let total = 0;
for (const [k, s] of [...perPkg].sort((a, b) => b[1].bytes - a[1].bytes)) {
  total += s.bytes;
  console.log(`  ${(s.bytes / 1e6).toFixed(2).padStart(7)} MB ${String(s.files).padStart(4)} files  ${k}`);
}
console.log(`  ${(total / 1e6).toFixed(2).padStart(7)} MB in all; zeromq addon: ${path.relative(NM, zmqAddon)}`);
if (unresolved.size) {
  console.log(
    `  not found (optional or dead requires, left out): ${[...unresolved].map(([s, f]) => `${s} (${f})`).join(', ')}`,
  );
}
