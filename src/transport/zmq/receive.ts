// The bounded receive loop every socket class uses, and the per-socket send serialiser.
import { BadFrameError, TransportTimeoutError } from '../types';
import { Rejections } from '../log';
import { isAgain } from './options';

/** Serialises sends on ONE zeromq socket (zeromq allows one send in flight per socket). Not to be
 *  confused with control/send_queue.ts (the worker's fire-and-forget outbox of control messages). */
export class SocketSendChain {
  private tail: Promise<void> = Promise.resolve();
  push(fn: () => Promise<void>): Promise<void> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

export interface ReceiveLoop<T> {
  sock: { receive(): Promise<Buffer[]>; receiveTimeout: number; };
  timeoutMs: number;
  sliceMs: number; // wake up this often to check for a lost peer
  timeout: () => TransportTimeoutError; // the error for the deadline (names the peer)
  checkLost?: () => void; // throws PeerLostError / HandshakeError
  accept: (parts: Buffer[]) => T | undefined; // throws BadFrameError -> dropped, counted; undefined: handled, wait on
  rejections: Rejections;
}

/** Receive until a valid message or the deadline; bad frames never end the wait. */
export async function receiveValid<T>(r: ReceiveLoop<T>): Promise<T> {
  const deadline = performance.now() + r.timeoutMs;
  for (;;) {
    const left = deadline - performance.now();
    if (left <= 0) throw r.timeout();
    r.sock.receiveTimeout = Math.max(1, Math.min(left, r.sliceMs));
    let parts: Buffer[];
    try {
      parts = await r.sock.receive();
    } catch (e) {
      if (!isAgain(e)) throw e;
      r.checkLost?.();
      continue;
    }
    try {
      const got = r.accept(parts);
      if (got !== undefined) return got;
    } catch (e) {
      if (!(e instanceof BadFrameError)) throw e;
      r.rejections.reject(e);
    }
  }
}
