// Collective failures always name the rank at fault (a number) and the step, and say what kind of
// failure it was as the proto's FailureReason, which the worker copies into Failure{failed_rank, reason}.
import { mygpt } from '../gen/mygpt';

export type Fingerprint = Pick<mygpt.IChunkHeader,
  'srcRank' | 'step' | 'phase' | 'ringStep' | 'chunkIndex' | 'offset' | 'count' | 'dtype' | 'totalLength'
    | 'generation'>;

export function describe(f: Fingerprint): string {
  const phase = mygpt.Phase[f.phase ?? 0] ?? String(f.phase);
  const dtype = f.dtype === mygpt.WireDtype.WIRE_DTYPE_BF16
    ? 'bf16'
    : f.dtype === 0 || f.dtype == null
    ? 'fp32'
    : String(f.dtype);
  return `src=${f.srcRank ?? 0} step=${f.step ?? 0} phase=${phase} ring_step=${f.ringStep ?? 0} chunk=${
    f.chunkIndex ?? 0
  } ` +
    `offset=${f.offset ?? 0} count=${f.count ?? 0} dtype=${dtype} total=${f.totalLength ?? 0} gen=${f.generation ?? 0}`;
}

/** A chunk arrived that is not the one the ring protocol says must come next. */
export class ChunkMismatchError extends Error {
  constructor(readonly peer: string, readonly expected: Fingerprint, readonly got: Fingerprint) {
    super(`unexpected chunk from ${peer}: expected {${describe(expected)}} got {${describe(got)}}`);
    this.name = 'ChunkMismatchError';
  }
}

/** The peer failures a collective can blame a rank for. */
export type PeerFailure = mygpt.FailureReason.FAILURE_PEER_LOST | mygpt.FailureReason.FAILURE_PEER_TIMEOUT
  | mygpt.FailureReason.FAILURE_PEER_PROTOCOL;

/** The collective on this rank failed; failedRank is the peer found dead/silent/misbehaving. `step` is the
 *  collective call number (every rank makes the same sequence of calls: training steps and evaluations),
 *  the chunk fingerprints' step field, not the training step. */
export class CollectiveError extends Error {
  constructor(readonly rank: number, readonly step: number, readonly failedRank: number, readonly failure: PeerFailure,
    readonly reason: string, cause?: unknown)
  {
    super(`rank ${rank}: collective call ${step} failed because of rank ${failedRank}: ${reason}`, { cause });
    this.name = 'CollectiveError';
  }
}

/** The collective in flight (and every later one until WorkerRing.rebind()) was ended by this rank's owner
 *  (WorkerRing.abort(): the coordinator re-forms the ring). No peer is blamed: the failure is nobody's. */
export class CollectiveAbortedError extends Error {
  constructor(readonly rank: number) {
    super(`rank ${rank}: collective aborted by the owner (the ring is being re-formed)`);
    this.name = 'CollectiveAbortedError';
  }
}

/** The main-thread ring (WorkerRing, cluster.comm_thread: false) was closed by its owner: a rebind()
 *  after or during close() fails with it (the threaded ring fails with a CommThreadError 'closed'). */
export class RingClosedError extends Error {
  constructor(readonly rank: number) {
    super(`rank ${rank}: the ring was closed`);
    this.name = 'RingClosedError';
  }
}
