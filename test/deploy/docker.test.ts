// Static checks of the Dockerfile (docker cannot run here): CUDA/cuDNN for tfjs-node-gpu,
// a cpu variant, non-root runtime, COPY sources that exist and are not .dockerignored,
// and an entrypoint that is one of the package's bins, as are the k8s commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { NO_KUBECTL, ROOT, find, kustomize, repoFile } from './repo';

interface Instr { op: string; args: string; stage: string }

// Dockerfile -> instructions (continuations joined, comments dropped), each tagged with its stage.
function parseDockerfile(text: string): { instrs: Instr[]; stages: string[] } {
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
const pkg = JSON.parse(repoFile('package.json')) as { bin: Record<string, string>; optionalDependencies: Record<string, string> };
const finalStage = dockerfile.stages[dockerfile.stages.length - 1];
const inStage = (s: string, op: string) => dockerfile.instrs.filter((i) => i.stage === s && i.op === op);

test('gpu runtime has CUDA 11.8 + cuDNN 8 for tfjs-node-gpu 4.22; cpu variant exists', () => {
  assert.match(pkg.optionalDependencies['@tensorflow/tfjs-node-gpu'], /^\^4\.22\./,
    'tfjs-node-gpu moved off 4.22: re-check the CUDA/cuDNN it needs (4.22 = libtensorflow 2.9.1, CUDA 11, cuDNN 8)');
  const froms = dockerfile.instrs.filter((i) => i.op === 'FROM').map((i) => i.args);
  assert.ok(froms.includes('nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04 AS os-gpu'), froms.join('\n'));
  assert.ok(froms.some((f) => / AS os-cpu$/.test(f)), 'no cpu base stage');
  assert.ok(dockerfile.instrs.some((i) => i.op === 'ARG' && i.args === 'VARIANT=gpu'), 'no ARG VARIANT=gpu');
  assert.ok(froms.includes('os-${VARIANT} AS base'), 'variant is not selected by ARG VARIANT');
  for (const [stage, pkgName] of [['os-gpu', '@tensorflow/tfjs-node-gpu'], ['os-cpu', '@tensorflow/tfjs-node']]) {
    const env = inStage(stage, 'ENV').map((i) => i.args).join(' ');
    assert.match(env, new RegExp(`TFJS_NODE=${pkgName}( |$)`), `${stage} does not select ${pkgName}`);
  }
  assert.ok(dockerfile.stages.length >= 4, 'not a multi-stage build');
});

test('runtime stage runs as the same non-root user as the k8s pods', { skip: NO_KUBECTL }, () => {
  const users = inStage(finalStage, 'USER').map((i) => i.args);
  assert.deepEqual(users, ['10001:10001']);
  for (const overlay of ['gpu', 'cpu'] as const) {
    for (const job of ['mygpt-coord', 'mygpt-worker']) {
      const sc = find(kustomize(overlay), 'Job', job).spec.template.spec.securityContext;
      assert.equal(`${sc.runAsUser}:${sc.runAsGroup}`, users[0], `${overlay} ${job} runs as another user than the image`);
    }
  }
});

test('COPY sources exist in the build context and are not .dockerignored', (t) => {
  const ignored = repoFile('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const must of ['.git', 'node_modules', 'dist', 'data', 'runs']) assert.ok(ignored.includes(must), `.dockerignore lacks ${must}`);
  const copies = dockerfile.instrs.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from='));
  assert.ok(copies.length > 0);
  const missing: string[] = [];
  for (const c of copies) {
    const parts = c.args.split(/\s+/).filter((p) => !p.startsWith('--'));
    for (const src of parts.slice(0, -1)) {
      const top = src.replace(/^\.\//, '').split('/')[0];
      assert.ok(!ignored.includes(top), `COPY ${src} is excluded by .dockerignore`);
      if (!fs.existsSync(path.join(ROOT, src))) missing.push(src);
    }
  }
  const binDirs = new Set(Object.values(pkg.bin).map((b) => b.split('/')[0]));
  if (missing.length > 0 && missing.every((m) => binDirs.has(m)) && !fs.existsSync(path.join(ROOT, 'bin'))) {
    t.skip(`bin/ (package.json "bin") is not on this branch yet; the CLI branch adds it`);
    return;
  }
  assert.deepEqual(missing, [], 'COPY sources missing from the repository');
  for (const b of Object.values(pkg.bin)) assert.ok(fs.existsSync(path.join(ROOT, b)), `package.json bin ${b} does not exist`);
});

test('COPY --from paths come from stages that produce them', () => {
  const tsconfig = JSON.parse(repoFile('tsconfig.json')) as { compilerOptions: { outDir: string; rootDir: string } };
  assert.equal(path.join(tsconfig.compilerOptions.outDir, 'src'), 'dist/src', 'tsc no longer emits dist/src');
  const produced: Record<string, string[]> = {
    build: ['/app/package.json', '/app/dist/src', '/app/bin', '/app/proto', '/app/native/build'], // COPY'd, emitted by tsc or native/build.js
    deps: ['/app/node_modules'],
    node: ['/usr/local/bin/node', '/usr/local/lib/node_modules/npm'],
  };
  for (const c of dockerfile.instrs.filter((i) => i.op === 'COPY' && i.args.startsWith('--from='))) {
    const [, from, src] = /^--from=(\S+)\s+(\S+)/.exec(c.args) ?? [];
    assert.ok(dockerfile.stages.includes(from), `COPY --from=${from}: no such stage`);
    assert.ok(produced[from]?.includes(src), `COPY --from=${from} ${src}: not produced by stage ${from}`);
  }
  const runs = inStage('build', 'RUN').map((i) => i.args).join('\n');
  assert.match(runs, /MYGPT_NATIVE_REQUIRED=1 .*node native\/build\.js/, 'the image must build the native kernels, failing if it cannot');
  assert.doesNotMatch(runs, /MYGPT_NATIVE_MARCH=native/, 'an image must not be built for the build host\'s CPU only');
  const build = inStage('build', 'COPY').map((i) => i.args).join('\n');
  for (const src of ['package.json', 'tsconfig.json', 'proto', 'src', 'bin', 'native']) assert.match(build, new RegExp(`(^|\\s)${src}(\\s|$)`));
});

test('entrypoint and k8s commands are package bins on PATH; exposed ports match run.yaml', { skip: NO_KUBECTL }, () => {
  const cmd = inStage(finalStage, 'CMD').map((i) => JSON.parse(i.args) as string[]);
  assert.equal(cmd.length, 1);
  assert.ok(cmd[0][0] in pkg.bin, `CMD ${cmd[0][0]} is not a package.json bin`);
  assert.match(inStage(finalStage, 'ENV').map((i) => i.args).join(' '), /PATH=\/app\/bin:\$PATH/);
  for (const b of Object.values(pkg.bin)) assert.match(b, /^bin\/[\w-]+\.js$/, `bin ${b} is not under bin/ (the image copies bin/ only)`);
  for (const overlay of ['gpu', 'cpu'] as const) {
    for (const job of ['mygpt-coord', 'mygpt-worker']) {
      const c = find(kustomize(overlay), 'Job', job).spec.template.spec.containers[0];
      assert.ok(c.command[0] in pkg.bin, `${job} runs ${c.command[0]}, not a package.json bin`);
    }
  }
  const run = parseYaml(repoFile('k8s/base/run.yaml')) as { cluster: { port: number }; metrics: { port: number } };
  const exposed = inStage(finalStage, 'EXPOSE').flatMap((i) => i.args.split(/\s+/)).map(Number).sort();
  assert.deepEqual(exposed, [run.cluster.port, run.metrics.port].sort());
});
