// Reference, not project code: raw ZeroMQ PUSH -> PULL throughput between two processes
// for the same bytes and frame size as the all-reduce (header frame + payload frame).
// This is the wire's ceiling on this machine. Imports zeromq directly on purpose.
import * as zmq from 'zeromq';
import * as path from 'node:path';
import { median, Procs } from './procs';

async function pull(): Promise<void> {
  const sock = new zmq.Pull({ maxMessageSize: -1, linger: 0 });
  await sock.bind('tcp://127.0.0.1:0');
  process.send!({ address: sock.lastEndpoint });
  process.on('message', async (m: { cmd: string; frames: number }) => {
    if (m.cmd !== 'recv') { sock.close(); process.exit(0); }
    await sock.receive(); // start marker
    const t0 = performance.now();
    for (let i = 0; i < m.frames; i++) await sock.receive();
    process.send!({ seconds: (performance.now() - t0) / 1000 });
  });
}

async function push(): Promise<void> {
  const sock = new zmq.Push({ linger: 0, sendHighWaterMark: 1000 });
  const header = Buffer.alloc(40, 1);
  process.on('message', async (m: { cmd: string; address: string; bytes: number; chunkBytes: number }) => {
    if (m.cmd === 'connect') { sock.connect(m.address); process.send!({ ok: true }); return; }
    if (m.cmd !== 'send') { sock.close(); process.exit(0); }
    const data = Buffer.alloc(m.bytes, 7);
    await sock.send(header);
    for (let off = 0; off < m.bytes; off += m.chunkBytes) await sock.send([header, data.subarray(off, off + m.chunkBytes)]);
    process.send!({ ok: true });
  });
}

/** Median seconds to move `bytes` from one process to another over raw zmq. */
export async function rawZmqSeconds(bytes: number, chunkBytes: number, iters: number): Promise<number> {
  const file = path.join(__dirname, 'raw_zmq.js');
  const p = new Procs(file, [{ MYGPT_BENCH: 'raw-pull' }, { MYGPT_BENCH: 'raw-push' }]);
  try {
    const { address } = await p.next(0);
    p.send(1, { cmd: 'connect', address });
    await p.next(1);
    const frames = Math.ceil(bytes / chunkBytes);
    const times: number[] = [];
    for (let i = 0; i < iters + 1; i++) {
      const done = p.next(0);
      p.send(0, { cmd: 'recv', frames });
      p.send(1, { cmd: 'send', bytes, chunkBytes });
      await p.next(1);
      const { seconds } = (await done) as { seconds: number };
      if (i > 0) times.push(seconds);
    }
    return median(times);
  } finally {
    p.kill();
  }
}

if (process.env.MYGPT_BENCH === 'raw-pull' && process.send) pull().catch((e) => { console.error(e); process.exit(2); });
if (process.env.MYGPT_BENCH === 'raw-push' && process.send) push().catch((e) => { console.error(e); process.exit(2); });
