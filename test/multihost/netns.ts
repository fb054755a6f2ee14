// A throwaway "LAN" of Linux network namespaces for multi-host tests: one namespace per host, each
// with eth0 (a veth) on a bridge in a switch namespace, an address in a private subnet that exists only
// inside these namespaces, and latency + a bandwidth cap on every eth0. Nothing is created in the
// caller's namespace, so test traffic cannot leave the lab. Needs root, iproute2 and tc.
//
//   const why = labUnavailable();              // undefined, or why this machine cannot host a lab
//   const lab = createLab(['coord', 'w0', 'w1'], { delayMs: 2, rateMbit: 20 });
//   lab.hosts.get('w0')  // { ns: 'mygpt-mh1234-w0', ip: '10.213.0.3' }
//   lab.destroy();                             // in finally; also removes the namespaces' veths
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export const IP = '/usr/sbin/ip';
const TC = '/usr/sbin/tc';
export const PREFIX = 'mygpt-mh'; // namespaces: mygpt-mh<pid>-<host>
const SUBNET = '10.213.0'; // /24, lives only inside the lab's namespaces

export interface LabHost {
  ns: string;
  ip: string;
}
export interface Lab {
  hosts: Map<string, LabHost>;
  shaping: string; // the qdisc on every host's eth0, as `tc qdisc` prints its kind + args
  /** Command prefix that runs a program inside a host's namespace (exec, same pid). */
  wrap(host: string): string[];
  /** Bytes sent through a host's eth0 (the shaped egress) so far. */
  txBytes(host: string): number;
  destroy(): void;
}

/** Runs a command; throws naming the command line and its stderr. */
function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; message: string; };
    throw new Error(`${cmd} ${args.join(' ')}: ${(err.stderr || err.message).trim()}`);
  }
}

/** Why no lab can be built here (not root, no iproute2/tc, namespaces forbidden), else undefined. */
export function labUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'network namespaces need root (run the tests as root, e.g. in CI)';
  for (const bin of [IP, TC]) if (!fs.existsSync(bin)) return `${bin} not found: apt-get install iproute2`;
  const probe = `${PREFIX}${process.pid}-probe`;
  try {
    sh(IP, ['netns', 'add', probe]);
  } catch (e) {
    return `cannot create a network namespace: ${(e as Error).message}`;
  }
  try {
    // what createLab needs from the kernel: a bridge, a veth pair, and a rate-limiting qdisc
    sh(IP, ['-n', probe, 'link', 'add', 'br0', 'type', 'bridge']);
    sh(IP, ['-n', probe, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
    sh(TC, ['-n', probe, 'qdisc', 'replace', 'dev', 'v0', 'root', 'tbf', 'rate', '1mbit', 'burst', '32kb', 'latency',
      '200ms']);
    return undefined;
  } catch (e) {
    return `this kernel lacks what the lab needs: ${(e as Error).message}`;
  } finally {
    try {
      sh(IP, ['netns', 'del', probe]);
    } catch { /* best effort */ }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function listNamespaces(): string[] {
  return sh(IP, ['netns', 'list']).split('\n').map((l) => l.split(' ')[0]).filter(Boolean);
}

/** Deletes one namespace after killing what still runs in it (processes of a crashed test run). */
function removeNamespace(ns: string): void {
  let pids: number[] = [];
  try {
    pids = sh(IP, ['netns', 'pids', ns]).split(/\s+/).filter(Boolean).map(Number);
  } catch { /* gone */ }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch { /* already gone */ }
  }
  try {
    sh(IP, ['netns', 'del', ns]);
  } catch { /* already gone */ }
}

/** Removes labs left by earlier test processes that died without cleaning up (their pid is gone). */
export function removeStaleLabs(): string[] {
  const stale = listNamespaces().filter((ns) => {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(ns);
    return m !== null && Number(m[1]) !== process.pid && !alive(Number(m[1]));
  });
  for (const ns of stale) removeNamespace(ns);
  return stale;
}

/** Latency + rate cap on a device: netem (delay and rate) where the kernel has it, else tbf (rate only). */
function shape(ns: string, dev: string, delayMs: number, rateMbit: number): string {
  const netem = ['netem', 'delay', `${delayMs}ms`, 'rate', `${rateMbit}mbit`];
  const tbf = ['tbf', 'rate', `${rateMbit}mbit`, 'burst', '32kb', 'latency', '200ms'];
  try {
    sh(TC, ['-n', ns, 'qdisc', 'replace', 'dev', dev, 'root', ...netem]);
    return netem.join(' ');
  } catch (e) {
    const why = /kind is unknown/i.test((e as Error).message) ? 'netem is not in this kernel' : (e as Error).message;
    try {
      sh(TC, ['-n', ns, 'qdisc', 'replace', 'dev', dev, 'root', ...tbf]);
    } catch (e2) {
      throw new Error(`cannot shape ${ns} ${dev}: ${(e as Error).message}; ${(e2 as Error).message}`);
    }
    return `${tbf.join(' ')} (no added latency: ${why})`;
  }
}

/** Builds the lab: hosts get .2, .3, ... in order (the switch namespace holds the bridge, no address). */
export function createLab(names: string[], opts: { delayMs: number; rateMbit: number; }): Lab {
  if (names.length > 200) throw new Error(`createLab: ${names.length} hosts do not fit in ${SUBNET}.0/24`);
  const tag = `${PREFIX}${process.pid}`;
  const sw = `${tag}-sw`;
  const hosts = new Map<string, LabHost>();
  const made: string[] = [];
  let shaping = '';
  const destroy = () => {
    for (const ns of made.reverse()) removeNamespace(ns);
    made.length = 0;
  };
  try {
    for (const ns of [sw, ...names.map((n) => `${tag}-${n}`)]) {
      if (listNamespaces().includes(ns)) removeNamespace(ns); // our own pid reused: start clean
      sh(IP, ['netns', 'add', ns]);
      made.push(ns);
      sh(IP, ['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    sh(IP, ['-n', sw, 'link', 'add', 'br0', 'type', 'bridge']);
    sh(IP, ['-n', sw, 'link', 'set', 'br0', 'up']);
    names.forEach((name, i) => {
      const ns = `${tag}-${name}`, ip = `${SUBNET}.${i + 2}`, port = `p${i}`;
      // created inside the switch namespace with its peer moved straight into the host's: never in ours
      sh(IP, ['-n', sw, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      sh(IP, ['-n', sw, 'link', 'set', port, 'master', 'br0', 'up']);
      sh(IP, ['-n', ns, 'addr', 'add', `${ip}/24`, 'dev', 'eth0']);
      sh(IP, ['-n', ns, 'link', 'set', 'eth0', 'up']);
      shaping = shape(ns, 'eth0', opts.delayMs, opts.rateMbit);
      hosts.set(name, { ns, ip });
    });
  } catch (e) {
    destroy();
    throw e;
  }
  const get = (host: string): LabHost => {
    const h = hosts.get(host);
    if (!h) throw new Error(`no host ${host} in the lab (hosts: ${[...hosts.keys()].join(', ')})`);
    return h;
  };
  const wrap = (host: string) => [IP, 'netns', 'exec', get(host).ns];
  const txBytes = (host: string): number => {
    const h = get(host);
    const q = JSON.parse(sh(TC, ['-n', h.ns, '-s', '-j', 'qdisc', 'show', 'dev', 'eth0'])) as { root?: boolean;
      bytes: number; }[];
    return q.find((x) => x.root)?.bytes ?? 0;
  };
  return { hosts, shaping, wrap, txBytes, destroy };
}
