// The ring's data planes that the process tests run over, and the check that the plane under test carried the
// payloads (a ring that fell back to its socket would still sum right).
import assert from 'node:assert/strict';
import { Reply } from './harness';

/** tcp, zmq: payloads through shared memory (the ranks share this host); -socket: cluster.shared_memory false. */
export const PLANES = {
  tcp: { transport: 'tcp', sharedMemory: true },
  'tcp-socket': { transport: 'tcp', sharedMemory: false },
  zmq: { transport: 'zmq', sharedMemory: true },
  'zmq-socket': { transport: 'zmq', sharedMemory: false },
} as const;
export type Plane = keyof typeof PLANES;

/** Per rank, the payloads it read from shared memory, as its latest reply counts them. */
export class ShmTally {
  readonly received: number[];
  constructor(worldSize: number) {
    this.received = Array.from({ length: worldSize }, () => 0);
  }

  record(reps: Reply[]): void {
    reps.forEach((rep, r) => {
      this.received[r] = (rep.link as { shmPayloadsReceived?: number; }).shmPayloadsReceived ?? 0;
    });
  }

  /** Every rank read from its previous rank's region on a shared-memory plane, none did on a socket one. */
  assertCarriedBy(plane: Plane): void {
    if (this.received.length < 2) return;
    this.received.forEach((n, r) => (PLANES[plane].sharedMemory
      ? assert.ok(n > 0, `rank ${r}: no payload came through shared memory`)
      : assert.equal(n, 0, `rank ${r}`))
    );
  }
}
