// CURVE key generation (libzmq's, so the keys are exactly what the sockets expect).
import * as zmq from 'zeromq';

/** Whether this zeromq build supports CURVE (libsodium / tweetnacl compiled in). */
export const curveAvailable = (): boolean => zmq.capability.curve === true;

/** A new CURVE key pair, both keys in Z85 (40 characters). */
export function generateCurveKeyPair(): { publicKey: string; secretKey: string; } {
  if (!curveAvailable()) throw new Error('this zeromq build has no CURVE support (zmq.capability.curve is false)');
  return zmq.curveKeyPair();
}
