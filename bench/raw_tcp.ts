// Raw TCP reference (not a test): what processes move through kernel TCP streams over loopback, read the
// way the TCP ring link reads (the reader dials and reads into one reused buffer, Node's onread), with no
// framing, protobuf, validation or summing. rawTcpOneWay: the host-TCP cap of docs/scaling.md's projection
// (standalone: node dist/bench/raw_tcp.js [--bytes 2e9]). rawTcpOneWaySeconds / rawTcpRingSeconds: the TCP
// data plane's counterparts of raw_zmq.ts, in allreduce.ts's table (same bytes and write size as a call).
import { fork } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { measureRaw } from './procs';

type Cmd = { cmd: string; address?: string; bytes: number; chunkBytes: number; send: boolean; recv: boolean; };

/** One raw process (Procs protocol of raw_zmq.ts): listens for its next process (writes to it), dials its
 *  previous one (reads from it); `go` writes `bytes` in chunkBytes writes and/or reads `bytes`. */
function ringNode(): void {
  let out: net.Socket | undefined, gotOut: () => void = () => undefined;
  const outReady = new Promise<void>((r) => {
    gotOut = r;
  });
  const server = net.createServer((s) => {
    s.setNoDelay(true);
    out = s;
    gotOut();
  });
  server.listen(0, '127.0.0.1',
    () => process.send!({ address: `127.0.0.1:${(server.address() as net.AddressInfo).port}` }));
  const rbuf = Buffer.alloc(4 << 20);
  let received = 0, expected = 0, wake: (() => void) | undefined, data = Buffer.alloc(0);
  const arrived = () => {
    if (wake && received >= expected) {
      const w = wake;
      wake = undefined;
      w();
    }
  };
  process.on('message', async (m: Cmd) => {
    if (m.cmd === 'connect') {
      const [host, port] = m.address!.split(':');
      const s = net.connect({ host, port: Number(port), onread: { buffer: rbuf, callback: (n: number) => {
        received += n;
        arrived();
        return true;
      } } } as net.NetConnectOpts);
      s.setNoDelay(true);
      await Promise.all([new Promise((r) => s.once('connect', r)), outReady]);
      process.send!({ ok: true });
      return;
    }
    if (m.cmd !== 'go') {
      server.close();
      process.exit(0);
    }
    if (data.length !== m.bytes) data = Buffer.alloc(m.bytes, 7);
    const t0 = performance.now();
    if (m.recv) expected += m.bytes; // cumulative: a fast sender's bytes may arrive before our 'go'
    const rx = new Promise<void>((r) => {
      wake = r;
      arrived();
    });
    if (m.send) {
      for (let off = 0; off < m.bytes; off += m.chunkBytes) {
        if (!out!.write(data.subarray(off, Math.min(m.bytes, off + m.chunkBytes)))) {
          await new Promise((r) => out!.once('drain', r));
        }
      }
    }
    await rx;
    process.send!({ seconds: (performance.now() - t0) / 1000 });
  });
}

const FILE = path.join(__dirname, 'raw_tcp.js');
/** Median seconds to stream `bytes` from one process to another over one TCP stream. */
export const rawTcpOneWaySeconds = (bytes: number, chunkBytes: number, iters: number) =>
  measureRaw(FILE, 2, bytes, chunkBytes, iters, false, true);
/** Median seconds for N processes to each stream `bytesPerRank` to the next while reading as much from the previous. */
export const rawTcpRingSeconds = (world: number, bytesPerRank: number, chunkBytes: number, iters: number) =>
  measureRaw(FILE, world, bytesPerRank, chunkBytes, iters, true, true);

function sender(bytes: number): void {
  const block = Buffer.alloc(1 << 20, 7);
  net.createServer((s) => {
    let sent = 0;
    const more = () => {
      while (sent < bytes && s.write(block)) sent += block.length;
      if (sent >= bytes) s.end();
    };
    s.on('drain', more);
    more();
  }).listen(0, '127.0.0.1', function(this: net.Server) {
    process.send!({ port: (this.address() as net.AddressInfo).port });
  });
}

/** One-way bytes/s of one stream from a child process to this one. */
export function rawTcpOneWay(bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], { env: { ...process.env, MYGPT_RAW_TCP_SEND: String(bytes) } });
    child.on('error', reject);
    child.on('message', (m: { port: number; }) => {
      let n = 0, t0 = 0;
      const s = net.connect(
        { port: m.port, host: '127.0.0.1', onread: { buffer: Buffer.alloc(1 << 20), callback: (k: number) => {
          if (!t0) t0 = performance.now();
          n += k;
          return true;
        } } } as net.NetConnectOpts,
      );
      s.on('error', reject);
      s.on('end', () => {
        child.kill();
        resolve(n / ((performance.now() - t0) / 1000));
      });
    });
  });
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--bytes');
  const bytes = i >= 0 ? Number(process.argv[i + 1]) : 2e9;
  const rates: number[] = [];
  for (let k = 0; k < 3; k++) rates.push(await rawTcpOneWay(bytes));
  console.log(
    `raw TCP one-way over loopback, ${bytes / 1e9} GB per run: ${
      rates.map((r) => (r / 1e9).toFixed(2)).join(', ')
    } GB/s`,
  );
}

if (process.env.MYGPT_RAW_TCP_SEND && process.send) sender(Number(process.env.MYGPT_RAW_TCP_SEND));
else if (process.env.MYGPT_BENCH === 'raw' && process.send) ringNode();
else if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
