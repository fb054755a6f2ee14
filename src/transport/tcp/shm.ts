// Shared memory for one TCP ring stream when both ranks see each other's process (one host, one PID
// namespace, one user): the writer copies a chunk's payload into a slot of a region it owns and sends only
// the Envelopes on the socket; the reader sums straight out of its read-only mapping of that region. No
// payload byte crosses the kernel's TCP stack (on one host, loopback TCP costs two kernel copies and the
// stack's CPU per byte: the cost that made four ranks on two cores slower than Gloo). NCCL's SHM transport
// is the model; unlike it, nothing here needs a shared file system path: the reader opens the writer's
// region as /proc/<pid>/fd/<fd>, which exists only where it can see the writer.
//
//   writer (accepter, rank r)                          reader (dialer, rank r+1)
//   ... handshake (handshake.ts) ...
//   ShmOffer{pid, fd, slot_bytes, slots, token}  --->   opens /proc/pid/fd/fd read-only, checks size and token
//                                                <---   ShmAnswer{mapped, why}
//   (payloads on the socket until the answer; after "not mapped", for good)
//   ShmSlot{slot, bytes}, then chunk Envelope     --->  payload = region[slot], taken by the collective
//                                                <---   ShmRelease{slot} once the collective is done with it
//
// A slot is the writer's again only after its release, so the reader never sees a slot rewritten while it
// holds it. No free slot (or a payload larger than a slot): that payload goes on the socket as before, so
// a send never waits for a release (a wait could close a cycle around the ring: every rank's forwards held
// by slots of its next rank). Every field from the peer is checked (range, slot held or free, token); a
// violation fails the link with a BadFrameError naming the peer: the stream's state is lost.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { loadAddon } from '../../native/addon';
import type { mygpt } from '../../gen/mygpt';
import { BodyKind, encodeEnvelope } from '../frames';
import { framePrefix } from './framing';

export const TOKEN_BYTES = 16;
/** The region starts with the token; slots follow at this offset (one cache line). */
const SLOTS_OFFSET = 64;
/** Most slots a region may declare; a region is at most MAX_REGION_BYTES. */
export const MAX_SLOTS = 64;
export const MAX_REGION_BYTES = 1 << 30;
/** A ShmAnswer's reason is cut to this. */
const MAX_WHY = 256;
/** Link-level Envelopes each side accepts on the stream beside the collective's chunk/abort frames. */
export const SHM_TO_READER: ReadonlySet<BodyKind> = new Set<BodyKind>(['shmOffer', 'shmSlot']);
export const SHM_TO_WRITER: ReadonlySet<BodyKind> = new Set<BodyKind>(['shmAnswer', 'shmRelease']);
/** Largest reader -> writer Envelope (a ShmAnswer with its capped reason). */
export const SHM_BACK_MAX_HEADER_BYTES = MAX_WHY * 3 + 16;

interface ShmAddon {
  shmCreate(bytes: number): { fd: number; buffer: ArrayBuffer };
  shmOpen(pid: number, fd: number, bytes: number): ArrayBuffer;
  shmCloseFd(fd: number): void;
}

/** The addon's region functions, or why they are not available. */
function shmAddon(): { a: ShmAddon } | { why: string } {
  const l = loadAddon();
  if (!l.addon) return { why: `native addon: ${l.reason}` };
  const a = l.addon as unknown as Partial<ShmAddon>;
  if (typeof a.shmCreate !== 'function' || typeof a.shmOpen !== 'function' || typeof a.shmCloseFd !== 'function') {
    return { why: 'native addon predates shared memory (rebuild: npm run build:native)' };
  }
  return { a: a as ShmAddon };
}

const frame = (env: mygpt.IEnvelope): Buffer => { const h = encodeEnvelope(env); return framePrefix(h.length, 0, h); };

/** A violation by the peer: the caller fails the link with it. */
export class ShmProtocolError extends Error {
  constructor(message: string) { super(message); this.name = 'ShmProtocolError'; }
}

/** How to size a link's region: slots of min(payload limit, budget / 4) bytes, as many as the budget holds. */
export function shmLayout(maxPayloadBytes: number, budgetBytes: number): { slotBytes: number; slots: number } {
  const slotBytes = Math.max(4, Math.min(maxPayloadBytes, Math.floor(budgetBytes / 4)));
  return { slotBytes, slots: Math.max(0, Math.min(MAX_SLOTS, Math.floor(budgetBytes / slotBytes))) };
}

/** The writer's side: owns the region and its free slots. */
export class ShmWriter {
  private region: Uint8Array;
  private fd: number;
  private free: number[] = [];
  private used = new Set<number>();
  private mapped = false;
  private answered = false;
  private a: ShmAddon;
  sent = 0;

  /** null (and why) when this process cannot make a region. */
  static create(slotBytes: number, slots: number): { w: ShmWriter } | { why: string } {
    const got = shmAddon();
    if ('why' in got) return got;
    if (slots < 1) return { why: 'shared memory budget holds no slot' };
    try {
      return { w: new ShmWriter(got.a, slotBytes, slots) };
    } catch (e) {
      return { why: (e as Error).message };
    }
  }

  private constructor(a: ShmAddon, readonly slotBytes: number, readonly slots: number) {
    this.a = a;
    const r = a.shmCreate(SLOTS_OFFSET + slotBytes * slots);
    this.fd = r.fd;
    this.region = new Uint8Array(r.buffer);
    this.region.set(randomBytes(TOKEN_BYTES), 0);
    for (let i = slots - 1; i >= 0; i--) this.free.push(i);
  }

  /** The offer frame: written once, right after the handshake. */
  offer(): Buffer {
    return frame({ shmOffer: { pid: process.pid, fd: this.fd, slotBytes: this.slotBytes, slots: this.slots,
      token: this.region.subarray(0, TOKEN_BYTES) } });
  }

  /** The reader's answer; returns the line to log. */
  answer(a: mygpt.IShmAnswer): string {
    if (this.answered) throw new ShmProtocolError('a second ShmAnswer');
    this.answered = true;
    this.mapped = a.mapped === true;
    this.closeFd(); // mapped or not, the reader will not open it again
    return this.mapped ? `payloads through shared memory (${this.slots} slots of ${this.slotBytes} B)`
      : `payloads over the socket: the reader could not map the region (${String(a.why ?? '').slice(0, MAX_WHY)})`;
  }

  /** Copies payload into a free slot and returns the ShmSlot frame to write before its chunk Envelope, or
   *  undefined: not mapped, empty, larger than a slot, or no slot free (then it goes on the socket). */
  put(payload: Uint8Array): Buffer | undefined {
    if (!this.mapped || payload.length === 0 || payload.length > this.slotBytes) return undefined;
    const slot = this.free.pop();
    if (slot === undefined) return undefined;
    this.used.add(slot);
    this.region.set(payload, SLOTS_OFFSET + slot * this.slotBytes);
    this.sent++;
    return frame({ shmSlot: { slot, bytes: payload.length } });
  }

  release(r: mygpt.IShmRelease): void {
    const slot = r.slot ?? -1;
    if (!this.used.delete(slot)) throw new ShmProtocolError(`ShmRelease of slot ${slot}, which is not in use (${this.slots} slots)`);
    this.free.push(slot);
  }

  close(): void { this.closeFd(); this.mapped = false; }

  private closeFd(): void {
    if (this.fd < 0) return;
    try { this.a.shmCloseFd(this.fd); } catch { /* already gone */ }
    this.fd = -1;
  }
}

/** The reader's side: its read-only mapping of the writer's region and the slots it holds. */
export class ShmReader {
  private region?: Uint8Array;
  private slotBytes = 0;
  private slots = 0;
  private offered = false;
  private pendingSlot = -1;
  private pendingBytes = 0;
  private held = new Map<Uint8Array, number>(); // payload view handed to the collective -> its slot
  private heldSlots = new Set<number>();
  received = 0;

  /** Tries the offer (enabled: cluster.shared_memory here); returns the answer frame to write and the line to log. */
  offer(o: mygpt.IShmOffer, maxPayloadBytes: number, enabled: boolean): { answer: Buffer; line: string } {
    if (this.offered) throw new ShmProtocolError('a second ShmOffer');
    this.offered = true;
    const why = enabled ? this.tryMap(o, maxPayloadBytes) : 'cluster.shared_memory is false on this rank';
    const answer = frame({ shmAnswer: { mapped: !why, why: why.slice(0, MAX_WHY) } });
    return { answer, line: why ? `payloads over the socket: cannot map the writer's region (${why})`
      : `payloads through shared memory (${this.slots} slots of ${this.slotBytes} B)` };
  }

  private tryMap(o: mygpt.IShmOffer, maxPayloadBytes: number): string {
    const slotBytes = o.slotBytes ?? 0, slots = o.slots ?? 0, token = o.token ?? new Uint8Array(0);
    if (token.length !== TOKEN_BYTES) return `token of ${token.length} bytes, expected ${TOKEN_BYTES}`;
    if (slots < 1 || slots > MAX_SLOTS) return `${slots} slots, expected 1..${MAX_SLOTS}`;
    if (slotBytes < 4 || slotBytes > maxPayloadBytes) return `slots of ${slotBytes} B, expected 4..${maxPayloadBytes} (this link's payload limit)`;
    const bytes = SLOTS_OFFSET + slotBytes * slots;
    if (bytes > MAX_REGION_BYTES) return `region of ${bytes} B > ${MAX_REGION_BYTES} B`;
    const got = shmAddon();
    if ('why' in got) return got.why;
    let region: Uint8Array;
    try {
      region = new Uint8Array(got.a.shmOpen(o.pid ?? 0, o.fd ?? -1, bytes));
    } catch (e) {
      return (e as Error).message; // typically: another host or PID namespace (no such /proc entry)
    }
    if (!timingSafeEqual(region.subarray(0, TOKEN_BYTES), token)) return 'the region at that /proc path is not the offered one (token mismatch)';
    this.region = region;
    this.slotBytes = slotBytes;
    this.slots = slots;
    return '';
  }

  /** A ShmSlot frame: the next chunk's payload is in that slot. */
  slot(s: mygpt.IShmSlot): void {
    const slot = s.slot ?? -1, bytes = s.bytes ?? 0;
    if (!this.region) throw new ShmProtocolError('ShmSlot without a mapped region');
    if (this.pendingSlot >= 0) throw new ShmProtocolError('two ShmSlot frames in a row');
    if (!(slot >= 0 && slot < this.slots)) throw new ShmProtocolError(`ShmSlot slot ${slot} outside 0..${this.slots - 1}`);
    if (!(bytes >= 1 && bytes <= this.slotBytes)) throw new ShmProtocolError(`ShmSlot of ${bytes} B, slots hold 1..${this.slotBytes}`);
    if (this.heldSlots.has(slot)) throw new ShmProtocolError(`ShmSlot slot ${slot} is still held here (not released)`);
    this.pendingSlot = slot;
    this.pendingBytes = bytes;
  }

  /** A ShmSlot was announced and its chunk frame has not come yet. */
  pending(): boolean { return this.pendingSlot >= 0; }

  /** The payload announced by the last ShmSlot (for the frame that follows it), or undefined. */
  takePending(): Uint8Array | undefined {
    const slot = this.pendingSlot;
    if (slot < 0) return undefined;
    this.pendingSlot = -1;
    const off = SLOTS_OFFSET + slot * this.slotBytes;
    const view = this.region!.subarray(off, off + this.pendingBytes);
    this.held.set(view, slot);
    this.heldSlots.add(slot);
    this.received++;
    return view;
  }

  /** The collective is done with payload: the ShmRelease frame to write, or undefined (not a slot of ours). */
  release(payload: Uint8Array): Buffer | undefined {
    const slot = this.held.get(payload);
    if (slot === undefined) return undefined;
    this.held.delete(payload);
    this.heldSlots.delete(slot);
    return frame({ shmRelease: { slot } });
  }

  close(): void { this.held.clear(); this.heldSlots.clear(); this.region = undefined; }
}
