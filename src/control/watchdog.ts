// Silence detection that does not blame the peer for our own stalls: when this process's event
// loop was blocked (a long synchronous compute), the blocked time is not counted as peer silence,
// because the peer's messages were sitting unread in our socket meanwhile.
export class Watchdog {
  private lastSeen: number;
  private lastTick: number;

  constructor(private readonly intervalMs: number, now = performance.now()) {
    this.lastSeen = now;
    this.lastTick = now;
  }

  seen(now = performance.now()): void {
    this.lastSeen = now;
  }

  /** Call every intervalMs; returns how long the peer has been silent (stalls excluded). */
  tick(now = performance.now()): number {
    const stall = now - this.lastTick - this.intervalMs;
    if (stall > this.intervalMs) this.lastSeen += stall;
    this.lastTick = now;
    return now - this.lastSeen;
  }
}
