// Bench helper: fork N copies of a script with an IPC channel, env per index, bounded waits.
import { ChildProcess, fork, spawn } from 'node:child_process';

export type Msg = Record<string, unknown>;

export class Procs {
  readonly children: ChildProcess[];
  /** wrap(i): a command prefix for child i (e.g. `ip netns exec <ns>`); the IPC channel passes through it. */
  constructor(file: string, envs: Record<string, string>[], wrap?: (i: number) => string[]) {
    const execArgv = process.env.MYGPT_BENCH_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.MYGPT_BENCH_PROF}`]
      : [];
    const stdio: ['ignore', 'inherit', 'inherit', 'ipc'] = ['ignore', 'inherit', 'inherit', 'ipc'];
    this.children = envs.map((e, i) => {
      const env = { ...process.env, ...e };
      if (!wrap) return fork(file, [], { env, execArgv, stdio });
      const [cmd, ...args] = wrap(i);
      return spawn(cmd, [...args, process.execPath, ...execArgv, file], { env, stdio });
    });
  }
  /** Next message from child i (rejects if it exits first or after boundMs). */
  next(i: number, boundMs = 120_000): Promise<Msg> {
    const c = this.children[i];
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => done(new Error(`bench process ${i}: no answer in ${boundMs} ms`)), boundMs);
      const onMsg = (m: Msg) => done(null, m);
      const onExit = (code: number | null) => done(new Error(`bench process ${i} exited (${code})`));
      const done = (e: Error | null, m?: Msg) => {
        clearTimeout(t);
        c.off('message', onMsg);
        c.off('exit', onExit);
        if (e) reject(e);
        else resolve(m!);
      };
      c.on('message', onMsg);
      c.on('exit', onExit);
    });
  }
  all(): Promise<Msg[]> {
    return Promise.all(this.children.map((_, i) => this.next(i)));
  }
  send(i: number, m: Msg): void {
    this.children[i].send(m);
  }
  broadcast(m: Msg): void {
    this.children.forEach((c) => c.send(m));
  }
  /** Ask every child to exit (cmd 'exit'), wait up to boundMs, then SIGKILL the rest. */
  async shutdown(boundMs = 3000): Promise<void> {
    const exits = this.children.filter((c) => c.exitCode === null).map((c) => new Promise((r) => c.once('exit', r)));
    for (const c of this.children) if (c.connected) c.send({ cmd: 'exit' });
    await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, boundMs))]);
    this.kill();
  }
  kill(): void {
    for (const c of this.children) if (c.exitCode === null) c.kill('SIGKILL');
  }
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs `n` copies of a raw node (`file`: answers {address}, then connect / go / exit: raw_zmq.ts, raw_tcp.ts) and
 *  returns the median over `iters` rounds of the slowest process's seconds. `dialsPrev`: each process is
 *  given its previous process's address (a TCP reader dials the one it reads from), else its next's. */
export async function measureRaw(file: string, n: number, bytes: number, chunkBytes: number, iters: number,
  ring: boolean, dialsPrev = false): Promise<number>
{
  const p = new Procs(file, Array.from({ length: n }, () => ({ MYGPT_BENCH: 'raw' })));
  try {
    const addresses = (await p.all()).map((m) => m.address as string);
    addresses.forEach((_, i) => p.send(i, { cmd: 'connect', address: addresses[(i + (dialsPrev ? n - 1 : 1)) % n] }));
    await p.all();
    const times: number[] = [];
    for (let i = 0; i < iters + 1; i++) {
      // one-way: process 1 sends to process 0 (1 -> 0 is "next" of 1 when n = 2)
      for (let r = 0; r < n; r++) {
        p.send(r, { cmd: 'go', bytes, chunkBytes, send: ring || r === 1, recv: ring || r === 0 });
      }
      const res = (await p.all()) as { seconds: number; }[];
      if (i > 0) times.push(Math.max(...res.map((x) => x.seconds)));
    }
    return median(times);
  } finally {
    await p.shutdown();
  }
}
