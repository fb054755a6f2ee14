// mygpt-worker: one training process. Launched by mygpt-coord (argv + env), or started by hand / as a
// Kubernetes pod: mygpt-worker --coordinator tcp://HOST:PORT --config run.yaml [--rank R]; or, in a torchrun /
// Kubeflow environment, configured by its variables (src/launch/torchrun_env.ts); with --nproc-per-node N,
// the node's launcher of N workers (src/launch/node_launcher.ts).
import * as os from 'os';
import { cliParser, runCli } from '../cli/common';
import { Level, Logger } from '../util/log';
import { hideBin } from 'yargs/helpers';
import { ConfigError, loadConfig } from '../config/load';
import { workerCurve } from '../security/keys';
import { isWildcardHost } from '../security/exposure';
import { runWorker } from './worker';
import { NODE_LAUNCHER_ENV, gpuDeviceNodes, ownEnv, placementLine, resolvePlacement } from '../launch/torchrun_env';
import type { WatchedParent } from './control';
import { runNodeLauncher, withoutLauncherFlags } from '../launch/node_launcher';

export async function main(argv = hideBin(process.argv)): Promise<number> {
  const env = process.env;
  const args = await cliParser(argv, 'mygpt-worker', "a training process that joins a coordinator's run",
    '$0 --coordinator tcp://HOST:PORT --config FILE [--rank R] [--advertise-host HOST] [--device LABEL] ' +
      '[--set k=v ...]\n' +
      '$0 --coordinator tcp://HOST:PORT --config FILE --nproc-per-node N [--node-rank R --nnodes M]   ' +
      '(one worker per local device)\n' +
      'torchrun/Kubeflow variables (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK, PET_*) fill in what no '
      + 'flag gives: docs/multi-node.md')
    .option('coordinator', { type: 'string',
      describe: 'coordinator control endpoint (env MYGPT_COORDINATOR, else MASTER_ADDR:MASTER_PORT)' })
    .option('config', { type: 'string', default: env.MYGPT_CONFIG,
      describe: 'the same YAML config as the coordinator (env MYGPT_CONFIG)' })
    .option('set', { type: 'string', array: true, default: [] as string[],
      describe: "override, same as the coordinator's --set" })
    .option('rank', { type: 'number',
      describe: 'requested rank; -1 = any free rank (env MYGPT_RANK, else RANK; default -1)' })
    .option('device', { type: 'string',
      describe:
        'the label this worker reports to the coordinator (logs, metrics), e.g. gpu:0; it does not pick the GPU, ' +
        'CUDA_VISIBLE_DEVICES does (env MYGPT_DEVICE; else the GPU of LOCAL_RANK; else gpu:$CUDA_VISIBLE_DEVICES, '
        + 'else cpu)' })
    .option('advertise-host', { type: 'string', default: env.MYGPT_ADVERTISE_HOST,
      describe:
        "address peers reach this worker's ring socket at (env MYGPT_ADVERTISE_HOST; default cluster.advertise_host, "
        + 'else cluster.host unless a wildcard, else the hostname)' })
    .option('nproc-per-node', { type: 'string', alias: 'nproc_per_node',
      describe: 'start this many workers, one per local device (env PET_NPROC_PER_NODE; `auto` = one per GPU)' })
    .option('node-rank', { type: 'number', alias: 'node_rank',
      describe:
        "with --nproc-per-node: this node's rank; worker ranks are node-rank x N + local rank (env PET_NODE_RANK)" })
    .option('nnodes', { type: 'number',
      describe: 'number of nodes; the world is nnodes x nproc-per-node (env PET_NNODES)' })
    .check((a) =>
      a.rank === undefined || (Number.isInteger(a.rank) && a.rank >= -1)
        ? true
        : `--rank must be an integer >= -1, got ${a.rank}`
    )
    .check((a) =>
      [a['node-rank'], a.nnodes].every((v) => v === undefined || (Number.isInteger(v) && v >= 0))
        ? true
        : '--node-rank and --nnodes must be integers >= 0'
    )
    .parseAsync();
  const parentPid = env.MYGPT_PARENT_PID ? Number(env.MYGPT_PARENT_PID) : undefined;
  // A worker launched by mygpt-coord takes everything from its flags: a coordinator running in a
  // torchrun/Kubeflow pod must not hand that pod's RANK or WORLD_SIZE to the workers it launches.
  const place = resolvePlacement({ coordinator: args.coordinator, rank: args.rank, device: args.device,
    nprocPerNode: args['nproc-per-node'], nodeRank: args['node-rank'], nnodes: args.nnodes },
    parentPid ? ownEnv(env) : env, gpuDeviceNodes());
  if (!place.coordinator) {
    throw new ConfigError(
      'the coordinator endpoint is required: --coordinator tcp://HOST:PORT (or MYGPT_COORDINATOR, or MASTER_ADDR ' +
        'and MASTER_PORT)',
    );
  }
  checkEndpoint('--coordinator', place.coordinator);
  const cfg = loadConfig(args.config, args.set.map(String));
  const line = placementLine(place);
  if (place.nprocPerNode > 1) {
    const launcher = new Logger(() => 'mygpt-worker node launcher: ', () => ({ pid: process.pid }), 'stderr');
    const log = (l: string) => launcher.info(l);
    if (line) log(line);
    return runNodeLauncher({ nproc: place.nprocPerNode, nodeRank: place.nodeRank,
      expectedWorldSize: place.expectedWorldSize, argv: withoutLauncherFlags(argv), env, log });
  }
  // LOCAL_RANK's GPU, before a backend loads
  if (place.cudaVisible !== undefined) env.CUDA_VISIBLE_DEVICES = place.cudaVisible;
  const curve = workerCurve(cfg.security,
    args.set.length > 0 ? `${args.config ?? 'defaults'} + --set` : (args.config ?? 'defaults'));
  // A wildcard is not an address a peer can dial: fall back to this machine's name.
  const configured = args['advertise-host'] || cfg.cluster.advertise_host || cfg.cluster.host;
  const advertiseHost = isWildcardHost(configured) ? os.hostname() : configured;
  // A launched worker runs in its own process group, so a terminal's Ctrl-C reaches only its coordinator,
  // which stops every worker at one step boundary with a checkpoint; a SIGINT sent to the worker anyway
  // (e.g. to every process of a service) is left to the coordinator too. SIGTERM: see runWorker.
  if (parentPid) process.on('SIGINT', () => undefined);
  const rank = place.rank >= 0 ? place.rank : undefined;
  const out = new Logger(() => (rank !== undefined ? `worker ${rank}: ` : `worker pid ${process.pid}: `),
    () => ({ rank, pid: process.pid }), 'stderr');
  const log = (l: string, level: Level = 'info') => out.write(level, l);
  if (line) log(line);
  return runWorker(cfg, {
    coordinator: place.coordinator,
    rank: place.rank,
    device: place.device,
    advertiseHost,
    parent: watchedParent(env, parentPid),
    curve: curve ?? undefined,
    expectedWorldSize: place.expectedWorldSize,
    log,
  });
}

/** The parent whose end ends this worker: mygpt-coord's pid, else the node launcher's (both set in our env by them). */
function watchedParent(env: NodeJS.ProcessEnv, parentPid: number | undefined): WatchedParent | undefined {
  if (parentPid) return { pid: parentPid, what: 'coordinator' };
  const launcher = Number(env[NODE_LAUNCHER_ENV]);
  return Number.isSafeInteger(launcher) && launcher > 1 ? { pid: launcher, what: 'node launcher' } : undefined;
}

/** A ZeroMQ TCP endpoint a worker can dial: tcp://HOST:PORT (ZeroMQ itself only says "Invalid argument"). */
export function checkEndpoint(flag: string, value: string): void {
  const m = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):(\d+)$/.exec(value);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
    const hint = /^[^\s:/]+:\d+$/.test(value) ? ` (did you mean tcp://${value}?)` : '';
    throw new ConfigError(`${flag} "${value}" is not a coordinator endpoint: expected tcp://HOST:PORT${hint}`);
  }
}

if (require.main === module) runCli(main, 'mygpt-worker');
