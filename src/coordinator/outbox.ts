// Fire-and-forget control messages to workers, serialised per peer so a slow or vanished peer does
// not hold up the others. Nothing here is awaited on a hot path; drain() bounds the final flush.
import { mygpt } from '../gen/mygpt';
import type { ControlServer } from '../transport/types';
import { controlMessage } from '../control/envelope';
import { SendQueue } from '../control/send_queue';

export class Outbox {
  private readonly queues = new Map<string, SendQueue>();

  constructor(private readonly server: ControlServer, private readonly warn: (line: string) => void) {}

  post(peer: string, body: mygpt.IEnvelope): void {
    let q = this.queues.get(peer);
    if (!q) {
      let failures = 0; // one line per peer, then every 100th: a vanished peer with a backlog cannot flood the log
      q = new SendQueue((m) => this.server.send(peer, m), (e) => {
        if (++failures === 1 || failures % 100 === 0) this.warn(`send to ${peer} failed: ${e.message} (failures: ${failures})`);
      });
      this.queues.set(peer, q);
    }
    q.enqueue(controlMessage(body));
  }

  async drain(timeoutMs: number): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.drain(timeoutMs)));
  }
}
