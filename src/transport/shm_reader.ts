// The reader's side of a ring link's shared memory (the protocol is written out in shm.ts): maps the previous
// rank's slots, checks every ShmSlot, hands the collective views of the slots and releases them when it is done.
import { mygpt as pb } from '../gen/mygpt';
import { DATA_OFFSET, MAX_REGION_BYTES, MAX_SLOTS, MAX_WHY, OwnRegion, READY_WORD, ShmAddon, ShmMode, ShmProtocolError,
  mapPeer, shmAddon, wordsBytes } from './shm';

const bodyOf = (header: Uint8Array): string => {
  try {
    return pb.Envelope.decode(header).body ?? '?';
  } catch {
    return '?';
  }
};

/** The reader's side: its mapping of the writer's slots; its release words (its own region, or in the writer's). */
export class ShmReader {
  private a?: ShmAddon;
  private slots?: Uint8Array;
  private words?: OwnRegion;
  private releaseWords?: Uint32Array;
  private slotBytes = 0;
  private count = 0;
  private offered = false;
  private next?: { slot: number; bytes: number; seq: number; }; // announced by a ShmSlot, for the frame after it
  private held = new Map<Uint8Array, number>(); // payload view handed to the collective -> its slot
  private seqOf = new Map<number, number>(); // held slot -> the sequence number to store when done
  received = 0;

  constructor(readonly mode: ShmMode = 'answer') {}

  /** Tries the offer (enabled: cluster.shared_memory here); returns the line to log and, in 'answer' mode, the
   *  answer to send back. */
  offer(o: pb.IShmOffer, maxPayloadBytes: number, enabled: boolean): { answer?: pb.IEnvelope; line: string; } {
    if (this.offered) throw new ShmProtocolError('a second ShmOffer');
    this.offered = true;
    const why = enabled ? this.tryMap(o, maxPayloadBytes) : 'cluster.shared_memory is false on this rank';
    const line = why ?
      `payloads over the socket: cannot map the writer's region (${why})`
      : `payloads through shared memory (${this.count} slots of ${this.slotBytes} B)`;
    if (this.mode === 'in-region') return { line };
    return { line, answer: why
      ? { shmAnswer: { mapped: false, why: why.slice(0, MAX_WHY) } }
      : { shmAnswer: { mapped: true, ...this.words!.where() } } };
  }

  private tryMap(o: pb.IShmOffer, maxPayloadBytes: number): string {
    const slotBytes = o.slotBytes ?? 0, slots = o.slots ?? 0;
    if (slots < 1 || slots > MAX_SLOTS) return `${slots} slots, expected 1..${MAX_SLOTS}`;
    if (slotBytes < 4 || slotBytes > maxPayloadBytes) {
      return `slots of ${slotBytes} B, expected 4..${maxPayloadBytes} (this link's payload limit)`;
    }
    const words = wordsBytes(this.mode, slots);
    if (DATA_OFFSET + words + slotBytes * slots > MAX_REGION_BYTES) {
      return `region of ${slotBytes * slots} B > ${MAX_REGION_BYTES} B`;
    }
    const got = shmAddon();
    if ('why' in got) return got.why;
    const buf = mapPeer(got.a, o, words + slotBytes * slots, this.mode === 'in-region');
    if (typeof buf === 'string') return buf;
    if (this.mode === 'in-region') {
      this.releaseWords = new Uint32Array(buf, DATA_OFFSET, slots);
    } else {
      try {
        this.words = new OwnRegion(got.a, 4 * slots);
      } catch (e) {
        return `cannot make the release words: ${(e as Error).message}`;
      }
      this.releaseWords = new Uint32Array(this.words.bytes.buffer, DATA_OFFSET, slots);
    }
    this.a = got.a;
    this.slots = new Uint8Array(buf, DATA_OFFSET + words);
    this.slotBytes = slotBytes;
    this.count = slots;
    // the writer may put now
    if (this.mode === 'in-region') got.a.shmStore(new Uint32Array(buf, 0, DATA_OFFSET / 4), READY_WORD, 1);
    return '';
  }

  /** A ShmSlot frame: the next chunk's payload is in that slot. */
  slot(s: pb.IShmSlot): void {
    const slot = s.slot ?? -1, bytes = s.bytes ?? 0;
    if (!this.slots) throw new ShmProtocolError('ShmSlot without a mapped region');
    if (this.next) throw new ShmProtocolError('two ShmSlot frames in a row');
    if (!(slot >= 0 && slot < this.count)) {
      throw new ShmProtocolError(`ShmSlot slot ${slot} outside 0..${this.count - 1}`);
    }
    if (!(bytes >= 1 && bytes <= this.slotBytes)) {
      throw new ShmProtocolError(`ShmSlot of ${bytes} B, slots hold 1..${this.slotBytes}`);
    }
    if (this.seqOf.has(slot)) throw new ShmProtocolError(`ShmSlot slot ${slot} is still held here (not released)`);
    this.next = { slot, bytes, seq: s.seq ?? 0 };
  }

  /** The payload of a message just received: its own frame, or the slot the ShmSlot before it announced (then
   *  it must be a chunk without a payload of its own). */
  payloadOf(header: Uint8Array, own: Uint8Array | undefined): Uint8Array | undefined {
    if (own && this.next) throw new ShmProtocolError('a frame with its own payload after a ShmSlot');
    const shm = this.takePending();
    if (!shm) return own;
    const body = bodyOf(header);
    if (body !== 'chunk') {
      this.release(shm);
      throw new ShmProtocolError(`a '${body}' frame after a ShmSlot (expected the chunk it holds)`);
    }
    return shm;
  }

  /** The payload announced by the last ShmSlot (for the frame that follows it), or undefined. */
  private takePending(): Uint8Array | undefined {
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

  close(): void {
    this.held.clear();
    this.seqOf.clear();
    this.slots = undefined;
    this.words?.closeFd();
  }
}
