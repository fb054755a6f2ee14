import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Watchdog } from '../../src/control/watchdog';
import { SendQueue } from '../../src/control/send_queue';

test('silence grows with regular ticks, resets when the peer is heard', () => {
  const w = new Watchdog(1000, 0);
  assert.equal(w.tick(1000), 1000);
  assert.equal(w.tick(2000), 2000);
  w.seen(2500);
  assert.equal(w.tick(3000), 500);
});

test('time our own event loop was blocked is not counted as peer silence', () => {
  const w = new Watchdog(1000, 0);
  assert.equal(w.tick(1000), 1000);
  // a 20 s synchronous step: the next tick comes 21 s later; the peer's messages are unread, not missing
  assert.equal(w.tick(22_000), 2000);
  assert.equal(w.tick(23_000), 3000);
});

test('send queue: one send at a time, in order; errors go to the handler, never to the caller', async () => {
  const order: number[] = [];
  let inFlight = 0, maxInFlight = 0;
  const errors: string[] = [];
  const q = new SendQueue(async (m) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 2));
    inFlight--;
    if (m.header[0] === 3) throw new Error('peer gone');
    order.push(m.header[0]);
  }, (e) => errors.push(e.message));
  for (let i = 1; i <= 5; i++) q.enqueue({ header: new Uint8Array([i]) });
  assert.equal(q.backlog, 5);
  assert.equal(await q.drain(1000), true);
  assert.deepEqual(order, [1, 2, 4, 5]);
  assert.deepEqual(errors, ['peer gone']);
  assert.equal(maxInFlight, 1);
  q.enqueue({ header: new Uint8Array([9]) });
  const never = new SendQueue(() => new Promise(() => undefined), () => undefined);
  never.enqueue({ header: new Uint8Array([1]) });
  assert.equal(await never.drain(20), false);
});
