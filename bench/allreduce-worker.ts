// One rank of the all-reduce benchmark (started by bench/allreduce.ts, env MYGPT_BENCH=ring). Builds its
// ring exactly like the production worker: collective/setup createRing over transport/zmq's RingLinkFactory.
import { createRing } from '../src/collective/setup';
import { RingAllReduce } from '../src/collective/ring';
import { zmqRingLinks } from '../src/transport/zmq';

async function main(): Promise<void> {
  const o = JSON.parse(process.env.RING_OPTS!);
  const ring = await createRing({ ...o, links: zmqRingLinks({ maxPayloadBytes: o.chunkBytes }), advertiseHost: '127.0.0.1',
    wireDtype: 'fp32', log: (l: string) => process.stderr.write(`bench rank ${o.rank}: ${l}\n`) });
  let byWire: Record<'fp32' | 'bf16', RingAllReduce> | undefined;
  let step = 0;
  process.send!({ address: ring.address });
  const bar = new Float32Array(1);
  process.on('message', async (m: { cmd: string; addresses: string[]; elems: number; wire: 'fp32' | 'bf16'; iters: number; barrier: boolean }) => {
    if (m.cmd === 'connect') {
      const fp32 = ring.connect({ rank: o.rank, worldSize: o.worldSize, addresses: m.addresses });
      byWire = { fp32, bf16: new RingAllReduce(ring.link, { ...o, wireDtype: 'bf16' }) };
      process.send!({ ok: true });
      return;
    }
    if (m.cmd !== 'run' || !byWire) { ring.close(); process.exit(0); }
    const buf = new Float32Array(m.elems);
    for (let i = 0; i < buf.length; i++) buf[i] = (i % 97) / 97;
    const times: number[] = [];
    let wait = 0;
    for (let i = 0; i < m.iters + 2; i++) { // 2 warm-up iterations
      // A 1-float all-reduce is a barrier (every rank's result depends on every rank having started),
      // as Gloo's bench does dist.barrier() before each timed call: the time then excludes the skew
      // with which ranks leave the previous call. --no-barrier times back-to-back calls instead.
      if (m.barrier) await byWire.fp32.allreduce(bar, step++);
      const s = await byWire[m.wire].allreduce(buf, step++);
      if (i >= 2) { times.push(s.seconds); wait += s.waitSeconds; }
    }
    process.send!({ times, wait });
  });
}

if (process.env.MYGPT_BENCH === 'ring' && process.send) main().catch((e) => { console.error(e); process.exit(2); });
