// The TCP ring link's connection handshake, written out. Each rank LISTENS for its next rank and DIALS its
// previous rank (the dialer reads gradient data, the accepter writes it: a dialed socket can read in place,
// Node's `onread`). Both ends prove they hold the generation's ring secret (Welcome.ring_secret, delivered
// over the control connection, CURVE-encrypted when security.curve is on); the secret never travels here.
// Every handshake message is a protobuf Envelope (RingHello, RingProof in proto/mygpt.proto) in the link's
// frame format (framing.ts), with no payload.
//
//   dialer D (rank r+1)                             accepter A (rank r)
//   Envelope{ring_hello: {version, DIALER,          Envelope{ring_hello: {version, ACCEPTER,
//            generation, rank, nonce_D}}  ---->              generation, rank, nonce_A}}  (both sent at once)
//   Envelope{ring_proof: HMAC(secret, D | hello_D | hello_A)} ---->   (each sends its proof once it has
//   <---- Envelope{ring_proof: HMAC(secret, A | hello_A | hello_D)}    the peer's hello)
//   D checks: ACCEPTER, generation, rank = r-1, MAC     A checks: DIALER, its generation, rank = r+1, MAC
//   <------------------------------------------------  chunk/abort frames (A -> D only; after its proof D
//                                                       sends only its one shared-memory answer, shm.ts;
//                                                       anything else closes the connection)
// hello_X = the exact Envelope bytes X sent. A MAC is bound to its role and to both fresh nonces, so the
// proofs an accepter hands a stranger are of no use for passing as a dialer, nor for answering another
// dialer's nonce. Limits: a handshake frame is at most HANDSHAKE_MAX_HEADER_BYTES with no payload, so a
// connection that has not proved itself never makes this side hold more than two such frames.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mygpt } from '../../gen/mygpt';
import { BodyKind, encodeEnvelope } from '../frames';
import { framePrefix } from './framing';

export const VERSION = 1;
export const NONCE_BYTES = 16;
export const MAC_BYTES = 32;
/** Largest handshake Envelope accepted (a RingHello encodes to ~30 bytes, a RingProof to 36). */
export const HANDSHAKE_MAX_HEADER_BYTES = 96;
export const HANDSHAKE_BODIES: ReadonlySet<BodyKind> = new Set<BodyKind>(['ringHello', 'ringProof']);

export const Role = mygpt.RingRole;
export type Role = mygpt.RingRole;

export interface HelloFields {
  role: Role;
  generation: number;
  rank: number;
  nonce?: Uint8Array;
}

/** This side's hello: the Envelope bytes (what the MACs cover) and the frame to write. */
export function hello(h: HelloFields): { env: Uint8Array; frame: Buffer; } {
  const env = encodeEnvelope({
    ringHello: { version: VERSION, role: h.role, generation: h.generation, rank: h.rank,
      nonce: h.nonce ?? randomBytes(NONCE_BYTES) },
  });
  return { env, frame: frameOf(env) };
}

/** MAC of one side: binds its role, both hellos' bytes (both nonces, ranks, generation) and the secret. */
export function mac(secret: Uint8Array, role: Role, ownHello: Uint8Array, peerHello: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(Buffer.of(role)).update(ownHello).update(peerHello).digest();
}

/** This side's proof frame, once the peer's hello is known. */
export const proof = (secret: Uint8Array, role: Role, ownHello: Uint8Array, peerHello: Uint8Array): Buffer =>
  frameOf(encodeEnvelope({ ringProof: { mac: mac(secret, role, ownHello, peerHello) } }));

export const frameOf = (env: Uint8Array): Buffer => framePrefix(env.length, 0, env);
/** An Envelope framed for the stream (the shared-memory offer, answer and slot frames). */
export const envelopeFrame = (env: mygpt.IEnvelope): Buffer => frameOf(encodeEnvelope(env));

/** Checks the peer's hello (already a verified Envelope) and proof against what this side expects; '' when
 *  good, else the reason. peerHelloEnv: the exact bytes received (the MAC covers them). */
export function verifyPeer(secret: Uint8Array, expect: { role: Role; generation: number; rank: number; },
  ownHelloEnv: Uint8Array, peerHelloEnv: Uint8Array, peerHello: mygpt.IRingHello, peerMac: Uint8Array): string
{
  if (peerHello.version !== VERSION) return `ring handshake version ${peerHello.version}, expected ${VERSION}`;
  if (peerHello.role !== expect.role) {
    return `peer says it is the ${roleName(peerHello.role)} side, expected the ${roleName(expect.role)}`;
  }
  if (peerHello.generation !== expect.generation) {
    return `peer is in generation ${peerHello.generation}, not ${expect.generation}`;
  }
  if (peerHello.rank !== expect.rank) return `peer says it is rank ${peerHello.rank}, expected rank ${expect.rank}`;
  if (peerHello.nonce?.length !== NONCE_BYTES) {
    return `peer's nonce is ${peerHello.nonce?.length ?? 0} bytes, expected ${NONCE_BYTES}`;
  }
  const want = mac(secret, expect.role, peerHelloEnv, ownHelloEnv);
  if (peerMac.length !== MAC_BYTES || !timingSafeEqual(want, peerMac)) {
    return "peer does not hold this generation's ring secret (MAC mismatch)";
  }
  return '';
}

const roleName = (
  r: Role | null | undefined,
) => (r === Role.RING_ROLE_DIALER ? 'dialing' : r === Role.RING_ROLE_ACCEPTER ? 'accepting' : `unknown (${r})`);

/** One side's view of a handshake in progress: write `own.frame` (our hello), then feed it the peer's
 *  verified handshake Envelopes in order. step() returns what to do: send our proof (once the peer's hello
 *  is known), done, or fail with a reason. The peer has the other role, the same generation, `peerRank`. */
export class Handshake {
  readonly own: { env: Uint8Array; frame: Buffer; };
  private expect: { role: Role; generation: number; rank: number; };
  private peerHelloEnv?: Uint8Array;
  private peerHello?: mygpt.IRingHello;
  constructor(private secret: Uint8Array, private ownRole: Role, generation: number, rank: number, peerRank: number) {
    this.own = hello({ role: ownRole, generation, rank });
    const peerRole = ownRole === Role.RING_ROLE_DIALER ? Role.RING_ROLE_ACCEPTER : Role.RING_ROLE_DIALER;
    this.expect = { role: peerRole, generation, rank: peerRank };
  }

  /** The next handshake Envelope from the peer (header bytes as received, decoded). */
  step(header: Uint8Array, env: mygpt.Envelope): { send?: Buffer; done?: true; fail?: string; } {
    if (!this.peerHello) {
      if (!env.ringHello) return { fail: `expected a RingHello first, got '${env.body}'` };
      this.peerHelloEnv = header;
      this.peerHello = env.ringHello;
      return { send: proof(this.secret, this.ownRole, this.own.env, header) };
    }
    if (!env.ringProof) return { fail: `expected a RingProof after the hello, got '${env.body}'` };
    const why = verifyPeer(this.secret, this.expect, this.own.env, this.peerHelloEnv!, this.peerHello,
      env.ringProof.mac ?? new Uint8Array(0));
    return why ? { fail: why } : { done: true };
  }
}
