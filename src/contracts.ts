// What crosses the layers of docs/architecture.md, in one module that imports nothing: the interfaces the
// worker injects into the trainer (train/ never imports the network) and the collective implements
// (collective/ never imports train/), and the names two sibling layers must spell alike. The layer rules
// and that this file imports nothing are checked by test/architecture/imports.test.ts.

/** In-place element-wise SUM of buf across ranks, bit-identical on every rank (the ring all-reduce, injected
 *  by the worker; the identity for a single worker: train/membership.ts identityAllReduce). */
export type AllReduce = (buf: Float32Array) => Promise<void>;

/** A bucket: a contiguous element range of the flat gradient buffer. */
export interface BucketSpan {
  offset: number;
  length: number;
}

/** What the trainer needs from data parallelism during backward. The trainer lays the flat gradient out in
 *  buckets (in backward order), writes each bucket's final local gradient into the buffer that attach()
 *  returned while backward is still running, calls ready(b) for it, and after backward awaits finish().
 *  Same contract as AllReduce. Implemented on this thread by train/grad_sync.ts serialGradSync, in the
 *  communication thread by collective/comm_thread.ts CommThread. */
export interface GradSync {
  /** Once per layout, never while a step is in flight. Returns the buffer (length `total`) the trainer
   *  writes gradients into; a threaded implementation backs it with a SharedArrayBuffer. */
  attach(buckets: readonly BucketSpan[], total: number): Float32Array;
  /** Bucket b (index into attach()'s list) holds its final local gradient: start summing it. Returns at once. */
  ready(b: number): void;
  /** Resolves when every bucket of this step is summed in place; exposedS = seconds spent waiting in here.
   *  Rejects with the collective's typed error (which names the failing rank). */
  finish(): Promise<GradSyncResult>;
}

export interface GradSyncResult {
  exposedS: number;
  /** Optional, for the bucket timeline: when bucket b's sum completed, in ms on the process-wide clock
   *  performance.timeOrigin + performance.now() (comparable across worker threads). */
  doneAt?: number[];
}

/** Why a Hello was refused, as the label of mygpt_refusals_total{reason} (metrics/training.ts) that
 *  control/handshake.ts refuseLabel derives from a proto RefuseReason: its name without the REFUSE_ prefix,
 *  lower case, in enum order (checked by test/coordinator/hostile.test.ts). */
export const REFUSE_REASONS = ['reason_unspecified', 'protocol_mismatch', 'config_mismatch', 'rank_out_of_range',
  'rank_taken', 'bad_launch_token', 'gang_full', 'key_mismatch', 'not_accepting'] as const;
export type RefuseReasonName = (typeof REFUSE_REASONS)[number];
