// Handshake rules, pure: what a coordinator accepts in a Hello. Each refusal says what differs and carries
// a typed RefuseReason for the worker's decision; it never reveals an expected secret value (config hash,
// launch token, allowed keys), so a stranger cannot learn from a Refuse how to be accepted.
import { mygpt } from '../gen/mygpt';
import type { RefuseReasonName } from '../contracts';
import { isZ85Key } from '../security/z85';

export const PROTOCOL_VERSION: number = mygpt.ProtocolVersion.PROTOCOL_VERSION_CURRENT;

/** Environment variable (not argv: argv is world-readable in ps) with the per-launch secret a launched
 *  worker proves its rank with (Hello.launch_token). */
export const LAUNCH_TOKEN_ENV = 'MYGPT_LAUNCH_TOKEN';

export interface HandshakeExpect {
  protocolVersion: number;
  configHash: string;
  worldSize: number;
  ringTransport: string; // 'tcp' | 'zmq': every rank must speak the same data plane
  allowedKeys?: ReadonlySet<string>; // with CURVE: the long-term client keys, which a ring public key must not be
}

/** Why a Hello is refused: the wire code and the text for people. */
export interface Refusal {
  code: mygpt.RefuseReason;
  reason: string;
}

const R = mygpt.RefuseReason;

/** The metric label of a RefuseReason (mygpt_refusals_total{reason}): its enum name without REFUSE_, lower case. */
export function refuseLabel(code: mygpt.RefuseReason): RefuseReasonName {
  return (R[code] ?? 'REFUSE_REASON_UNSPECIFIED').replace(/^REFUSE_/, '').toLowerCase() as RefuseReasonName;
}
const refusal = (code: mygpt.RefuseReason, reason: string): Refusal => ({ code, reason });

/** null = acceptable (rank assignment is checked separately), else the refusal. */
export function checkHello(h: mygpt.IHello, want: HandshakeExpect): Refusal | null {
  const version = h.protocolVersion ?? 0;
  if (version !== want.protocolVersion) {
    return refusal(R.REFUSE_PROTOCOL_MISMATCH,
      `protocol version mismatch: worker speaks ${version}, coordinator speaks ${want.protocolVersion}`);
  }
  const hash = h.configHash ?? '';
  if (hash !== want.configHash) {
    return refusal(R.REFUSE_CONFIG_MISMATCH,
      `config hash mismatch: worker sent ${hash ? hash.slice(0, 64) : '(empty)'}, which is ` +
        "not the coordinator's (the worker was started with a different config or --set; " +
        'training-relevant keys must match)');
  }
  // Before the rank range: a worker whose environment (torchrun WORLD_SIZE, Kubeflow PET_*) describes another
  // world is misdeployed as a whole; say so rather than that its rank is out of range.
  const expected = h.expectedWorldSize ?? 0;
  if (expected !== 0 && expected !== want.worldSize) {
    return refusal(R.REFUSE_CONFIG_MISMATCH,
      `world size mismatch: the worker's environment expects a world of ${expected} ` +
        '(WORLD_SIZE, or PET_NNODES x PET_NPROC_PER_NODE), ' +
        `the coordinator runs ${want.worldSize} (cluster.world_size)`);
  }
  const rank = h.requestedRank ?? -1;
  if (rank < -1 || rank >= want.worldSize) {
    return refusal(R.REFUSE_RANK_OUT_OF_RANGE,
      `requested rank ${rank} is outside 0..${want.worldSize - 1} (world size ${want.worldSize})`);
  }
  if (!h.ringAddress) return refusal(R.REFUSE_REASON_UNSPECIFIED, 'Hello carries no ring_address');
  if ((h.ringTransport ?? '') !== want.ringTransport) {
    return refusal(R.REFUSE_CONFIG_MISMATCH,
      `ring transport mismatch: worker speaks ${JSON.stringify(h.ringTransport ?? '')}, the coordinator's ` +
        `cluster.ring_transport is ${JSON.stringify(want.ringTransport)}`);
  }
  // With CURVE each worker makes a key pair for its ring socket per generation and sends the public key here, on
  // the control connection its long-term client key authenticated: the key is this worker's for this generation
  // only (the Welcome hands it to its next rank). A long-term client key (shared by pods in the k8s component)
  // would let any holder pass as this rank on the ring, in any generation.
  if (want.allowedKeys) {
    const key = h.ringPublicKey ?? '';
    if (!key) {
      return refusal(R.REFUSE_KEY_MISMATCH,
        'the coordinator uses CURVE (security.curve) but the Hello carries no ring_public_key');
    }
    if (!isZ85Key(key)) return refusal(R.REFUSE_KEY_MISMATCH, 'ring_public_key is not a 40-character Z85 CURVE key');
    if (want.allowedKeys.has(key)) {
      return refusal(R.REFUSE_KEY_MISMATCH,
        'ring_public_key is a long-term client key (security.allowed_clients): a worker makes a new ring key pair ' +
          'each generation (a worker older than this coordinator?)');
    }
  }
  return null;
}
