// mygpt-worker --nproc-per-node N: torchrun's per-node agent for mygpt. Starts N workers against an
// external coordinator, one per local device (LOCAL_RANK 0..N-1; the device index is the local rank),
// each configured through torchrun's per-process environment (RANK, LOCAL_RANK, WORLD_SIZE, ...), forwards
// the signals it gets to them, and exits with the most severe of their exit codes (SEVERITY). As with
// torchrun's default (--max-restarts 0), the first worker that fails stops its siblings (SIGTERM: they
// report themselves preempted) and the node exits, so whoever runs it (a pod, systemd) starts it again.
import { ChildProcess, spawn } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { ExitCode, describeExitCode } from '../exit_codes';
import { NODE_LAUNCHER_ENV } from './torchrun_env';
import { LOCAL_WORKERS_ENV } from '../util/cpus';

/** Most severe first: the codes that say retrying cannot help (Unrecoverable, Config, Refused,
 *  RestartsExhausted, Stopped), then the failures a restart may cure (Internal, and any code outside the
 *  table such as 128+n for a signal, then CoordinatorLost), then Preempted, then Ok. */
export const SEVERITY: readonly ExitCode[] = [ExitCode.Unrecoverable, ExitCode.Config, ExitCode.Refused,
  ExitCode.RestartsExhausted, ExitCode.Stopped, ExitCode.Internal, ExitCode.CoordinatorLost, ExitCode.Preempted,
  ExitCode.Ok];

function rankOf(code: number): number {
  const i = SEVERITY.indexOf(code);
  return i >= 0 ? i : SEVERITY.indexOf(ExitCode.Internal);
}

/** The most severe code of `codes` (in exit order; between equals, the first to exit). Empty: Ok. */
export function mostSevere(codes: readonly number[]): number {
  return codes.reduce((best, c) => (rankOf(c) < rankOf(best) ? c : best), codes[0] ?? ExitCode.Ok);
}

/** A child's exit as one number: its code, or 128 + the signal number when a signal ended it (as a shell
 *  reports it). */
export function exitNumber(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal ? os.constants.signals[signal] : undefined;
  return n !== undefined ? 128 + n : ExitCode.Internal;
}

export interface NodeLaunch {
  nproc: number;
  nodeRank?: number; // undefined: each child asks for any free rank
  expectedWorldSize: number; // 0 = unknown: the children get no WORLD_SIZE
  argv: readonly string[]; // the worker's own arguments (no launcher flags)
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

/** Signal received -> signal sent to every worker. SIGINT (Ctrl-C) becomes SIGTERM: a worker's orderly stop
 *  (checkpoint, exit 4), where its own SIGINT would end it without one. SIGUSR1 is not taken: Node keeps it for
 *  the inspector. */
const FORWARDED: ReadonlyMap<NodeJS.Signals, NodeJS.Signals> = new Map<NodeJS.Signals, NodeJS.Signals>([
  ['SIGTERM', 'SIGTERM'],
  ['SIGINT', 'SIGTERM'],
  ['SIGHUP', 'SIGHUP'],
  ['SIGQUIT', 'SIGQUIT'],
  ['SIGUSR2', 'SIGUSR2'],
]);
const WORKER_BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'mygpt-worker.js'); // dist/src/launch -> repo

const LAUNCHER_FLAGS = ['nproc-per-node', 'node-rank', 'nnodes'];

/** A flag's name as yargs understands it: `--nprocPerNode`, `--nproc_per_node` and `--nproc-per-node` are one
 *  (camel-case expansion and the aliases); undefined for what is not a `--flag`. */
function flagName(arg: string): string | undefined {
  const m = /^--([^=]+)/.exec(arg);
  return m ? m[1].replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/_/g, '-') : undefined;
}

/** The worker's arguments: argv without the launcher's own flags (`--flag V` and `--flag=V`, every spelling
 *  yargs accepts); after a bare `--` nothing is a flag. */
export function withoutLauncherFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = flagName(a);
    if (name !== undefined && LAUNCHER_FLAGS.includes(name)) {
      if (!a.includes('=')) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** torchrun's per-process variables for local rank `local`; the launcher's own (PET_*) are consumed here.
 *  LOCAL_WORKERS_ENV: with backend.threads 0 the N workers share this machine's CPUs, as mygpt-coord's do. */
export function childEnv(l: NodeLaunch, local: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...l.env, LOCAL_RANK: String(local), LOCAL_WORLD_SIZE: String(l.nproc),
    [NODE_LAUNCHER_ENV]: String(process.pid), [LOCAL_WORKERS_ENV]: String(l.nproc) };
  for (const k of ['PET_NPROC_PER_NODE', 'PET_NODE_RANK', 'PET_NNODES', 'RANK', 'GROUP_RANK', 'WORLD_SIZE']) {
    delete env[k];
  }
  if (l.nodeRank !== undefined) {
    env.RANK = String(l.nodeRank * l.nproc + local);
    env.GROUP_RANK = String(l.nodeRank);
  }
  if (l.expectedWorldSize > 0) env.WORLD_SIZE = String(l.expectedWorldSize);
  return env;
}

/** Runs the node's workers to their end; resolves with the exit code for this process. */
export async function runNodeLauncher(l: NodeLaunch): Promise<number> {
  const children: { local: number; child: ChildProcess; code?: number; }[] = [];
  const exits: number[] = [];
  let stopping = false;
  const live = () => children.filter((c) => c.code === undefined);
  const forward = (sig: NodeJS.Signals, as: NodeJS.Signals) => () => {
    l.log(`${sig}: forwarding ${as === sig ? '' : `as ${as} `}to ${live().length} worker(s)`);
    stopping = true;
    for (const c of live()) c.child.kill(as);
  };
  const handlers = [...FORWARDED].map(([sig, as]) => [sig, forward(sig, as)] as const);
  for (const [sig, h] of handlers) process.on(sig, h);
  try {
    await new Promise<void>((resolve) => {
      const ended = (c: (typeof children)[number], code: number) => {
        if (c.code !== undefined) return;
        c.code = code;
        exits.push(code);
        l.log(`local rank ${c.local} (pid ${c.child.pid ?? '?'}) exited ${describeExitCode(code)}`);
        if (code !== ExitCode.Ok && !stopping) {
          stopping = true;
          const rest = live();
          if (rest.length) {
            l.log(
              `stopping the other ${rest.length} worker(s) of this node (SIGTERM): ` +
                'it exits and is started again as a whole',
            );
          }
          for (const o of rest) o.child.kill('SIGTERM');
        }
        if (live().length === 0) resolve();
      };
      for (let local = 0; local < l.nproc; local++) {
        // Own process group: a signal to the launcher's group (Ctrl-C, systemd, tini -g) reaches each worker once,
        // forwarded.
        const child = spawn(process.execPath, [WORKER_BIN, ...l.argv], { env: childEnv(l, local),
          stdio: ['ignore', 'inherit', 'inherit'], detached: true });
        const c = { local, child } as (typeof children)[number];
        children.push(c);
        child.on('error', (e) => {
          l.log(`local rank ${local}: ${e.message}`);
          ended(c, ExitCode.Internal);
        });
        child.on('exit', (code, signal) => ended(c, exitNumber(code, signal)));
        const rank = l.nodeRank !== undefined ? `rank ${l.nodeRank * l.nproc + local}` : 'any free rank';
        l.log(`started local rank ${local} (pid ${child.pid ?? '?'}, ${rank})`);
      }
    });
  } finally {
    for (const [sig, h] of handlers) process.removeListener(sig, h);
  }
  const code = mostSevere(exits);
  l.log(`all ${l.nproc} worker(s) exited (${children.map((c) => `${c.local}: ${c.code}`).join(', ')}); ` +
    `exit ${describeExitCode(code)}, the most severe (docs/multi-node.md)`);
  return code;
}
