// What crosses between the main thread (comm_thread.ts CommThread) and the communication thread
// (comm_worker.ts): the messages each way, the data the thread starts with, and failures, which cross as
// plain data (WireError) and become the same error class on the other side (callers decide by instanceof).
import type { BucketSpan } from '../contracts';
import type { RingLinkChoice } from '../transport';
import { CollectiveAbortedError, CollectiveError } from './errors';
import type { CollectiveOptions } from './select';
import { type RingMembers, RingSetupError } from './setup';
import type { AllReduceStats } from './wire';

/** The communication thread itself failed (threw, exited, was closed): this rank's own fault. */
export class CommThreadError extends Error {
  constructor(readonly rank: number, what: string) {
    super(`rank ${rank}: communication thread ${what}`);
    this.name = 'CommThreadError';
  }
}

/** main -> thread */
export type ToThread =
  | { type: 'connect'; members: RingMembers; }
  | { type: 'attach'; sab: SharedArrayBuffer; buckets: BucketSpan[]; }
  | { type: 'ready'; epoch: number; b: number; }
  | { type: 'call'; epoch: number; id: number; sab: SharedArrayBuffer; length: number; }
  | { type: 'broadcast'; epoch: number; id: number; root: number; maxBytes: number; sab: SharedArrayBuffer;
    length: number; } // the root's bytes: sab[0, length)
  | { type: 'abort'; } // the main thread already failed the op in flight and set the closing word
  | { type: 'rebind'; } // close this generation's link, bind the next one (reply: 'rebound')
  | { type: 'close'; };

/** A failure as it crosses the thread boundary; `collective` ones become CollectiveError again. */
export type WireError =
  | { kind: 'collective'; rank: number; step: number; failedRank: number; failure: CollectiveError['failure'];
    reason: string; }
  | { kind: 'setup'; rank: number; detail: string; } // RingSetupError (a config problem: exit 2)
  | { kind: 'aborted'; rank: number; } // CollectiveAbortedError (abort(): nobody's fault)
  | { kind: 'other'; message: string; };

/** thread -> main. Times are absolute (performance.timeOrigin + now(), ms), comparable across threads. */
export type FromThread =
  | { type: 'bound'; address: string; bound: string; native: boolean; }
  | { type: 'done'; epoch: number; b: number; endMs: number; stats: AllReduceStats; }
  | { type: 'failed'; epoch: number; error: WireError; }
  // bytes: a broadcast's, off the root
  | { type: 'reply'; epoch: number; id: number; error?: WireError; stats?: AllReduceStats; bytes?: Uint8Array; }
  | { type: 'rebound'; address?: string; bound?: string; error?: WireError; } // rebind's answer
  | { type: 'log'; line: string; }
  | { type: 'fatal'; error: WireError; };

/** What the thread is started with (structured-clonable: no functions). rank: the rank asked for (names
 *  errors before the Welcome); the ring's rank, world and generation come with connect(). */
export type ThreadData = Omit<CollectiveOptions, 'worldSize' | 'generation'> & {
  advertiseHost?: string; // where peers reach this rank (collective/setup createRing)
  bindEndpoint?: string;
  links: Omit<RingLinkChoice, 'log' | 'lingerMs'>; // transport by name, CURVE keys, payload limit
};

/** An error of the thread as data for the main thread, where fromWireError makes it an error again. */
export function toWireError(e: unknown): WireError {
  if (e instanceof CollectiveAbortedError) return { kind: 'aborted', rank: e.rank };
  if (e instanceof CollectiveError) {
    return { kind: 'collective', rank: e.rank, step: e.step, failedRank: e.failedRank, failure: e.failure,
      reason: e.reason };
  }
  if (e instanceof RingSetupError) {
    const prefix = `rank ${e.rank}: `;
    return { kind: 'setup', rank: e.rank,
      detail: e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message };
  }
  return { kind: 'other', message: (e as Error)?.message ?? String(e) };
}

/** The thread's error as the same class on this side (callers decide by instanceof). */
export function fromWireError(rank: number, e: WireError): Error {
  if (e.kind === 'collective') return new CollectiveError(e.rank, e.step, e.failedRank, e.failure, e.reason);
  if (e.kind === 'setup') return new RingSetupError(e.rank, e.detail);
  if (e.kind === 'aborted') return new CollectiveAbortedError(e.rank);
  return new CommThreadError(rank, e.message);
}
