// Received ring messages waiting for receivePrev: a FIFO bounded in bytes (over budget the socket stops
// reading, so TCP pushes back on the sender), one waiter at a time with its deadline, and a sticky failure
// that is delivered after the messages that arrived before it.
import type { ReceivedMessage } from '../types';

interface Waiter {
  resolve: (m: ReceivedMessage) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class Inbox {
  private q: { m: ReceivedMessage; bytes: number; }[] = [];
  private bytes = 0;
  private err?: Error;
  private waiter?: Waiter;
  constructor(private budgetBytes: number, private onRoom: () => void) {}

  full(): boolean {
    return this.bytes >= this.budgetBytes;
  }
  failed(): boolean {
    return this.err !== undefined;
  }

  push(m: ReceivedMessage, bytes: number): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      clearTimeout(w.timer);
      w.resolve(m);
      return;
    }
    this.q.push({ m, bytes });
    this.bytes += bytes;
  }

  /** First failure wins; a waiter (there is one only when the queue is empty) gets it now. */
  fail(e: Error): void {
    this.err ??= e;
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      clearTimeout(w.timer);
      w.reject(this.err);
    }
  }

  take(timeoutMs: number, timeout: () => Error): Promise<ReceivedMessage> {
    const head = this.q.shift();
    if (head) {
      const wasFull = this.full();
      this.bytes -= head.bytes;
      if (wasFull && !this.full()) this.onRoom();
      return Promise.resolve(head.m);
    }
    if (this.err) return Promise.reject(this.err);
    if (this.waiter) return Promise.reject(new Error('ring link: a second receive while one is waiting'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject, timer: setTimeout(() => {
        this.waiter = undefined;
        reject(timeout());
      }, timeoutMs) };
    });
  }
}
