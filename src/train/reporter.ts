// What the step loop (loop.ts) tells the outside world, injected by the worker: train never imports the
// control plane. Field names and units match the proto's StepReport / Done, so the worker forwards them.

/** What one optimizer step measured on this rank (Trainer.trainStep), in the StepReport's names and units. The
 *  step loop forwards it whole, with what only the loop knows (StepReportOut), and the worker sends that as the
 *  StepReport: a new reported field is added here, in proto/mygpt.proto, where it is measured and where the
 *  coordinator reads it. */
export interface StepRecord {
  step: number; // global optimizer step just completed (1-based count of completed steps)
  loss: number; // mean train loss over the GLOBAL batch (reduced), identical on all ranks
  lr: number;
  gradNorm: number; // global grad norm before clipping
  tokens: number; // tokens this rank processed in this step (its work units x batch_size x block_size)
  computeS: number; // forward + backward seconds on this rank (buckets are handed over inside it)
  exposedCommS: number; // seconds the step waited for the gradient sums after backward (not hidden by it)
  overheadS: number; // stepS - computeS - exposedCommS: batch, loss read, clip, optimizer, upload (+ loop turn)
  stepS: number; // whole step wall time
  nonfinite: boolean; // this rank's own loss/gradient was non-finite this step (loss/gradNorm may be NaN)
  nonfiniteSkips: number; // steps skipped so far for non-finite values (train.nonfinite: skip)
}

/** One finished optimizer step on this rank. NaN valLoss = not evaluated this step; '' = not computed. */
export interface StepReportOut extends StepRecord {
  rank: number;
  valLoss: number;
  waitS: number; // seconds of the exchange blocked waiting for the previous rank
  allreduceBytes: number; // bytes this rank sent
  weightsChecksum: string; // at checksum_interval and the last step, else ''
  checkpointPath: string; // absolute path when this step wrote one, else ''
}

/** This rank stopped training: at train.max_steps, or at an agreed checkpoint-and-stop boundary. */
export interface DoneOut {
  rank: number;
  step: number;
  finalValLoss: number; // NaN when stopped early
  checkpointPath: string; // the last checkpoint this rank wrote ('' for ranks > 0)
  weightsChecksum: string;
  sample: string; // rank 0's end-of-run sample ('' when stopped early)
}

/** Every call is fire-and-forget: never awaited on the step's critical path. */
export interface LoopReporter {
  /** The step's update is applied; its report follows once the evaluation / checkpoint of that step is done
   *  (what is known now: the training fields). A restart cutting in between still knows the step. */
  completed?(r: StepReportOut): void;
  step(r: StepReportOut): void;
  done(d: DoneOut): void;
}

/** Communication counters of the injected all-reduce since the previous call (then reset). */
export type CommCounters = () => { bytes: number; waitS: number; };
