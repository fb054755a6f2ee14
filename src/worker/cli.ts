// mygpt-worker: one training process. Launched by mygpt-coord (argv + env), or started by hand / as a
// Kubernetes pod: mygpt-worker --coordinator tcp://HOST:PORT --config run.yaml [--rank R].
import * as os from 'os';
import { cliParser, runCli } from '../cli/common';
import { hideBin } from 'yargs/helpers';
import { ConfigError, loadConfig } from '../config/load';
import { workerCurve } from '../security/keys';
import { runWorker } from './worker';

export async function main(argv = hideBin(process.argv)): Promise<number> {
  const env = process.env;
  const args = await cliParser(argv, 'mygpt-worker',
    'a training process that joins a coordinator\'s run',
    '$0 --coordinator tcp://HOST:PORT --config FILE [--rank R] [--advertise-host HOST] [--device LABEL] [--set k=v ...]')
    .option('coordinator', { type: 'string', default: env.MYGPT_COORDINATOR, describe: 'coordinator control endpoint (env MYGPT_COORDINATOR)' })
    .option('config', { type: 'string', default: env.MYGPT_CONFIG, describe: 'the same YAML config as the coordinator (env MYGPT_CONFIG)' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override, same as the coordinator\'s --set' })
    .option('rank', { type: 'number', default: env.MYGPT_RANK !== undefined ? Number(env.MYGPT_RANK) : -1, describe: 'requested rank; -1 = any free rank (env MYGPT_RANK)' })
    .option('device', { type: 'string', default: env.MYGPT_DEVICE ?? (env.CUDA_VISIBLE_DEVICES ? `gpu:${env.CUDA_VISIBLE_DEVICES}` : 'cpu'), describe: 'the label this worker reports to the coordinator (logs, metrics), e.g. gpu:0; it does not pick the GPU, ' +
      'CUDA_VISIBLE_DEVICES does (env MYGPT_DEVICE; default gpu:$CUDA_VISIBLE_DEVICES, else cpu)' })
    .option('advertise-host', { type: 'string', default: env.MYGPT_ADVERTISE_HOST, describe: 'address peers reach this worker\'s ring socket at (env MYGPT_ADVERTISE_HOST; default cluster.advertise_host, else cluster.host unless a wildcard, else the hostname)' })
    .demandOption('coordinator', 'the coordinator endpoint is required: --coordinator tcp://HOST:PORT')
    .check((a) => Number.isInteger(a.rank) && a.rank >= -1 ? true : `--rank must be an integer >= -1, got ${a.rank}`)
    .parseAsync();
  checkEndpoint('--coordinator', args.coordinator!);
  const cfg = loadConfig(args.config, args.set.map(String));
  const curve = workerCurve(cfg.security, args.set.length > 0 ? `${args.config ?? 'defaults'} + --set` : (args.config ?? 'defaults'));
  // A wildcard is not an address a peer can dial: fall back to this machine's name.
  const configured = args['advertise-host'] || cfg.cluster.advertise_host || cfg.cluster.host;
  const advertiseHost = ['0.0.0.0', '*', '::', '[::]'].includes(configured) ? os.hostname() : configured;
  const parentPid = env.MYGPT_PARENT_PID ? Number(env.MYGPT_PARENT_PID) : undefined;
  // Ctrl-C in a terminal reaches the whole process group: a launched worker leaves it to its coordinator,
  // which stops every worker at one step boundary with a checkpoint (a second Ctrl-C ends the coordinator,
  // and the worker follows when it sees its parent gone).
  if (parentPid) process.on('SIGINT', () => undefined);
  const tag = () => (args.rank >= 0 ? `worker ${args.rank}` : `worker pid ${process.pid}`);
  return runWorker(cfg, {
    coordinator: args.coordinator!, rank: args.rank, device: args.device, advertiseHost, parentPid, curve: curve ?? undefined,
    log: (l) => process.stderr.write(`${tag()}: ${l}\n`),
  });
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
