// Timer helpers. sleep() never keeps the process alive on its own (unref).

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
