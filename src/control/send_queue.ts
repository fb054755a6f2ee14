// Serialises sends on one socket (ZeroMQ allows one send in flight per socket) so callers can
// fire-and-forget: enqueue() never blocks the caller's critical path, drain() waits for the backlog.
import type { Message } from '../transport/types';

export class SendQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly sendFn: (m: Message) => Promise<void>, private readonly onError: (e: Error) => void) {}

  /** Queue a message; errors go to onError, never to the caller. */
  enqueue(m: Message): void {
    this.pending++;
    this.tail = this.tail.then(() => this.sendFn(m)).catch((e: Error) => this.onError(e))
      .finally(() => {
        this.pending--;
      });
  }

  get backlog(): number {
    return this.pending;
  }

  /** Resolves when everything queued so far was handed to the socket, or after timeoutMs. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((r) => {
      timer = setTimeout(() => r(false), timeoutMs);
    });
    const done = this.tail.then(() => true);
    try {
      return await Promise.race([done, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
