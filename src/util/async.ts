// Waiting: timers (sleep, and the longest delay a Node timer holds) and a promise settled from elsewhere
// (Deferred). sleep() never keeps the process alive on its own (unref).

/** The longest delay a Node timer holds (2^31 - 1 ms, about 24.8 days): setTimeout/setInterval turn any longer
 *  delay into 1 ms, so it fires at once. */
export const TIMER_MAX_MS = 2 ** 31 - 1;
/** The same limit in whole seconds: the schema's maximum for every `*_s` key (src/config/schema.ts). */
export const TIMER_MAX_S = Math.floor(TIMER_MAX_MS / 1000);

/** Milliseconds for a timer of `seconds`, at most TIMER_MAX_MS: for delays derived from config keys (twice a
 *  timeout, a timeout plus a margin) that may pass the limit although each key is within it. */
export function timerMs(seconds: number): number {
  return Math.min(Math.round(seconds * 1000), TIMER_MAX_MS);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.min(ms, TIMER_MAX_MS)).unref());
}

/** A promise with its resolve/reject exposed, for phases completed by message handlers. */
export class Deferred<T> {
  readonly promise: Promise<T>;
  resolve!: (v: T) => void;
  reject!: (e: Error) => void;
  settled = false;
  constructor() {
    this.promise = new Promise<T>((res, rej) => {
      this.resolve = (v) => {
        if (!this.settled) {
          this.settled = true;
          res(v);
        }
      };
      this.reject = (e) => {
        if (!this.settled) {
          this.settled = true;
          rej(e);
        }
      };
    });
    this.promise.catch(() => undefined); // rejection is observed by whoever races on it
  }
}
