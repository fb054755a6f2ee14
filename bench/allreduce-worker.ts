// One rank of the all-reduce benchmark (started by bench/allreduce.ts, env MYGPT_BENCH=ring). Builds its
// ring exactly like the production worker: collective/setup createRing over the named transport's RingLinkFactory.
import { createRing } from '../src/collective/setup';
import { RingAllReduce } from '../src/collective/ring';
import { Algorithm, Collective } from '../src/collective/select';
import { exchangeMaxBytes, ringLinks } from '../src/transport';
import { generateCurveKeyPair } from '../src/transport/zmq/options';

async function main(): Promise<void> {
  const o = JSON.parse(process.env.RING_OPTS!);
  o.exchangeMaxBytes = exchangeMaxBytes(o.transport ?? 'tcp', o.exchangeMaxBytes); // as the worker does
  const curve = o.curve ? generateCurveKeyPair() : undefined; // this rank's ring key pair (security.curve)
  const ring = await createRing({ ...o,
    links: ringLinks({ transport: o.transport ?? 'tcp', maxPayloadBytes: o.maxChunkBytes ?? o.chunkBytes,
      sharedMemory: o.sharedMemory, curve }), advertiseHost: o.bindHost ?? '127.0.0.1', wireDtype: 'fp32',
    log: (l: string) => process.stderr.write(`bench rank ${o.rank}: ${l}\n`) });
  let barrier: RingAllReduce | undefined;
  const colls = new Map<string, Collective>(); // one per algorithm x wire, all on the same link
  const coll = (algorithm: Algorithm, wireDtype: 'fp32' | 'bf16', chunkBytes: number) => {
    const key = `${algorithm}/${wireDtype}/${chunkBytes}`;
    if (!colls.has(key)) colls.set(key, new Collective(ring.link, { ...o, algorithm, wireDtype, chunkBytes }));
    return colls.get(key)!;
  };
  let step = 0;
  process.send!({ address: ring.address, publicKey: curve?.publicKey });
  const bar = new Float32Array(1);
  type Variant = { wire: 'fp32' | 'bf16'; algo: Algorithm; chunk: number; };
  process.on('message', async (
    m: { cmd: string; addresses: string[]; publicKeys: string[]; secret: number[]; elems: number; variants: Variant[];
      iters: number; barrier: boolean; },
  ) => {
    if (m.cmd === 'connect') {
      barrier = ring.connect({ rank: o.rank, worldSize: o.worldSize, addresses: m.addresses, publicKeys: m.publicKeys,
        secret: Uint8Array.from(m.secret) });
      process.send!({ ok: true });
      return;
    }
    if (m.cmd !== 'run' || !barrier) {
      ring.close();
      process.exit(0);
    }
    const buf = new Float32Array(m.elems);
    for (let i = 0; i < buf.length; i++) buf[i] = (i % 97) / 97;
    const times: number[][] = m.variants.map(() => []);
    const wait = m.variants.map(() => 0);
    const cpu = m.variants.map(() => 0); // this process's CPU (all its threads, user + system) in timed calls, us
    // Variants interleaved call by call (the starting one rotates), so that on a shared machine every
    // variant sees the same load; 2 warm-up rounds.
    for (let i = 0; i < m.iters + 2; i++) {
      for (let j = 0; j < m.variants.length; j++) {
        const v = (i + j) % m.variants.length;
        // A 1-float all-reduce is a barrier (every rank's result depends on every rank having started),
        // as Gloo's bench does dist.barrier() before each timed call: the time then excludes the skew
        // with which ranks leave the previous call. --no-barrier times back-to-back calls instead.
        if (m.barrier) await barrier.allreduce(bar, step++);
        const c0 = process.cpuUsage();
        const s = await coll(m.variants[v].algo, m.variants[v].wire, m.variants[v].chunk).allreduce(buf, step++);
        const c = process.cpuUsage(c0);
        if (i >= 2) {
          times[v].push(s.seconds);
          wait[v] += s.waitSeconds;
          cpu[v] += c.user + c.system;
        }
      }
    }
    process.send!({ times, wait, cpu });
  });
}

if (process.env.MYGPT_BENCH === 'ring' && process.send) {
  main().catch((e) => {
    console.error(e);
    process.exit(2);
  });
}
