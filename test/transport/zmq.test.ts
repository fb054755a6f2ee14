// Real sockets on 127.0.0.1 (port 0): control round trip, ring round trip without copies,
// bad frames dropped + counted while the wait goes on, timeouts naming the peer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mygpt } from '../../src/gen/mygpt';
import { encodeEnvelope } from '../../src/transport/frames';
import { createZmqControlClient } from '../../src/transport/zmq/control_client';
import { createZmqControlServer } from '../../src/transport/zmq/control_server';
import { createZmqRawSender } from './raw_sender';
import { createZmqRingLink } from '../../src/transport/zmq/ring_link';
import { ringPassword, ringUser } from '../../src/transport/ring_auth';
import { TransportTimeoutError } from '../../src/transport/types';

const quiet = { log: () => undefined, lingerMs: 0 };

test('control: DEALER -> ROUTER -> DEALER round trip, garbage dropped and counted', async () => {
  const server = createZmqControlServer(quiet);
  const client = createZmqControlClient({ ...quiet, routingId: 'worker-7' });
  try {
    const ep = await server.bind('tcp://127.0.0.1:0');
    assert.match(ep, /^tcp:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(ep, 'tcp://127.0.0.1:0');
    client.connect(ep);
    const garbage = createZmqRawSender(ep, 'dealer', quiet);
    await garbage.send([Buffer.from('not a protobuf at all \xff\xff')]);
    await garbage.send([encodeEnvelope({ heartbeat: { rank: 1 } }), Buffer.alloc(8)]); // payload on control msg
    await garbage.send([encodeEnvelope({ chunk: { count: 1, totalLength: 1 } }), Buffer.alloc(4)]); // ring kind
    await client.send({ header: encodeEnvelope({ hello: { protocolVersion: 1, host: 'h', requestedRank: 3 } }) });
    const { peer, msg } = await server.receive(2000);
    assert.equal(peer, 'worker-7');
    assert.equal(msg.envelope.body, 'hello');
    assert.equal(msg.envelope.hello!.requestedRank, 3);
    await server.send(peer, {
      header: encodeEnvelope({ welcome: { rank: 3, worldSize: 4, ringAddresses: ['a', 'b', 'c', 'd'] } }),
    });
    const back = await client.receive(2000);
    assert.deepEqual(back.envelope.welcome!.ringAddresses, ['a', 'b', 'c', 'd']);
    // the garbage sender's messages were fair-queued; give them a moment, then count
    await assert.rejects(server.receive(200), TransportTimeoutError);
    assert.equal(server.stats().rejectedFrames, 3);
    garbage.close();
  } finally {
    server.close();
    client.close();
  }
});

test('control: receive times out with an error naming the peer, bounded', async () => {
  const client = createZmqControlClient(quiet);
  client.connect('tcp://127.0.0.1:9'); // nothing listens there
  const t0 = Date.now();
  await assert.rejects(client.receive(300), (e: Error) => {
    assert.ok(e instanceof TransportTimeoutError);
    assert.match(e.message, /coordinator tcp:\/\/127\.0\.0\.1:9/);
    return true;
  });
  assert.ok(Date.now() - t0 < 1500);
  client.close();
});

test('ring: two links exchange a Float32 payload as a separate frame; bad length rejected', async () => {
  const a = createZmqRingLink(quiet);
  const b = createZmqRingLink(quiet);
  try {
    const ea = await a.bind('tcp://127.0.0.1:0');
    const eb = await b.bind('tcp://127.0.0.1:0');
    const secret = new Uint8Array(32).fill(7); // the ring PULL admits the previous rank's PLAIN credential only
    b.connect({ rank: 1, worldSize: 2, generation: 0, prev: { rank: 0, name: 'rank 0', address: ea },
      next: { rank: 0, name: 'rank 0', address: ea }, secret });
    const data = new Float32Array([1.5, -2, 3.25, Math.PI, 0, 7]);
    const chunk = (count: number) =>
      encodeEnvelope({ chunk: {
        srcRank: 0,
        step: 5,
        phase: mygpt.Phase.REDUCE_SCATTER,
        count,
        totalLength: 6,
        dtype: mygpt.WireDtype.WIRE_DTYPE_FP32,
      } });
    // as rank 0 before rank 0 dials (one connection at a time): its frames are read, then it goes
    const raw = createZmqRawSender(eb, 'push', { ...quiet,
      plain: { user: ringUser(0, 0), password: ringPassword(secret, 0, 0, 1) } });
    await raw.send([chunk(5), new Uint8Array(data.buffer)]); // count says 5, payload has 6
    await raw.send([chunk(6)]); // payload frame missing
    await raw.send([chunk(6), new Uint8Array(data.buffer), Buffer.alloc(1)]); // three frames
    await assert.rejects(b.receivePrev(1000), TransportTimeoutError);
    assert.equal(b.stats().rejectedFrames, 3);
    raw.close();
    a.connect({ rank: 0, worldSize: 2, generation: 0, prev: { rank: 1, name: 'rank 1', address: eb },
      next: { rank: 1, name: 'rank 1', address: eb }, secret });
    await a.sendNext({ header: chunk(6), payload: new Uint8Array(data.buffer) });
    const got = await b.receivePrev(2000);
    assert.equal(got.envelope.chunk!.step, 5);
    const view = new Float32Array(got.payload!.buffer, got.payload!.byteOffset, 6);
    assert.deepEqual(Array.from(view), Array.from(data));
    await assert.rejects(b.receivePrev(300), (e: Error) =>
      e instanceof TransportTimeoutError && /rank 0/.test(e.message));
  } finally {
    a.close();
    b.close();
  }
});

test('ring: a ShmOffer is declined and logged once; a second one is a rejected frame (BadFrameError) ' +
  'naming the previous rank', async () => {
  const lines: string[] = [];
  const a = createZmqRingLink(quiet);
  const b = createZmqRingLink({ ...quiet, log: (l: string) => lines.push(l) });
  try {
    const ea = await a.bind('tcp://127.0.0.1:0');
    const eb = await b.bind('tcp://127.0.0.1:0');
    const secret = new Uint8Array(32).fill(9); // rank 0 (a) never dials: the raw sender is b's admitted previous rank
    b.connect({ rank: 1, worldSize: 2, generation: 0, prev: { rank: 0, name: 'rank 0', address: ea },
      next: { rank: 0, name: 'rank 0', address: ea }, secret });
    const raw = createZmqRawSender(eb, 'push', { ...quiet,
      plain: { user: ringUser(0, 0), password: ringPassword(secret, 0, 0, 1) } }); // as rank 0
    const offer = encodeEnvelope({ shmOffer: { pid: 1, fd: 3, slotBytes: 4096, slots: 4, token: new Uint8Array(16) } });
    const chunk = encodeEnvelope({
      chunk: { srcRank: 0, step: 5, phase: mygpt.Phase.REDUCE_SCATTER, count: 1, totalLength: 1,
        dtype: mygpt.WireDtype.WIRE_DTYPE_FP32 },
    });
    await raw.send([offer]);
    await raw.send([chunk, new Uint8Array(4)]);
    assert.equal((await b.receivePrev(2000)).envelope.chunk!.step, 5, 'the data after the offer arrives on the socket');
    assert.deepEqual(lines.filter((l) => /maps no shared memory/.test(l)), [
      'ring: from rank 0: payloads over the socket: the zeromq.js link maps no shared memory',
    ]);
    for (let i = 0; i < 20; i++) await raw.send([offer]); // a flood of offers: rejected frames, their log bounded
    await raw.send([chunk, new Uint8Array(4)]);
    assert.equal((await b.receivePrev(2000)).envelope.chunk!.step, 5);
    assert.equal(lines.filter((l) => /maps no shared memory/.test(l)).length, 1, 'the refusal logged once');
    assert.equal(b.stats().rejectedFrames, 20);
    assert.match(b.stats().lastRejection, /rank 0.*shared memory: a second ShmOffer/);
    assert.ok(lines.filter((l) => /a second ShmOffer/.test(l)).length <= 5, lines.join('\n'));
    raw.close();
  } finally {
    a.close();
    b.close();
  }
});

test('control server: a closed worker connection is logged, unless the owner said the run is closing', async () => {
  for (const closing of [false, true]) {
    const lines: string[] = [];
    let seen = () => undefined as void;
    const server = createZmqControlServer({ lingerMs: 0, log: (l) => {
      lines.push(l);
      seen();
    } });
    const client = createZmqControlClient(quiet);
    try {
      client.connect(await server.bind('tcp://127.0.0.1:0'));
      await client.send({ header: encodeEnvelope({ heartbeat: { rank: 0 } }) });
      await server.receive(2000); // connected
      if (closing) server.closing();
      const logged = new Promise<void>((resolve) => {
        seen = resolve;
      });
      client.close();
      // Without closing() the line comes within milliseconds; with it, give the event a second to not come.
      const bound = new Promise<void>((resolve) => setTimeout(resolve, closing ? 1000 : 5000));
      await Promise.race([logged, bound]);
      const warned = lines.some((l) => /a control connection to \S+ closed \(a worker exited/.test(l));
      assert.equal(warned, !closing, `closing=${closing}: ${lines.join(' | ')}`);
    } finally {
      server.close();
    }
  }
});
