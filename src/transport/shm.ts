// Shared memory for one ring link when both ranks see each other's process (one host, one PID namespace, one
// user): the writer copies a chunk's payload into a slot of a region it owns and sends only the Envelopes on the
// link; the reader sums straight out of its mapping of that region. No payload byte crosses the kernel's socket
// stack (on one host, loopback costs two kernel copies and the stack's CPU per byte: the cost that made four
// ranks on two cores slower than Gloo). NCCL's SHM transport is the model; unlike it, nothing here needs a shared
// file system path: each side opens the other's region as /proc/<pid>/fd/<fd>, which exists only where it can
// see that process. Both data planes use it, each in its own mode:
//
// 'answer' (TCP: the stream has a way back)           'in-region' (ZeroMQ PUSH -> PULL: no way back)
//   writer (accepter, rank r)   reader (rank r+1)       writer (rank r, dials)          reader (rank r+1)
//   ShmOffer{pid, fd, slot_bytes, slots, token} --->    ShmOffer{...} (first message) --->
//     reader maps the slots read-only, checks type,       reader maps the whole region read-write, checks it,
//     size, token; makes its release words                stores 1 in the region's ready word
//                               <--- ShmAnswer{mapped,  writer sees the ready word (acquire load) before a put
//     why, pid, fd, token of the words}
//   writer maps the release words read-only
//   (payloads on the socket until then; after "not mapped" on either side, for good)
//   ShmSlot{slot, bytes, seq}, then the chunk Envelope --->  payload = a view of the slot, taken by the collective;
//                                                            done with it: words[slot] = seq (release store)
//   the writer reuses a slot once words[slot] == its seq (acquire load)
//
// A slot is the writer's again only after the reader stored its sequence number, so the reader never sees a slot
// rewritten while it holds it; releases cost no message and no wake-up (a message per release cost more than the
// copy it saved at small payloads: docs/benchmarks.md). No free slot, or a payload larger than a slot: that
// payload goes on the socket as before, so a send never waits for a release (a wait could close a cycle around the
// ring: every rank's forwards held by slots of its next rank). Every field from the peer is checked (ranges, slot
// held or free, tokens); a violation fails the link with a BadFrameError naming the peer. A reader that lies in
// its release words (or, in-region, writes into the slots) can only spoil payloads the reader itself reads: the
// writer never reads a slot back (the reader's side is shm_reader.ts). In 'answer' mode each side writes only
// memory it owns (the regions are sealed against writes through other mappings); in-region, the reader's writes
// go to the writer's region, which is made for it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { loadAddon } from '../native/addon';
import type { mygpt as pb } from '../gen/mygpt';
import { RING_BODIES, type BodyKind } from './frames';

export const TOKEN_BYTES = 16;
/** A region starts with its token; slots (or release words) follow at this offset (one cache line). */
export const DATA_OFFSET = 64;
/** Most slots a region may declare; a region is at most MAX_REGION_BYTES. */
export const MAX_SLOTS = 64;
export const MAX_REGION_BYTES = 1 << 30;
/** A ShmAnswer's reason is cut to this. */
export const MAX_WHY = 256;
/** Link-level Envelopes each side accepts on the stream beside the collective's chunk/abort frames. */
export const SHM_TO_READER: ReadonlySet<BodyKind> = new Set<BodyKind>(['shmOffer', 'shmSlot']);
export const SHM_TO_WRITER: ReadonlySet<BodyKind> = new Set<BodyKind>(['shmAnswer']);
/** What a ring link with shared memory accepts from the previous rank: the collective's messages, the offer, slots. */
export const RING_SHM_BODIES: ReadonlySet<BodyKind> = new Set<BodyKind>([...RING_BODIES, ...SHM_TO_READER]);
/** The shared-memory region a rank offers its next rank by default (cluster.shared_memory), cut into slots of
 *  the link's payload limit, at most a quarter of the region each (shmLayout); a payload finding none free goes
 *  on the socket. */
export const SHM_BUDGET_BYTES = 32 << 20;
/** Largest reader -> writer Envelope (a ShmAnswer with its capped reason). */
export const SHM_BACK_MAX_HEADER_BYTES = MAX_WHY * 3 + 64;

export interface ShmAddon {
  shmCreate(bytes: number, peerWrites?: boolean): { fd: number; buffer: ArrayBuffer; };
  shmOpen(pid: number, fd: number, bytes: number, writable?: boolean): ArrayBuffer;
  shmCloseFd(fd: number): void;
  shmLoad(words: Uint32Array, index: number): number;
  shmStore(words: Uint32Array, index: number, value: number): void;
}
const FUNCTIONS = ['shmCreate', 'shmOpen', 'shmCloseFd', 'shmLoad', 'shmStore'] as const;

/** The addon's region functions, or why they are not available. */
export function shmAddon(): { a: ShmAddon; } | { why: string; } {
  const l = loadAddon();
  if (!l.addon) return { why: `native addon: ${l.reason}` };
  if (FUNCTIONS.some((f) => typeof l.addon[f] !== 'function')) {
    return { why: 'native addon predates shared memory (rebuild: npm run build:native)' };
  }
  return { a: l.addon as unknown as ShmAddon };
}

/** A violation by the peer: the caller fails the link with it. */
export class ShmProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShmProtocolError';
  }
}

/** 'answer': the reader answers on the link's way back (TCP); 'in-region': it stores its ready and release words in
 *  the writer's region (ZeroMQ's PUSH -> PULL has no way back). */
export type ShmMode = 'answer' | 'in-region';

/** How to size a link's region: slots of min(payload limit, budget / 4) bytes, as many as the budget holds. */
export function shmLayout(maxPayloadBytes: number, budgetBytes: number): { slotBytes: number; slots: number; } {
  const slotBytes = Math.max(4, Math.min(maxPayloadBytes, Math.floor(budgetBytes / 4)));
  return { slotBytes, slots: Math.max(0, Math.min(MAX_SLOTS, Math.floor(budgetBytes / slotBytes))) };
}

/** In-region: the ready word's index (u32, after the token); the release words follow the header, the slots
 *  follow them at the next cache line. */
export const READY_WORD = TOKEN_BYTES / 4;
export const wordsBytes = (mode: ShmMode,
  slots: number) => (mode === 'in-region' ? Math.ceil((4 * slots) / 64) * 64 : 0);

/** A region of ours: its fd stays open until the peer has mapped it (or the link closes). */
export class OwnRegion {
  readonly bytes: Uint8Array;
  readonly token = randomBytes(TOKEN_BYTES);
  private fd: number;
  constructor(private a: ShmAddon, dataBytes: number, peerWrites = false) {
    const r = a.shmCreate(DATA_OFFSET + dataBytes, peerWrites);
    this.fd = r.fd;
    this.bytes = new Uint8Array(r.buffer);
    this.bytes.set(this.token, 0);
  }
  where() {
    return { pid: process.pid, fd: this.fd, token: this.token };
  }
  closeFd(): void {
    if (this.fd < 0) return;
    try {
      this.a.shmCloseFd(this.fd);
    } catch { /* already gone */ }
    this.fd = -1;
  }
}

/** Maps a peer's region and checks its token: the whole region (token first), or why not. */
export function mapPeer(a: ShmAddon, w: { pid?: number | null; fd?: number | null; token?: Uint8Array | null; },
  dataBytes: number, writable = false): ArrayBuffer | string
{
  const token = w.token ?? new Uint8Array(0);
  if (token.length !== TOKEN_BYTES) return `token of ${token.length} bytes, expected ${TOKEN_BYTES}`;
  let buf: ArrayBuffer;
  try {
    buf = a.shmOpen(w.pid ?? 0, w.fd ?? -1, DATA_OFFSET + dataBytes, writable);
  } catch (e) {
    return (e as Error).message; // typically: another host or PID namespace (no such /proc entry)
  }
  if (!timingSafeEqual(new Uint8Array(buf, 0, TOKEN_BYTES), token)) {
    return 'the region at that /proc path is not the offered one (token mismatch)';
  }
  return buf;
}

/** The writer's side: owns the slots; reads the reader's release words. */
export class ShmWriter {
  private region: OwnRegion;
  private released?: Uint32Array; // the reader's release words, once mapped
  private header?: Uint32Array; // in-region: the region's first words (the ready word among them)
  private seq: Uint32Array; // sequence number of each slot's latest payload
  private free: number[] = [];
  private used = new Set<number>();
  private answered = false;
  private slotBase = DATA_OFFSET;
  sent = 0;

  /** A writer, or why this process cannot make a region. */
  static create(slotBytes: number, slots: number, mode: ShmMode = 'answer'): { w: ShmWriter; } | { why: string; } {
    const got = shmAddon();
    if ('why' in got) return got;
    if (slots < 1) return { why: 'shared memory budget holds no slot' };
    try {
      return { w: new ShmWriter(got.a, slotBytes, slots, mode) };
    } catch (e) {
      return { why: (e as Error).message };
    }
  }

  private constructor(private a: ShmAddon, readonly slotBytes: number, readonly slots: number, readonly mode: ShmMode) {
    const words = wordsBytes(mode, slots);
    this.region = new OwnRegion(a, words + slotBytes * slots, mode === 'in-region');
    if (mode === 'in-region') this.header = new Uint32Array(this.region.bytes.buffer, 0, DATA_OFFSET / 4);
    this.slotBase = DATA_OFFSET + words;
    this.seq = new Uint32Array(slots);
    for (let i = slots - 1; i >= 0; i--) this.free.push(i);
  }

  /** The offer: sent once, first on the link. */
  offer(): pb.IEnvelope {
    return { shmOffer: { ...this.region.where(), slotBytes: this.slotBytes, slots: this.slots } };
  }

  /** 'answer' mode: the reader's answer; returns the line to log. */
  answer(ans: pb.IShmAnswer): string {
    if (this.answered || this.mode !== 'answer') throw new ShmProtocolError('a second ShmAnswer');
    this.answered = true;
    this.region.closeFd(); // the reader has mapped it, or never will
    if (ans.mapped !== true) {
      return `payloads over the socket: the reader could not map the region (${
        String(ans.why ?? '').slice(0, MAX_WHY)
      })`;
    }
    const words = mapPeer(this.a, ans, 4 * this.slots);
    if (typeof words === 'string') return `payloads over the socket: cannot map the reader's release words (${words})`;
    this.released = new Uint32Array(words, DATA_OFFSET, this.slots);
    return this.line();
  }

  /** 'in-region' mode: whether the reader has stored its ready word since the last look; true once (log line()). */
  ready(): boolean {
    if (!this.header || this.answered || this.a.shmLoad(this.header, READY_WORD) !== 1) return false;
    this.answered = true;
    this.region.closeFd();
    this.released = new Uint32Array(this.region.bytes.buffer, DATA_OFFSET, this.slots);
    return true;
  }

  line(): string {
    return `payloads through shared memory (${this.slots} slots of ${this.slotBytes} B)`;
  }

  /** Copies payload into a free slot and returns the ShmSlot Envelope to send before its chunk Envelope, or
   *  undefined: not mapped, empty, larger than a slot, or no slot free (then it goes on the socket). */
  put(payload: Uint8Array): pb.IEnvelope | undefined {
    if (!this.released || payload.length === 0 || payload.length > this.slotBytes) return undefined;
    if (this.free.length === 0) this.reclaim();
    const slot = this.free.pop();
    if (slot === undefined) return undefined;
    this.used.add(slot);
    const seq = this.seq[slot] = (this.seq[slot] + 1) >>> 0 || 1;
    this.region.bytes.set(payload, this.slotBase + slot * this.slotBytes);
    this.sent++;
    return { shmSlot: { slot, bytes: payload.length, seq } };
  }

  /** Slots whose latest payload the reader has released. */
  private reclaim(): void {
    for (const s of this.used) {
      if (this.a.shmLoad(this.released!, s) === this.seq[s]) {
        this.used.delete(s);
        this.free.push(s);
      }
    }
  }

  close(): void {
    this.region.closeFd();
    this.released = undefined;
    this.header = undefined;
  }
}
