// Rate-limited logging: a flood of refused handshakes or bad frames must not fill the disk.
import type { BadFrameError, TransportStats } from './types';

const MAX_KEYS = 1024; // distinct (what, who) pairs remembered; the oldest is forgotten first

/** Logs one line per new (what, who), then every 100th repeat: ZeroMQ reconnects a refused peer
 *  every 100 ms, which must not flood the log. */
export class RateLimitedLog {
  private seen = new Map<string, number>();
  constructor(private log: (l: string) => void) {}
  line(key: string, text: string): void {
    if (!this.seen.has(key) && this.seen.size >= MAX_KEYS) this.seen.delete(this.seen.keys().next().value!); // bounded
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    if (n <= 1 || n % 100 === 0) this.log(n === 1 ? text : `${text} (${n} attempts so far)`);
  }
}

/** Counts rejected frames (TransportStats) and logs the first few, then every 1000th. */
export class Rejections {
  readonly s: TransportStats = { rejectedFrames: 0, lastRejection: '' };
  constructor(private log: (l: string) => void) {}
  reject(e: BadFrameError): void {
    this.s.rejectedFrames++;
    this.s.lastRejection = e.message;
    if (this.s.rejectedFrames <= 5 || this.s.rejectedFrames % 1000 === 0) {
      this.log(`${e.message} (rejected so far: ${this.s.rejectedFrames})`);
    }
  }
}
