// Raw TCP reference (not a test): what one process moves through one kernel TCP stream over loopback,
// read the way the TCP ring link reads (the reader dials and reads into one reused buffer, Node's onread).
// The host-TCP cap of docs/scaling.md's projection. Standalone: node dist/bench/raw_tcp.js [--bytes 2e9]
import { fork } from 'node:child_process';
import * as net from 'node:net';

function sender(bytes: number): void {
  const block = Buffer.alloc(1 << 20, 7);
  net.createServer((s) => {
    let sent = 0;
    const more = () => { while (sent < bytes && s.write(block)) sent += block.length; if (sent >= bytes) s.end(); };
    s.on('drain', more);
    more();
  }).listen(0, '127.0.0.1', function (this: net.Server) { process.send!({ port: (this.address() as net.AddressInfo).port }); });
}

/** One-way bytes/s of one stream from a child process to this one. */
export function rawTcpOneWay(bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], { env: { ...process.env, MYGPT_RAW_TCP_SEND: String(bytes) } });
    child.on('error', reject);
    child.on('message', (m: { port: number }) => {
      let n = 0, t0 = 0;
      const s = net.connect({ port: m.port, host: '127.0.0.1', onread: { buffer: Buffer.alloc(1 << 20), callback: (k: number) => {
        if (!t0) t0 = performance.now();
        n += k;
        return true;
      } } } as net.NetConnectOpts);
      s.on('error', reject);
      s.on('end', () => { child.kill(); resolve(n / ((performance.now() - t0) / 1000)); });
    });
  });
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--bytes');
  const bytes = i >= 0 ? Number(process.argv[i + 1]) : 2e9;
  const rates: number[] = [];
  for (let k = 0; k < 3; k++) rates.push(await rawTcpOneWay(bytes));
  console.log(`raw TCP one-way over loopback, ${bytes / 1e9} GB per run: ${rates.map((r) => (r / 1e9).toFixed(2)).join(', ')} GB/s`);
}

if (process.env.MYGPT_RAW_TCP_SEND && process.send) sender(Number(process.env.MYGPT_RAW_TCP_SEND));
else if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
