// What the step loop (loop.ts) tells the outside world, injected by the worker: train never imports the
// control plane. Field names and units match the proto's StepReport / Done, so the worker forwards them.

/** One finished optimizer step on this rank. NaN valLoss = not evaluated this step; '' = not computed. */
export interface StepReportOut {
  rank: number;
  step: number;
  loss: number;
  valLoss: number;
  lr: number;
  computeS: number; // forward + backward seconds
  allreduceS: number; // seconds the step waited for the gradient sums after backward
  exposedCommS: number; // the same wait as reported by the GradSync (communication not hidden by backward)
  overheadS: number; // outside compute and that wait: clip, optimizer, weight upload, report, loop turn
  waitS: number; // seconds of that blocked waiting for the previous rank
  stepS: number; // whole step wall time
  tokens: number; // tokens this rank processed
  allreduceBytes: number; // bytes this rank sent
  weightsChecksum: string; // at checksum_interval and the last step, else ''
  checkpointPath: string; // absolute path when this step wrote one, else ''
  gradNorm: number;
  nonfinite: boolean; // this rank's own loss/gradient was non-finite this step (loss/gradNorm may be NaN)
  nonfiniteSkips: number; // steps skipped so far for non-finite values (train.nonfinite: skip)
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
