// Frames on an authenticated TCP ring connection: [u32 header length][u32 payload length][header][payload],
// big-endian lengths, header = one encoded mygpt.Envelope, payload = raw chunk bytes (may be empty).
// FrameReader is the bounded stream parser: lengths are checked against the limits before a byte of the
// frame is buffered, so a peer can never make this side allocate more than one header + one payload limit.
export const PREFIX_BYTES = 8;

export function framePrefix(headerLength: number, payloadLength: number, header: Uint8Array): Buffer {
  const b = Buffer.allocUnsafe(PREFIX_BYTES + headerLength);
  b.writeUInt32BE(headerLength, 0);
  b.writeUInt32BE(payloadLength, 4);
  b.set(header, PREFIX_BYTES);
  return b;
}

/** The stream broke a limit: framing is lost, the connection must close. */
export class FramingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FramingError';
  }
}

export interface FrameLimitsBytes {
  maxHeaderBytes: number;
  maxPayloadBytes: number;
}

/** Incremental parser: push() each received slice (copied out; the slice may be reused by the caller),
 *  onFrame(header, payload) once per complete frame. Throws FramingError on a bad length.
 *  Zero-copy receive: readInto() says where the next socket read should land, filled(n) accounts for it. */
export class FrameReader {
  private prefix = Buffer.alloc(PREFIX_BYTES);
  private have = 0; // bytes of the current part received
  private part: 'prefix' | 'header' | 'payload' = 'prefix';
  private header: Uint8Array = new Uint8Array(0);
  private payload: Uint8Array = new Uint8Array(0);
  constructor(private lim: FrameLimitsBytes,
    private onFrame: (header: Uint8Array, payload: Uint8Array | undefined) => void,
    private alloc: (bytes: number) => Uint8Array = (n) => Buffer.allocUnsafeSlow(n))
  {}

  /** Where the next read should land: exactly the unfilled rest of the current part (prefix, header or
   *  payload), in place, so no byte is copied and a read never crosses a frame boundary. */
  readInto(): Uint8Array {
    return this.current().subarray(this.have);
  }

  /** A read put n bytes into what readInto() returned. */
  filled(n: number): void {
    const dst = this.current();
    this.have += n;
    if (this.have === dst.length) this.advance();
  }

  push(buf: Uint8Array): void {
    let i = 0;
    while (i < buf.length) {
      const dst = this.current();
      const n = Math.min(dst.length - this.have, buf.length - i);
      dst.set(buf.subarray(i, i + n), this.have);
      this.have += n;
      i += n;
      if (this.have === dst.length) this.advance();
    }
  }

  private current(): Uint8Array {
    return this.part === 'prefix' ? this.prefix : this.part === 'header' ? this.header : this.payload;
  }

  private advance(): void {
    this.have = 0;
    if (this.part === 'prefix') {
      const h = this.prefix.readUInt32BE(0), p = this.prefix.readUInt32BE(4);
      if (h === 0) throw new FramingError('empty header');
      if (h > this.lim.maxHeaderBytes) throw new FramingError(`header ${h} B > limit ${this.lim.maxHeaderBytes} B`);
      if (p > this.lim.maxPayloadBytes) throw new FramingError(`payload ${p} B > limit ${this.lim.maxPayloadBytes} B`);
      this.header = new Uint8Array(h);
      this.payload = p > 0 ? this.alloc(p) : new Uint8Array(0);
      this.part = 'header';
      return;
    }
    if (this.part === 'header' && this.payload.length > 0) {
      this.part = 'payload';
      return;
    }
    const header = this.header, payload = this.payload.length > 0 ? this.payload : undefined;
    this.part = 'prefix';
    this.payload = new Uint8Array(0);
    this.onFrame(header, payload);
  }
}
