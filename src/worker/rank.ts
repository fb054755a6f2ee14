// The worker's ring and one rank's collectives. openRing binds the ring socket before the Hello (which
// carries its address) on the data plane cluster.ring_transport names (auto: TCP, or ZeroMQ when
// security.curve is on; ZeroMQ runs on libzmq driven from the native addon where it was built with it, else
// on zeromq.js: transport/index.ts), on this thread or in the communication thread (cluster.comm_thread).
// buildRank, once a Welcome names this generation's members, connects the ring to them and returns what the
// Trainer takes: the all-reduce (evaluation's sums) and the gradient sync (buckets reduced in the
// communication thread during backward, or one sum on this thread after it), both carrying the stop vote,
// with the test-only faults of ./test_faults.ts applied in one call.
import type { Config } from '../config/types';
import { ringTransportOf } from '../config/load';
import type { AllReduce } from '../contracts';
import { identityAllReduce } from '../train/trainer';
import { serialGradSync } from '../train/grad_sync';
import type { StopVote } from '../train/loop';
import { chunkBytes, exchangeMaxBytes, ringLinks, type RingTransport } from '../transport';
import { createRing } from '../collective/setup';
import { mainThreadRing, threadedRing, type WorkerRing } from '../collective/worker_ring';
import type { AllReduceStats } from '../collective/wire';
import type { mygpt } from '../gen/mygpt';
import type { WorkerCurve } from '../security/keys';
import { plainBindWarning } from '../security/exposure';
import { ringKeyPair } from '../transport/ring_auth';
import { type RankCollectives, withTestFaults } from './test_faults';

export interface RingPlace {
  rank: number; // requested rank, -1 = any (the ring's until the Welcome connects it)
  advertiseHost: string; // host the ring socket is reachable at
  curve?: WorkerCurve; // security.curve: CURVE on the ring (ZeroMQ)
  log: (line: string) => void;
}

/** The ring socket, bound (not connected), and the data plane it runs on (for the Hello). */
export async function openRing(cfg: Config,
  a: RingPlace): Promise<{ ring: WorkerRing; transport: RingTransport; ringPublicKey: string; }>
{
  const cl = cfg.cluster, c = a.curve, transport = ringTransportOf(cfg), chunk = chunkBytes(transport, cl.chunk_bytes);
  const ro = { rank: Math.max(0, a.rank), advertiseHost: a.advertiseHost, chunkBytes: chunk, wireDtype: cl.wire_dtype,
    timeoutMs: cl.collective_timeout_s * 1000, exchangeMaxBytes: exchangeMaxBytes(transport, cl.exchange_max_bytes) };
  const curve = c && ringKeyPair(); // this generation's ring key pair (its public key goes in the Hello)
  // maxPayloadBytes: one chunk bounds what a flood can queue
  const links = { transport, curve, maxPayloadBytes: chunk, sharedMemory: cl.shared_memory };
  if (c && transport === 'tcp') {
    a.log('cluster.ring_transport: tcp: gradients travel unencrypted although security.curve is on '
      + '(docs/security.md)');
  }
  const ring = cl.comm_thread ?
    await threadedRing({ ...ro, links, log: a.log })
    : mainThreadRing(
      await createRing({ ...ro, links: ringLinks({ ...links, log: (l) => a.log(`[ring] ${l}`) }), log: a.log }),
      ro,
    );
  const exposed = plainBindWarning('the ring socket', ring.bound.replace(/^tcp:\/\/(.*):\d+$/, '$1'), c !== undefined);
  if (exposed) a.log(exposed);
  return { ring, transport, ringPublicKey: curve?.publicKey ?? '' };
}

/** One rank of one generation: its place (slot: the stable rank; pos: its position on this generation's
 *  ring, which differs only in a group shrunk below the configured world after a failure:
 *  cluster.min_workers) and its collectives. */
export interface Rank extends RankCollectives {
  generation: number;
  slot: number;
  pos: number;
  worldSize: number;
  configuredWorldSize: number;
  threaded: boolean; // gradient buckets are reduced in the communication thread
  /** The bytes sent and seconds waited on the ring since the last call (for the StepReport). */
  takeComm: () => { bytes: number; waitS: number; };
}

/** Connects `ring` to the Welcome's members (a world of one needs none) and builds the rank's collectives.
 *  `step()`: the trainer's step, for the test-only unit log. */
export function buildRank(w: mygpt.IWelcome, slot: number, ring: WorkerRing, stop: StopVote, step: () => number): Rank {
  const generation = w.generation ?? 0, pos = w.rank ?? 0, worldSize = w.worldSize ?? 1;
  const comm = { bytes: 0, waitS: 0 };
  const count = (s: AllReduceStats) => {
    comm.bytes += s.bytesSent;
    comm.waitS += s.waitSeconds;
  };
  let sum: AllReduce = identityAllReduce;
  if (worldSize > 1) {
    const ringSum = ring.connect({ rank: pos, worldSize, generation, addresses: w.ringAddresses ?? [],
      publicKeys: w.ringPublicKeys ?? [], secret: w.ringSecret ?? undefined });
    sum = async (buf) => count(await ringSum(buf));
    if (ring.thread) ring.thread.onBucketStats = count; // the buckets' traffic, summed in the thread
  }
  // Evaluation's one-off sums carry the stop vote as an extra element; the gradient buckets carry it in the
  // bucket handed over first.
  const thread = worldSize > 1 ? ring.thread : undefined;
  const collectives = withTestFaults(
    { allreduce: stop.wrap(sum), gradSync: stop.wrapSync(thread ?? serialGradSync(sum)) },
    () => ({ generation, slot, pos, members: worldSize, step: step() }),
  );
  return { ...collectives, generation, slot, pos, worldSize, configuredWorldSize: w.configuredWorldSize || worldSize,
    threaded: thread !== undefined, takeComm: () => {
      const taken = { ...comm };
      comm.bytes = comm.waitS = 0;
      return taken;
    } };
}
