// Z85 (ZeroMQ RFC 32): 4 bytes <-> 5 printable characters. CURVE keys are 32 bytes = 40 characters.
// Pure functions; used to validate configured keys and to print the raw keys a ZAP request carries.
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';
const DECODE = new Map([...ALPHABET].map((c, i) => [c, i]));

export const CURVE_KEY_CHARS = 40;

/** A CURVE key pair, each key in Z85. */
export interface CurveKeyPair {
  publicKey: string;
  secretKey: string;
}

/** bytes.length must be a multiple of 4. */
export function z85Encode(bytes: Uint8Array): string {
  if (bytes.length % 4 !== 0) throw new Error(`z85: ${bytes.length} bytes is not a multiple of 4`);
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    let v = ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
    const block = new Array<string>(5);
    for (let j = 4; j >= 0; j--) {
      block[j] = ALPHABET[v % 85];
      v = Math.floor(v / 85);
    }
    out += block.join('');
  }
  return out;
}

/** null when `text` is not valid Z85 (length not a multiple of 5, a foreign character, a block > 2^32-1). */
export function z85Decode(text: string): Uint8Array | null {
  if (text.length % 5 !== 0) return null;
  const out = new Uint8Array((text.length / 5) * 4);
  for (let i = 0, o = 0; i < text.length; i += 5, o += 4) {
    let v = 0;
    for (let j = 0; j < 5; j++) {
      const d = DECODE.get(text[i + j]);
      if (d === undefined) return null;
      v = v * 85 + d;
    }
    if (v > 0xffffffff) return null;
    out[o] = v >>> 24;
    out[o + 1] = (v >>> 16) & 0xff;
    out[o + 2] = (v >>> 8) & 0xff;
    out[o + 3] = v & 0xff;
  }
  return out;
}

/** A CURVE key in Z85: exactly 40 characters that decode to 32 bytes. */
export function isZ85Key(text: string): boolean {
  return text.length === CURVE_KEY_CHARS && z85Decode(text) !== null;
}
