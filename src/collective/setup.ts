// The ONE way a ring is wired, used by the production worker, the tests and the bench:
//   const ring = await createRing({ links: zmqRingLinks(...), advertiseHost, chunkBytes, ... }); // binds
//   send ring.address to the coordinator (Hello.ring_address), receive Welcome{rank, ring_addresses};
//   const coll = ring.connect({ rank, worldSize, generation, addresses, publicKeys }); // -> RingAllReduce
//   await coll.allreduce(grads, step);
//   ring.close();
// The transport comes in as a RingLinkFactory (the worker passes transport/zmq's): no concrete
// transport is imported here.
import * as os from 'node:os';
import { isLoopbackHost } from '../security/exposure';
import { RingLink, RingLinkFactory } from '../transport/types';
import { mod } from './plan';
import { RingAllReduce, RingOptions } from './ring';

export interface RingSetupOptions extends Omit<RingOptions, 'rank' | 'worldSize' | 'generation'> {
  links: RingLinkFactory;
  rank?: number; // the rank asked for, to name errors before the Welcome (default 0)
  advertiseHost?: string; // where peers reach this rank (default os.hostname())
  bindEndpoint?: string; // default ringBindEndpoint(advertiseHost)
  log?: (line: string) => void; // one line once bound (ringBoundLine)
}

/** Who is in the ring, known once the coordinator's Welcome arrived. */
export interface RingMembers {
  rank: number;
  worldSize: number;
  generation?: number;
  addresses: string[]; // addresses[i] = rank i's `address`
  publicKeys?: string[]; // with CURVE: publicKeys[i] = rank i's ring public key
  secret?: Uint8Array; // Welcome.ring_secret (the TCP link authenticates its connections with it)
}

export interface Ring {
  address: string; // where peers reach this rank's inbound socket
  bound: string; // what the socket actually bound
  link: RingLink;
  /** Names both neighbours, connects the outbound socket to the next rank; the all-reduce over it. */
  connect(m: RingMembers): RingAllReduce;
  /** Closes this link (if still open) and binds a new one with the same options: the next generation's
   *  inbound endpoint (a new address). The old link's sockets and regions are gone when it resolves. */
  rebind(): Promise<Ring>;
  close(): void; // idempotent
}

/** The ring setup is impossible as configured (payload limit, bind, addresses): names rank and cause. */
export class RingSetupError extends Error {
  constructor(readonly rank: number, message: string, cause?: unknown) {
    super(`rank ${rank}: ${message}`, { cause });
    this.name = 'RingSetupError';
  }
}

/** Where the inbound socket binds: a loopback host stays loopback, anything else listens on all interfaces. */
export function ringBindEndpoint(advertiseHost: string): string {
  return `tcp://${isLoopbackHost(advertiseHost) ? advertiseHost : '0.0.0.0'}:0`;
}

/** The address peers dial: a wildcard bind host replaced by the advertised host, the bound port kept. */
export function advertisedAddress(bound: string, advertiseHost: string): string {
  return bound.replace(/^tcp:\/\/(0\.0\.0\.0|\*|\[::\]|::):/, `tcp://${advertiseHost}:`);
}

/** The line createRing logs once bound (tests look for it in the worker's and the bench's output). */
export const ringBoundLine = (rank: number, bound: string, address: string, chunkBytes: number, maxPayload: number,
  link: string) =>
  `ring: rank ${rank} bound ${bound}, advertised as ${address} (chunk ${chunkBytes} B <= max payload ${maxPayload} ` +
  `B), link: ${link}`;

export async function createRing(opts: RingSetupOptions): Promise<Ring> {
  const { links } = opts, rank = opts.rank ?? 0;
  if (opts.chunkBytes > links.maxPayloadBytes) {
    throw new RingSetupError(rank,
      `cluster.chunk_bytes ${opts.chunkBytes} exceeds the transport's max payload ${links.maxPayloadBytes} B`);
  }
  const link = links.create({ sendTimeoutMs: opts.timeoutMs });
  let bound: string;
  const advertiseHost = opts.advertiseHost ?? os.hostname();
  const bindAt = opts.bindEndpoint ?? ringBindEndpoint(advertiseHost);
  try {
    new RingAllReduce(link, { ...opts, rank: 0, worldSize: 1 }); // validates chunk, dtype, timeout first
    bound = await link.bind(bindAt);
  } catch (e) {
    link.close();
    throw new RingSetupError(rank, `cannot set up the ring socket at ${bindAt}: ${(e as Error).message}`, e);
  }
  const address = advertisedAddress(bound, advertiseHost);
  opts.log?.(ringBoundLine(rank, bound, address, opts.chunkBytes, links.maxPayloadBytes, links.kind));
  let closed = false;
  const close = () => {
    if (!closed) {
      closed = true;
      link.close();
    }
  };
  return {
    address,
    bound,
    link,
    connect({ rank: r, worldSize: N, generation = 0, addresses, publicKeys = [], secret }: RingMembers): RingAllReduce {
      // validates rank/worldSize
      const collective = new RingAllReduce(link, { ...opts, rank: r, worldSize: N, generation });
      if (addresses.length !== N) {
        throw new RingSetupError(r, `got ${addresses.length} ring addresses for world size ${N}`);
      }
      const peer = (i: number) => ({ rank: i, name: `rank ${i} (${addresses[i]})`, address: addresses[i],
        publicKey: publicKeys[i] || undefined });
      try {
        link.connect({ rank: r, worldSize: N, generation, prev: peer(mod(r - 1, N)), next: peer(mod(r + 1, N)),
          secret });
      } catch (e) {
        throw new RingSetupError(r, `cannot connect the ring: ${(e as Error).message}`, e);
      }
      return collective;
    },
    rebind: async () => {
      close();
      return createRing(opts);
    },
    close,
  };
}
