// Wires a RingAllReduce to a ZeroMQ RingLink. Worker sequence:
//   const ring = await createRing({ rank, worldSize, bindEndpoint: 'tcp://0.0.0.0:0', ... });
//   send ring.address to the coordinator (Hello.ring_address), receive Welcome.ring_addresses;
//   ring.connect(addresses);            // connects to addresses[(rank + 1) % N]
//   await ring.collective.broadcast(weights, 0); await ring.collective.allreduce(grads, step);
//   ring.close();
import * as os from 'node:os';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../transport/frames';
import { RingLink } from '../transport/types';
import { createZmqRingLink, ZmqOptions } from '../transport/zmq';
import { mod } from './plan';
import { RingAllReduce, RingOptions } from './ring';

export interface RingSetupOptions extends RingOptions {
  bindEndpoint: string;        // e.g. tcp://0.0.0.0:0, tcp://127.0.0.1:0, ipc:///tmp/mygpt-ring-3
  advertiseHost?: string;      // replaces a wildcard bind host in `address` (default os.hostname())
  zmq?: ZmqOptions;
}

export interface Ring {
  address: string;             // where peers reach this rank's inbound socket
  link: RingLink;
  collective: RingAllReduce;
  /** addresses[i] = rank i's `address`; connects the outbound socket to the next rank. With CURVE
   *  (zmq.curve), publicKeys[i] = rank i's ring public key. */
  connect(addresses: string[], publicKeys?: string[]): void;
  close(): void;
}

export async function createRing(opts: RingSetupOptions): Promise<Ring> {
  const maxPayload = opts.zmq?.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  if (opts.chunkBytes > maxPayload) {
    throw new Error(`rank ${opts.rank}: chunk_bytes ${opts.chunkBytes} exceeds the transport's max payload ${maxPayload} B`);
  }
  const link = createZmqRingLink({ sendTimeoutMs: opts.timeoutMs, ...opts.zmq });
  const collective = new RingAllReduce(link, opts); // validates rank/worldSize first
  let bound: string;
  try {
    bound = await link.bind(opts.bindEndpoint);
  } catch (e) {
    link.close();
    throw new Error(`rank ${opts.rank}: cannot bind ring endpoint ${opts.bindEndpoint}: ${(e as Error).message}`);
  }
  const address = bound.replace(/^tcp:\/\/(0\.0\.0\.0|\*|\[::\]):/, `tcp://${opts.advertiseHost ?? os.hostname()}:`);
  return {
    address, link, collective,
    connect(addresses: string[], publicKeys: string[] = []) {
      const N = opts.worldSize, r = opts.rank;
      if (addresses.length !== N) throw new Error(`rank ${r}: got ${addresses.length} ring addresses for world size ${N}`);
      const prev = mod(r - 1, N), next = mod(r + 1, N);
      link.setPeerNames(`rank ${prev} (${addresses[prev]})`, `rank ${next} (${addresses[next]})`);
      if (N > 1) link.connectNext(addresses[next], publicKeys[next] || undefined);
    },
    close: () => link.close(),
  };
}
