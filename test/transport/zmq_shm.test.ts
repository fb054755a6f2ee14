// Shared memory on the native ZeroMQ ring link (src/transport/shm.ts, 'in-region' mode), on real sockets and
// real regions: payloads intact through slots, the socket when a payload is larger than a slot or no slot is
// free, nothing mapped with shared_memory off on either side, an offer the reader cannot map (payloads stay on
// the socket, the reason logged), and the admitted previous rank breaking the slot protocol failing the
// receive with a BadFrameError that names it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { nativeZmqRingLinks } from '../../src/transport/index';
import { type NativeZmqOptions } from '../../src/transport/native/options';
import { createZmqRawSender } from './raw_sender';
import { ringPassword, ringUser } from '../../src/transport/ring_auth';
import { encodeEnvelope } from '../../src/transport/frames';
import { until } from '../helpers';
import { ShmWriter } from '../../src/transport/shm';
import { BadFrameError, RingLink, TransportTimeoutError } from '../../src/transport/types';

const native = nativeZmqRingLinks();
const skip = 'why' in native && `native ZeroMQ link unavailable: ${native.why}`;
const GENERATION = 3;
const lines: string[] = [];
const opts: NativeZmqOptions = { log: (l) => lines.push(l) };
const chunk = (step: number, count: number) =>
  encodeEnvelope({
    chunk: { srcRank: 1, step, phase: 1, ringStep: 0, chunkIndex: 0, offset: 0, count, dtype: 0, totalLength: count,
      generation: GENERATION },
  });

/** Ranks 0 and 1 of a world-2 ring, each with its own options; `connected`: the ranks connected at once (the
 *  others: connectRank(r), e.g. after a raw sender played the admitted previous rank: one connection at a time). */
async function pair(o: [NativeZmqOptions, NativeZmqOptions], connected = [0, 1]) {
  const secret = randomBytes(32);
  const links = o.map((x) => {
    const n = nativeZmqRingLinks(x);
    assert.ok('links' in n);
    return n.links.create({ sendTimeoutMs: 5000 });
  });
  const eps = await Promise.all(links.map((l) => l.bind('tcp://127.0.0.1:0')));
  const connectRank = (r: number) => {
    const other = { rank: 1 - r, name: `rank ${1 - r}`, address: eps[1 - r] };
    links[r].connect({ rank: r, worldSize: 2, generation: GENERATION, prev: other, next: other, secret });
  };
  connected.forEach(connectRank);
  return { links, eps, secret, connectRank, close: () => links.forEach((l) => l.close()) };
}

/** Sends one float32 payload of `count` elements from 1 to 0; returns what 0 received (intact) for recycling.
 *  The send is awaited first: both links share this thread, and a receive blocks it in native code. */
async function oneWay(links: RingLink[], step: number, count: number) {
  const p = randomBytes(count * 4);
  await links[1].sendNext({ header: chunk(step, count), payload: p });
  const got = await links[0].receivePrev(5000);
  assert.equal(Number(got.envelope.chunk!.step), step);
  assert.ok(Buffer.from(got.payload!).equals(p), `payload of ${count * 4} B intact`);
  return got.payload!;
}

test('payloads 4 B .. 256 KiB arrive intact through shared memory; larger than a slot or no slot free: over the socket',
  { skip, timeout: 20_000 }, async () => {
  lines.length = 0;
  // 64 KiB slots (budget 256 KiB / 4), 4 of them; payload limit 1 MiB
  const o = { ...opts, maxPayloadBytes: 1 << 20, shmBudgetBytes: 256 << 10 };
  const { links, close } = await pair([o, o]);
  try {
    const viaShm = () => links[0].stats().shmPayloadsReceived!;
    let step = 0;
    // the first payload may go on the socket: the writer sees the reader's ready word before its first put
    for (const count of [1, 2, 1000, 16384]) links[0].recycle!(await oneWay(links, step++, count));
    await until(() => lines.filter((l) => /payloads through shared memory \(4 slots of 65536 B\)/.test(l)).length >= 2,
      5000, "rank 0 to map rank 1's region and rank 1 to see it");
    const before = viaShm();
    links[0].recycle!(await oneWay(links, step++, 4096));
    assert.equal(viaShm(), before + 1, 'a payload of one slot went through shared memory');
    links[0].recycle!(await oneWay(links, step++, 16385));
    assert.equal(viaShm(), before + 1, 'a payload larger than a slot went over the socket');
    const held = [];
    for (let i = 0; i < 5; i++) held.push(await oneWay(links, step++, 100)); // not recycled: the slots stay taken
    assert.equal(viaShm(), before + 5, 'four slots, then the socket (no send waits for a release)');
    held.forEach((p) => links[0].recycle!(p));
    links[0].recycle!(await oneWay(links, step++, 100));
    assert.equal(viaShm(), before + 6, 'released slots are used again');
    assert.equal(links[1].stats().shmPayloadsSent, viaShm(), 'the writer counts what the reader read');
  } finally {
    close();
  }
});

for (const off of [0, 1] as const) {
  test(`shared_memory off on rank ${off}: no region is mapped, every payload on the socket, the reason logged`, { skip,
    timeout: 20_000 }, async () => {
    lines.length = 0;
    const o: [NativeZmqOptions, NativeZmqOptions] = [{ ...opts }, { ...opts }];
    o[off] = { ...opts, shmBudgetBytes: 0 };
    const { links, close } = await pair(o);
    try {
      // rank 1 -> rank 0 carries the payloads; rank 0 -> rank 1 carries only the other direction's offer
      for (let step = 0; step < 3; step++) links[0].recycle!(await oneWay(links, step, 1000));
      if (off === 0) {
        await until(
          () =>
            lines.some((l) => /cannot map the writer's region \(cluster.shared_memory is false on this rank\)/.test(l)),
          5000,
          'rank 0 to log the refused offer',
        );
      }
      assert.equal(links[0].stats().shmPayloadsReceived, 0);
      assert.equal(links[1].stats().shmPayloadsSent, 0);
    } finally {
      close();
    }
  });
}

/** A sender holding rank 1's credential for rank 0's inbound socket: the admitted previous rank, as a buggy peer
 *  (before rank 1 connects: rank 0 admits one connection at a time). */
const asRank1 = (endpoint: string, secret: Uint8Array) =>
  createZmqRawSender(endpoint, 'push', { log: () => undefined, lingerMs: 0,
    plain: { user: ringUser(1, GENERATION), password: ringPassword(secret, GENERATION, 1, 0) } });

test(
  'an offer rank 0 cannot map (no such process, not the offered region): payloads stay on the socket, ' +
    'the reason logged',
  { skip, timeout: 20_000 },
  async () => {
    for (const [what, offer, why] of [
      ['pid', { pid: 4194000, fd: 3, slotBytes: 4096, slots: 4, token: randomBytes(16) }, /No such file or directory/],
      ['token', { pid: process.pid, fd: 0, slotBytes: 4096, slots: 4, token: randomBytes(16) },
        /not a region|not sealed/],
      ['slots', { pid: process.pid, fd: 0, slotBytes: 4096, slots: 65, token: randomBytes(16) },
        /65 slots, expected 1..64/],
    ] as const) {
      lines.length = 0;
      // rank 1 offers nothing itself, and connects once the raw sender (its credential) has gone
      const { links, eps, secret, connectRank, close } = await pair([{ ...opts }, { ...opts, shmBudgetBytes: 0 }], [0]);
      const raw = asRank1(eps[0], secret);
      try {
        await raw.send([encodeEnvelope({ shmOffer: offer })]);
        const refused = () => lines.some((l) => /from rank 1: payloads over the socket: cannot map/.test(l));
        await assert.rejects(links[0].receivePrev(1000), TransportTimeoutError); // the offer read meanwhile
        assert.ok(refused(), `${what}: the refusal logged`);
        raw.close();
        connectRank(1);
        for (let step = 0; step < 3; step++) links[0].recycle!(await oneWay(links, step, 1000));
        assert.ok(lines.some((l) => why.test(l)), `${what}: the reason: ${lines.join(' | ')}`);
        assert.equal(links[0].stats().shmPayloadsReceived, 0, `${what}: nothing read from shared memory`);
      } finally {
        raw.close();
        close();
      }
    }
  },
);

test('the admitted previous rank breaking the slot protocol fails the receive with a BadFrameError naming it, for good',
  { skip, timeout: 30_000 }, async () => {
  const region = ShmWriter.create(4096, 4, 'in-region'); // a real region of this process, offered by the raw sender
  assert.ok('w' in region, 'a region can be made here');
  const offer = encodeEnvelope(region.w.offer()),
    slot = (n: number) => encodeEnvelope({ shmSlot: { slot: n, bytes: 4, seq: 1 } });
  for (const [what, frames, want] of [
    ['a ShmSlot before any offer', [[slot(0)]], /shared memory: ShmSlot without a mapped region/],
    ['a slot out of range', [[offer], [slot(4)], [chunk(5, 1)]], /shared memory: ShmSlot slot 4 outside 0..3/],
    ['a payload of its own after a ShmSlot', [[offer], [slot(0)], [chunk(5, 1), Buffer.alloc(4)]],
      /shared memory: a frame with its own payload after a ShmSlot/],
    ['an Abort after a ShmSlot', [[offer], [slot(0)], [
      encodeEnvelope({ abort: { srcRank: 1, step: 5, generation: GENERATION } }),
    ]], /shared memory: a 'abort' frame after a ShmSlot/],
    ['a second offer', [[offer], [offer]], /shared memory: a second ShmOffer/],
  ] as const) {
    // rank 1 offers nothing and stays unconnected: the raw sender is rank 0's admitted previous rank
    const { links, eps, secret, close } = await pair([{ ...opts }, { ...opts, shmBudgetBytes: 0 }], [0]);
    const raw = asRank1(eps[0], secret);
    try {
      for (const f of frames) await raw.send(f as unknown as Uint8Array[]);
      const e = await links[0].receivePrev(5000).then(() => undefined, (x: unknown) => x);
      assert.ok(e instanceof BadFrameError, `${what}: ${String(e)}`);
      assert.equal(e.peerRank, 1, `${what}: names rank 1`);
      assert.match(e.message, want, what);
      await assert.rejects(links[0].receivePrev(100), (x: unknown) => x === e,
        `${what}: later receives fail the same way`);
    } finally {
      raw.close();
      close();
    }
  }
  region.w.close();
});
