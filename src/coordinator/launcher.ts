// Starts local worker processes, one per GPU (CUDA_VISIBLE_DEVICES=<id>) or per CPU slot, and
// reports how each one ended. Output is forwarded line by line with a "[rank N]" prefix and kept in a
// LogTail (run.dir/worker-<rank>.log + the last lines in memory for the failure report). Each worker runs in
// its own process group: a signal to the coordinator's group (Ctrl-C, `timeout`, `tini -g`, `kill -- -PGID`)
// reaches the coordinator alone, which stops every rank at one step boundary with a checkpoint.
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as path from 'path';
import * as readline from 'readline';
import type { Config } from '../config/types';
import { sleep } from '../util/async';
import { LOCAL_WORKERS_ENV } from '../util/cpus';
import { LogTail } from './log_tail';
import { LAUNCH_TOKEN_ENV } from '../control/handshake';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LaunchedWorker {
  rank: number;
  device: string;
  pid: number;
  child: ChildProcess;
  exited: Promise<ExitInfo>;
  exitInfo?: ExitInfo; // set once it has exited
  token: string; // per-launch secret (env MYGPT_LAUNCH_TOKEN, never argv): its Hello must carry it
  log: LogTail; // its stdout+stderr (file + last lines)
}

export interface LaunchSpec {
  coordinator: string; // tcp://host:port the workers connect to
  devices: readonly number[]; // GPU ids; empty = CPU workers
  cpuWorkers: number;
  configPath?: string;
  sets: readonly string[];
  out: (line: string) => void;
  relay?: (rank: number, line: string) => void; // a worker's output line (default: out(`[rank N] line`))
  workerArgv?: readonly string[]; // [node, script] override (default: this build's worker CLI)
  logDir?: string; // where worker-<rank>.log goes (run.dir); none = memory only
}

export function defaultWorkerArgv(): string[] {
  return [process.execPath, path.join(__dirname, '..', 'worker', 'cli.js')];
}

/** The device names launch() will use, index = rank. */
export function launchDevices(devices: readonly number[], cpuWorkers: number): string[] {
  return devices.length > 0 ? devices.map((d) => `gpu:${d}`) : Array.from({ length: cpuWorkers }, () => 'cpu');
}

/** The spec for the coordinator's own workers: they connect to its control endpoint over loopback. */
export function localLaunchSpec(cfg: Config, endpoint: string,
  o: Pick<LaunchSpec, 'configPath' | 'sets' | 'out' | 'relay' | 'workerArgv'>): LaunchSpec
{
  const c = cfg.cluster;
  return { coordinator: endpoint.replace('tcp://0.0.0.0:', 'tcp://127.0.0.1:'), devices: c.devices,
    cpuWorkers: c.workers, configPath: o.configPath, sets: o.sets, out: o.out, relay: o.relay, workerArgv: o.workerArgv,
    logDir: cfg.run.dir };
}

/** Starts every local worker (one per GPU or per CPU slot). */
export function launch(spec: LaunchSpec): LaunchedWorker[] {
  return launchDevices(spec.devices, spec.cpuWorkers).map((_, rank) => launchOne(spec, rank));
}

/** Starts (or restarts, after a failure) the worker of one rank. */
export function launchOne(spec: LaunchSpec, rank: number, log?: LogTail): LaunchedWorker {
  const [cmd, ...pre] = spec.workerArgv ?? defaultWorkerArgv();
  const device = launchDevices(spec.devices, spec.cpuWorkers)[rank];
  const args = [...pre, '--coordinator', spec.coordinator, '--rank', String(rank), '--device', device];
  if (spec.configPath) args.push('--config', spec.configPath);
  for (const s of spec.sets) args.push('--set', s);
  const token = randomBytes(16).toString('hex');
  // LOCAL_WORKERS_ENV: backend.threads 0 shares this machine's CPUs among the workers launched on it
  const env: NodeJS.ProcessEnv = { ...process.env, MYGPT_PARENT_PID: String(process.pid), [LAUNCH_TOKEN_ENV]: token,
    [LOCAL_WORKERS_ENV]: String(launchDevices(spec.devices, spec.cpuWorkers).length) };
  if (spec.devices.length > 0) env.CUDA_VISIBLE_DEVICES = String(spec.devices[rank]);
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const tail = log ?? new LogTail(spec.logDir ? path.join(spec.logDir, `worker-${rank}.log`) : undefined);
  const relay = spec.relay ?? ((r: number, l: string) => spec.out(`[rank ${r}] ${l}`));
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (l) => {
      tail.add(l);
      relay(rank, l);
    });
  }
  const w: LaunchedWorker = {
    rank,
    device,
    pid: child.pid ?? 0,
    child,
    log: tail,
    token,
    exited: new Promise((resolve) => {
      // 'close' (not 'exit'): the pipes are drained, so the log tail holds the last lines
      child.on('close', (code, signal) => {
        w.exitInfo = { code, signal };
        resolve(w.exitInfo);
      });
      child.on('error', (e) => {
        w.exitInfo = { code: 127, signal: null };
        tail.add(`spawn failed: ${e.message}`);
        relay(rank, `spawn failed: ${e.message}`);
        resolve(w.exitInfo);
      });
    }),
  };
  return w;
}

export function describeExit(e: ExitInfo): string {
  return e.signal ? `was killed by signal ${e.signal}` : `exited with code ${e.code}`;
}

/** End of the run: waits up to waitMs for the workers that were told to shut down (`told`), then stops the
 *  rest (stopAll, 2 s grace) and closes every log. */
export async function endAll(ws: readonly LaunchedWorker[], told: (w: LaunchedWorker) => boolean,
  waitMs: number): Promise<void>
{
  await Promise.race([Promise.all(ws.filter(told).map((w) => w.exited)), sleep(waitMs)]);
  await stopAll(ws, 2000);
  for (const w of ws) w.log.close();
}

/** How long to wait for a SIGKILLed process to be reaped (a process in uninterruptible I/O, e.g. a hung
 *  network mount, can outlive SIGKILL for a while): every wait for an exit has this limit. */
export const KILL_WAIT_MS = 5000;

/** Resolves true once `w` exited, false after `ms` (it may still be alive). */
export async function exitedWithin(w: LaunchedWorker, ms: number): Promise<boolean> {
  return Promise.race([w.exited.then(() => true), sleep(ms).then(() => false)]);
}

/** SIGTERM every live worker, SIGKILL after graceMs; resolves when all have exited, or KILL_WAIT_MS after the
 *  SIGKILL (returns the ranks still not reaped). */
export async function stopAll(ws: readonly LaunchedWorker[], graceMs: number): Promise<number[]> {
  const live = ws.filter((w) => !w.exitInfo);
  for (const w of live) w.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const w of live) if (!w.exitInfo) w.child.kill('SIGKILL');
  }, graceMs);
  const gone = await Promise.all(live.map((w) => exitedWithin(w, graceMs + KILL_WAIT_MS)));
  clearTimeout(timer);
  return live.filter((_, i) => !gone[i]).map((w) => w.rank);
}
