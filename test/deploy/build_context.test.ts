// What `podman build` (and docker build) sends as the build context under the repo's .dockerignore,
// checked for real: CURVE key files wherever mygpt-keys or the kustomize overlays put them never enter it,
// while the sources the Dockerfile copies do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './repo';
import { noPodman, podman } from '../container/podman';

const KEY_FILES = [
  'k8s/components/curve/keys/server.secret',
  'k8s/components/curve/keys/server.public',
  'k8s/components/curve/keys/allowed_clients',
  'k8s/overlays/cpu/keys/client.secret',
  'curve/server.secret',
  'curve/client.public',
  'curve/allowed_clients',
  'keys/worker-0.secret',
  'elsewhere/w1.secret',
];
const SOURCES = ['src/cli/common.ts', 'bin/mygpt-coord.js', 'proto/mygpt.proto', 'package.json'];

test('.dockerignore keeps every CURVE key file out of the build context (real podman build)', { timeout: 120_000 },
  (t) => {
    const why = noPodman();
    if (why) {
      t.skip(why);
      return;
    }
    const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-ctx-'));
    let image = '', container = '';
    try {
      fs.copyFileSync(path.join(ROOT, '.dockerignore'), path.join(ctx, '.dockerignore'));
      for (const f of [...KEY_FILES, ...SOURCES]) {
        fs.mkdirSync(path.dirname(path.join(ctx, f)), { recursive: true });
        fs.writeFileSync(path.join(ctx, f), `${f}\n`);
      }
      fs.writeFileSync(path.join(ctx, 'Context.dockerfile'), 'FROM scratch\nCOPY . /ctx/\n');
      image = podman(['build', '-q', '-f', path.join(ctx, 'Context.dockerfile'), ctx]).trim().split('\n').pop()!;
      container = podman(['create', image, '/none']).trim();
      const tar = path.join(ctx, 'fs.tar');
      podman(['export', '-o', tar, container]);
      const listed = new Set(execFileSync('tar', ['-tf', tar], { encoding: 'utf8' }).split('\n')
        .filter((l) => l.startsWith('ctx/')).map((l) => l.slice('ctx/'.length)));
      for (const f of SOURCES) assert.ok(listed.has(f), `${f} is missing from the build context`);
      const leaked = KEY_FILES.filter((f) => listed.has(f));
      assert.deepEqual(leaked, [], 'key files in the build context');
    } finally {
      if (container) podman(['rm', container]);
      if (image) podman(['rmi', image]);
      fs.rmSync(ctx, { recursive: true, force: true });
    }
  });
