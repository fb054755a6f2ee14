// Who may open a ring connection on the ZeroMQ plane: the credential each rank presents to its next rank
// and the one it admits from its previous rank, for one generation (docs/security.md, "The ring").
//   without CURVE: ZeroMQ PLAIN, user "mygpt-ring rank R generation G", password the hex digits of
//                  HMAC-SHA256(Welcome.ring_secret, "mygpt-ring/1 generation G from R to R+1"): a fresh secret per
//                  generation (delivered on the control connection), a different password per link and direction;
//   with CURVE:    the previous rank's ring public key (Welcome.ring_public_keys, from the Hello the coordinator
//                  authenticated), over an encrypted handshake: nothing reusable crosses the network. Each worker
//                  makes its ring key pair for one generation (ringKeyPair); the secret key never leaves it.
// The inbound socket's ZAP handler admits only the previous rank's credential; everything else is refused before
// it gets a receive queue.
import { createHmac } from 'node:crypto';
import { RingNeighbours, TransportConfigError } from './types';
import { generateCurveKeyPair } from './zmq/options';

export const MIN_RING_SECRET_BYTES = 16;

/** With CURVE: a new key pair for this worker's ring socket, for one generation (its public key goes in the
 *  Hello; the secret stays with the ring link). Not the long-term client key, which pods may share. */
export const ringKeyPair = (): { publicKey: string; secretKey: string; } => generateCurveKeyPair();

export const ringUser = (rank: number, generation: number): string =>
  `mygpt-ring rank ${rank} generation ${generation}`;

/** ASCII (hex), so that a zeromq.js socket, whose PLAIN password is a string, presents the same bytes. */
export const ringPassword = (secret: Uint8Array, generation: number, from: number, to: number): Uint8Array =>
  Buffer.from(
    createHmac('sha256', secret).update(`mygpt-ring/1 generation ${generation} from ${from} to ${to}`).digest('hex'),
    'ascii',
  );

export interface Credential {
  user: string;
  credential: Uint8Array | string;
}

/** The Welcome's ring secret, or TransportConfigError naming the plane (both planes key their admission on it). */
export function ringSecret(n: RingNeighbours, plane: string): Uint8Array {
  if (!n.secret || n.secret.length < MIN_RING_SECRET_BYTES) {
    throw new TransportConfigError(
      `${plane} ring link: the Welcome carried no ring secret of >= ${MIN_RING_SECRET_BYTES} bytes ` +
        '(coordinator too old?)',
    );
  }
  return n.secret;
}

/** What this rank admits (expect) and presents (dial), or TransportConfigError naming what the Welcome lacked. */
export function ringCredentials(n: RingNeighbours, curve: boolean): { expect: Credential; dial: Credential; } {
  const g = n.generation, me = n.rank;
  if (curve) {
    if (!n.prev.publicKey || !n.next.publicKey) {
      throw new TransportConfigError(
        `CURVE ring link: the Welcome carried no ring public key for ${n.prev.publicKey ? n.next.name : n.prev.name}`,
      );
    }
    return { expect: { user: ringUser(n.prev.rank, g), credential: n.prev.publicKey },
      dial: { user: ringUser(me, g), credential: n.next.publicKey } };
  }
  const secret = ringSecret(n, 'ZeroMQ');
  return {
    expect: { user: ringUser(n.prev.rank, g), credential: ringPassword(secret, g, n.prev.rank, me) },
    dial: { user: ringUser(me, g), credential: ringPassword(secret, g, me, n.next.rank) },
  };
}
