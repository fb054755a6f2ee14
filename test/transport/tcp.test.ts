// The TCP ring link on real sockets: frames intact and in order, the handshake (strangers, wrong secret,
// wrong rank, a squatter at the previous rank's address), bounded framing, lost peers named, timeouts. The
// handshake rules, the framing and the payload pool without sockets: ./tcp_framing.test.ts.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import { createTcpRingLink } from '../../src/transport/tcp/ring_link';
import { frameOf, HANDSHAKE_MAX_HEADER_BYTES, hello, proof, Role } from '../../src/transport/tcp/handshake';
import { FrameReader, framePrefix } from '../../src/transport/tcp/framing';
import { encodeEnvelope } from '../../src/transport/frames';
import { BadFrameError, HandshakeError, PeerLostError, RingLink,
  TransportTimeoutError } from '../../src/transport/types';
import type { TcpOptions } from '../../src/transport/tcp/options';

const quiet: TcpOptions = { log: () => undefined };
const chunk = (step: number, count: number) =>
  encodeEnvelope({
    chunk: { srcRank: 0, step, phase: 1, ringStep: 0, chunkIndex: 0, offset: 0, count, dtype: 0, totalLength: count,
      generation: 3 },
  });
const until = async (cond: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Two links as ranks 0 and 1 of a world-2 ring (each is the other's prev and next). */
async function pair(opts: TcpOptions = quiet, secrets?: [Buffer, Buffer]) {
  const shared = randomBytes(32);
  secrets ??= [shared, shared];
  const links = [createTcpRingLink(opts), createTcpRingLink(opts)];
  const eps = await Promise.all(links.map((l) => l.bind('tcp://127.0.0.1:0')));
  links.forEach((l, r) => {
    const other = { rank: 1 - r, name: `rank ${1 - r}`, address: eps[1 - r] };
    l.connect({ rank: r, worldSize: 2, generation: 3, prev: other, next: other, secret: secrets[r] });
  });
  return { links, eps, close: () => links.forEach((l) => l.close()) };
}

test('frames arrive intact and in order, with and without payload, sizes 1 B .. 3 MiB', { timeout: 30_000 },
  async () => {
    const { links, close } = await pair();
    try {
      const sizes = [4, 8, 4096, 65536, 65540, 1 << 20, 3 << 20, 12];
      const sent = sizes.map((n) => {
        const p = randomBytes(n);
        return { header: chunk(n, n / 4), payload: p };
      });
      const sends = sent.map((m) => links[0].sendNext(m));
      sends.push(
        links[0].sendNext({
          header: encodeEnvelope({ abort: { srcRank: 0, failedRank: 0, step: 1, generation: 3, reason: 'x' } }),
        }),
      );
      for (const m of sent) {
        const got = await links[1].receivePrev(5000);
        assert.equal(got.envelope.body, 'chunk');
        assert.equal(Number(got.envelope.chunk!.step), m.payload.length);
        assert.ok(Buffer.from(got.payload!).equals(m.payload), `payload of ${m.payload.length} B differs`);
        links[1].recycle!(got.payload!);
      }
      assert.equal((await links[1].receivePrev(5000)).envelope.body, 'abort');
      await Promise.all(sends);
      await links[1].sendNext({ header: chunk(1, 1), payload: new Uint8Array(4) }); // the other direction too
      assert.equal((await links[0].receivePrev(5000)).envelope.body, 'chunk');
    } finally {
      close();
    }
  });

test('a receive with nothing coming times out naming the previous rank', { timeout: 10_000 }, async () => {
  const { links, close } = await pair();
  try {
    const e = await links[0].receivePrev(200, 'chunk {step=7}').catch((x) => x);
    assert.ok(e instanceof TransportTimeoutError, String(e));
    assert.equal(e.peerRank, 1);
    assert.match(e.message, /timed out after 200 ms waiting for chunk \{step=7\} from rank 1/);
  } finally {
    close();
  }
});

test('the previous rank going away: receive fails with PeerLostError naming it; send to a gone next rank fails too', {
  timeout: 10_000,
}, async () => {
  const { links, close } = await pair();
  try {
    await links[0].sendNext({ header: chunk(1, 1), payload: new Uint8Array(4) });
    await links[1].receivePrev(5000);
    links[0].close();
    const e = await links[1].receivePrev(5000).catch((x) => x);
    assert.ok(e instanceof PeerLostError, String(e));
    assert.equal(e.peerRank, 0);
    let sendErr: unknown;
    for (let i = 0; i < 50 && !sendErr; i++) { // the kernel may accept a few writes before the reset is seen
      sendErr = await links[1].sendNext({ header: chunk(2, 1), payload: new Uint8Array(4) }).then(() => undefined,
        (x) => x);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(sendErr instanceof PeerLostError, String(sendErr));
    assert.equal(sendErr.peerRank, 0);
  } finally {
    close();
  }
});

test(
  'ranks with different ring secrets never exchange data: the dialer fails fast with HandshakeError naming its ' +
    'previous rank',
  { timeout: 15_000 },
  async () => {
    const { links, close } = await pair({ ...quiet, handshakeTimeoutMs: 2000 }, [randomBytes(32), randomBytes(32)]);
    try {
      const t0 = Date.now();
      const e = await links[0].receivePrev(8000).catch((x) => x);
      assert.ok(e instanceof HandshakeError, String(e));
      assert.equal(e.peerRank, 1);
      assert.match(e.message, /MAC mismatch/);
      assert.ok(Date.now() - t0 < 5000, 'failed at the handshake, not at the deadline');
    } finally {
      close();
    }
  },
);

test(
  'strangers at the ring port (garbage, a bad MAC, wrong rank, idle, a flood) are refused and counted; ' +
    'the ring still works',
  { timeout: 30_000 },
  async () => {
    const secret = randomBytes(32);
    const { links, eps, close } = await pair({ ...quiet, handshakeTimeoutMs: 500, maxPendingConnections: 4 }, [secret,
      secret]);
    const socks: net.Socket[] = [];
    const dial = (bytes?: Buffer) => {
      const s = net.connect(Number(eps[0].split(':').pop()), '127.0.0.1', () => {
        if (bytes) s.write(bytes);
      });
      s.on('error', () => undefined);
      s.resume(); // read what comes (the accepter's hello), so the close is seen
      socks.push(s);
      return s;
    };
    try {
      const r0 = links[0].stats().rejectedFrames;
      dial(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(10))); // garbage, more than a handshake
      const guess = frameOf(encodeEnvelope({ ringProof: { mac: randomBytes(32) } })); // a proof made without the secret
      // right shape, no secret
      dial(Buffer.concat([hello({ role: Role.RING_ROLE_DIALER, generation: 3, rank: 1 }).frame, guess]));
      // claims the wrong rank
      dial(Buffer.concat([hello({ role: Role.RING_ROLE_DIALER, generation: 3, rank: 0 }).frame, guess]));
      dial(
        Buffer.concat([
          frameOf(encodeEnvelope({ chunk: { srcRank: 1, step: 0, phase: 1, count: 1, dtype: 0, totalLength: 1 } })),
          Buffer.alloc(4),
        ]),
      ); // data before a handshake
      // a handshake frame over its limit
      dial(framePrefix(HANDSHAKE_MAX_HEADER_BYTES + 1, 0, Buffer.alloc(HANDSHAKE_MAX_HEADER_BYTES + 1)));
      for (let i = 0; i < 6; i++) dial(); // idle: handshake deadline / slot limit
      dial(randomBytes(1 << 20)); // a 1 MiB flood
      await until(() => socks.every((s) => s.destroyed || s.closed || s.readyState === 'closed'), 10_000,
        'every stranger to be closed');
      assert.ok(links[0].stats().rejectedFrames - r0 >= 10,
        `refusals counted: ${links[0].stats().rejectedFrames - r0}`);
      assert.match(links[0].stats().lastRejection, /ring connection refused/);
      const p = randomBytes(4096);
      await links[0].sendNext({ header: chunk(9, 1024), payload: p });
      const got = await links[1].receivePrev(5000);
      assert.ok(Buffer.from(got.payload!).equals(p), 'the ring still carries data');
    } finally {
      socks.forEach((s) => s.destroy());
      close();
    }
  },
);

/** A fake previous rank: completes the accepter's side of the handshake with `secret`, then writes `then`. */
async function fakePrev(secret: Buffer, rank: number, then: (s: net.Socket) => void) {
  const srv = net.createServer((s) => {
    const own = hello({ role: Role.RING_ROLE_ACCEPTER, generation: 3, rank });
    s.write(own.frame);
    let frames = 0;
    const r = new FrameReader({ maxHeaderBytes: HANDSHAKE_MAX_HEADER_BYTES, maxPayloadBytes: 0 }, (h) => {
      if (frames++ === 0) s.write(proof(secret, Role.RING_ROLE_ACCEPTER, own.env, h)); // answers the dialer's hello
      else then(s); // after its proof: "authenticated"
    });
    s.on('data', (d) => r.push(d));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { srv, address: `tcp://127.0.0.1:${(srv.address() as net.AddressInfo).port}` };
}

async function dialer(secret: Buffer, prevAddress: string, prevRank = 1, opts: TcpOptions = quiet): Promise<RingLink> {
  const l = createTcpRingLink(opts);
  const self = await l.bind('tcp://127.0.0.1:0');
  l.connect({ rank: 0, worldSize: 2, generation: 3,
    prev: { rank: prevRank, name: `rank ${prevRank}`, address: prevAddress },
    next: { rank: prevRank, name: `rank ${prevRank}`, address: self }, secret });
  return l;
}

test('an authenticated peer sending a frame over the limit: BadFrameError naming it (framing lost), not an allocation',
  { timeout: 10_000 }, async () => {
  const secret = randomBytes(32);
  const { srv, address } = await fakePrev(secret, 1, (s) => s.write(framePrefix(10, 0x7fffffff, Buffer.alloc(10))));
  const l = await dialer(secret, address, 1, { ...quiet, maxPayloadBytes: 1 << 20 });
  try {
    const e = await l.receivePrev(5000).catch((x) => x);
    assert.ok(e instanceof BadFrameError, String(e));
    assert.equal(e.peerRank, 1);
    assert.match(e.message, /payload 2147483647 B > limit 1048576 B/);
  } finally {
    l.close();
    srv.close();
  }
});

test(
  'an authenticated peer sending a frame that is not a valid Envelope: dropped and counted, ' +
    'the next good one delivered',
  { timeout: 10_000 },
  async () => {
    const secret = randomBytes(32);
    const good = chunk(5, 1);
    const { srv, address } = await fakePrev(secret, 1, (s) => {
      s.write(framePrefix(3, 0, Buffer.from([0xff, 0xff, 0xff])));
      s.write(Buffer.concat([framePrefix(good.length, 4, good), Buffer.alloc(4)]));
    });
    const l = await dialer(secret, address);
    try {
      const m = await l.receivePrev(5000);
      assert.equal(Number(m.envelope.chunk!.step), 5);
      assert.equal(l.stats().rejectedFrames, 1);
    } finally {
      l.close();
      srv.close();
    }
  },
);

test("a listener at the previous rank's address that claims another rank is refused by the dialer", { timeout: 10_000 },
  async () => {
    const secret = randomBytes(32);
    const { srv, address } = await fakePrev(secret, 2, () => undefined); // rank 2 answers where rank 1 should be
    const l = await dialer(secret, address, 1);
    try {
      const e = await l.receivePrev(5000).catch((x) => x);
      assert.ok(e instanceof HandshakeError, String(e));
      assert.match(e.message, /peer says it is rank 2, expected rank 1/);
    } finally {
      l.close();
      srv.close();
    }
  });
