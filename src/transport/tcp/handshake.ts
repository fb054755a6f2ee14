// The TCP ring link's connection handshake, written out. Each rank LISTENS for its next rank and DIALS its
// previous rank (the dialer reads gradient data, the accepter writes it: a dialed socket can read into one
// reused buffer, Node's `onread`). Both ends prove they hold the generation's ring secret (Welcome.ring_secret,
// delivered over the control connection, CURVE-encrypted when security.curve is on); the secret never
// travels on this connection.
//
//   dialer D (rank r+1)                          accepter A (rank r)
//   HELLO {magic, version, role=D, generation,   HELLO {magic, version, role=A, generation,
//          rank, nonce_D}  ------------------->         rank, nonce_A}   (both sent at once)
//   MAC_D = HMAC(secret, "D" | hello_D | hello_A) ->  (each side sends its MAC once it has both hellos)
//   D checks: role A, generation, rank = r-1, MAC  <-  MAC_A = HMAC(secret, "A" | hello_A | hello_D)
//                                                    A checks: role D, its generation, rank = r+1, MAC
//   <------------------------------------------  frames (A -> D only; anything D sends now is a violation)
// A MAC is bound to its role byte and to both fresh nonces, so the MACs an accepter hands a stranger are
// of no use for passing as a dialer, nor for answering another dialer's nonce. A dialer whose MAC check
// fails stops with HandshakeError (something other than its previous rank listens there, or the secrets
// differ); an accepter closes and counts the connection.
//
// Fixed sizes: HELLO 30 bytes, MAC 32 bytes. A connection that sends anything else, more than these 62 bytes
// before its MAC was checked, or does not finish within the handshake deadline is closed and counted: a
// stranger can hold one pending connection slot for a few seconds, never a rank's place in the ring.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const MAGIC = 0x4d475254;             // "MGRT"
export const VERSION = 1;
export const HELLO_BYTES = 30;               // magic 4, version 1, role 1, generation 4, rank 4, nonce 16
export const MAC_BYTES = 32;                 // HMAC-SHA256
export const HANDSHAKE_BYTES = HELLO_BYTES + MAC_BYTES;
export const MIN_SECRET_BYTES = 16;

export enum Role { Dialer = 0x44, Accepter = 0x41 } // 'D', 'A'

export interface Hello { role: Role; generation: number; rank: number; nonce: Buffer }

export function encodeHello(h: Omit<Hello, 'nonce'>, nonce: Buffer = randomBytes(16)): Buffer {
  const b = Buffer.alloc(HELLO_BYTES);
  b.writeUInt32BE(MAGIC, 0);
  b.writeUInt8(VERSION, 4);
  b.writeUInt8(h.role, 5);
  b.writeUInt32BE(h.generation >>> 0, 6);
  b.writeUInt32BE(h.rank >>> 0, 10);
  nonce.copy(b, 14, 0, 16);
  return b;
}

/** The peer's hello, or why it is not one (magic, version, role). */
export function decodeHello(b: Buffer): Hello | string {
  if (b.length !== HELLO_BYTES) return `hello of ${b.length} bytes, expected ${HELLO_BYTES}`;
  if (b.readUInt32BE(0) !== MAGIC) return 'not a mygpt ring connection (bad magic)';
  if (b.readUInt8(4) !== VERSION) return `ring protocol version ${b.readUInt8(4)}, expected ${VERSION}`;
  const role = b.readUInt8(5);
  if (role !== Role.Dialer && role !== Role.Accepter) return `unknown role byte ${role}`;
  return { role, generation: b.readUInt32BE(6), rank: b.readUInt32BE(10), nonce: b.subarray(14, 30) };
}

/** MAC of one side: binds its role, both hellos (both nonces, ranks, generation) and the secret. */
export function mac(secret: Uint8Array, role: Role, ownHello: Buffer, peerHello: Buffer): Buffer {
  return createHmac('sha256', secret).update(Buffer.of(role)).update(ownHello).update(peerHello).digest();
}

/** Checks the peer's hello and MAC against what this side expects; '' when good, else the reason. */
export function verifyPeer(secret: Uint8Array, expect: { role: Role; generation: number; rank: number },
  ownHello: Buffer, peerHello: Buffer, peerMac: Buffer): string {
  const h = decodeHello(peerHello);
  if (typeof h === 'string') return h;
  if (h.role !== expect.role) return `peer says it is the ${h.role === Role.Dialer ? 'dialing' : 'accepting'} side`;
  if (h.generation !== expect.generation) return `peer is in generation ${h.generation}, not ${expect.generation}`;
  if (h.rank !== expect.rank) return `peer says it is rank ${h.rank}, expected rank ${expect.rank}`;
  const want = mac(secret, expect.role, peerHello, ownHello);
  if (peerMac.length !== MAC_BYTES || !timingSafeEqual(want, peerMac)) return 'peer does not hold this generation\'s ring secret (MAC mismatch)';
  return '';
}
