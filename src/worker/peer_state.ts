// In-place recovery on the worker (docs/reliability.md "In-place recovery"). A survivor of a failed
// generation keeps its training state in memory (HeldState: the checkpoint-format bytes of its last completed
// step, their step and checksum), says so in its next Hello, and the coordinator picks where the next
// generation starts: the newest state some member holds (Welcome.donor / Welcome.state), or the disk.
//   held  = holdState(trainer)            // leaving generation g (the step in flight aborted first)
//   Hello{state: held.info} ... Welcome{donor, transfer, state}
//   s     = await startingState(...)      // generation g+1: broadcast from the donor if some rank lacks it,
//                                         // applied (verified) on every rank; or checkpoint_path / fresh init
// The transfer is the ring broadcast (collective/broadcast.ts) of those bytes as the generation's first
// collective: the same authenticated links, chunking, shared memory and failure handling as the gradients.
import { mygpt } from '../gen/mygpt';
import type { Trainer } from '../train/trainer';
import { applyState, encodeState, stateChecksum } from '../train/state';
import { CheckpointError } from '../train/checkpoint';
import { NonFiniteError } from '../train/nonfinite';
import { CollectiveError } from '../collective/errors';
import type { WorkerRing } from '../collective/worker_ring';
import { testDonorGate } from './test_faults';

/** A training state this process holds between generations. */
export interface HeldState {
  bytes: Buffer; // train/state.ts encodeState: a checkpoint file's bytes
  info: { step: number; checksum: string; bytes: number; generation: number; }; // Hello.state
  report?: mygpt.IStepReport; // Hello.last_report: the StepReport of that step, when this rank sent one
}

/** The trainer's state at its last completed step (a step that failed before its update is dropped first),
 *  or undefined when it must not travel (a non-finite weight or moment: then the disk or a peer decides). */
export function holdState(trainer: Trainer, generation: number, log: (line: string) => void,
  lastReport?: mygpt.IStepReport): HeldState | undefined
{
  if (!trainer.consistent) {
    log(`not keeping the state of step ${trainer.step} for recovery: its last update failed half-way`);
    return undefined;
  }
  trainer.abortStep();
  try {
    const bytes = encodeState(trainer, `the state held for the next generation`);
    const report = lastReport && Number(lastReport.step) === trainer.step ? lastReport : undefined;
    return { bytes, info: { step: trainer.step, checksum: stateChecksum(trainer), bytes: bytes.length, generation },
      report };
  } catch (e) {
    if (!(e instanceof NonFiniteError)) throw e;
    log(`not keeping the state of step ${trainer.step} for recovery: ${e.message}`);
    return undefined;
  }
}

const HEADER_ALLOWANCE = 1 << 20; // a checkpoint's JSON header (config, tokenizer, specs) and envelope, generously

export interface StartingState {
  source: 'fresh' | 'checkpoint' | 'held' | 'peer';
  transferS: number;
  bytes: number;
}

/** Installs the state this generation starts from, as the Welcome says: the donor's (from the broadcast when
 *  `transfer`, else this rank's own held copy of it), else the checkpoint, else the fresh init the trainer has.
 *  A transferred state that does not verify (envelope, sha256, finite, this run's, the advertised checksum)
 *  is the donor's fault: a CollectiveError(FAILURE_PEER_PROTOCOL) naming it (the caller keeps its held state). */
export async function startingState(trainer: Trainer, w: mygpt.IWelcome, held: HeldState | undefined,
  ring: WorkerRing | undefined, log: (line: string) => void): Promise<StartingState>
{
  const donor = w.donor ?? -1;
  if (donor < 0) {
    if (!w.checkpointPath) return { source: 'fresh', transferS: 0, bytes: 0 };
    await trainer.loadCheckpoint(w.checkpointPath);
    return { source: 'checkpoint', transferS: 0, bytes: 0 };
  }
  const want = { step: Number(w.state?.step ?? 0), checksum: w.state?.checksum ?? '',
    bytes: Number(w.state?.bytes ?? 0), generation: w.state?.generation ?? 0 };
  const rank = trainer.rank;
  const mine = held !== undefined && held.info.checksum === want.checksum ? held : undefined;
  const blame = (why: string, cause?: unknown) =>
    new CollectiveError(rank, 0, donor, mygpt.FailureReason.FAILURE_PEER_PROTOCOL,
      `the state of step ${want.step} from rank ${donor}: ${why}`, cause);
  let received: Uint8Array | undefined, transferS = 0;
  if (w.transfer) {
    if (!ring) throw new Error(`Welcome asks for a state transfer from rank ${donor} in a world of one`);
    // what this rank expects of a state of its own model: weights + two moments as float32, and a header
    const cap = trainer.paramCount * 12 + HEADER_ALLOWANCE;
    if (want.bytes > cap) {
      throw blame(`its announced size ${want.bytes} bytes exceeds what a state of this model can be (${cap})`);
    }
    if (rank === donor && !mine) {
      throw new Error(
        `the Welcome names this rank (${rank}) the donor of state ${
          want.checksum.slice(0, 12)
        } at step ${want.step}, which it does not hold`,
      );
    }
    if (rank === donor) {
      log(`sending the state of step ${want.step} (${mine!.bytes.length} bytes) to the ranks that lack it`);
      await testDonorGate(); // MYGPT_TEST_DONOR_GATE: tests only
    }
    const t0 = performance.now();
    // the announced size bounds what a receiver allocates (a larger descriptor is the donor's protocol error)
    received = await ring.broadcast(rank === donor ? mine!.bytes : undefined, donor, want.bytes);
    transferS = (performance.now() - t0) / 1000;
    if (received.length !== want.bytes) {
      throw blame(`${received.length} bytes arrived, the coordinator announced ${want.bytes}`);
    }
  }
  const bytes = mine?.bytes ?? received;
  if (!bytes) {
    throw new Error(
      `the Welcome names rank ${donor}'s state at step ${want.step} without a transfer, and this rank does not hold it`,
    );
  }
  const source = mine ? 'held' : 'peer';
  try {
    await applyState(trainer, bytes, source === 'held'
      ? `the state this rank held (step ${want.step})`
      : `the state of step ${want.step} from rank ${donor}`);
  } catch (e) {
    if (source === 'peer' && e instanceof CheckpointError) throw blame(e.message, e);
    throw e;
  }
  const got = stateChecksum(trainer);
  if (got !== want.checksum) {
    if (source === 'peer') throw blame(`its checksum is ${got}, the donor advertised ${want.checksum}`);
    throw new Error(`the held state of step ${want.step} changed: checksum ${got}, advertised ${want.checksum}`);
  }
  if (source === 'peer') {
    log(
      `received the state of step ${want.step} from rank ${donor}: ${bytes.length} bytes in ${
        (transferS * 1000).toFixed(0)
      } ms, verified`,
    );
  }
  return { source, transferS, bytes: bytes.length };
}
