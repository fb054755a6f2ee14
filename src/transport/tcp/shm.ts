// Shared memory for one TCP ring stream when both ranks see each other's process (one host, one PID
// namespace, one user): the writer copies a chunk's payload into a slot of a region it owns and sends only
// the Envelopes on the socket; the reader sums straight out of its read-only mapping of that region. No
// payload byte crosses the kernel's TCP stack (on one host, loopback TCP costs two kernel copies and the
// stack's CPU per byte: the cost that made four ranks on two cores slower than Gloo). NCCL's SHM transport
// is the model; unlike it, nothing here needs a shared file system path: each side opens the other's
// region as /proc/<pid>/fd/<fd>, which exists only where it can see that process.
//
//   writer (accepter, rank r)                          reader (dialer, rank r+1)
//   ... handshake (handshake.ts) ...
//   ShmOffer{pid, fd, slot_bytes, slots, token}  --->   maps the slots read-only; checks type, size, token;
//                                                       makes its release words (one u32 per slot)
//                                                <---   ShmAnswer{mapped, why, pid, fd, token of the words}
//   maps the release words read-only, checks them
//   (payloads on the socket until then; after "not mapped" on either side, for good)
//   ShmSlot{slot, bytes, seq}, then chunk Envelope --->  payload = a view of the slot, taken by the collective;
//                                                       done with it: words[slot] = seq (release store)
//   reuses a slot once words[slot] == its seq (acquire load)
//
// Each side writes only memory it owns. A slot is the writer's again only after the reader stored its
// sequence number, so the reader never sees a slot rewritten while it holds it; releases cost no message
// and no wake-up (a message per release cost more than the copy it saved below ~1 MB payloads). No free
// slot, or a payload larger than a slot: that payload goes on the socket as before, so a send never waits
// for a release (a wait could close a cycle around the ring: every rank's forwards held by slots of its
// next rank). Every field from the peer is checked (ranges, slot held or free, tokens); a violation fails
// the link with a BadFrameError naming the peer. A reader that lies in its release words can only make the
// writer overwrite payloads the reader itself still reads.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { loadAddon } from '../../native/addon';
import type { mygpt } from '../../gen/mygpt';
import { BodyKind, encodeEnvelope } from '../frames';
import { frameOf } from './handshake';

export const TOKEN_BYTES = 16;
/** A region starts with its token; slots (or release words) follow at this offset (one cache line). */
const DATA_OFFSET = 64;
/** Most slots a region may declare; a region is at most MAX_REGION_BYTES. */
export const MAX_SLOTS = 64;
export const MAX_REGION_BYTES = 1 << 30;
/** A ShmAnswer's reason is cut to this. */
const MAX_WHY = 256;
/** Link-level Envelopes each side accepts on the stream beside the collective's chunk/abort frames. */
export const SHM_TO_READER: ReadonlySet<BodyKind> = new Set<BodyKind>(['shmOffer', 'shmSlot']);
export const SHM_TO_WRITER: ReadonlySet<BodyKind> = new Set<BodyKind>(['shmAnswer']);
/** Largest reader -> writer Envelope (a ShmAnswer with its capped reason). */
export const SHM_BACK_MAX_HEADER_BYTES = MAX_WHY * 3 + 64;

interface ShmAddon {
  shmCreate(bytes: number): { fd: number; buffer: ArrayBuffer };
  shmOpen(pid: number, fd: number, bytes: number): ArrayBuffer;
  shmCloseFd(fd: number): void;
  shmLoad(words: Uint32Array, index: number): number;
  shmStore(words: Uint32Array, index: number, value: number): void;
}
const FUNCTIONS = ['shmCreate', 'shmOpen', 'shmCloseFd', 'shmLoad', 'shmStore'] as const;

/** The addon's region functions, or why they are not available. */
function shmAddon(): { a: ShmAddon } | { why: string } {
  const l = loadAddon();
  if (!l.addon) return { why: `native addon: ${l.reason}` };
  if (FUNCTIONS.some((f) => typeof l.addon![f] !== 'function')) return { why: 'native addon predates shared memory (rebuild: npm run build:native)' };
  return { a: l.addon as unknown as ShmAddon };
}

const frame = (env: mygpt.IEnvelope): Buffer => frameOf(encodeEnvelope(env));

/** A violation by the peer: the caller fails the link with it. */
export class ShmProtocolError extends Error {
  constructor(message: string) { super(message); this.name = 'ShmProtocolError'; }
}

/** How to size a link's region: slots of min(payload limit, budget / 4) bytes, as many as the budget holds. */
export function shmLayout(maxPayloadBytes: number, budgetBytes: number): { slotBytes: number; slots: number } {
  const slotBytes = Math.max(4, Math.min(maxPayloadBytes, Math.floor(budgetBytes / 4)));
  return { slotBytes, slots: Math.max(0, Math.min(MAX_SLOTS, Math.floor(budgetBytes / slotBytes))) };
}

/** A region of ours: its fd stays open until the peer has mapped it (or the link closes). */
class OwnRegion {
  readonly bytes: Uint8Array;
  readonly token = randomBytes(TOKEN_BYTES);
  private fd: number;
  constructor(private a: ShmAddon, dataBytes: number) {
    const r = a.shmCreate(DATA_OFFSET + dataBytes);
    this.fd = r.fd;
    this.bytes = new Uint8Array(r.buffer);
    this.bytes.set(this.token, 0);
  }
  where() { return { pid: process.pid, fd: this.fd, token: this.token }; }
  closeFd(): void {
    if (this.fd < 0) return;
    try { this.a.shmCloseFd(this.fd); } catch { /* already gone */ }
    this.fd = -1;
  }
}

/** Maps a peer's region read-only and checks its token: the data after the token, or why not. */
function mapPeer(a: ShmAddon, w: { pid?: number | null; fd?: number | null; token?: Uint8Array | null }, dataBytes: number): ArrayBuffer | string {
  const token = w.token ?? new Uint8Array(0);
  if (token.length !== TOKEN_BYTES) return `token of ${token.length} bytes, expected ${TOKEN_BYTES}`;
  let buf: ArrayBuffer;
  try {
    buf = a.shmOpen(w.pid ?? 0, w.fd ?? -1, DATA_OFFSET + dataBytes);
  } catch (e) {
    return (e as Error).message; // typically: another host or PID namespace (no such /proc entry)
  }
  if (!timingSafeEqual(new Uint8Array(buf, 0, TOKEN_BYTES), token)) return 'the region at that /proc path is not the offered one (token mismatch)';
  return buf;
}

/** The writer's side: owns the slots; reads the reader's release words. */
export class ShmWriter {
  private region: OwnRegion;
  private released?: Uint32Array;        // the reader's release words, once mapped
  private seq: Uint32Array;              // sequence number of each slot's latest payload
  private free: number[] = [];
  private used = new Set<number>();
  private answered = false;
  sent = 0;

  /** A writer, or why this process cannot make a region. */
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

  private constructor(private a: ShmAddon, readonly slotBytes: number, readonly slots: number) {
    this.region = new OwnRegion(a, slotBytes * slots);
    this.seq = new Uint32Array(slots);
    for (let i = slots - 1; i >= 0; i--) this.free.push(i);
  }

  /** The offer frame: written once, right after the handshake. */
  offer(): Buffer { return frame({ shmOffer: { ...this.region.where(), slotBytes: this.slotBytes, slots: this.slots } }); }

  /** The reader's answer; returns the line to log. */
  answer(ans: mygpt.IShmAnswer): string {
    if (this.answered) throw new ShmProtocolError('a second ShmAnswer');
    this.answered = true;
    this.region.closeFd(); // the reader has mapped it, or never will
    if (ans.mapped !== true) return `payloads over the socket: the reader could not map the region (${String(ans.why ?? '').slice(0, MAX_WHY)})`;
    const words = mapPeer(this.a, ans, 4 * this.slots);
    if (typeof words === 'string') return `payloads over the socket: cannot map the reader's release words (${words})`;
    this.released = new Uint32Array(words, DATA_OFFSET, this.slots);
    return `payloads through shared memory (${this.slots} slots of ${this.slotBytes} B)`;
  }

  /** Copies payload into a free slot and returns the ShmSlot frame to write before its chunk Envelope, or
   *  undefined: not mapped, empty, larger than a slot, or no slot free (then it goes on the socket). */
  put(payload: Uint8Array): Buffer | undefined {
    if (!this.released || payload.length === 0 || payload.length > this.slotBytes) return undefined;
    if (this.free.length === 0) this.reclaim();
    const slot = this.free.pop();
    if (slot === undefined) return undefined;
    this.used.add(slot);
    const seq = this.seq[slot] = (this.seq[slot] + 1) >>> 0 || 1;
    this.region.bytes.set(payload, DATA_OFFSET + slot * this.slotBytes);
    this.sent++;
    return frame({ shmSlot: { slot, bytes: payload.length, seq } });
  }

  /** Slots whose latest payload the reader has released. */
  private reclaim(): void {
    for (const s of this.used) {
      if (this.a.shmLoad(this.released!, s) === this.seq[s]) { this.used.delete(s); this.free.push(s); }
    }
  }

  close(): void { this.region.closeFd(); this.released = undefined; }
}

/** The reader's side: its read-only mapping of the writer's slots, its own release words. */
export class ShmReader {
  private a?: ShmAddon;
  private slots?: Uint8Array;
  private words?: OwnRegion;
  private releaseWords?: Uint32Array;
  private slotBytes = 0;
  private count = 0;
  private offered = false;
  private next?: { slot: number; bytes: number; seq: number }; // announced by a ShmSlot, for the frame after it
  private held = new Map<Uint8Array, number>(); // payload view handed to the collective -> its slot
  private seqOf = new Map<number, number>();    // held slot -> the sequence number to store when done
  received = 0;

  /** Tries the offer (enabled: cluster.shared_memory here); returns the answer frame to write and the line to log. */
  offer(o: mygpt.IShmOffer, maxPayloadBytes: number, enabled: boolean): { answer: Buffer; line: string } {
    if (this.offered) throw new ShmProtocolError('a second ShmOffer');
    this.offered = true;
    const why = enabled ? this.tryMap(o, maxPayloadBytes) : 'cluster.shared_memory is false on this rank';
    const answer = why ? frame({ shmAnswer: { mapped: false, why: why.slice(0, MAX_WHY) } })
      : frame({ shmAnswer: { mapped: true, ...this.words!.where() } });
    return { answer, line: why ? `payloads over the socket: cannot map the writer's region (${why})`
      : `payloads through shared memory (${this.count} slots of ${this.slotBytes} B)` };
  }

  private tryMap(o: mygpt.IShmOffer, maxPayloadBytes: number): string {
    const slotBytes = o.slotBytes ?? 0, slots = o.slots ?? 0;
    if (slots < 1 || slots > MAX_SLOTS) return `${slots} slots, expected 1..${MAX_SLOTS}`;
    if (slotBytes < 4 || slotBytes > maxPayloadBytes) return `slots of ${slotBytes} B, expected 4..${maxPayloadBytes} (this link's payload limit)`;
    if (DATA_OFFSET + slotBytes * slots > MAX_REGION_BYTES) return `region of ${slotBytes * slots} B > ${MAX_REGION_BYTES} B`;
    const got = shmAddon();
    if ('why' in got) return got.why;
    const buf = mapPeer(got.a, o, slotBytes * slots);
    if (typeof buf === 'string') return buf;
    try {
      this.words = new OwnRegion(got.a, 4 * slots);
    } catch (e) {
      return `cannot make the release words: ${(e as Error).message}`;
    }
    this.a = got.a;
    this.slots = new Uint8Array(buf, DATA_OFFSET);
    this.releaseWords = new Uint32Array(this.words.bytes.buffer, DATA_OFFSET, slots);
    this.slotBytes = slotBytes;
    this.count = slots;
    return '';
  }

  /** A ShmSlot frame: the next chunk's payload is in that slot. */
  slot(s: mygpt.IShmSlot): void {
    const slot = s.slot ?? -1, bytes = s.bytes ?? 0;
    if (!this.slots) throw new ShmProtocolError('ShmSlot without a mapped region');
    if (this.next) throw new ShmProtocolError('two ShmSlot frames in a row');
    if (!(slot >= 0 && slot < this.count)) throw new ShmProtocolError(`ShmSlot slot ${slot} outside 0..${this.count - 1}`);
    if (!(bytes >= 1 && bytes <= this.slotBytes)) throw new ShmProtocolError(`ShmSlot of ${bytes} B, slots hold 1..${this.slotBytes}`);
    if (this.seqOf.has(slot)) throw new ShmProtocolError(`ShmSlot slot ${slot} is still held here (not released)`);
    this.next = { slot, bytes, seq: s.seq ?? 0 };
  }

  /** A ShmSlot was announced and its chunk frame has not come yet. */
  pending(): boolean { return this.next !== undefined; }

  /** The payload announced by the last ShmSlot (for the frame that follows it), or undefined. */
  takePending(): Uint8Array | undefined {
    if (!this.next) return undefined;
    const { slot, bytes, seq } = this.next;
    this.next = undefined;
    const view = this.slots!.subarray(slot * this.slotBytes, slot * this.slotBytes + bytes);
    this.held.set(view, slot);
    this.seqOf.set(slot, seq);
    this.received++;
    return view;
  }

  /** The collective is done with payload: if it is a slot's view, the writer may reuse the slot (true). */
  release(payload: Uint8Array): boolean {
    const slot = this.held.get(payload);
    if (slot === undefined) return false;
    this.held.delete(payload);
    this.a!.shmStore(this.releaseWords!, slot, this.seqOf.get(slot)!);
    this.seqOf.delete(slot);
    return true;
  }

  close(): void { this.held.clear(); this.seqOf.clear(); this.slots = undefined; this.words?.closeFd(); }
}
