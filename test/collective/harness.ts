// Spawns ring ranks as real processes (fixtures/ring-worker.js) on 127.0.0.1 port 0 and
// talks to them over IPC. Every wait is bounded; kill() SIGKILLs whatever is left.
import { ChildProcess, fork, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';

export interface Reply {
  id?: number;
  ok?: boolean;
  error?: string;
  name?: string;
  progress?: number;
  [k: string]: unknown;
}

export class RingProcs {
  private procs: ChildProcess[] = [];
  private nextId = 1;
  private waiters = new Map<string, (r: Reply) => void>();
  readonly exited: (number | null)[] = [];
  addresses: string[] = [];
  /** The group's ring secret (a Welcome's ring_secret): the TCP links authenticate with it. */
  readonly secret = [...randomBytes(32)];

  /** `env(rank)` adds environment variables for one rank (e.g. MYGPT_NATIVE=0 for the JS loops); `wrap(rank)`,
   *  a command prefix for one rank (e.g. `unshare --pid ...`; the IPC channel passes through it). */
  static async start(worldSize: number, opts: Record<string, unknown>, boundMs = 20_000,
    env: (rank: number) => Record<string, string> = () => ({}), fixture = 'ring-worker.js',
    wrap: (rank: number) => string[] = () => []): Promise<RingProcs>
  {
    const rp = new RingProcs();
    const file = path.join(__dirname, 'fixtures', fixture);
    const addrs: Promise<string>[] = [];
    for (let rank = 0; rank < worldSize; rank++) {
      const o = {
        env: { ...process.env, ...env(rank), MYGPT_FIXTURE: 'ring',
          RING_OPTS: JSON.stringify({ rank, worldSize, ...opts }) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as ('ignore' | 'inherit' | 'ipc')[],
      };
      const [cmd, ...args] = wrap(rank);
      const p = cmd ? spawn(cmd, [...args, process.execPath, file], o) : fork(file, [], o);
      rp.procs.push(p);
      rp.exited.push(null);
      p.on('exit', (code, sig) => {
        rp.exited[rank] = code ?? (sig ? -1 : 0);
        for (const [key, w] of rp.waiters) { // a dead rank answers nothing more: fail its calls now
          if (key.startsWith(`${rank}:`)) {
            rp.waiters.delete(key);
            w({ ok: false, error: `rank ${rank} exited (${code ?? sig})` });
          }
        }
      });
      addrs.push(new Promise((resolve) =>
        p.on('message', (m: Reply & { type?: string; address?: string; }) => {
          if (m.type === 'addr') resolve(m.address!);
          else rp.dispatch(rank, m);
        })
      ));
    }
    rp.addresses = await bounded(Promise.all(addrs), boundMs, 'ring processes to report their addresses');
    // opts.deferConnect: ranks connected later (connectRank), e.g. once a raw sender with that rank's credential
    // has played it (a ring socket admits one connection at a time)
    const deferred = (opts.deferConnect as number[] | undefined) ?? [];
    await Promise.all(rp.procs.map((_, r) => r).filter((r) => !deferred.includes(r)).map((r) => rp.connectRank(r)));
    return rp;
  }

  /** Hands rank r the Welcome's members (the 'connect' command): it dials its next rank, admits its previous. */
  connectRank(r: number): Promise<Reply> {
    return this.call(r, { cmd: 'connect', addresses: this.addresses, secret: this.secret });
  }

  private dispatch(rank: number, m: Reply): void {
    const key = `${rank}:${m.id}`;
    const w = this.waiters.get(key);
    if (!w) return;
    if (m.progress === undefined) this.waiters.delete(key);
    w(m);
  }

  /** Sends a command; resolves with its (final) reply; onProgress sees progress replies. */
  call(rank: number, msg: Record<string, unknown>, boundMs = 30_000, onProgress?: (r: Reply) => void): Promise<Reply> {
    const id = this.nextId++;
    const done = new Promise<Reply>((resolve) => {
      this.waiters.set(`${rank}:${id}`, (r) => (r.progress !== undefined ? onProgress?.(r) : resolve(r)));
    });
    this.procs[rank].send({ id, ...msg });
    return bounded(done, boundMs, `rank ${rank} to answer ${msg.cmd}`);
  }

  all(msg: (rank: number) => Record<string, unknown>, boundMs?: number): Promise<Reply[]> {
    return Promise.all(this.procs.map((_, r) => this.call(r, msg(r), boundMs)));
  }

  signal(rank: number, sig: NodeJS.Signals): void {
    this.procs[rank].kill(sig);
  }

  pid(rank: number): number | undefined {
    return this.procs[rank].pid;
  }

  kill(): void {
    for (const p of this.procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  }
}

export function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  const timer = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new Error(`test bound: no answer from ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([p, timer]).finally(() => clearTimeout(t));
}

/** World 3, ranks 0-2 each running bucketed all-reduces (sizes: ring and exchange buckets) in a loop; once the
 *  survivors have made 3 calls of progress, rank 2 is SIGKILLed. The survivors' loop replies, and when the kill was. */
export async function killRank2MidLoop(rp: RingProcs,
  sizes: number[]): Promise<{ loops: Promise<Reply>[]; killedAt: number; }>
{
  const spans = sizes.map((length, i) => ({ offset: sizes.slice(0, i).reduce((a, b) => a + b, 0), length }));
  const total = sizes.reduce((a, b) => a + b, 0);
  let progressed!: () => void;
  const running = new Promise<void>((r) => {
    progressed = r;
  });
  const loops = [0, 1].map((r) =>
    rp.call(r, { cmd: 'loop', spans, total }, 60_000, (p) => {
      if ((p.progress as number) >= 3) progressed();
    })
  );
  void rp.call(2, { cmd: 'loop', spans, total }, 60_000).catch(() => undefined);
  await running;
  const killedAt = Date.now();
  rp.signal(2, 'SIGKILL');
  return { loops, killedAt };
}

/** A process's state letter from /proc/<pid>/stat ('T': stopped by a signal). */
export function processState(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/** Bytes that reached the TCP sockets of process `pid` and were not read yet (/proc/net/tcp rx_queue of the
 *  sockets among its file descriptors): what a stopped rank's neighbours sent it meanwhile. */
export function unreadBy(pid: number): number {
  const inodes = new Set(fs.readdirSync(`/proc/${pid}/fd`).map((fd) => {
    try {
      return fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      return '';
    }
  })
    .map((l) => /^socket:\[(\d+)\]$/u.exec(l)?.[1]).filter((x) => x !== undefined));
  return fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1).map((l) => l.trim().split(/\s+/u))
    .filter((f) => f.length > 9 && inodes.has(f[9]))
    .reduce((n, f) => n + parseInt(f[4].split(':')[1], 16), 0);
}
