// The TCP plane's pure parts, without sockets: the handshake rules (hello, proof, MAC, each field checked),
// the stream framing (any split of the stream gives the same frames; limits) and the payload pool.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { hello, mac, Role, verifyPeer } from '../../src/transport/tcp/handshake';
import { mygpt } from '../../src/gen/mygpt';
import { FrameReader, FramingError, framePrefix } from '../../src/transport/tcp/framing';
import { PayloadPool } from '../../src/transport/pool';
import { encodeEnvelope } from '../../src/transport/frames';

/** A chunk Envelope's bytes (generation 3), as a frame's header. */
const chunk = (step: number, count: number) =>
  encodeEnvelope({
    chunk: { srcRank: 0, step, phase: 1, ringStep: 0, chunkIndex: 0, offset: 0, count, dtype: 0, totalLength: count,
      generation: 3 },
  });

test('handshake rules: version, role, generation, rank, nonce and MAC are each checked', () => {
  const secret = randomBytes(32), own = hello({ role: Role.RING_ROLE_ACCEPTER, generation: 4, rank: 0 }).env;
  const peerEnv = hello({ role: Role.RING_ROLE_DIALER, generation: 4, rank: 1 }).env;
  const peer = mygpt.Envelope.decode(peerEnv).ringHello!;
  const good = mac(secret, Role.RING_ROLE_DIALER, peerEnv, own);
  const want = { role: Role.RING_ROLE_DIALER, generation: 4, rank: 1 };
  assert.equal(verifyPeer(secret, want, own, peerEnv, peer, good), '');
  assert.match(verifyPeer(randomBytes(32), want, own, peerEnv, peer, good), /MAC mismatch/);
  assert.match(verifyPeer(secret, { ...want, generation: 5 }, own, peerEnv, peer, good), /generation 4, not 5/);
  assert.match(verifyPeer(secret, { ...want, rank: 2 }, own, peerEnv, peer, good), /rank 1, expected rank 2/);
  assert.match(verifyPeer(secret, { ...want, role: Role.RING_ROLE_ACCEPTER }, own, peerEnv, peer, good),
    /dialing side, expected the accepting/);
  assert.match(verifyPeer(secret, want, own, peerEnv, { ...peer, version: 2 }, good), /version 2, expected 1/);
  assert.match(verifyPeer(secret, want, own, peerEnv, { ...peer, nonce: new Uint8Array(3) }, good), /nonce is 3 bytes/);
  // the MAC binds both hellos: replayed against another accepter hello (another nonce) it fails
  assert.match(
    verifyPeer(secret, want, hello({ role: Role.RING_ROLE_ACCEPTER, generation: 4, rank: 0 }).env, peerEnv, peer, good),
    /MAC mismatch/,
  );
  // and its role: the accepter's own proof for this pair does not pass as the dialer's
  assert.match(verifyPeer(secret, want, own, peerEnv, peer, mac(secret, Role.RING_ROLE_ACCEPTER, own, peerEnv)),
    /MAC mismatch/);
});

test('FrameReader: any split of the stream, read in place or pushed, yields the same frames; ' +
  'limits are checked first', () => {
  const frames = [[chunk(1, 2), randomBytes(8)], [chunk(2, 1), undefined], [chunk(3, 70000),
    randomBytes(280000)]] as const;
  const stream = Buffer.concat(
    frames.flatMap(([h, p]) => [framePrefix(h.length, p?.length ?? 0, h), p ?? Buffer.alloc(0)]),
  );
  for (let trial = 0; trial < 50; trial++) {
    const got: [Uint8Array, Uint8Array | undefined][] = [];
    const r = new FrameReader({ maxHeaderBytes: 1024, maxPayloadBytes: 1 << 20 }, (h, p) =>
      got.push([h, p && Buffer.from(p)]));
    for (let i = 0; i < stream.length;) {
      const n = Math.min(stream.length - i, 1 + Math.floor(Math.random() * 9000));
      if (trial % 2) { // a socket read: at most what readInto() offers, landing in it
        const into = r.readInto(), k = Math.min(n, into.length);
        into.set(stream.subarray(i, i + k));
        r.filled(k);
        i += k;
      } else { // arbitrary slices, copied in
        r.push(stream.subarray(i, i + n));
        i += n;
      }
    }
    assert.equal(got.length, 3);
    frames.forEach(([h, p], k) => {
      assert.ok(Buffer.from(got[k][0]).equals(Buffer.from(h)), `trial ${trial} frame ${k}: header`);
      assert.equal(got[k][1] === undefined, p === undefined);
      if (p) assert.ok(Buffer.from(got[k][1]!).equals(p), `trial ${trial} frame ${k}: payload`);
    });
  }
  const r = new FrameReader({ maxHeaderBytes: 16, maxPayloadBytes: 100 }, () => undefined);
  assert.throws(() => r.push(framePrefix(17, 0, Buffer.alloc(17))), FramingError);
  assert.throws(
    () =>
      new FrameReader({ maxHeaderBytes: 16, maxPayloadBytes: 100 }, () => undefined).push(
        framePrefix(4, 101, Buffer.alloc(4)),
      ),
    /payload 101 B > limit 100 B/,
  );
  assert.throws(
    () =>
      new FrameReader({ maxHeaderBytes: 16, maxPayloadBytes: 100 }, () => undefined).push(
        framePrefix(0, 0, Buffer.alloc(0)),
      ),
    /empty header/,
  );
});

test('PayloadPool: reuses a recycled buffer of the same size, ignores foreign buffers and views, ' +
  'keeps at most its budget', () => {
  const pool = new PayloadPool(3000);
  const a = pool.take(1000), b = pool.take(1000);
  pool.give(a);
  assert.equal(pool.take(1000), a, 'reused');
  pool.give(new Uint8Array(1000)); // not issued by the pool
  pool.give(b.subarray(0, 10)); // a view, not the whole buffer
  assert.notEqual(pool.take(10), b.subarray(0, 10));
  const big = [pool.take(2000), pool.take(2000)];
  big.forEach((x) => pool.give(x)); // the second is over the 3000 B budget: dropped
  const again = [pool.take(2000), pool.take(2000)];
  assert.equal(again.filter((x) => big.includes(x)).length, 1);
});
