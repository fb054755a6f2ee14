// One connection per ring socket (native/zmq_auth.c, transport/zmq/zap.ts): while the previous rank's admitted
// connection is up, a second connection presenting the same valid credential is refused and logged with its
// address, and none of its messages arrive; once the admitted one goes away, a new one is admitted (the previous
// rank redialling after a drop). On both links, which admit alike (they interoperate).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { nativeZmqRingLinks } from '../../src/transport/native';
import { createZmqRawSender, createZmqRingLink, RawSender } from '../../src/transport/zmq';
import { ringPassword, ringUser } from '../../src/transport/ring_auth';
import { encodeEnvelope } from '../../src/transport/frames';
import { RingLink, TransportTimeoutError } from '../../src/transport/types';
import { until } from '../helpers';

const native = nativeZmqRingLinks();
const chunk = (step: number) =>
  encodeEnvelope({ chunk: { srcRank: 0, step, phase: 1, count: 1, dtype: 0, totalLength: 1 } });

const KINDS = [
  { kind: 'native', skip: 'why' in native && `native ZeroMQ link unavailable: ${native.why}`,
    create: (log: (l: string) => void) => {
      const n = nativeZmqRingLinks({ log, shmBudgetBytes: 0 });
      assert.ok('links' in n);
      return n.links.create({ sendTimeoutMs: 5000 });
    } },
  { kind: 'zeromq.js', skip: false, create: (log: (l: string) => void) => createZmqRingLink({ log, lingerMs: 0 }) },
] as const;

for (const { kind, skip, create } of KINDS) {
  test(`${kind} link: a second connection with the previous rank's credential is refused while the first is up`, { skip,
    timeout: 30_000 }, async () => {
    const lines: string[] = [];
    const secret = randomBytes(32);
    const b: RingLink = create((l) => lines.push(l));
    const senders: RawSender[] = [];
    const asRank0 = () => {
      const s = createZmqRawSender(eb, 'push', { log: () => undefined, lingerMs: 0,
        plain: { user: ringUser(0, 0), password: ringPassword(secret, 0, 0, 1) } });
      senders.push(s);
      return s;
    };
    const eb = await b.bind('tcp://127.0.0.1:0');
    try {
      // rank 1 of a world-2 ring; its next rank (rank 0) never answers here: only its inbound socket matters
      const rank0 = { rank: 0, name: 'rank 0', address: 'tcp://127.0.0.1:9' };
      b.connect({ rank: 1, worldSize: 2, generation: 0, prev: rank0, next: rank0, secret });
      const first = asRank0();
      await first.send([chunk(1), Buffer.alloc(4)]);
      assert.equal(Number((await b.receivePrev(5000)).envelope.chunk!.step), 1, 'the first connection is admitted');

      const second = asRank0();
      await second.send([chunk(2), Buffer.alloc(4)]);
      await first.send([chunk(3), Buffer.alloc(4)]);
      assert.equal(Number((await b.receivePrev(5000)).envelope.chunk!.step), 3, 'the admitted one goes on');
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
      assert.equal(Number((await b.receivePrev(5000)).envelope.chunk!.step), 4, 'a new connection after the drop');
    } finally {
      for (const s of senders) s.close();
      b.close();
    }
  });
}
