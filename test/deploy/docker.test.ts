// Static checks of the Dockerfile (test/container builds and runs the cpu variant for real): CUDA/cuDNN
// for tfjs-node-gpu, base images as build args, a current Node LTS, cache-friendly stages, non-root
// runtime, COPY sources that exist and are not .dockerignored, tini as PID 1 and the bins on PATH.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { NO_KUBECTL, OVERLAYS, ROOT, kustomize, repoFile } from './repo';
import { podTemplates } from './workloads';

interface Instr {
  op: string;
  args: string;
  stage: string;
}

// Dockerfile -> instructions (continuations joined, comments dropped), each tagged with its stage.
function parseDockerfile(text: string): { instrs: Instr[]; stages: string[]; } {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const instrs: Instr[] = [];
  const stages: string[] = [];
  let stage = '';
  for (const l of lines) {
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(l) ?? [];
    if (op.toUpperCase() === 'FROM') {
      stage = / AS (\S+)$/i.exec(args)?.[1] ?? `#${stages.length}`;
      stages.push(stage);
    }
    instrs.push({ op: op.toUpperCase(), args, stage });
  }
  return { instrs, stages };
}

const dockerfile = parseDockerfile(repoFile('Dockerfile'));
const pkg = JSON.parse(repoFile('package.json')) as { bin: Record<string, string>;
  optionalDependencies: Record<string, string>; };
const finalStage = dockerfile.stages[dockerfile.stages.length - 1];
const inStage = (s: string, op: string) => dockerfile.instrs.filter((i) => i.stage === s && i.op === op);

const args = new Map(
  dockerfile.instrs.filter((i) => i.op === 'ARG' && i.args.includes('=')).map((i) =>
    i.args.split('=') as [string, string]
  ),
);

test('gpu base has CUDA 11.8 + cuDNN 8 for tfjs-node-gpu 4.22; cpu variant; ' +
  'base images and Node are build args', () => {
  assert.match(pkg.optionalDependencies['@tensorflow/tfjs-node-gpu'], /^\^4\.22\./,
    'tfjs-node-gpu moved off 4.22: re-check the CUDA/cuDNN it needs (4.22 = libtensorflow 2.9.1, CUDA 11, cuDNN 8)');
  assert.equal(args.get('GPU_BASE'), 'nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04');
  assert.match(args.get('CPU_BASE') ?? '', /^debian:bookworm/);
  // Node 20 reached end of life on 2026-04-30; 24 is the active LTS
  assert.match(args.get('NODE_IMAGE') ?? '', /^node:(2[4-9]|[3-9]\d)[.-]/, 'NODE_IMAGE must be a current Node LTS');
  const froms = dockerfile.instrs.filter((i) => i.op === 'FROM').map((i) => i.args);
  for (const f of ['${NODE_IMAGE} AS node', '${GPU_BASE} AS os-gpu', '${CPU_BASE} AS os-cpu',
    'os-${VARIANT} AS base'])
  {
    assert.ok(froms.includes(f), `no FROM ${f}`);
  }
  assert.equal(args.get('VARIANT'), 'gpu');
  const env = (stage: string) => inStage(stage, 'ENV').map((i) => i.args).join(' ');
  assert.match(env('os-gpu'), /TFJS_KEEP=@tensorflow\/tfjs-node-gpu( |$)/);
  assert.match(env('os-cpu'), /TFJS_DROP="@tensorflow\/tfjs-node @tensorflow\/tfjs-node-gpu"/);
});

test('cache-friendly: production deps depend on package*.json only; npm ci before the sources, ' +
  'with a cache mount', () => {
  const depsCopies = inStage('deps', 'COPY').map((i) => i.args);
  assert.deepEqual(depsCopies, ['package.json package-lock.json ./', 'scripts/prune-node-modules.sh /tmp/'],
    'the deps stage must not see the sources');
  for (const stage of ['deps', 'build']) {
    const runs = dockerfile.instrs.filter((i) => i.stage === stage);
    const ci = runs.findIndex((i) => i.op === 'RUN' && /npm ci/.test(i.args));
    assert.ok(ci >= 0, `${stage}: no npm ci`);
    assert.match(runs[ci].args, /--mount=type=cache,target=\/root\/\.npm/, `${stage}: npm ci without a cache mount`);
    const src = runs.findIndex((i) => i.op === 'COPY' && /(^|\s)src(\s|$)/.test(i.args));
    assert.ok(src === -1 || src > ci, `${stage}: sources copied before npm ci`);
  }
});

test('the runtime image keeps only what runs: pruned node_modules, no npm, no apt caches', () => {
  const deps = dockerfile.instrs.filter((i) => i.stage === 'deps');
  const ci = deps.findIndex((i) => i.op === 'RUN' && /npm ci --omit=dev /.test(i.args));
  const prune = deps.findIndex((i) => i.op === 'RUN' && /^\/tmp\/prune-node-modules\.sh node_modules$/.test(i.args));
  assert.ok(ci >= 0, 'deps: no npm ci --omit=dev');
  assert.ok(prune > ci, 'deps: scripts/prune-node-modules.sh must run on node_modules after npm ci');
  assert.ok(deps.findIndex((i) => i.op === 'COPY' && /prune-node-modules/.test(i.args)) > ci,
    'deps: the prune script is copied before npm ci (a list edit would repeat npm ci)');
  // npm is copied into the installing stages only; the runtime stage builds on base, which has none
  const from = (stage: string) =>
    dockerfile.instrs.find((i) => i.op === 'FROM' && i.stage === stage)!.args.split(/\s+/)[0];
  assert.equal(from(finalStage), 'base');
  assert.equal(from('deps'), 'base-npm');
  assert.equal(from('build'), 'base-npm');
  assert.doesNotMatch(inStage('base', 'COPY').map((i) => i.args).join('\n'), /npm/,
    'base (and so the runtime image) copies npm');
  assert.match(inStage('base', 'RUN').map((i) => i.args).join(' '),
    /apt-get install .*\s&&\s+apt-get clean\s+&&\s+rm -rf \/var\/lib\/apt\/lists\/\*/);
});

test('runtime stage runs as the same non-root user as the k8s pods', { skip: NO_KUBECTL }, () => {
  const users = inStage(finalStage, 'USER').map((i) => i.args);
  assert.deepEqual(users, ['10001:10001']);
  for (const overlay of OVERLAYS) {
    for (const t of Object.values(podTemplates(kustomize(overlay)))) {
      const sc = t.spec.securityContext;
      assert.equal(`${sc.runAsUser}:${sc.runAsGroup}`, users[0],
        `${overlay} ${t.job} runs as another user than the image`);
    }
  }
});

test('COPY sources exist in the build context and are not .dockerignored', () => {
  const patterns = repoFile('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const ignored = patterns.filter((p) => !p.startsWith('!'));
  for (const must of ['.git', 'node_modules', 'dist', 'data', 'runs']) {
    assert.ok(ignored.includes(must), `.dockerignore lacks ${must}`);
  }
  // the last pattern naming the path or a folder above it decides; `!path` takes it back into the context
  const excluded = (src: string) =>
    patterns.reduce((ex, p) => {
      const neg = p.startsWith('!'), q = neg ? p.slice(1) : p;
      return src === q || src.startsWith(`${q}/`) ? !neg : ex;
    }, false);
  const copies = dockerfile.instrs.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from='));
  assert.ok(copies.length > 0);
  const missing: string[] = [];
  for (const c of copies) {
    const parts = c.args.split(/\s+/).filter((p) => !p.startsWith('--'));
    for (const src of parts.slice(0, -1)) {
      assert.ok(!excluded(src.replace(/^\.\//, '').replace(/\/$/, '')), `COPY ${src} is excluded by .dockerignore`);
      if (!fs.existsSync(path.join(ROOT, src))) missing.push(src);
    }
  }
  assert.deepEqual(missing, [], 'COPY sources missing from the repository');
  for (const b of Object.values(pkg.bin)) {
    assert.ok(fs.existsSync(path.join(ROOT, b)), `package.json bin ${b} does not exist`);
  }
});

test('COPY --from paths come from stages that produce them', () => {
  const tsconfig = JSON.parse(repoFile('tsconfig.json')) as { compilerOptions: { outDir: string; rootDir: string; }; };
  assert.equal(path.join(tsconfig.compilerOptions.outDir, 'src'), 'dist/src', 'tsc no longer emits dist/src');
  const produced: Record<string, string[]> = {
    // COPY'd, emitted by tsc or native/build.js
    build: ['/app/package.json', '/app/dist/src', '/app/bin', '/app/proto', '/app/native/build'],
    deps: ['/app/node_modules'],
    node: ['/usr/local/bin/node', '/usr/local/lib/node_modules/npm', '/usr/local/include/node'],
  };
  for (const c of dockerfile.instrs.filter((i) => i.op === 'COPY' && i.args.startsWith('--from='))) {
    const [, from, src] = /^--from=(\S+)\s+(\S+)/.exec(c.args) ?? [];
    assert.ok(dockerfile.stages.includes(from), `COPY --from=${from}: no such stage`);
    assert.ok(produced[from]?.includes(src), `COPY --from=${from} ${src}: not produced by stage ${from}`);
  }
  const runs = inStage('build', 'RUN').map((i) => i.args).join('\n');
  assert.match(runs, /MYGPT_NATIVE_REQUIRED=1 .*node native\/build\.js/,
    'the image must build the native kernels, failing if it cannot');
  assert.doesNotMatch(runs, /MYGPT_NATIVE_MARCH=native/, "an image must not be built for the build host's CPU only");
  const build = inStage('build', 'COPY').map((i) => i.args).join('\n');
  for (const src of ['package.json', 'tsconfig.json', 'proto', 'src', 'bin', 'native']) {
    assert.match(build, new RegExp(`(^|\\s)${src}(\\s|$)`));
  }
});

test('tini is PID 1; every package bin is a command on PATH; pods keep the ENTRYPOINT; ports match run.yaml', {
  skip: NO_KUBECTL,
}, () => {
  const entry = inStage(finalStage, 'ENTRYPOINT').map((i) => JSON.parse(i.args) as string[]);
  assert.deepEqual(entry, [['/usr/bin/tini', '-g', '--']]);
  assert.match(inStage('base', 'RUN').map((i) => i.args).join(' '), /apt-get install .*\btini\b/);
  const cmd = inStage(finalStage, 'CMD').map((i) => JSON.parse(i.args) as string[]);
  assert.equal(cmd.length, 1);
  assert.ok(cmd[0][0] in pkg.bin, `CMD ${cmd[0][0]} is not a package.json bin`);
  // bins are linked into /usr/local/bin from package.json "bin" (no npx: signals reach the process)
  const link = inStage(finalStage, 'RUN').map((i) => i.args).join(' ');
  assert.match(link, /require\("\/app\/package\.json"\)\.bin/);
  assert.match(link, /symlinkSync\("\/app\/" \+ f, "\/usr\/local\/bin\/" \+ n\)/);
  for (const b of Object.values(pkg.bin)) {
    assert.match(b, /^bin\/[\w-]+\.js$/, `bin ${b} is not under bin/ (the image copies bin/ only)`);
  }
  for (const overlay of OVERLAYS) {
    for (const t of Object.values(podTemplates(kustomize(overlay)))) {
      const c = t.spec.containers[0];
      assert.equal(c.command, undefined, `${overlay} ${t.job}: command: would replace tini`);
      assert.ok(c.args[0] in pkg.bin, `${overlay} ${t.job} runs ${c.args[0]}, not a package.json bin`);
    }
  }
  const run = parseYaml(repoFile('k8s/base/run.yaml')) as { cluster: { port: number; }; metrics: { port: number; }; };
  const exposed = inStage(finalStage, 'EXPOSE').flatMap((i) => i.args.split(/\s+/)).map(Number).sort();
  assert.deepEqual(exposed, [run.cluster.port, run.metrics.port].sort());
});
