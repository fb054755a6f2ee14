// scripts/prune-node-modules.sh, which the image's deps stage runs, on a copy of this checkout's
// node_modules (hard links: deleting a link leaves the original): it must remove what Node never loads
// (the browser bundles and ES-module trees of @tensorflow/*, source maps, typings) and keep what it
// does, proved by real 2-worker training and sampling from the pruned tree on the wasm backend with the
// native kernels. test/container builds the image with the same script and trains in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './repo';
import { dataPath, tmpDir } from '../helpers';

const SCRIPT = path.join(ROOT, 'scripts/prune-node-modules.sh');

/** An app directory laid out as the image's /app, with node_modules linked from this checkout's. */
function appCopy(): string {
  const app = tmpDir('prune');
  const link = (rel: string) => {
    fs.mkdirSync(path.dirname(path.join(app, rel)), { recursive: true });
    const src = fs.realpathSync(path.join(ROOT, rel));
    // hard links where the temp dir shares the file system, else a real copy
    const r = spawnSync('cp', ['-al', src, path.join(app, rel)]);
    if (r.status !== 0) fs.cpSync(src, path.join(app, rel), { recursive: true });
  };
  for (const rel of ['node_modules', 'dist/src', 'bin', 'proto', 'native/build']) link(rel);
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
  return app;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

const mb = (dir: string) => filesUnder(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0) / 2 ** 20;

function run(app: string, args: string[], timeoutMs: number): Promise<{ code: number | null; out: string; }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`${args[0]} ran over ${timeoutMs} ms:\n${out.slice(-3000)}`));
    }, timeoutMs);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

test('the pruned node_modules drops what Node never loads and still trains and samples', async (t) => {
  const app = appCopy();
  t.after(() => fs.rmSync(app, { recursive: true, force: true }));
  const nm = path.join(app, 'node_modules');
  const tf = path.join(nm, '@tensorflow');
  const before = mb(tf);

  const r = spawnSync(SCRIPT, [nm], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `prune-node-modules.sh exited ${r.status}:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /prune-node-modules: .* \d+ MB -> \d+ MB/);

  // what Node loads stays: each bundle's package.json and "main", the wasm backend's binaries, licences
  for (const p of fs.readdirSync(tf).filter((p) => /^tfjs(-core|-backend-\w+|-converter|-data|-layers)?$/.test(p))) {
    const pkg = JSON.parse(fs.readFileSync(path.join(tf, p, 'package.json'), 'utf8')) as { main: string; };
    const kept = filesUnder(path.join(tf, p)).filter((f) => !f.startsWith('node_modules/'));
    const rest = kept.filter((f) =>
      f !== 'package.json' && f !== path.normalize(pkg.main) && !f.endsWith('.wasm') &&
      !/^LICEN[CS]E/i.test(path.basename(f))
    );
    assert.deepEqual(rest, [], `@tensorflow/${p} kept files Node never loads`);
    assert.ok(kept.includes(path.normalize(pkg.main)), `@tensorflow/${p}: its main ${pkg.main} was removed`);
  }
  for (const w of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    assert.ok(fs.existsSync(path.join(tf, 'tfjs-backend-wasm/dist', w)), `dist/${w} was removed`);
  }
  const leftovers = filesUnder(nm).filter((f) => /\.(map|tsbuildinfo)$|\.[cm]?ts$/.test(f));
  assert.deepEqual(leftovers.slice(0, 10), [], 'source maps or TypeScript files left');
  const zmq = fs.readdirSync(path.join(nm, 'zeromq/build'), { withFileTypes: true }).filter((e) => e.isDirectory()).map(
    (e) => e.name,
  );
  assert.deepEqual(zmq, [process.platform], 'zeromq prebuilds for other platforms left');
  const after = mb(tf);
  assert.ok(after < before / 5, `@tensorflow shrank only from ${before.toFixed(0)} to ${after.toFixed(0)} MiB`);
  t.diagnostic(`@tensorflow: ${before.toFixed(0)} MiB -> ${after.toFixed(1)} MiB`);

  // 2 workers train on the wasm backend with the native kernels, from the pruned tree only (Node
  // resolves dist/src's requires in the app copy), then mygpt-generate samples on wasm and cpu
  const dir = path.join(app, 'run');
  const train = await run(app, ['bin/mygpt-coord.js', '--config', path.join(ROOT, 'configs/local-2workers.yaml'),
    '--set', `data.path=${dataPath()}`, '--set', `run.dir=${dir}`, '--set', 'train.max_steps=6', '--set',
    'train.eval_interval=6', '--set', 'train.eval_batches=1', '--set', 'train.checkpoint_interval=6', '--set',
    'backend.name=wasm'], 240_000);
  assert.equal(train.code, 0, train.out.slice(-3000));
  assert.equal((train.out.match(/rank \d joined: .*backend wasm/g) ?? []).length, 2, train.out.slice(-3000));
  assert.match(train.out, /native kernels: BatchMatMul/, 'the native kernels did not load from the pruned tree');
  assert.match(train.out, /done: 6 steps/);
  for (const backend of ['wasm', 'cpu']) {
    const gen = await run(app, ['bin/mygpt-generate.js', '--checkpoint', dir, '--tokens', '20', '--backend', backend],
      120_000);
    assert.equal(gen.code, 0, gen.out.slice(-3000));
    assert.match(gen.out, new RegExp(`backend: ${backend} `));
  }
});
