// The coordinator's checks of a Hello's ring_public_key with CURVE (control/handshake.ts): the key must be a Z85
// CURVE key that the worker made for this generation, never one of the long-term client keys (a key shared by
// pods would let any holder pass as this rank on the ring, in any generation). Each refusal is typed
// (REFUSE_KEY_MISMATCH) and never names an allowed key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mygpt } from '../../src/gen/mygpt';
import { checkHello, HandshakeExpect, PROTOCOL_VERSION, refuseLabel } from '../../src/control/handshake';
import { ringKeyPair } from '../../src/transport/ring_auth';

const longTerm = ringKeyPair().publicKey, other = ringKeyPair().publicKey;
const want: HandshakeExpect = { protocolVersion: PROTOCOL_VERSION, configHash: 'h', worldSize: 2, ringTransport: 'zmq',
  allowedKeys: new Set([longTerm, other]) };
const hello = (ringPublicKey?: string): mygpt.IHello => ({ protocolVersion: PROTOCOL_VERSION, configHash: 'h',
  requestedRank: 0, ringAddress: 'tcp://127.0.0.1:1', ringTransport: 'zmq', ringPublicKey });

test("with CURVE, a Hello whose ring key is this generation's own key pair's is accepted", () => {
  assert.equal(checkHello(hello(ringKeyPair().publicKey), want), null);
});

test('with CURVE, a ring_public_key that is a long-term client key is refused as a key mismatch', () => {
  const r = checkHello(hello(longTerm), want);
  assert.ok(r, 'refused');
  assert.equal(r.code, mygpt.RefuseReason.REFUSE_KEY_MISMATCH);
  assert.equal(refuseLabel(r.code), 'key_mismatch');
  assert.match(r.reason, /long-term client key/);
  for (const k of [longTerm, other]) assert.ok(!r.reason.includes(k), 'no allowed key is revealed');
});

test('with CURVE, a ring_public_key that is not a Z85 CURVE key, or none, is refused as a key mismatch', () => {
  const z85ish = longTerm.slice(0, 39) + '~'; // '~' is outside Z85's alphabet
  for (const bad of [longTerm.slice(0, 39), longTerm + 'A', z85ish, 'not a key']) {
    const r = checkHello(hello(bad), want);
    assert.equal(r?.code, mygpt.RefuseReason.REFUSE_KEY_MISMATCH, `refused: ${JSON.stringify(bad)}`);
    assert.match(r.reason, /not a 40-character Z85 CURVE key/);
  }
  const none = checkHello(hello(), want);
  assert.equal(none?.code, mygpt.RefuseReason.REFUSE_KEY_MISMATCH);
  assert.match(none.reason, /carries no ring_public_key/);
});

test('without CURVE (no allowed keys) the ring key is not checked', () => {
  assert.equal(checkHello(hello('not a key'), { ...want, allowedKeys: undefined }), null);
});
