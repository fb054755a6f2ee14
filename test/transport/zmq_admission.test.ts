// One connection per ring socket (native/zmq_auth.c, transport/zmq/zap.ts): while the previous rank's admitted
// connection is up, a second connection presenting the same valid credential is refused and logged with its
// address, and none of its messages arrive; once the admitted one goes away, a new one is admitted (the previous
// rank redialling after a drop). On both links, which admit alike (they interoperate). With CURVE the credential
// is the previous rank's ring key of this generation: its key of an earlier generation, or a long-term client key,
// is refused.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import * as zmq from 'zeromq';
import { nativeZmqRingLinks } from '../../src/transport/index';
import { ADMISSION_PENDING_MS, createZmqRingLink } from '../../src/transport/zmq/ring_link';
import { createZmqRawSender, RawSender } from './raw_sender';
import { ringKeyPair, ringPassword, ringUser } from '../../src/transport/ring_auth';
import type { CurveOptions } from '../../src/transport/zmq/options';
import { encodeEnvelope } from '../../src/transport/frames';
import { RingLink, TransportTimeoutError } from '../../src/transport/types';
import { until } from '../helpers';

const native = nativeZmqRingLinks();
const chunk = (step: number) =>
  encodeEnvelope({ chunk: { srcRank: 0, step, phase: 1, count: 1, dtype: 0, totalLength: 1 } });

/** ZAP requests the link's inbound socket holds (on the zeromq.js link: held long enough to count as up). */
const heldRequests = (b: RingLink) => (b as RingLink & { heldRequests(): number; }).heldRequests();

const KINDS = [
  { kind: 'native', skip: 'why' in native && `native ZeroMQ link unavailable: ${native.why}`,
    create: (log: (l: string) => void, curve?: CurveOptions) => {
      const n = nativeZmqRingLinks({ log, shmBudgetBytes: 0, curve });
      assert.ok('links' in n);
      return n.links.create({ sendTimeoutMs: 5000 });
    } },
  { kind: 'zeromq.js', skip: false,
    create: (log: (l: string) => void, curve?: CurveOptions) => createZmqRingLink({ log, lingerMs: 0, curve }) },
] as const;

/** The step of the next chunk the link receives (from the admitted connection). */
const nextStep = async (b: RingLink, ms = 5000) => Number((await b.receivePrev(ms)).envelope.chunk!.step);

/** Rank 1 of a world-2 ring (generation 0, PLAIN credentials), its inbound socket bound; rank 0 is played by raw
 *  senders with rank 0's credential (`asRank0`). Its own next rank never answers: only the inbound socket
 *  matters. `connect` is the Welcome; `close` ends the senders and the link. */
async function rank1(create: (log: (l: string) => void) => RingLink) {
  const lines: string[] = [];
  const secret = randomBytes(32);
  const b = create((l) => lines.push(l));
  const senders: RawSender[] = [];
  const eb = await b.bind('tcp://127.0.0.1:0');
  const rank0 = { rank: 0, name: 'rank 0', address: 'tcp://127.0.0.1:9' };
  const asRank0 = () => {
    const s = createZmqRawSender(eb, 'push', { log: () => undefined, lingerMs: 0,
      plain: { user: ringUser(0, 0), password: ringPassword(secret, 0, 0, 1) } });
    senders.push(s);
    return s;
  };
  return {
    b,
    lines,
    connect: () => b.connect({ rank: 1, worldSize: 2, generation: 0, prev: rank0, next: rank0, secret }),
    asRank0,
    /** After connect: a first connection as rank 0, admitted (its chunk of step 1 arrives). */
    admitFirst: async () => {
      const s = asRank0();
      await s.send([chunk(1), Buffer.alloc(4)]);
      assert.equal(await nextStep(b), 1, 'the first connection is admitted');
      return s;
    },
    close: () => {
      for (const s of senders) s.close();
      b.close();
    },
  };
}

for (const { kind, skip, create } of KINDS) {
  test(`${kind} link: a second connection with the previous rank's credential is refused while the first is up`, { skip,
    timeout: 30_000 }, async () => {
    const { b, lines, connect, asRank0, admitFirst, close } = await rank1(create);
    try {
      connect();
      const first = await admitFirst();

      const second = asRank0();
      await second.send([chunk(2), Buffer.alloc(4)]);
      await first.send([chunk(3), Buffer.alloc(4)]);
      assert.equal(await nextStep(b), 3, 'the admitted one goes on');
      await assert.rejects(b.receivePrev(1500), TransportTimeoutError, 'nothing from the second connection');
      b.stats(); // the native link hands its refusals to the log here too
      await until(() => lines.some((l) => /ring connection refused: a second connection/.test(l)), 5000,
        'the refusal in the log');
      const line = lines.find((l) => /ring connection refused: a second connection/.test(l))!;
      assert.match(line, /127\.0\.0\.1/, `the refused connection's address is named: ${line}`);
      assert.equal(b.stats().refusedConnections, 1, 'one refusal');

      first.close(); // the admitted connection goes away: the next one with the credential is admitted
      const third = asRank0();
      await third.send([chunk(4), Buffer.alloc(4)]);
      assert.equal(await nextStep(b), 4, 'a new connection after the drop');
    } finally {
      close();
    }
  });
}

for (const { kind, skip, create } of KINDS) {
  // An intruder holding the credential (without CURVE the PLAIN password crosses the wire in clear) opens a second
  // connection, is held while the real one is up, and closes it: its held request must not count as a live
  // connection that makes the real one's count look stale (that admitted the dead request, and a later intruder
  // connection once its pending window ran out, while the real one was up).
  test(`${kind} link: a held second connection that closes never gets a later one admitted beside the first`, {
    skip,
    timeout: 30_000,
  }, async () => {
    const { b, lines, connect, asRank0, admitFirst, close } = await rank1(create);
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    try {
      connect();
      const real = await admitFirst(); // the real previous rank

      // the attack's timing: the ghost's request is held long enough to count as a connection known to be up,
      // then it goes, and the intruder comes once an admission of the ghost would have stopped counting
      const ghost = asRank0();
      await until(() => heldRequests(b) >= 1, 5000, "the ghost's request held");
      ghost.close();
      await pause(ADMISSION_PENDING_MS + 500);
      const intruder = asRank0();
      let admitted = false;
      void intruder.handshake.then(() => (admitted = true));
      void intruder.send([chunk(99), Buffer.alloc(4)]).catch(() => undefined);
      const refusals = () => {
        b.stats(); // the native link hands its refusals to the log here
        return lines.filter((l) => /ring connection refused: a second connection/.test(l)).length;
      };
      await until(() => admitted || refusals() >= 2, 10_000, "the ghost's and the intruder's refusals in the log");
      assert.equal(admitted, false, 'the intruder is not admitted while the real connection is up');
      await real.send([chunk(2), Buffer.alloc(4)]);
      assert.equal(await nextStep(b), 2, 'the real connection goes on');
      await assert.rejects(b.receivePrev(1500), TransportTimeoutError, 'nothing from the intruder');
    } finally {
      close();
    }
  });

  test(`${kind} link with CURVE: the previous rank's key of an earlier generation, or a long-term key, is refused`, {
    skip,
    timeout: 30_000,
  }, async () => {
    const lines: string[] = [];
    const mine = ringKeyPair(), prevGen1 = ringKeyPair(), prevGen2 = ringKeyPair(), longTerm = ringKeyPair();
    const b: RingLink = create((l) => lines.push(l), mine);
    const senders: RawSender[] = [];
    const as = (pair: { publicKey: string; secretKey: string; }) => {
      const s = createZmqRawSender(eb, 'push', { log: () => undefined, lingerMs: 0,
        curve: { ...pair, serverKey: mine.publicKey } });
      senders.push(s);
      return s;
    };
    const eb = await b.bind('tcp://127.0.0.1:0');
    try {
      // rank 1 of generation 2: the Welcome names rank 0's ring key of this generation
      const rank0 = { rank: 0, name: 'rank 0', address: 'tcp://127.0.0.1:9', publicKey: prevGen2.publicKey };
      b.connect({ rank: 1, worldSize: 2, generation: 2, prev: rank0, next: rank0 });
      for (const old of [prevGen1, longTerm]) void as(old).send([chunk(1), Buffer.alloc(4)]).catch(() => undefined);
      await assert.rejects(b.receivePrev(1500), TransportTimeoutError, 'nothing from an old or long-term key');
      b.stats();
      await until(() => lines.filter((l) => /CURVE key .*is not the previous rank's ring key/.test(l)).length >= 2,
        5000, 'both refusals in the log');
      assert.equal(b.stats().refusedConnections, 2);
      await as(prevGen2).send([chunk(2), Buffer.alloc(4)]);
      assert.equal(await nextStep(b), 2, "this generation's key is admitted");
    } finally {
      for (const s of senders) s.close();
      b.close();
    }
  });
}

// The previous rank redials after a drop whose disconnect this rank has not seen yet (its old connection is still
// open here, and closes only once the redial's accept came: the race reconcile() exists for), while a stranger
// sprays connections without credentials (each one a failed handshake, but before any ZAP request: never a held
// connection's, so none may hide the stale count and get the redial refused).
test('zeromq.js link: a redial after a drop is admitted while a stranger sprays NULL-mechanism connections', {
  timeout: 30_000,
}, async () => {
  const secret = randomBytes(32);
  const b = createZmqRingLink({ log: () => undefined, lingerMs: 0 });
  const senders: RawSender[] = [], strangers: zmq.Push[] = [];
  const asRank0 = (endpoint: string) => {
    const s = createZmqRawSender(endpoint, 'push', { log: () => undefined, lingerMs: 0,
      plain: { user: ringUser(0, 0), password: ringPassword(secret, 0, 0, 1) } });
    senders.push(s);
    return s;
  };
  const eb = await b.bind('tcp://127.0.0.1:0');
  // the real connection goes through a relay whose side towards this rank stays open after the dialer went
  const upstream: net.Socket[] = [];
  const relay = net.createServer((down) => {
    const up = net.connect(Number(new URL(eb).port), '127.0.0.1');
    upstream.push(up);
    down.pipe(up, { end: false });
    up.pipe(down);
    down.on('error', () => undefined);
    up.on('error', () => undefined);
    down.on('close', () => up.unpipe(down)); // no FIN towards this rank: the relay keeps `up` open
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  const spray = setInterval(() => {
    const s = new zmq.Push({ linger: 0 });
    strangers.push(s);
    s.connect(eb);
    setTimeout(() => s.close(), 100);
  }, 15);
  try {
    const rank0 = { rank: 0, name: 'rank 0', address: 'tcp://127.0.0.1:9' };
    b.connect({ rank: 1, worldSize: 2, generation: 0, prev: rank0, next: rank0, secret });
    const real = asRank0(`tcp://127.0.0.1:${(relay.address() as net.AddressInfo).port}`);
    await real.send([chunk(1), Buffer.alloc(4)]);
    assert.equal(await nextStep(b), 1, 'the real connection is admitted');
    real.close(); // the drop: its connection to this rank stays open (the relay)
    const redial = asRank0(eb);
    void redial.send([chunk(2), Buffer.alloc(4)]).catch(() => undefined);
    await until(() => b.heldRequests() >= 1, 5000, "the redial's request held while the old connection is up");
    for (const up of upstream) up.destroy(); // now the old connection's disconnect comes, after the redial's accept
    assert.equal(await nextStep(b), 2, 'the redial is admitted');
  } finally {
    clearInterval(spray);
    for (const s of [...senders, ...strangers]) s.close();
    relay.close();
    b.close();
  }
});

// A zeromq.js dialer refused once (the next rank's socket held by another admitted connection) dials again, as
// the native link does: once that connection goes, the redial is admitted, and the refusal was logged.
test('zeromq.js dialer: refused while another admitted connection is up, it redials and is admitted', {
  timeout: 30_000,
}, async () => {
  const secret = randomBytes(32);
  const lines: string[] = [];
  const b = createZmqRingLink({ log: () => undefined, lingerMs: 0 });
  const a = createZmqRingLink({ log: (l) => lines.push(l), lingerMs: 0 });
  const eb = await b.bind('tcp://127.0.0.1:0');
  const other = createZmqRawSender(eb, 'push', { log: () => undefined, lingerMs: 0,
    plain: { user: ringUser(0, 0), password: ringPassword(secret, 0, 0, 1) } });
  try {
    const rank0 = { rank: 0, name: 'rank 0', address: 'tcp://127.0.0.1:9' };
    const rank1 = { rank: 1, name: 'rank 1', address: eb };
    b.connect({ rank: 1, worldSize: 2, generation: 0, prev: rank0, next: rank0, secret });
    await other.handshake;
    a.connect({ rank: 0, worldSize: 2, generation: 0, prev: rank1, next: rank1, secret });
    await until(() => lines.some((l) => /authentication refused/.test(l)), 10_000, "the dialer's refusal logged");
    other.close();
    const sent = a.sendNext({ header: chunk(5), payload: new Uint8Array(4) });
    assert.equal(await nextStep(b), 5, 'the redial is admitted');
    await sent;
  } finally {
    other.close();
    a.close();
    b.close();
  }
});

for (const { kind, skip, create } of KINDS) {
  // The previous rank's first connection goes before this rank's Welcome (its request, held, outlives it) and it
  // redials: judged once the credential is known, the live redial must be the one admitted, not the ghost.
  test(`${kind} link: of two held requests with the credential, the newest (the live redial) is admitted`, {
    skip,
    timeout: 30_000,
  }, async () => {
    const { b, connect, asRank0, close } = await rank1(create);
    const held = (n: number) => until(() => heldRequests(b) >= n, 5000, `${n} requests held`);
    try {
      const ghost = asRank0();
      await held(1);
      ghost.close();
      const live = asRank0();
      await held(2);
      connect(); // the Welcome: both requests are judged now
      await live.send([chunk(7), Buffer.alloc(4)]);
      assert.equal(await nextStep(b), 7, 'the live redial is admitted');
    } finally {
      close();
    }
  });
}
