// Shared memory on the TCP ring link (src/transport/tcp/shm.ts), on real sockets and real regions: payloads
// intact through slots, the socket when a payload is larger than a slot or no slot is free, the offer
// refused (shared_memory off, a region or release words that are not the offered ones), and every
// violation by an authenticated peer (slot out of range or still held, a ShmSlot not followed by its chunk,
// anything but one ShmAnswer coming back) failing the link with a BadFrameError that names the peer.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import { createTcpRingLink } from '../../src/transport/tcp/ring_link';
import { frameOf, hello, proof, Role } from '../../src/transport/tcp/handshake';
import { mygpt } from '../../src/gen/mygpt';
import { FrameReader, framePrefix } from '../../src/transport/tcp/framing';
import { ShmWriter } from '../../src/transport/shm';
import { encodeEnvelope } from '../../src/transport/frames';
import { until } from '../helpers';
import { BadFrameError, RingLink } from '../../src/transport/types';
import type { TcpOptions } from '../../src/transport/tcp/options';

const lines: string[] = [];
const opts: TcpOptions = { log: (l) => lines.push(l) };
const chunk = (step: number, count: number) =>
  encodeEnvelope({
    chunk: { srcRank: 0, step, phase: 1, ringStep: 0, chunkIndex: 0, offset: 0, count, dtype: 0, totalLength: count,
      generation: 3 },
  });

/** Ranks 0 and 1 of a world-2 ring, each with its own options. */
async function pair(o: [TcpOptions, TcpOptions]) {
  const secret = randomBytes(32);
  const links = [createTcpRingLink(o[0]), createTcpRingLink(o[1])];
  const eps = await Promise.all(links.map((l) => l.bind('tcp://127.0.0.1:0')));
  links.forEach((l, r) => {
    const other = { rank: 1 - r, name: `rank ${1 - r}`, address: eps[1 - r] };
    l.connect({ rank: r, worldSize: 2, generation: 3, prev: other, next: other, secret });
  });
  return { links, close: () => links.forEach((l) => l.close()) };
}

/** Sends one float32 payload of `count` elements from 0 to 1; returns what 1 received (copied) and the view. */
async function oneWay(links: RingLink[], step: number, count: number) {
  const p = randomBytes(count * 4);
  await links[0].sendNext({ header: chunk(step, count), payload: p });
  const got = await links[1].receivePrev(5000);
  assert.ok(Buffer.from(got.payload!).equals(p), `payload of ${count * 4} B intact`);
  return got.payload!;
}

test('payloads 4 B .. 256 KiB arrive intact through shared memory; larger than a slot or no slot free: over the socket',
  { timeout: 20_000 }, async () => {
  lines.length = 0;
  // 64 KiB slots: budget 256 KiB / 4; payload limit 1 MiB
  const o = { ...opts, maxPayloadBytes: 1 << 20, shmBudgetBytes: 256 << 10 };
  const { links, close } = await pair([o, o]);
  try {
    const viaShm = () => links[1].stats().shmPayloadsReceived!;
    let step = 0;
    for (const count of [1, 2, 1000, 16384]) links[1].recycle!(await oneWay(links, step++, count));
    await until(() => lines.filter((l) => /payloads through shared memory/.test(l)).length === 4, 5000,
      'both offers mapped (4 lines)');
    const before = viaShm();
    links[1].recycle!(await oneWay(links, step++, 4096));
    assert.equal(viaShm(), before + 1, 'a 16 KiB payload went through a slot');
    links[1].recycle!(await oneWay(links, step++, 65536 / 4 + 1));
    assert.equal(viaShm(), before + 1, 'a payload one float over the slot went on the socket');
    const held = [];
    for (let i = 0; i < 6; i++) held.push(await oneWay(links, step++, 100)); // 4 slots: the 5th and 6th on the socket
    assert.equal(viaShm(), before + 5);
    // A release is a store into the release words rank 0 maps (no message): its next sends see the slots free.
    for (const h of held) links[1].recycle!(h);
    for (let i = 0; i < 4; i++) links[1].recycle!(await oneWay(links, step++, 100));
    assert.equal(viaShm(), before + 9, 'released slots are used again');
    assert.equal(links[1].stats().rejectedFrames, 0);
  } finally {
    close();
  }
});

test('shared_memory off on either side: no region is mapped, every payload on the socket, the reason logged', {
  timeout: 20_000,
}, async () => {
  lines.length = 0;
  const { links, close } = await pair([{ ...opts, shmBudgetBytes: 0 }, opts]);
  try {
    for (let i = 0; i < 3; i++) {
      for (const [a, b] of [[0, 1], [1, 0]]) {
        const p = randomBytes(4000);
        await links[a].sendNext({ header: chunk(i, 1000), payload: p });
        const got = await links[b].receivePrev(5000);
        assert.ok(Buffer.from(got.payload!).equals(p));
        links[b].recycle!(got.payload!);
      }
    }
    await until(() => lines.some((l) => /cluster.shared_memory is false/.test(l)), 5000,
      'rank 1 to log the refused offer');
    links.forEach((l, r) => assert.equal(l.stats().shmPayloadsReceived, 0, `rank ${r}`));
  } finally {
    close();
  }
});

/** A fake previous rank: the accepter's handshake with `secret`, then act(socket, frames the dialer sent back). */
async function fakePrev(secret: Buffer, act: (s: net.Socket, back: mygpt.Envelope[]) => void) {
  const back: mygpt.Envelope[] = [];
  const srv = net.createServer((s) => {
    const own = hello({ role: Role.RING_ROLE_ACCEPTER, generation: 3, rank: 1 });
    s.write(own.frame);
    let frames = 0;
    const r = new FrameReader({ maxHeaderBytes: 1024, maxPayloadBytes: 0 }, (h) => {
      if (frames++ === 0) s.write(proof(secret, Role.RING_ROLE_ACCEPTER, own.env, h));
      else if (frames === 2) act(s, back);
      else back.push(mygpt.Envelope.decode(h));
    });
    s.on('data', (d) => r.push(d));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { srv, back, address: `tcp://127.0.0.1:${(srv.address() as net.AddressInfo).port}` };
}

async function dialer(secret: Buffer, prevAddress: string): Promise<RingLink> {
  const l = createTcpRingLink({ ...opts, maxPayloadBytes: 1 << 20 });
  const self = await l.bind('tcp://127.0.0.1:0');
  l.connect({ rank: 0, worldSize: 2, generation: 3, prev: { rank: 1, name: 'rank 1', address: prevAddress },
    next: { rank: 1, name: 'rank 1', address: self }, secret });
  return l;
}

const env = (e: mygpt.IEnvelope) => frameOf(encodeEnvelope(e));
const region = () => {
  const r = ShmWriter.create(4096, 4);
  assert.ok('w' in r, 'a region can be made here');
  return r.w;
};

test(
  'an offer of a region that is not the offered one (wrong token, not a region, ' +
    'no such fd) is answered "not mapped"; data still flows',
  { timeout: 20_000 },
  async () => {
    const w = region(); // a real region in this process, offered with details that do not match it
    const real = w.offer().shmOffer!;
    for (const [what, offer] of [
      ['token', { ...real, token: randomBytes(16) }],
      ['fd', { ...real, fd: 0 }],
      ['pid', { ...real, pid: 4194000 }],
      ['slots', { ...real, slots: 65 }],
    ] as const) {
      const secret = randomBytes(32);
      const { srv, back, address } = await fakePrev(secret, (s) => {
        s.write(env({ shmOffer: offer }));
        const good = chunk(5, 1);
        s.write(Buffer.concat([framePrefix(good.length, 4, good), Buffer.alloc(4)]));
      });
      const l = await dialer(secret, address);
      try {
        const m = await l.receivePrev(5000);
        assert.equal(Number(m.envelope.chunk!.step), 5, `${what}: the chunk after the offer arrives`);
        await until(() => back.length > 0, 5000, 'the answer');
        assert.equal(back[0].shmAnswer?.mapped, false, `${what}: answered not mapped`);
        assert.ok(back[0].shmAnswer.why!.length > 0, `${what}: with a reason`);
      } finally {
        l.close();
        srv.close();
      }
    }
    w.close();
  },
);

test('a previous rank breaking the slot protocol fails the link with a BadFrameError naming it', { timeout: 20_000 },
  async () => {
    const good = chunk(5, 1);
    const chunkNoPayload = framePrefix(good.length, 0, good);
    for (const [what, send, want] of [
      ['slot out of range',
        (s: net.Socket) => s.write(Buffer.concat([env({ shmSlot: { slot: 4, bytes: 4 } }), chunkNoPayload])),
        /slot 4 outside 0..3/],
      ['bytes over a slot', (s: net.Socket) => s.write(env({ shmSlot: { slot: 0, bytes: 4097 } })),
        /ShmSlot of 4097 B/],
      ['two ShmSlots in a row',
        (s: net.Socket) =>
          s.write(Buffer.concat([env({ shmSlot: { slot: 0, bytes: 4 } }), env({ shmSlot: { slot: 1, bytes: 4 } })])),
        /'shmSlot' frame after a ShmSlot/],
      ['a payload of its own after a ShmSlot', (s: net.Socket) =>
        s.write(
          Buffer.concat([env({ shmSlot: { slot: 0, bytes: 4 } }), framePrefix(good.length, 4, good), Buffer.alloc(4)]),
        ), /own payload after a ShmSlot/],
      ['a slot still held', (s: net.Socket) =>
        s.write(
          Buffer.concat([env({ shmSlot: { slot: 2, bytes: 4 } }), chunkNoPayload,
            env({ shmSlot: { slot: 2, bytes: 4 } })]),
        ), /slot 2 is still held/],
    ] as const) {
      const w = region(), secret = randomBytes(32);
      let sock: net.Socket | undefined;
      const { srv, back, address } = await fakePrev(secret, (s) => {
        sock = s;
        s.write(env(w.offer()));
      });
      const l = await dialer(secret, address);
      try {
        await until(() => back.length > 0, 5000, 'the answer');
        assert.equal(back[0].shmAnswer?.mapped, true, `${what}: the real region is mapped`);
        send(sock!);
        let e: unknown;
        for (;;) { // a chunk received before the violation is delivered; then the link fails
          e = await l.receivePrev(5000).then(() => undefined, (x) => x); // payloads held (never released)
          if (e) break;
        }
        assert.ok(e instanceof BadFrameError, `${what}: ${String(e)}`);
        assert.equal(e.peerRank, 1, what);
        assert.match(e.message, /rank 1/, what);
        assert.match(e.message, want, what);
      } finally {
        l.close();
        srv.close();
        w.close();
      }
    }
  });

/** Rank 0's link with a fake next rank 1 that dials it, proves the secret, and calls onOffer(offer, socket, frames
 *  received since) when the offer arrives; returns the link and the fake's socket. */
async function withFakeNext(onOffer: (o: mygpt.IShmOffer, s: net.Socket) => void) {
  const secret = randomBytes(32);
  const l = createTcpRingLink({ ...opts, maxPayloadBytes: 1 << 20 });
  const self = await l.bind('tcp://127.0.0.1:0');
  const nowhere = net.createServer(); // the previous rank's address: listening, never answering
  await new Promise<void>((r) => nowhere.listen(0, '127.0.0.1', r));
  const prevAddress = `tcp://127.0.0.1:${(nowhere.address() as net.AddressInfo).port}`;
  l.connect({ rank: 0, worldSize: 2, generation: 3, prev: { rank: 1, name: 'rank 1', address: prevAddress },
    next: { rank: 1, name: 'rank 1', address: self }, secret });
  const own = hello({ role: Role.RING_ROLE_DIALER, generation: 3, rank: 1 });
  const payloads: number[] = []; // payload bytes of each chunk frame received (0: it came through a slot)
  const s = net.connect(Number(self.split(':').pop()), '127.0.0.1', () => s.write(own.frame));
  let frames = 0;
  const r = new FrameReader({ maxHeaderBytes: 1024, maxPayloadBytes: 1 << 20 }, (h, p) => {
    if (frames++ === 0) {
      s.write(proof(secret, Role.RING_ROLE_DIALER, own.env, h));
      return;
    }
    const e = mygpt.Envelope.decode(h);
    if (e.shmOffer) onOffer(e.shmOffer, s);
    if (e.chunk) payloads.push(p?.length ?? 0);
  });
  s.on('data', (d) => r.push(d));
  s.on('error', () => undefined);
  return { l, payloads, close: () => {
    s.destroy();
    l.close();
    nowhere.close();
  } };
}

test('a next rank whose release words cannot be mapped: payloads stay on the socket, the reason logged', {
  timeout: 20_000,
}, async () => {
  lines.length = 0;
  const { l, payloads, close } = await withFakeNext((_o, s) =>
    s.write(env({ shmAnswer: { mapped: true, pid: process.pid, fd: 0, token: randomBytes(16) } }))
  );
  try {
    await until(() => lines.some((x) => /cannot map the reader's release words/.test(x)), 5000,
      'the writer to log why');
    for (let i = 0; i < 3; i++) await l.sendNext({ header: chunk(i, 256), payload: Buffer.alloc(1024) });
    await until(() => payloads.length === 3, 5000, 'three chunks');
    assert.deepEqual(payloads, [1024, 1024, 1024], 'each payload on the socket');
    assert.equal(l.stats().shmPayloadsSent, 0);
  } finally {
    close();
  }
});

test('a next rank sending anything but one ShmAnswer fails the sends with a BadFrameError naming it', {
  timeout: 20_000,
}, async () => {
  const no = env({ shmAnswer: { mapped: false, why: 'test' } });
  for (const [what, reply, want] of [
    ['a second ShmAnswer', Buffer.concat([no, no]), /rank 1: shared memory: a second ShmAnswer/],
    ['an offer of its own', env({ shmOffer: { pid: 1, fd: 1, slotBytes: 4, slots: 1, token: randomBytes(16) } }),
      /unexpected message kind 'shmOffer'/],
    ['a chunk', Buffer.concat([framePrefix(chunk(1, 1).length, 4, chunk(1, 1)), Buffer.alloc(4)]),
      /payload 4 B > limit 0 B/],
  ] as const) {
    const { l, close } = await withFakeNext((_o, s) => s.write(reply));
    try {
      let e: unknown;
      for (let i = 0; i < 100 && !e; i++) {
        e = await l.sendNext({ header: chunk(i, 1), payload: Buffer.alloc(4) }).then(() => undefined, (x) => x);
        await new Promise((res) => setTimeout(res, 20));
      }
      assert.ok(e instanceof BadFrameError, `${what}: ${String(e)}`);
      assert.equal(e.peerRank, 1, what);
      assert.match(e.message, want, what);
    } finally {
      close();
    }
  }
});
