// podman plumbing for the container test: the local base image (scripts/ci-base-image.sh), the image
// build from the repo's Dockerfile, and a small "cluster": one podman network, containers with fixed
// IPs and /etc/hosts entries standing for Kubernetes DNS, removed at the end.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../deploy/repo';

export const CONTAINERS_CONF = path.join(ROOT, 'test/container/containers.conf');
const ENV = { ...process.env, CONTAINERS_CONF };

/** Why the container test cannot run here (podman missing), or undefined. */
export function noPodman(): string | undefined {
  const r = spawnSync('podman', ['--version'], { encoding: 'utf8', env: ENV });
  return r.status === 0 ? undefined : 'podman is not installed (.ci/run installs podman, runc, debootstrap, uidmap)';
}

export function podman(args: string[], timeoutMs = 120_000): string {
  const r = spawnSync('podman', args, { encoding: 'utf8', env: ENV, timeout: timeoutMs, maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    throw new Error(
      `podman ${args.slice(0, 3).join(' ')} ... exited ${r.status ?? r.signal}: ${(r.stderr || r.stdout).slice(-2000)}`,
    );
  }
  return r.stdout;
}

export const BASE_IMAGE = 'localhost/mygpt-ci-base:bookworm';

/** The cpu image built from the Dockerfile, FROM the local debootstrap base (nothing pulled). Layer
 *  and npm caches make a rebuild with unchanged package*.json and sources take seconds. */
export function buildImage(tag: string, log: (l: string) => void): void {
  execFileSync(path.join(ROOT, 'scripts/ci-base-image.sh'), [BASE_IMAGE], { stdio: ['ignore', 'inherit', 'inherit'],
    env: ENV, timeout: 20 * 60_000 });
  const args = ['build', '--build-arg', 'VARIANT=cpu', '--build-arg', `NODE_IMAGE=${BASE_IMAGE}`, '--build-arg',
    `CPU_BASE=${BASE_IMAGE}`, '-t', tag];
  // a TLS-intercepting proxy's CA (this machine's bundle) for npm inside the build
  const ca = process.env.NODE_EXTRA_CA_CERTS ?? '/etc/ssl/certs/ca-certificates.crt';
  if (fs.existsSync(ca)) {
    args.push('-v', `${ca}:/etc/ssl/host-ca.crt:ro`, '--build-arg', 'NODE_EXTRA_CA_CERTS=/etc/ssl/host-ca.crt');
  }
  const t0 = Date.now();
  const r = spawnSync('podman', [...args, ROOT], { encoding: 'utf8', env: ENV, timeout: 20 * 60_000,
    maxBuffer: 256 << 20 });
  if (r.status !== 0) {
    throw new Error(`podman build failed (${r.status ?? r.signal}):\n${`${r.stdout}${r.stderr}`.slice(-4000)}`);
  }
  log(`image ${tag} built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** What the built image holds, printed by the container test: its size (`podman image inspect`, the
 *  figure docs/kubernetes.md "Image size" records), its Node version, and what its deps stage's
 *  scripts/prune-node-modules.sh left in node_modules. */
export interface ImageFacts {
  bytes: number;
  node: string;
  maps: number;
  tfjsMiB: number;
  wasm: string[];
}

export function imageFacts(tag: string): ImageFacts {
  const bytes = Number(podman(['image', 'inspect', '--format', '{{.Size}}', tag]).trim());
  const out = podman(['run', '--rm', '--entrypoint', '/bin/sh', tag, '-c',
    'node --version; find /app/node_modules -name "*.map" | wc -l; du -sk /app/node_modules/@tensorflow | cut -f1; '
    + 'ls /app/node_modules/@tensorflow/tfjs-backend-wasm/dist | grep "\\.wasm$"']).trim().split('\n');
  return { bytes, node: out[0], maps: Number(out[1]), tfjsMiB: Number(out[2]) / 1024, wasm: out.slice(3) };
}

/** One podman network (fixed subnet) and the containers started on it. */
export class PodNet {
  readonly name: string;
  readonly prefix: string;
  private readonly started = new Set<string>();

  constructor(tag: string, leftovers: string[]) {
    // what an interrupted earlier run (no finally) may have left: its containers and networks
    spawnSync('podman', ['rm', '-f', '-t', '0', ...leftovers], { env: ENV });
    const nets = spawnSync('podman', ['network', 'ls', '--format', '{{.Name}}'], { encoding: 'utf8', env: ENV }).stdout
      .split('\n');
    for (const n of nets.filter((x) => x.startsWith(`mygpt-ci-${tag}-`))) {
      spawnSync('podman', ['network', 'rm', '-f', n], { env: ENV });
    }
    const octet = 100 + (process.pid % 100);
    this.name = `mygpt-ci-${tag}-${process.pid}`;
    this.prefix = `10.89.${octet}`;
    podman(['network', 'create', '--subnet', `${this.prefix}.0/24`, this.name]);
  }

  ip(host: number): string {
    return `${this.prefix}.${host}`;
  }

  /** `podman run -d` with the given arguments; the container is removed by close(). */
  run(name: string, runArgs: string[]): void {
    if (this.started.has(name)) podman(['rm', '-f', name]);
    podman(['run', '-d', ...runArgs]);
    this.started.add(name);
  }

  /** Resolves with the container's exit code when it stops. */
  wait(name: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const p = spawn('podman', ['wait', name], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '', err = '';
      p.stdout.on('data', (d) => {
        out += d;
      });
      p.stderr.on('data', (d) => {
        err += d;
      });
      p.on('close',
        (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`podman wait ${name}: ${err}`))));
    });
  }

  logs(name: string): string {
    const r = spawnSync('podman', ['logs', name], { encoding: 'utf8', env: ENV, maxBuffer: 64 << 20 });
    return `${r.stdout}${r.stderr}`;
  }

  signal(name: string, sig: 'SIGTERM' | 'SIGKILL'): void {
    podman(['kill', '--signal', sig, name]);
  }

  close(): void {
    for (const n of this.started) spawnSync('podman', ['rm', '-f', '-t', '0', n], { env: ENV });
    spawnSync('podman', ['network', 'rm', '-f', this.name], { env: ENV });
  }
}
