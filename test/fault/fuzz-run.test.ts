// 10,000 random and mutated frames at every endpoint of a RUNNING job — the coordinator's control
// socket and each worker's ring socket, all at once — while it trains, and 2,000 more at the control socket
// while the gang forms (launched workers joining): the run starts and keeps stepping, every bad frame is
// rejected and counted, the Hellos are refused, forged Aborts are ignored (no restart), and the job then stops in order (SIGTERM:
// checkpoint, replicas still bit-identical, exit 4 Preempted). Reuses the transport layer's frame generator.
// A single well-formed chunk for a step the ring has not reached is a collective mismatch: it must reach
// the coordinator's failure report naming both fingerprints, and the group recovers from its checkpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mygpt } from '../../src/gen/mygpt';
import { createZmqRawSender } from '../../src/transport/zmq';
import { DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_PAYLOAD_BYTES, RING_BODIES } from '../../src/transport/frames';
import { classify, fuzzFrames } from '../transport/fuzz-frames';
import { controlEndpoint, exitWithin } from '../coordinator/harness';
import { ExitCode } from '../../src/exit_codes';
import { STEPS, assertNoWorkersLeft, baseline, summary, withFaultRun } from './harness';
import fs from 'node:fs';
import path from 'node:path';
import { encodeEnvelope } from '../../src/transport/frames';

const FRAMES = 10_000;
const quiet = { log: () => undefined, lingerMs: 0 };

const RING_LIMITS = { maxHeaderBytes: DEFAULT_MAX_HEADER_BYTES, maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES, allow: RING_BODIES };

/** A mutation that produced a well-formed chunk for a step the ring has not passed (garbled step or generation field):
 *  indistinguishable from a real peer's chunk without authentication (CURVE), and by design a collective
 *  mismatch that fails the step (restart.test/mismatch covers that path). Not sent to a ring. */
export function forgedLiveChunk(frames: Uint8Array[]): boolean {
  if (classify(frames, RING_LIMITS) !== 'accepted') return false;
  const env = mygpt.Envelope.decode(frames[0]);
  return env.body === 'chunk' && (Number(env.chunk!.step) >= 1 || (env.chunk!.generation ?? 0) > 0);
}

const forged = { count: 0 };

async function fuzz(endpoint: string, kind: 'dealer' | 'push', seed: number, count = FRAMES): Promise<number> {
  const raw = createZmqRawSender(endpoint, kind, quiet);
  let n = 0;
  try {
    // staleBelowStep 1: well-formed chunks carry step 0, which the running ring has passed (dropped as stale)
    const deadline = Date.now() + 60_000;
    for (const frames of fuzzFrames({ count, seed, maxPayloadBytes: 1 << 20, staleBelowStep: 1 })) {
      if (kind === 'push' && forgedLiveChunk(frames)) { forged.count++; continue; }
      // a ring socket is read only inside an all-reduce: when its queue is full (EAGAIN), wait and retry
      for (;;) {
        try { await raw.send(frames); break; } catch (e) {
          if ((e as { code?: string }).code !== 'EAGAIN' || Date.now() > deadline) throw new Error(`${kind} ${endpoint} after ${n} frames: ${(e as Error).message}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      n++;
    }
  } finally { raw.close(); }
  return n;
}

test(`${FRAMES} fuzzed frames at the control socket and at each ring socket during a run`, { timeout: 90_000 }, async (t) => {
  await withFaultRun({ ring_transport: 'zmq' }, { max_steps: 100_000 }, async ({ coord, runDir }) => { // frames at the ZeroMQ ring
    const control = await controlEndpoint(coord);
    const gangPhase = fuzz(control, 'dealer', 10, 2000); // while the launched workers join
    await coord.waitFor(/^step 10\/100000/m, 30_000); // past step 3, the fixed step of the generator's oversized chunk
    const duringGang = await gangPhase;
    const rings = [...coord.out().matchAll(/rank (\d) joined: .* ring (tcp:\/\/\S+)/g)].map((m) => m[2]);
    assert.equal(rings.length, 2);
    const sent = await Promise.all([fuzz(control, 'dealer', 11), ...rings.map((r, i) => fuzz(r, 'push', 12 + i))])
      .catch((e: Error) => { throw new Error(`fuzzing: ${e.message}\n${coord.out()}`); });
    const fuzzedAt = Number(/^step (\d+)\/100000[^\n]*\n(?![\s\S]*^step)/m.exec(coord.out())?.[1] ?? 0);
    await coord.waitFor(new RegExp(`^step ${fuzzedAt + 20}/100000`, 'm'), 30_000); // still training
    // a ring socket is read only inside an all-reduce: wait until each worker has consumed (and rejected) its share
    for (const r of [0, 1]) await coord.waitFor(new RegExp(`^\\[rank ${r}\\] .*\\[ring\\].*rejected so far: 8000`, 'm'), 30_000);
    coord.kill('SIGTERM');
    const { code } = await exitWithin(coord, 20_000);
    const out = coord.out();
    assert.equal(code, ExitCode.Preempted, out);
    const s = summary(runDir);
    assert.equal(s.stopped, true);
    assert.equal(s.restarts, 0, 'fuzzing caused a restart');
    const refusals = Math.max(0, ...[...out.matchAll(/refusals so far: (\d+)/g)].map((m) => Number(m[1])));
    const rejected = (who: RegExp) => Math.max(0, ...[...out.matchAll(who)].map((m) => Number(m[1])));
    const ctlRejected = rejected(/^(?!\[rank)[^\n]*rejected so far: (\d+)/gm);
    const ringRejected = [0, 1].map((r) => rejected(new RegExp(`^\\[rank ${r}\\] .*\\[ring\\].*rejected so far: (\\d+)`, 'gm')));
    const abortsIgnored = [0, 1].map((r) => rejected(new RegExp(`^\\[rank ${r}\\] .*ignored an Abort on the ring socket.*ignored so far: (\\d+)`, 'gm')));
    t.diagnostic(`fuzz: ${duringGang} frames at the control socket during gang start, then ${sent.join(' + ')} frames sent ` +
      `(control, ring 0, ring 1); forged Aborts ignored >= ${abortsIgnored.join(', ')} (logged first 5, then every 100th); rejected by the transport >= ` +
      `${ctlRejected}, ${ringRejected.join(', ')} (logged every 1000th); Hellos refused ${refusals}; ` +
      `${forged.count} mutations that became well-formed live chunks held back; run stopped in order at step ${s.steps}`);
    assert.equal(sent[0], FRAMES);
    assert.equal(duringGang, 2000);
    assert.ok(abortsIgnored.every((n) => n >= 1), `forged Aborts read and ignored by both ranks (${abortsIgnored})`);
    assert.ok(sent[1] + sent[2] + forged.count === 2 * FRAMES && forged.count < 2 * FRAMES / 50, `ring frames ${sent}, forged ${forged.count}`);
    // The control socket takes 16 KiB: each of the generator's 20 oversized frames makes libzmq drop the
    // connection, losing the frames then in flight (about half of them); the ring socket takes a 1 MiB chunk.
    assert.ok(ctlRejected >= 3000 && ringRejected.every((x) => x >= 8000), 'bad frames rejected and counted');
    assert.ok(refusals >= 100, `fuzzed Hellos refused (${refusals}; logged every 100th)`); // 3 in 80 frames are payload-free Hellos
    await assertNoWorkersLeft(out);
  });
});

test('a forged live chunk is a mismatch: failure.json names both fingerprints, the group restarts and ends exactly', { timeout: 90_000 }, async () => {
  const ref = await baseline();
  const raw: { close(): void }[] = [];
  await withFaultRun({ ring_transport: 'zmq' }, {}, async ({ coord, runDir }) => {
    try {
      await coord.waitFor(/^step 15\/60/m, 30_000);
      const ring0 = /rank 0 joined: .* ring (tcp:\/\/\S+)/.exec(coord.out())![1];
      const s = createZmqRawSender(ring0, 'push', quiet);
      raw.push(s);
      await s.send([encodeEnvelope({ chunk: { srcRank: 1, step: 999_999, phase: mygpt.Phase.REDUCE_SCATTER, ringStep: 0,
        chunkIndex: 0, offset: 0, count: 4, dtype: mygpt.WireDtype.WIRE_DTYPE_FP32, totalLength: 4, generation: 0 } }), Buffer.alloc(16)]);
      const { code } = await exitWithin(coord, 40_000);
      assert.equal(code, 0, coord.out());
      const f = JSON.parse(fs.readFileSync(path.join(runDir, 'failure.json'), 'utf8'));
      assert.match(f.first.message, /expected \{src=1 step=\d+ .*total=\d+ gen=0\} got \{src=1 step=999999 .*count=4 dtype=fp32 total=4 gen=0\}/);
      const sum = summary(runDir);
      assert.equal(sum.steps, STEPS);
      assert.equal(sum.restarts, 1);
      assert.equal(sum.weightsChecksum, ref.s.weightsChecksum);
    } finally {
      for (const r of raw) r.close();
    }
  });
});
