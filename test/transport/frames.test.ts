// validateFrames: the trust boundary. Each rule rejects with a reason naming the peer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mygpt } from '../../src/gen/mygpt';
import { CONTROL_BODIES, encodeEnvelope, RING_BODIES, validateFrames } from '../../src/transport/frames';
import { BadFrameError } from '../../src/transport/types';

const ring = { maxHeaderBytes: 1024, maxPayloadBytes: 4096, allow: RING_BODIES };
const hdr = (c: mygpt.IChunkHeader) => encodeEnvelope({ chunk: { phase: 1, count: 4, totalLength: 8, ...c } });

function rejects(frames: Uint8Array[], reason: RegExp, lim = ring) {
  assert.throws(() => validateFrames('rank 3', frames, lim), (e: Error) => {
    assert.ok(e instanceof BadFrameError);
    assert.match(e.message, /^rejected frame from rank 3: /);
    assert.match(e.message, reason);
    return true;
  });
}

test('accepts a well-formed fp32 and bf16 chunk and decodes it', () => {
  const m = validateFrames('p', [hdr({ step: 9 }), new Uint8Array(16)], ring);
  assert.equal(m.envelope.chunk!.step, 9);
  validateFrames('p', [hdr({ dtype: mygpt.WireDtype.WIRE_DTYPE_BF16 }), new Uint8Array(8)], ring);
});

test('rejects every malformed shape with a reason', () => {
  rejects([hdr({}), new Uint8Array(16), new Uint8Array(1)], /expected 1 or 2 frames, got 3/);
  rejects([new Uint8Array(0)], /empty header/);
  rejects([new Uint8Array(2000)], /header 2000 B > limit/);
  rejects([hdr({}), new Uint8Array(8192)], /payload 8192 B > limit/);
  rejects([Buffer.from([0xff, 0xff, 0xff])], /not a protobuf Envelope/);
  rejects([Buffer.from([0xf0, 0x01, 0x01])], /no body/); // only an unknown field 30 (varint 1)
  rejects([encodeEnvelope({ hello: { host: 'x' } })], /unexpected message kind 'hello'/);
  rejects([hdr({})], /chunk without payload/);
  rejects([hdr({}), new Uint8Array(15)], /payload 15 B != count 4 \* 4 B/);
  rejects([hdr({ dtype: 7 as mygpt.WireDtype }), new Uint8Array(16)], /dtype/);
  rejects([hdr({ phase: 0 }), new Uint8Array(16)], /phase 0 unknown/);
  rejects([hdr({ offset: 6 }), new Uint8Array(16)], /exceeds total_length 8/);
  rejects([hdr({ count: 0 })], /count 0/);
  rejects([encodeEnvelope({ chunk: { phase: 1, count: 1, totalLength: 1 } }), new Uint8Array(4)],
    /unexpected message kind 'chunk'/, { ...ring, allow: CONTROL_BODIES });
  rejects([encodeEnvelope({ heartbeat: { rank: 1 } }), new Uint8Array(4)], /must not carry a payload/, { ...ring,
    allow: CONTROL_BODIES });
});
