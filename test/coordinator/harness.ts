// Test harness for real multi-process runs: tiny configs, coordinator/worker processes with bounded
// waits on their output, and checks that no process is left behind.
import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..'); // dist/test/coordinator -> repo
export const DATA = process.env.MYGPT_DATA ?? path.resolve(ROOT, '..', 'shared', 'data', 'tinyshakespeare.txt');
const BIN = (name: string) => path.join(ROOT, 'bin', `${name}.js`);

/** A temp dir with a tiny model config (finishes in seconds on one core). `extra` is appended YAML
 *  sections as nested objects, merged over the defaults below. */
export function tinyConfig(extra: Record<string, Record<string, unknown>> = {}): { dir: string; file: string; } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-coord-'));
  const base: Record<string, Record<string, unknown>> = {
    run: { dir: path.join(dir, 'run'), seed: 7 },
    model: { n_layer: 1, n_head: 2, n_embd: 16, block_size: 16, dropout: 0 },
    data: { path: DATA, val_fraction: 0.1 },
    train: { batch_size: 4, max_steps: 20, warmup_steps: 2, eval_interval: 10, eval_batches: 2, log_interval: 5,
      checkpoint_interval: 10, sample_tokens: 16 },
    backend: { name: 'cpu' },
    cluster: { workers: 2, heartbeat_interval_s: 0.25, heartbeat_timeout_s: 4, join_timeout_s: 20,
      collective_timeout_s: 10, checksum_interval: 5 },
    metrics: { enabled: false, port: 0 },
  };
  for (const [k, v] of Object.entries(extra)) base[k] = { ...(base[k] ?? {}), ...v };
  const yaml = Object.entries(base).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n') + '\n';
  const file = path.join(dir, 'run.yaml');
  fs.writeFileSync(file, yaml);
  return { dir, file };
}

export interface Proc {
  child: ChildProcess;
  pid: number;
  out: () => string; // stdout + stderr so far
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; }>;
  /** Resolves with the first match of re in the output; rejects after timeoutMs or on exit without it. */
  waitFor(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  kill(sig?: NodeJS.Signals): void;
}

/** `wrap` runs the CLI under another command that execs it (same pid), e.g. ['ip', 'netns', 'exec', NS];
 *  `detached`: in a process group of its own (pgid = pid), as a shell or service manager starts it. */
export function start(bin: 'mygpt-coord' | 'mygpt-worker', args: string[], env: NodeJS.ProcessEnv = {},
  wrap: string[] = [], detached = false): Proc
{
  const argv = [...wrap, process.execPath, BIN(bin), ...args];
  const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    detached });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    text += d.toString();
    for (const l of listeners) l();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; }>((resolve) => {
    child.on('exit', (code, signal) => {
      // let the pipes drain before reporting
      setTimeout(() => {
        done = true;
        for (const l of listeners) l();
        resolve({ code, signal });
      }, 50);
    });
  });
  return {
    child,
    pid: child.pid!,
    out: () => text,
    exited,
    kill: (sig = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    },
    waitFor: (re, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = text.match(re);
          if (m) {
            cleanup();
            resolve(m);
          } else if (done) {
            cleanup();
            reject(new Error(`${bin} exited without printing ${re}:\n${text}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${re} from ${bin} within ${timeoutMs} ms:\n${text}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
  };
}

/** Waits for exit up to timeoutMs, else SIGKILLs and throws with the output. */
export async function exitWithin(p: Proc,
  timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; }>
{
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`process ${p.pid} still running after ${timeoutMs} ms:\n${p.out()}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([p.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of the workers a coordinator launched, from its "launched rank N (pid P" lines. */
export function launchedPids(out: string): Map<number, number> {
  const m = new Map<number, number>();
  for (const x of out.matchAll(/launched rank (\d+) \(pid (\d+)/g)) m.set(Number(x[1]), Number(x[2]));
  return m;
}

export async function waitGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pids.every((p) => !alive(p))) return [];
    await new Promise((r) => setTimeout(r, 100));
  }
  return pids.filter(alive);
}

export function readJsonl<T>(file: string): T[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

export function cleanup(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The control endpoint a coordinator prints once it listens. */
export async function controlEndpoint(coord: Proc): Promise<string> {
  const [, endpoint] = await coord.waitFor(/listening on (tcp:\/\/\S+) for/, 15_000);
  return endpoint;
}

/** SIGKILL every process (test teardown) and wait until they are gone. */
export async function killAll(procs: Proc[]): Promise<void> {
  for (const p of procs) p.kill('SIGKILL');
  await waitGone(procs.map((p) => p.pid), 5_000);
}

/** `body` with a tiny config (`extra` merged) and its run.dir, `<dir>/run` (made first when `mkdir`); the whole
 *  directory is removed afterwards. */
export async function withRunDir(extra: Record<string, Record<string, unknown>>,
  body: (r: { dir: string; file: string; runDir: string; }) => Promise<void>, mkdir = false): Promise<void>
{
  const { dir, file } = tinyConfig(extra);
  const runDir = path.join(dir, 'run');
  try {
    if (mkdir) fs.mkdirSync(runDir);
    await body({ dir, file, runDir });
  } finally {
    cleanup(dir);
  }
}

/** mygpt-coord on a tiny config with `extra` for `body`; afterwards the coordinator and every process `body` put in
 *  `procs` are SIGKILLed and the config's directory removed. */
export async function withCoordinator(extra: Record<string, Record<string, unknown>>,
  body: (c: { coord: Proc; file: string; dir: string; procs: Proc[]; }) => Promise<void>): Promise<void>
{
  const { dir, file } = tinyConfig(extra);
  const coord = start('mygpt-coord', ['--config', file]);
  const procs: Proc[] = [];
  try {
    await body({ coord, file, dir, procs });
  } finally {
    coord.kill('SIGKILL');
    await killAll(procs);
    cleanup(dir);
  }
}

/** A coordinator in external mode with `n` workers started by hand (ranks 0..n-1), once it has reached
 *  step 5. stop() kills everything and removes the run directory. */
export async function externalGang(cluster: Record<string, unknown>,
  n = 2): Promise<{ coord: Proc; workers: Proc[]; stop: () => Promise<void>; }>
{
  const { dir, file } = tinyConfig({ train: { max_steps: 100_000 },
    cluster: { external: true, world_size: n, ...cluster } });
  const coord = start('mygpt-coord', ['--config', file]);
  const workers: Proc[] = [];
  const stop = async () => {
    coord.kill('SIGKILL');
    await killAll(workers);
    cleanup(dir);
  };
  try {
    const endpoint = await controlEndpoint(coord);
    for (let r = 0; r < n; r++) {
      workers.push(start('mygpt-worker', ['--coordinator', endpoint, '--config', file, '--rank', String(r)]));
    }
    await coord.waitFor(/^step 5\/100000/m, 40_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { coord, workers, stop };
}
