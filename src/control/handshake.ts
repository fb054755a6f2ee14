// Handshake rules, pure: what a coordinator accepts in a Hello. Each refusal names both values.
import { mygpt } from '../gen/mygpt';

export const PROTOCOL_VERSION: number = mygpt.ProtocolVersion.PROTOCOL_VERSION_CURRENT;

export interface HandshakeExpect {
  protocolVersion: number;
  configHash: string;
  worldSize: number;
  allowedKeys?: ReadonlySet<string>; // with CURVE: the ring public key must be one of these
}

/** null = acceptable (rank assignment is checked separately), else the refusal reason. */
export function checkHello(h: mygpt.IHello, want: HandshakeExpect): string | null {
  const version = h.protocolVersion ?? 0;
  if (version !== want.protocolVersion) {
    return `protocol version mismatch: worker speaks ${version}, coordinator speaks ${want.protocolVersion}`;
  }
  const hash = h.configHash ?? '';
  if (hash !== want.configHash) {
    return `config hash mismatch: worker ${hash || '(empty)'} != coordinator ${want.configHash} ` +
      '(the worker was started with a different config or --set; training-relevant keys must match)';
  }
  const rank = h.requestedRank ?? -1;
  if (rank < -1 || rank >= want.worldSize) {
    return `requested rank ${rank} is outside 0..${want.worldSize - 1} (world size ${want.worldSize})`;
  }
  if (!h.ringAddress) return 'Hello carries no ring_address';
  if (want.allowedKeys) {
    const key = h.ringPublicKey ?? '';
    if (!key) return 'the coordinator uses CURVE (security.curve) but the Hello carries no ring_public_key';
    if (!want.allowedKeys.has(key)) return `ring public key ${key} is not in security.allowed_clients`;
  }
  return null;
}
