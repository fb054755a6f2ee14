// The worker's side of the control plane: Hello/Welcome/Start handshake, heartbeats out,
// coordinator liveness in, fire-and-forget reports, and Shutdown. One receive pump; every wait
// has a deadline.
import * as os from 'os';
import { mygpt } from '../gen/mygpt';
import type { ClusterConfig } from '../config/types';
import type { ControlClient } from '../transport/types';
import { TransportTimeoutError } from '../transport/types';
import { Deferred } from '../util/deferred';
import { controlMessage, envelopeOf } from '../control/envelope';
import { SendQueue } from '../control/send_queue';
import { Watchdog } from '../control/watchdog';

export class RefusedError extends Error {
  constructor(reason: string) { super(`refused by coordinator: ${reason}`); this.name = 'RefusedError'; }
}

/** Why the worker must stop now; the CLI maps it to an exit code. */
export interface StopRequest { code: number; reason: string }

/** StopRequest.code for a group restart: the worker rejoins (new Hello) instead of exiting. */
export const RESTART = -1;

export class WorkerControl {
  private readonly queue: SendQueue;
  private readonly welcome = new Deferred<mygpt.IWelcome>();
  private readonly start = new Deferred<mygpt.IStart>();
  private readonly watchdog: Watchdog;
  private heard = false;
  private closed = false;
  private timer?: NodeJS.Timeout;
  rank = -1;
  step = 0;
  finished = false;     // Done was sent: a Shutdown now is the normal end
  generation = 0;       // from Welcome; coordinator messages of older generations are dropped
  checkpointRequested = false; // Shutdown{checkpoint}: stop at the next step boundary the ranks agree on
  stopAgreed = false;   // the all-reduce carried someone's checkpointRequested: every rank stops at this boundary

  constructor(private readonly client: ControlClient, private readonly endpoint: string,
              private readonly c: ClusterConfig, private readonly onStop: (r: StopRequest) => void,
              private readonly parentPid?: number) {
    this.queue = new SendQueue((m) => client.send(m), (e) => process.stderr.write(`control send failed: ${e.message}\n`));
    this.watchdog = new Watchdog(c.heartbeat_interval_s * 1000);
  }

  /** Connects, says Hello, starts the heartbeat timer and the receive pump. */
  open(hello: mygpt.IHello): void {
    this.client.connect(this.endpoint);
    this.timer = setInterval(() => this.tick(), this.c.heartbeat_interval_s * 1000);
    this.post({ hello: { host: os.hostname(), pid: process.pid, ...hello } });
    void this.pump();
  }

  /** Resolves with the Welcome once the whole gang joined; rejects on Refuse or deadline. */
  async waitWelcome(): Promise<mygpt.IWelcome> {
    return this.within(this.welcome.promise, this.c.join_timeout_s * 2, 'Welcome (all workers joining)');
  }

  async waitStart(): Promise<mygpt.IStart> {
    return this.within(this.start.promise, this.c.join_timeout_s * 2, 'Start (all workers set up)');
  }

  /** Fire-and-forget: never awaited on the training step's critical path. Dropped before open(). */
  post(body: mygpt.IEnvelope): void { if (this.timer) this.queue.enqueue(controlMessage(body)); }

  async flush(timeoutMs: number): Promise<void> { await this.queue.drain(timeoutMs); }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.client.close();
  }

  private tick(): void {
    if (this.parentPid && process.ppid !== this.parentPid) {
      return this.onStop({ code: 4, reason: `coordinator process ${this.parentPid} is gone (parent is now ${process.ppid})` });
    }
    const silentMs = this.watchdog.tick();
    // Until the coordinator first answers, it may still be starting: allow the join timeout.
    const limitS = this.heard ? this.c.heartbeat_timeout_s : this.c.join_timeout_s;
    if (silentMs > limitS * 1000) {
      return this.onStop({ code: 4, reason: `coordinator ${this.endpoint} silent for ${(silentMs / 1000).toFixed(1)}s ` +
        `(${this.heard ? 'cluster.heartbeat_timeout_s' : 'cluster.join_timeout_s'} ${limitS}); exiting so no orphan is left` });
    }
    this.post({ heartbeat: { rank: Math.max(0, this.rank), step: this.step, unixMs: Date.now(), generation: this.generation } });
  }

  private async pump(): Promise<void> {
    while (!this.closed) {
      let env: mygpt.Envelope;
      try {
        env = envelopeOf(await this.client.receive(500));
      } catch (e) {
        if (e instanceof TransportTimeoutError || this.closed) continue;
        return this.onStop({ code: 1, reason: `control socket: ${(e as Error).message}` });
      }
      this.heard = true;
      this.watchdog.seen();
      switch (env.body) {
        case 'welcome': this.generation = env.welcome!.generation ?? 0; this.welcome.resolve(env.welcome!); break;
        case 'refuse': this.welcome.reject(new RefusedError(env.refuse!.reason ?? '')); break;
        case 'start': if ((env.start!.generation ?? 0) >= this.generation) this.start.resolve(env.start!); break;
        case 'shutdown': this.onShutdown(env.shutdown!); break;
        default: break; // heartbeat: liveness only
      }
    }
  }

  private onShutdown(sd: mygpt.IShutdown): void {
    if ((sd.generation ?? 0) < this.generation) return; // aimed at an older generation of this worker
    if (this.finished) return this.onStop({ code: 0, reason: 'training complete' });
    if (sd.restart) return this.onStop({ code: RESTART, reason: `group restart: ${sd.reason}` });
    if (sd.checkpoint && this.start.settled) { this.checkpointRequested = true; return; }
    this.onStop({ code: 3, reason: `coordinator asked to stop: ${sd.reason}` });
  }

  private async within<T>(p: Promise<T>, seconds: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no ${what} from coordinator ${this.endpoint} within ${seconds}s`)), seconds * 1000);
    });
    try { return await Promise.race([p, late]); } finally { clearTimeout(timer); }
  }
}
