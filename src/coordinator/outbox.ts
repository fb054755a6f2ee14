// Fire-and-forget control messages to workers, serialised per peer so a slow or vanished peer does
// not hold up the others. Nothing here is awaited on a hot path; drain() bounds the final flush.
import { mygpt } from '../gen/mygpt';
import type { ControlServer } from '../transport/types';
import { controlMessage } from '../control/envelope';
import { SendQueue } from '../control/send_queue';

const MAX_STRANGERS = 256; // refused peers with a queue at once; the oldest is forgotten first
const STRANGER_BACKLOG = 4; // a refused peer that does not read gets no more than this in flight

export class Outbox {
  private readonly queues = new Map<string, SendQueue>();
  private readonly strangers = new Map<string, SendQueue>(); // refused peers: bounded, never block the others
  private strangerFailures = 0;

  constructor(private readonly server: ControlServer, private readonly warn: (line: string) => void) {}

  post(peer: string, body: mygpt.IEnvelope): void {
    let q = this.queues.get(peer);
    if (!q) {
      let failures = 0; // one line per peer, then every 100th: a vanished peer with a backlog cannot flood the log
      q = new SendQueue((m) => this.server.send(peer, m), (e) => {
        if (++failures === 1 || failures % 100 === 0) {
          this.warn(`send to ${peer} failed: ${e.message} (failures: ${failures})`);
        }
      });
      this.queues.set(peer, q);
      this.strangers.delete(peer); // accepted after all
    }
    q.enqueue(controlMessage(body));
  }

  /** A reply to a peer that is not (yet) a member, e.g. a Refuse: sent without waiting on a full queue
   *  (a stranger that never reads cannot hold up the workers' messages), dropped while that peer already
   *  has STRANGER_BACKLOG in flight; at most MAX_STRANGERS such peers are remembered. */
  postStranger(peer: string, body: mygpt.IEnvelope): void {
    if (this.queues.has(peer)) return this.post(peer, body);
    let q = this.strangers.get(peer);
    if (!q) {
      if (this.strangers.size >= MAX_STRANGERS) this.strangers.delete(this.strangers.keys().next().value!);
      q = new SendQueue((m) => this.server.send(peer, m, { noWait: true }), (e) => {
        if (++this.strangerFailures <= 3 || this.strangerFailures % 1000 === 0) {
          this.warn(`reply to refused peer ${peer} dropped: ${e.message} (dropped so far: ${this.strangerFailures})`);
        }
      });
      this.strangers.set(peer, q);
    }
    if (q.backlog < STRANGER_BACKLOG) q.enqueue(controlMessage(body));
  }

  /** How many refused peers currently have a queue (bounded by MAX_STRANGERS). */
  get strangerCount(): number {
    return this.strangers.size;
  }

  async drain(timeoutMs: number): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.drain(timeoutMs)));
  }
}
