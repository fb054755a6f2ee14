// Both ring sockets of both ZeroMQ links turn on TCP keepalive (native/zmq_link.c, transport/zmq/options.ts
// ringKeepalive): a half-open connection (a NAT or conntrack entry dropped, a peer host gone without a FIN) is
// closed by the kernel after a few unanswered probes, so the admitted connection does not hold a ring socket
// against the neighbour's redials until the collective deadline. Read from the kernel: on Linux, /proc/net/tcp
// shows an established connection's keepalive timer as timer kind 2, due within the idle time.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { nativeZmqRingLinks } from '../../src/transport/index';
import { createZmqRingLink } from '../../src/transport/zmq/ring_link';
import { encodeEnvelope } from '../../src/transport/frames';
import { RingLink } from '../../src/transport/types';
import { until } from '../helpers';

const native = nativeZmqRingLinks();
const linux = fs.existsSync('/proc/net/tcp');

/** Established loopback TCP connections touching `port` (either end), with their kernel timer kind and due time in
 *  clock ticks (USER_HZ: hundredths of a second). */
function connections(port: number): { local: number; timer: number; dueTicks: number; }[] {
  const rows = fs.readFileSync('/proc/net/tcp', 'utf8').trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
  return rows.filter((r) => r[3] === '01').map((r) => {
    const [timer, due] = r[5].split(':');
    return { local: parseInt(r[1].split(':')[1], 16), remote: parseInt(r[2].split(':')[1], 16),
      timer: parseInt(timer, 16), dueTicks: parseInt(due, 16) };
  }).filter((c) => c.local === port || c.remote === port);
}

const KINDS = [
  { kind: 'native', skip: ('why' in native && `native ZeroMQ link unavailable: ${native.why}`) || !linux,
    create: () => {
      const n = nativeZmqRingLinks({ log: () => undefined, shmBudgetBytes: 0 });
      assert.ok('links' in n);
      return n.links.create({ sendTimeoutMs: 5000 });
    } },
  { kind: 'zeromq.js', skip: !linux, create: (): RingLink => createZmqRingLink({ log: () => undefined, lingerMs: 0 }) },
] as const;

for (const { kind, skip, create } of KINDS) {
  test(`${kind} link: both ends of a ring connection have TCP keepalive on`, { skip, timeout: 30_000 }, async () => {
    const a: RingLink = create(), b: RingLink = create();
    try {
      const ea = await a.bind('tcp://127.0.0.1:0'), eb = await b.bind('tcp://127.0.0.1:0');
      const secret = randomBytes(32);
      const r0 = { rank: 0, name: 'rank 0', address: ea }, r1 = { rank: 1, name: 'rank 1', address: eb };
      a.connect({ rank: 0, worldSize: 2, generation: 0, prev: r1, next: r1, secret });
      b.connect({ rank: 1, worldSize: 2, generation: 0, prev: r0, next: r0, secret });
      const header = encodeEnvelope({ chunk: { srcRank: 0, step: 1, phase: 1, count: 1, dtype: 0, totalLength: 1 } });
      await a.sendNext({ header, payload: new Uint8Array(4) });
      await b.receivePrev(5000);
      const port = Number(new URL(eb).port);
      // a's PUSH and b's accepted end of the one connection; a timer kind 1 (a retransmission or delayed ack) may
      // show for a moment after the message
      await until(() => {
        const c = connections(port);
        return c.length === 2 && c.every((x) => x.timer === 2);
      }, 5000, `keepalive timers on both ends of the connection to port ${port}: ${JSON.stringify(connections(port))}`);
      for (const c of connections(port)) assert.ok(c.dueTicks <= 300, `due within the idle time: ${JSON.stringify(c)}`);
    } finally {
      a.close();
      b.close();
    }
  });
}
