// CURVE on real sockets (127.0.0.1, port 0): an allowed client talks; a client with an unknown key and
// a plain (non-CURVE) client are refused by the ZAP handler / handshake, logged with address and key,
// and get nothing through; the same for a stranger on a ring socket. Size limits and frame validation
// still apply under CURVE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mygpt } from '../../src/gen/mygpt';
import { encodeEnvelope } from '../../src/transport/frames';
import { CurveOptions, generateCurveKeyPair } from '../../src/transport/zmq/options';
import { createZmqControlClient } from '../../src/transport/zmq/control_client';
import { createZmqControlServer } from '../../src/transport/zmq/control_server';
import { createZmqRawSender } from '../transport/raw_sender';
import { createZmqRingLink } from '../../src/transport/zmq/ring_link';
import { TransportTimeoutError } from '../../src/transport/types';

const server = generateCurveKeyPair();
const alice = generateCurveKeyPair(); // allowed
const mallory = generateCurveKeyPair(); // not allowed
const hello = (rank: number) => ({
  header: encodeEnvelope({ hello: { protocolVersion: 1, host: 'h', requestedRank: rank } }),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function logSink() {
  const lines: string[] = [];
  return { lines, log: (l: string) => {
    lines.push(l);
  }, text: () => lines.join('\n') };
}

async function waitFor(pred: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

test('control: an allowed key talks; an unknown key and a plain client are refused and logged', async () => {
  const srvLog = logSink(), badLog = logSink();
  const srv = createZmqControlServer({ log: srvLog.log, lingerMs: 0, curve: { ...server, allow: [alice.publicKey] } });
  const good = createZmqControlClient({ log: () => undefined, lingerMs: 0, routingId: 'alice',
    curve: { ...alice, serverKey: server.publicKey } });
  const bad = createZmqControlClient({ log: badLog.log, lingerMs: 0, routingId: 'mallory',
    curve: { ...mallory, serverKey: server.publicKey } });
  let plainSender: ReturnType<typeof createZmqRawSender> | undefined;
  try {
    const ep = await srv.bind('tcp://127.0.0.1:0');
    bad.connect(ep);
    void bad.send(hello(1)).catch(() => undefined);
    plainSender = createZmqRawSender(ep, 'dealer', { lingerMs: 0 });
    void plainSender.send([encodeEnvelope({ hello: { protocolVersion: 1, host: 'plain', requestedRank: 2 } })]).catch(
      () => undefined,
    );
    good.connect(ep);
    await good.send(hello(0));
    const { peer, msg } = await srv.receive(3000);
    assert.equal(peer, 'alice');
    assert.equal(msg.envelope.hello!.requestedRank, 0);
    await srv.send(peer, { header: encodeEnvelope({ welcome: { rank: 0, worldSize: 1 } }) });
    assert.equal((await good.receive(3000)).envelope.body, 'welcome');
    // nothing from mallory or the plain client ever reaches the server
    await assert.rejects(srv.receive(700), TransportTimeoutError);
    assert.equal(srv.stats().rejectedFrames, 0);
    await waitFor(() => /refused connection .* from 127\.0\.0\.1 with CURVE key/.test(srvLog.text()), 3000,
      'the refusal log');
    assert.ok(srvLog.text().includes(mallory.publicKey), srvLog.text()); // the refused key is named
    assert.ok(!srvLog.text().includes(alice.publicKey), 'the allowed key is not logged as refused');
    assert.match(srvLog.text(),
      /CURVE handshake on control socket \(tcp:\/\/127\.0\.0\.1:\d+\) failed: protocol error/); // plain peer
    // the refused client fails fast (not at its deadline) naming the cause
    const t0 = Date.now();
    await assert.rejects(bad.receive(10_000), /authentication refused/);
    assert.ok(Date.now() - t0 < 3000);
    for (const secret of [server.secretKey, alice.secretKey, mallory.secretKey]) {
      assert.ok(!srvLog.text().includes(secret) && !badLog.text().includes(secret), 'a secret key was logged');
    }
  } finally {
    srv.close();
    good.close();
    bad.close();
    plainSender?.close();
  }
});

test('control: a client with the wrong server key fails fast', async () => {
  const srv = createZmqControlServer({ log: () => undefined, lingerMs: 0,
    curve: { ...server, allow: [alice.publicKey] } });
  const cli = createZmqControlClient({ log: () => undefined, lingerMs: 0,
    curve: { ...alice, serverKey: mallory.publicKey } });
  try {
    cli.connect(await srv.bind('tcp://127.0.0.1:0'));
    void cli.send(hello(0)).catch(() => undefined);
    await assert.rejects(cli.receive(10_000), /CURVE handshake on control connection to the coordinator .* failed/);
    await assert.rejects(srv.receive(300), TransportTimeoutError);
  } finally {
    srv.close();
    cli.close();
  }
});

test('control under CURVE: malformed frames rejected naming the peer, oversized message dropped, logged', async () => {
  const srvLog = logSink();
  const srv = createZmqControlServer({ log: srvLog.log, lingerMs: 0, maxPayloadBytes: 1024, maxHeaderBytes: 1024,
    curve: { ...server, allow: [alice.publicKey] } });
  const curve: CurveOptions = { ...alice, serverKey: server.publicKey };
  let raw: ReturnType<typeof createZmqRawSender> | undefined, big: ReturnType<typeof createZmqRawSender> | undefined;
  try {
    const ep = await srv.bind('tcp://127.0.0.1:0');
    raw = createZmqRawSender(ep, 'dealer', { lingerMs: 0, curve });
    await raw.send([Buffer.from('garbage, not a protobuf \xff\xff')]);
    await raw.send([encodeEnvelope({ chunk: { count: 1, totalLength: 1, dtype: mygpt.WireDtype.WIRE_DTYPE_FP32 } }),
      Buffer.alloc(4)]);
    await raw.send([encodeEnvelope({ hello: { protocolVersion: 1, host: 'ok', requestedRank: 0 } })]);
    const { msg } = await srv.receive(3000);
    assert.equal(msg.envelope.hello!.host, 'ok');
    assert.equal(srv.stats().rejectedFrames, 2);
    assert.match(srvLog.text(), /rejected frame from 0x[0-9a-f]+: header is not a protobuf Envelope/);
    assert.match(srvLog.text(), /unexpected message kind 'chunk' on this socket/);
    big = createZmqRawSender(ep, 'dealer', { lingerMs: 0, curve });
    // > 2 KiB maxMessageSize
    await big.send([encodeEnvelope({ hello: { protocolVersion: 1, host: 'x'.repeat(4096) } })]);
    await big.send([encodeEnvelope({ hello: { protocolVersion: 1, host: 'after' } })]); // same (dropped) connection
    await assert.rejects(srv.receive(800), TransportTimeoutError);
    await waitFor(
      () =>
        /closed \(a worker exited, or a peer sent a message over the 2048 B limit and was dropped\)/.test(
          srvLog.text(),
        ),
      3000,
      'the drop log',
    );
    await raw.send([encodeEnvelope({ hello: { protocolVersion: 1, host: 'still served' } })]);
    assert.equal((await srv.receive(3000)).msg.envelope.hello!.host, 'still served');
  } finally {
    srv.close();
    raw?.close();
    big?.close();
  }
});

test("ring: the previous rank's ring key gets through; a stranger (CURVE or plain) gets nothing through", async () => {
  const bob = generateCurveKeyPair();
  const allow = [alice.publicKey, bob.publicKey];
  const aLog = logSink(), bLog = logSink();
  const a = createZmqRingLink({ log: aLog.log, lingerMs: 0, curve: { ...alice, allow } });
  const b = createZmqRingLink({ log: bLog.log, lingerMs: 0, curve: { ...bob, allow } });
  const senders: ReturnType<typeof createZmqRawSender>[] = [];
  try {
    const ea = await a.bind('tcp://127.0.0.1:0');
    const eb = await b.bind('tcp://127.0.0.1:0');
    a.allowOnly([bob.publicKey]); // the Welcome: each is the other's previous rank
    b.allowOnly([alice.publicKey]);
    const chunk = encodeEnvelope({
      chunk: { srcRank: 0, step: 1, phase: mygpt.Phase.REDUCE_SCATTER, count: 2, totalLength: 2,
        dtype: mygpt.WireDtype.WIRE_DTYPE_FP32 },
    });
    const payload = new Uint8Array(new Float32Array([1, 2]).buffer);
    // strangers: a CURVE client with an unknown key (knows bob's public key), and a plain PUSH
    senders.push(createZmqRawSender(eb, 'push', { lingerMs: 0, curve: { ...mallory, serverKey: bob.publicKey } }));
    senders.push(createZmqRawSender(eb, 'push', { lingerMs: 0 }));
    for (const s of senders) void s.send([chunk, payload]).catch(() => undefined);
    await assert.rejects(b.receivePrev(800), TransportTimeoutError);
    const refusedOnly = () => {
      const st = b.stats(); // refused connections count as rejections; no frame of theirs reached validation
      assert.equal(st.rejectedFrames, st.refusedConnections, 'nothing from a stranger reached validation');
    };
    refusedOnly();
    await waitFor(() => bLog.text().includes(mallory.publicKey), 3000, 'the ring refusal log');
    assert.match(bLog.text(), new RegExp(
      `rejected frame from 127\\.0\\.0\\.1: ring connection refused: CURVE key ${
        mallory.publicKey.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      } is not the previous rank's ring key`,
    ));
    assert.match(bLog.text(), /ring connection refused: ZMTP handshake failed: not a ring peer/);
    // the real neighbour: a -> b with b's public key, b -> a with a's
    a.connectNext(eb, bob.publicKey);
    b.connectNext(ea, alice.publicKey);
    await a.sendNext({ header: chunk, payload });
    const got = await b.receivePrev(3000);
    assert.deepEqual(Array.from(new Float32Array(got.payload!.buffer, got.payload!.byteOffset, 2)), [1, 2]);
    await b.sendNext({ header: chunk, payload });
    assert.equal((await a.receivePrev(3000)).envelope.chunk!.count, 2);
    // strangers arriving while the neighbour is connected are refused without looking like it left
    const late = [createZmqRawSender(eb, 'push', { lingerMs: 0, curve: { ...mallory, serverKey: bob.publicKey } }),
      createZmqRawSender(eb, 'push', { lingerMs: 0 })];
    senders.push(...late);
    for (const s of late) void s.send([chunk, payload]).catch(() => undefined);
    await assert.rejects(b.receivePrev(1000), TransportTimeoutError); // not PeerLostError
    await a.sendNext({ header: chunk, payload });
    assert.equal((await b.receivePrev(3000)).envelope.chunk!.count, 2);
    refusedOnly();
    const keyless = createZmqRingLink({ curve: { ...alice, allow } });
    assert.throws(() => keyless.connectNext(ea), /next rank's public key is unknown/);
    keyless.close();
  } finally {
    a.close();
    b.close();
    for (const s of senders) s.close();
  }
});

test("ring: once narrowed to the previous rank's key, another allowed key gets nothing through", async () => {
  const bob = generateCurveKeyPair(), carol = generateCurveKeyPair();
  const allow = [alice.publicKey, bob.publicKey, carol.publicKey]; // security.allowed_clients: every worker
  const bLog = logSink();
  const b = createZmqRingLink({ log: bLog.log, lingerMs: 0, curve: { ...bob, allow } });
  const senders: ReturnType<typeof createZmqRawSender>[] = [];
  try {
    const eb = await b.bind('tcp://127.0.0.1:0');
    b.allowOnly([alice.publicKey]); // the Welcome named alice as b's previous rank
    const chunk = encodeEnvelope({
      chunk: { srcRank: 0, step: 1, phase: mygpt.Phase.REDUCE_SCATTER, count: 2, totalLength: 2,
        dtype: mygpt.WireDtype.WIRE_DTYPE_FP32 },
    });
    const payload = new Uint8Array(new Float32Array([1, 2]).buffer);
    const fromCarol = createZmqRawSender(eb, 'push', { lingerMs: 0, curve: { ...carol, serverKey: bob.publicKey } });
    senders.push(fromCarol);
    void fromCarol.send([chunk, payload]).catch(() => undefined);
    await assert.rejects(b.receivePrev(800), TransportTimeoutError);
    await waitFor(() => bLog.text().includes(carol.publicKey), 3000, "the refusal of carol's key");
    const fromAlice = createZmqRawSender(eb, 'push', { lingerMs: 0, curve: { ...alice, serverKey: bob.publicKey } });
    senders.push(fromAlice);
    await fromAlice.send([chunk, payload]);
    assert.equal((await b.receivePrev(3000)).envelope.chunk!.count, 2);
  } finally {
    for (const s of senders) s.close();
    b.close();
  }
});
