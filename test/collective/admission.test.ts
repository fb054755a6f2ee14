// One connection per ring socket, with real processes: while rank 0's previous rank is connected, an intruder
// holding that rank's valid credential (the generation's ring secret) opens a second connection to rank 0's ring
// socket and sends an exactly right chunk and an Abort for the next step. It is refused (named in rank 0's log
// with its address), nothing of it arrives, and the collective's results stay bit-identical to the same call
// without it, with shared memory on. And the race the other way: an intruder with the credential who comes first
// keeps the socket, and the real rank's refusal fails the collective (a recovery), logged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mygpt } from '../../src/gen/mygpt';
import { encodeEnvelope } from '../../src/transport/frames';
import { ringPassword, ringUser } from '../../src/transport/ring_auth';
import { createZmqRawSender } from '../transport/raw_sender';
import { nativeZmq } from '../../src/transport/native/addon';
import { RingProcs } from './harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-adm-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
const skip = 'why' in nativeZmq() && 'native ZeroMQ link unavailable (shared memory needs it)';
const SECOND = /ring connection refused: a second connection with the previous rank's credential/u;

test("world 3, zmq with shared memory: a second connection with rank 2's valid credential to rank 0 is refused " +
  'and named; results stay bit-identical', { skip, timeout: 60_000 }, async () => {
  const rp = await RingProcs.start(3, { chunkBytes: 4096, wireDtype: 'fp32', timeoutMs: 5000, transport: 'zmq' });
  const intruder = createZmqRawSender(rp.addresses[0], 'push', { log: () => undefined, lingerMs: 0,
    plain: { user: ringUser(2, 0), password: ringPassword(Uint8Array.from(rp.secret), 0, 2, 0) } });
  let admitted = false;
  void intruder.handshake.then(() => (admitted = true));
  try {
    const length = 300_007, seed = 11;
    const sum = async (step: number) => {
      const files = [0, 1, 2].map((r) => path.join(tmp, `s${step}-r${r}`));
      const reps = await rp.all((r) => ({ cmd: 'allreduce', length, seed, step, outFile: files[r] }), 20_000);
      reps.forEach((rep, r) => assert.ok(rep.ok, `rank ${r}, step ${step}: ${rep.error}`));
      return files.map((f) => createHash('sha256').update(fs.readFileSync(f)).digest('hex'));
    };
    const before = await sum(0); // the ring is connected and used: the previous rank's connection is up
    assert.equal(new Set(before).size, 1, 'ranks agree');

    const chunk = { srcRank: 2, step: 1, phase: mygpt.Phase.REDUCE_SCATTER, ringStep: 0, chunkIndex: 0, offset: 0,
      count: 1024, dtype: mygpt.WireDtype.WIRE_DTYPE_FP32, totalLength: length, generation: 0 };
    void intruder.send([encodeEnvelope({ chunk }), Buffer.alloc(4096, 0x7f)]).catch(() => undefined);
    void intruder.send([
      encodeEnvelope({ abort: { srcRank: 2, failedRank: 1, step: 1, generation: 0, reason: 'forged' } }),
    ]).catch(() => undefined);
    let log: { lines: string[]; stats: Record<string, number>; } = { lines: [], stats: {} };
    const end = Date.now() + 10_000;
    while (!log.lines.some((l) => SECOND.test(l))) {
      assert.ok(Date.now() < end, `rank 0 names the refused second connection: ${log.lines.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 50));
      log = (await rp.call(0, { cmd: 'log' })) as unknown as typeof log;
    }
    assert.match(log.lines.find((l) => SECOND.test(l))!, /from 127\.0\.0\.1: /u, 'with its address');
    assert.equal(admitted, false, 'the intruder never finished a handshake');

    const after = await sum(1); // the intruder's chunk and Abort (exact fingerprints) never arrive
    assert.deepEqual(after, before, 'bit-identical to the same call without the intruder, on every rank');
    const stats = ((await rp.call(0, { cmd: 'log' })) as unknown as typeof log).stats;
    assert.ok(stats.shmPayloadsReceived > 0, `shared memory in use: ${JSON.stringify(stats)}`);
    assert.equal(stats.refusedConnections, 1, 'one refusal: the intruder');
    assert.deepEqual(rp.exited, [null, null, null], 'every rank still running');
  } finally {
    intruder.close();
    rp.kill();
  }
});

test('an intruder with the valid credential who connects before the real previous rank keeps the socket: the real ' +
  'rank is refused, the collective fails naming the impersonated rank, and the refusal is logged (never silent)', {
  skip,
  timeout: 60_000,
}, async () => {
  const rp = await RingProcs.start(2, { chunkBytes: 4096, wireDtype: 'fp32', timeoutMs: 3000, transport: 'zmq',
    deferConnect: [1] });
  const intruder = createZmqRawSender(rp.addresses[0], 'push', { log: () => undefined, lingerMs: 0,
    plain: { user: ringUser(1, 0), password: ringPassword(Uint8Array.from(rp.secret), 0, 1, 0) } });
  try {
    await intruder.handshake; // admitted as rank 1, and it stays connected
    await rp.connectRank(1);
    const reps = await rp.all(
      (r) => ({ cmd: 'allreduce', length: 10_000, seed: 1, step: 0, outFile: path.join(tmp, `first-${r}`) }),
      20_000,
    );
    // rank 0 waits for the real rank 1's chunks in vain and blames rank 1 (the rank the intruder played); rank 1
    // hears rank 0's Abort and names rank 1 too, unless its own deadline comes first (both are 3 s): then it names
    // rank 0 and says rank 0 refused it. The coordinator would recover with new credentials either way.
    reps.forEach((rep, r) => {
      assert.equal(rep.ok, false, `rank ${r} fails`);
      assert.equal(rep.name, 'CollectiveError', `rank ${r}: ${rep.error}`);
      if (r === 0 || rep.failedRank === 1) assert.equal(rep.failedRank, 1, `rank ${r} names rank 1: ${rep.error}`);
      else assert.match(rep.error as string, /refused this rank \d+ times/, `rank 1 says it was refused: ${rep.error}`);
    });
    const log = (await rp.call(0, { cmd: 'log' })) as unknown as { lines: string[]; };
    assert.ok(log.lines.some((l) => SECOND.test(l)), `rank 0 logs the refused real rank: ${log.lines.join(' | ')}`);
  } finally {
    intruder.close();
    rp.kill();
  }
});
