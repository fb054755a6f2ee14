// Receive buffers for chunk payloads, reused by size: the collective hands each payload back
// (RingLink.recycle) once its op has finished with it. Bounded: at most budgetBytes are kept; beyond that
// recycled buffers are left to the garbage collector.
export class PayloadPool {
  private free = new Map<number, Uint8Array[]>();
  private kept = 0;
  private issued = new WeakSet<ArrayBufferLike>();
  constructor(private budgetBytes: number) {}

  take(bytes: number): Uint8Array {
    const b = this.free.get(bytes)?.pop();
    if (!b) {
      const fresh = Buffer.allocUnsafeSlow(bytes);
      this.issued.add(fresh.buffer);
      return fresh;
    }
    this.kept -= bytes;
    return b;
  }

  give(b: Uint8Array): void {
    if (!this.issued.has(b.buffer) || b.byteLength !== b.buffer.byteLength ||
      this.kept + b.byteLength > this.budgetBytes) return; // not ours, or full
    let list = this.free.get(b.byteLength);
    if (!list) this.free.set(b.byteLength, list = []);
    list.push(b);
    this.kept += b.byteLength;
  }

  clear(): void {
    this.free.clear();
    this.kept = 0;
  }
}
