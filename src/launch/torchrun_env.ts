// torchrun's and Kubeflow's environment (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK,
// LOCAL_WORLD_SIZE; PET_MASTER_ADDR, PET_MASTER_PORT, PET_NODE_RANK, PET_NNODES, PET_NPROC_PER_NODE) mapped
// onto mygpt-worker's options. Pure: the caller passes the flags, the environment and the GPU count.
// Precedence, per option: the flag, then mygpt's own MYGPT_* variable, then the torchrun names, then the
// Kubeflow PET_* names. Every name used is reported, for the worker's log line.
import * as fs from 'fs';
import { ConfigError } from '../config/load';

/** A torchrun/Kubeflow variable that is malformed or contradicts another (exit Config). */
export class TorchrunEnvError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'TorchrunEnvError';
  }
}

/** Set by the per-node launcher in each worker it starts (to its own pid): that process is one worker, never
 *  a launcher again, and it stops when the launcher is gone (WorkerControl). */
export const NODE_LAUNCHER_ENV = 'MYGPT_NODE_LAUNCHER_PID';

/** What the command line said (undefined = not given). */
export interface WorkerFlags {
  coordinator?: string;
  rank?: number;
  device?: string;
  nprocPerNode?: string;
  nodeRank?: number;
  nnodes?: number;
}

export interface WorkerPlacement {
  coordinator?: string; // tcp://HOST:PORT, undefined when nothing names one
  rank: number; // requested rank, -1 = any (launcher: -1; children get theirs)
  device: string; // label reported to the coordinator
  cudaVisible?: string; // narrow CUDA_VISIBLE_DEVICES to this (LOCAL_RANK picked a GPU)
  expectedWorldSize: number; // 0 = the environment says nothing
  nprocPerNode: number; // > 1: this process is a per-node launcher
  nodeRank?: number; // launcher: this node's rank (child rank = nodeRank x nproc + local rank)
  used: string[]; // "RANK=1" etc.: the environment names that decided something
  overridden: string[]; // names present but ignored because a flag or MYGPT_* said otherwise
}

type Env = Readonly<Record<string, string | undefined>>;

/** First of the names that is set (non-empty), with its name. */
function pick(env: Env, names: readonly string[]): { name: string; value: string; } | undefined {
  for (const name of names) {
    const v = env[name];
    if (v !== undefined && v !== '') return { name, value: v };
  }
  return undefined;
}

function int(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    const elastic = /^\d+:\d+$/.test(value)
      ? ' (elastic MIN:MAX ranges are not supported: mygpt trains a fixed gang)'
      : '';
    throw new TorchrunEnvError(`${name}="${value}" is not an integer >= ${min}${elastic}`);
  }
  return n;
}

/** Only mygpt's own variables (and CUDA_VISIBLE_DEVICES): for a worker launched by mygpt-coord. */
export function ownEnv(env: Env): Env {
  return Object.fromEntries(
    Object.entries(env).filter(([k]) => k.startsWith('MYGPT_') || k === 'CUDA_VISIBLE_DEVICES'),
  );
}

/** NVIDIA GPUs this process can open: /dev/nvidia0, /dev/nvidia1, ... (a container sees only those it was given). */
export function gpuDeviceNodes(dir = '/dev'): number {
  try {
    return fs.readdirSync(dir).filter((f) => /^nvidia\d+$/.test(f)).length;
  } catch {
    return 0;
  }
}

/** GPU ids visible to this process: CUDA_VISIBLE_DEVICES when set ("" or "-1": none), else 0..gpuNodes-1. */
export function visibleGpus(env: Env, gpuNodes: number): string[] {
  const cvd = env.CUDA_VISIBLE_DEVICES;
  if (cvd !== undefined) return cvd.trim() === '' || cvd.trim() === '-1' ? [] : cvd.split(',').map((s) => s.trim());
  return Array.from({ length: gpuNodes }, (_, i) => String(i));
}

/** --nproc-per-node / PET_NPROC_PER_NODE: a count, or `auto` (one per visible GPU, else 1). */
function nprocOf(name: string, value: string, gpus: number): number {
  return value === 'auto' ? Math.max(1, gpus) : int(name, value, 1);
}

export function resolvePlacement(flags: WorkerFlags, env: Env, gpuNodes: number): WorkerPlacement {
  const used: string[] = [], overridden: string[] = [];
  const note = (n: { name: string; value: string; }) => {
    if (!used.includes(`${n.name}=${n.value}`)) used.push(`${n.name}=${n.value}`);
  };
  const shadowed = (names: string[]) => {
    for (const n of names) if (env[n] && !used.some((u) => u.startsWith(`${n}=`))) overridden.push(n);
  };
  const gpus = visibleGpus(env, gpuNodes);

  // coordinator: --coordinator, MYGPT_COORDINATOR, then MASTER_ADDR:MASTER_PORT (or the PET_ names)
  let coordinator = flags.coordinator ?? env.MYGPT_COORDINATOR;
  if (coordinator) shadowed(['MASTER_ADDR', 'MASTER_PORT', 'PET_MASTER_ADDR', 'PET_MASTER_PORT']);
  else {
    const addr = pick(env, ['MASTER_ADDR', 'PET_MASTER_ADDR']), port = pick(env, ['MASTER_PORT', 'PET_MASTER_PORT']);
    if (addr && !port) {
      throw new TorchrunEnvError(
        `${addr.name}=${addr.value} is set but neither MASTER_PORT nor PET_MASTER_PORT: ` +
          `the coordinator's control port is needed`,
      );
    }
    if (port && !addr) {
      throw new TorchrunEnvError(`${port.name}=${port.value} is set but neither MASTER_ADDR nor PET_MASTER_ADDR`);
    }
    if (addr && port) {
      const p = int(port.name, port.value, 1);
      if (p > 65535) throw new TorchrunEnvError(`${port.name}=${port.value} is not a port (1..65535)`);
      coordinator = `tcp://${
        addr.value.includes(':') && !addr.value.startsWith('[') ? `[${addr.value}]` : addr.value
      }:${p}`;
      note(addr);
      note(port);
    }
  }

  // processes per node: the flag, else PET_NPROC_PER_NODE (Kubeflow sets it on every node's pod)
  const nprocEnv = pick(env, ['PET_NPROC_PER_NODE']);
  const nprocPerNode = flags.nprocPerNode !== undefined ?
    nprocOf('--nproc-per-node', flags.nprocPerNode, gpus.length)
    : nprocEnv
    ? nprocOf(nprocEnv.name, nprocEnv.value, gpus.length)
    : 1;
  if (flags.nprocPerNode !== undefined) shadowed(['PET_NPROC_PER_NODE']);
  else if (nprocEnv) note(nprocEnv);
  const nnodesEnv = pick(env, ['PET_NNODES']);
  const nnodes = flags.nnodes ?? (nnodesEnv ? int(nnodesEnv.name, nnodesEnv.value, 1) : undefined);
  if (flags.nnodes === undefined && nnodesEnv) note(nnodesEnv);
  const nodeEnv = pick(env, ['PET_NODE_RANK']);
  const nodeRank = flags.nodeRank ?? (nodeEnv ? int(nodeEnv.name, nodeEnv.value, 0) : undefined);
  if (flags.nodeRank === undefined && nodeEnv) note(nodeEnv);
  if (nnodes !== undefined && nodeRank !== undefined && nodeRank >= nnodes) {
    throw new TorchrunEnvError(
      `node rank ${nodeRank} (${flags.nodeRank !== undefined ? '--node-rank' : 'PET_NODE_RANK'}) is outside 0..${
        nnodes - 1
      } (${nnodes} nodes)`,
    );
  }

  // the world the environment describes: WORLD_SIZE, else nnodes x nproc; both given must agree
  const wsEnv = pick(env, ['WORLD_SIZE']);
  const worldEnv = wsEnv ? int(wsEnv.name, wsEnv.value, 1) : undefined;
  if (wsEnv) note(wsEnv);
  const worldNodes = nnodes !== undefined ? nnodes * nprocPerNode : undefined;
  if (worldEnv !== undefined && worldNodes !== undefined && worldEnv !== worldNodes) {
    throw new TorchrunEnvError(
      `WORLD_SIZE=${worldEnv} disagrees with ${nnodes} node(s) x ${nprocPerNode} process(es) per node ` +
        `= ${worldNodes} ` +
        '(PET_NNODES / --nnodes x PET_NPROC_PER_NODE / --nproc-per-node)',
    );
  }
  const expectedWorldSize = worldEnv ?? worldNodes ?? 0;

  if (nprocPerNode > 1 && env[NODE_LAUNCHER_ENV]) {
    // a launcher's child asked to launch again would start N more, each starting N more...
    throw new TorchrunEnvError(
      `${
        flags.nprocPerNode !== undefined ? '--nproc-per-node' : 'PET_NPROC_PER_NODE'
      } ${nprocPerNode} in a worker started by ` +
        `the node launcher (${NODE_LAUNCHER_ENV}=${env[NODE_LAUNCHER_ENV]}): a launched worker is one worker`,
    );
  }
  if (nprocPerNode > 1) {
    return launcherPlacement(flags, env, { coordinator, nprocPerNode, nodeRank, expectedWorldSize, used, overridden,
      gpus });
  }

  // one worker: LOCAL_RANK (torchrun's per-process name) picks the device and, with the node rank, the rank
  const localEnv = pick(env, ['LOCAL_RANK']);
  const localRank = localEnv ? int(localEnv.name, localEnv.value, 0) : undefined;
  const lwsEnv = pick(env, ['LOCAL_WORLD_SIZE']);
  const localWorld = lwsEnv ? int(lwsEnv.name, lwsEnv.value, 1) : undefined;
  if (localRank !== undefined && localWorld !== undefined && localRank >= localWorld) {
    throw new TorchrunEnvError(
      `LOCAL_RANK=${localRank} is outside 0..${localWorld - 1} (LOCAL_WORLD_SIZE=${localWorld})`,
    );
  }

  let rank = -1;
  const mr = env.MYGPT_RANK?.trim(); // -1 = any, as --rank -1
  const mygptRank = mr === undefined || mr === '' ? undefined : mr === '-1' ? -1 : int('MYGPT_RANK', mr, 0);
  const rankEnv = pick(env, ['RANK']);
  if (flags.rank !== undefined || mygptRank !== undefined) {
    rank = flags.rank ?? mygptRank!;
    shadowed(['RANK']);
  } else if (rankEnv) {
    rank = int(rankEnv.name, rankEnv.value, 0);
    note(rankEnv);
  } else if (nodeRank !== undefined) {
    rank = nodeRank * nprocPerNode + (localRank ?? 0);
    if (localEnv) note(localEnv);
  }
  if (rank >= 0 && expectedWorldSize > 0 && rank >= expectedWorldSize) {
    throw new TorchrunEnvError(
      `rank ${rank} (${
        flags.rank !== undefined
          ? '--rank'
          : mygptRank !== undefined
          ? 'MYGPT_RANK'
          : rankEnv
          ? 'RANK'
          : 'PET_NODE_RANK'
      }) ` +
        `is outside the world of ${expectedWorldSize} its environment describes (${
          wsEnv ? 'WORLD_SIZE' : 'PET_NNODES x PET_NPROC_PER_NODE'
        })`,
    );
  }

  let device = flags.device ?? env.MYGPT_DEVICE, cudaVisible: string | undefined;
  if (device) { if (localEnv) shadowed(['LOCAL_RANK']); }
  else if (localRank !== undefined) {
    note(localEnv!);
    if (gpus.length > 0) {
      if (localRank >= gpus.length) {
        throw new TorchrunEnvError(`LOCAL_RANK=${localRank} has no GPU: ${
          env.CUDA_VISIBLE_DEVICES !== undefined
            ? `CUDA_VISIBLE_DEVICES=${env.CUDA_VISIBLE_DEVICES} lists` :
            'this machine has'
        } ${gpus.length}`);
      }
      cudaVisible = gpus[localRank];
      device = `gpu:${cudaVisible}`;
    } else device = 'cpu';
  } else device = env.CUDA_VISIBLE_DEVICES ? `gpu:${env.CUDA_VISIBLE_DEVICES}` : 'cpu';
  return { coordinator, rank, device, cudaVisible, expectedWorldSize, nprocPerNode: 1, nodeRank, used, overridden };
}

/** --nproc-per-node N (> 1): the children's ranks come from the node rank; one rank or device for all is an error. */
function launcherPlacement(flags: WorkerFlags, env: Env,
  p: { coordinator?: string; nprocPerNode: number; nodeRank?: number; expectedWorldSize: number; used: string[];
    overridden: string[]; gpus: string[]; }): WorkerPlacement
{
  const rank = flags.rank !== undefined && flags.rank !== -1 ?
    '--rank'
    : env.MYGPT_RANK && env.MYGPT_RANK.trim() !== '-1'
    ? 'MYGPT_RANK'
    : undefined; // -1 (any) fits every worker
  if (rank) {
    throw new TorchrunEnvError(
      `${rank} names one worker's rank; with --nproc-per-node ${p.nprocPerNode} give the node's rank ` +
        '(--node-rank or PET_NODE_RANK)',
    );
  }
  const device = flags.device ?? env.MYGPT_DEVICE;
  if (device !== undefined && device !== 'cpu') {
    throw new TorchrunEnvError(
      `${
        flags.device !== undefined ? '--device' : 'MYGPT_DEVICE'
      } ${device}: with --nproc-per-node each worker takes ` +
        'the GPU of its local rank; only `cpu` (no GPU for any of them) can be given',
    );
  }
  if (device === undefined && p.gpus.length > 0 && p.nprocPerNode > p.gpus.length) {
    throw new TorchrunEnvError(`--nproc-per-node ${p.nprocPerNode} but ${
      env.CUDA_VISIBLE_DEVICES !== undefined ?
        `CUDA_VISIBLE_DEVICES=${env.CUDA_VISIBLE_DEVICES} lists`
        : 'this machine has'
    } ${p.gpus.length} GPU(s): one worker per GPU (or --device cpu for CPU workers)`);
  }
  if (env.RANK) p.overridden.push('RANK'); // PyTorchJob's pod rank: the node rank here, PET_NODE_RANK says it
  if (p.nodeRank !== undefined && p.expectedWorldSize > 0 && (p.nodeRank + 1) * p.nprocPerNode > p.expectedWorldSize) {
    throw new TorchrunEnvError(
      `node rank ${p.nodeRank} x ${p.nprocPerNode} processes per node does not fit the world of ` +
        `${p.expectedWorldSize} (WORLD_SIZE or PET_NNODES)`,
    );
  }
  return { coordinator: p.coordinator, rank: -1, device: device ?? '', expectedWorldSize: p.expectedWorldSize,
    nprocPerNode: p.nprocPerNode, nodeRank: p.nodeRank, used: p.used, overridden: p.overridden };
}

/** The log line: which environment names were used (and which a flag overrode); '' when none. */
export function placementLine(p: WorkerPlacement): string {
  if (p.used.length === 0 && p.overridden.length === 0) return '';
  const parts = [`torchrun/Kubeflow environment: ${p.used.length ? `used ${p.used.join(', ')}` : 'nothing used'}`];
  if (p.overridden.length) parts.push(`ignored ${p.overridden.join(', ')} (a flag or MYGPT_* variable said otherwise)`);
  const what = p.nprocPerNode > 1
    ? `${p.nprocPerNode} workers per node${p.nodeRank !== undefined ? `, node rank ${p.nodeRank}` : ''}`
    : `rank ${p.rank < 0 ? 'any' : p.rank}, device ${p.device}`;
  return `${parts.join('; ')} -> coordinator ${p.coordinator ?? '(none)'}, ${what}` +
    (p.expectedWorldSize ? `, world size ${p.expectedWorldSize} (checked by the coordinator)` : '');
}
