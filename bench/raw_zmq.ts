// Reference, not project code: raw ZeroMQ PUSH -> PULL throughput between processes for the
// same bytes and frame size as the all-reduce (header frame + payload frame), no protobuf,
// no validation, no summing. Two measurements:
//   oneWay: one process streams `bytes` to another (the single-link ceiling);
//   ring:   N processes each stream to the next while receiving from the previous, the
//           traffic pattern of a ring all-reduce (every link busy in both roles at once).
// Imports zeromq directly on purpose (it is a reference, not part of src/).
import * as zmq from 'zeromq';
import * as path from 'node:path';
import { measureRaw } from './procs';

type Cmd = { cmd: string; address?: string; bytes: number; chunkBytes: number; send: boolean; recv: boolean; };

async function node(): Promise<void> {
  const pull = new zmq.Pull({ maxMessageSize: -1, linger: 0 });
  const push = new zmq.Push({ linger: 0, sendHighWaterMark: 1000 });
  await pull.bind('tcp://127.0.0.1:0');
  process.send!({ address: pull.lastEndpoint });
  const header = Buffer.alloc(40, 1);
  let data = Buffer.alloc(0);
  process.on('message', async (m: Cmd) => {
    if (m.cmd === 'connect') {
      push.connect(m.address!);
      process.send!({ ok: true });
      return;
    }
    if (m.cmd !== 'go') {
      push.close();
      pull.close();
      process.exit(0);
    }
    if (data.length !== m.bytes) data = Buffer.alloc(m.bytes, 7);
    const frames = Math.ceil(m.bytes / m.chunkBytes);
    const t0 = performance.now();
    const rx = (async () => {
      if (m.recv) { for (let i = 0; i < frames; i++) await pull.receive(); }
    })();
    if (m.send) {
      for (let off = 0; off < m.bytes; off += m.chunkBytes) {
        await push.send([header, data.subarray(off, off + m.chunkBytes)]);
      }
    }
    await rx;
    process.send!({ seconds: (performance.now() - t0) / 1000 });
  });
}

const FILE = path.join(__dirname, 'raw_zmq.js');
/** Median seconds to stream `bytes` from one process to another. */
export const rawZmqOneWaySeconds = (bytes: number, chunkBytes: number, iters: number) =>
  measureRaw(FILE, 2, bytes, chunkBytes, iters, false);
/** Median seconds for N processes to each stream `bytesPerRank` around a ring at once. */
export const rawZmqRingSeconds = (world: number, bytesPerRank: number, chunkBytes: number, iters: number) =>
  measureRaw(FILE, world, bytesPerRank, chunkBytes, iters, true);

if (process.env.MYGPT_BENCH === 'raw' && process.send) {
  node().catch((e) => {
    console.error(e);
    process.exit(2);
  });
}
