// Strangers at the ZeroMQ ring ports during a run (cluster.ring_transport: zmq, security.curve off):
// forged chunks (a far-future one, a stale one, and ones with the exact fingerprint rank 0 expects a few
// collectives ahead), Aborts sprayed over every guessable field at both ranks, 32 connections held open to each
// rank's ring port (ZeroMQ PUSH sockets, raw TCP with a ZMTP greeting or garbage) and a 1 MiB-message flood.
// The ring link authenticates each connection: every stranger is refused and named in the log, nobody is
// blamed, no restart, both ranks' memory stays bounded, and the run ends with the undisturbed run's weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as net from 'node:net';
import path from 'node:path';
import * as zmq from 'zeromq'; // the stranger's tool
import { mygpt } from '../../src/gen/mygpt';
import { encodeEnvelope } from '../../src/transport/frames';
import { exitWithin } from '../coordinator/harness';
import { baseline, currentPid, STEPS, summary, withFaultRun } from './harness';

const rss = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const ep = (port: number) => `tcp://127.0.0.1:${port}`;
const isAgain = (e: unknown) => (e as { code?: string; }).code === 'EAGAIN';
const EVAL_INTERVAL = 20; // faultConfig's train.eval_interval

/** Lengths of the collectives every rank makes, in order (the comm thread's seq = the fingerprint's step): per
 *  training step one gradient bucket (P gradients + loss slot + stop vote: a 4608-parameter model, 256 KiB
 *  buckets), after every eval_interval-th and the last step the eval sum [loss, count, vote]. */
function calls(P: number): { trainStep: number; length: number; }[] {
  const out: { trainStep: number; length: number; }[] = [];
  for (let s = 1; s <= STEPS; s++) {
    out.push({ trainStep: s, length: P + 2 });
    if (s % EVAL_INTERVAL === 0 || s === STEPS) out.push({ trainStep: s, length: 3 });
  }
  return out;
}

/** A chunk as rank 1 sends it to rank 0 at world 2: every call is at most 768 KiB, so it goes through the exchange
 *  (one ALL_GATHER chunk of the whole buffer, chunk 1 MiB), fp32, with a payload of the right length. */
function chunk(step: number, generation: number, length: number): Buffer[] {
  const fp = { srcRank: 1, step, phase: mygpt.Phase.ALL_GATHER, ringStep: 0, chunkIndex: 0, offset: 0, count: length,
    dtype: mygpt.WireDtype.WIRE_DTYPE_FP32, totalLength: length, generation };
  return [Buffer.from(encodeEnvelope({ chunk: fp })), Buffer.from(new Float32Array(length).fill(1e-3).buffer)];
}

function pusher(port: number, sendHighWaterMark = 1000): zmq.Push {
  const s = new zmq.Push({ linger: 0, sendHighWaterMark, sendTimeout: 300 });
  s.connect(ep(port));
  return s;
}

/** Hands the messages to ZeroMQ in order; stops at the first one not taken within the send timeout. */
async function sendAll(s: zmq.Push, msgs: Buffer[][]): Promise<number> {
  let n = 0;
  for (const m of msgs) {
    try {
      await s.send(m);
      n++;
    } catch {
      break;
    }
  }
  return n;
}

// ZMTP 3.0 greeting (NULL mechanism, as client), READY as a PUSH, then one garbage message frame
const GREETING = Buffer.concat([Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 3, 0]),
  Buffer.from('NULL'.padEnd(20, '\0')), Buffer.alloc(32)]);
const READY = Buffer.concat([Buffer.from([0x04, 26, 5]), Buffer.from('READY'), Buffer.from([11]),
  Buffer.from('Socket-Type'), Buffer.from([0, 0, 0, 4]), Buffer.from('PUSH'), Buffer.from([0x00, 100]),
  Buffer.alloc(100, 0x5a)]);
const RAW = [GREETING, GREETING, GREETING, Buffer.concat([GREETING, READY]), Buffer.concat([GREETING, READY]),
  Buffer.concat([GREETING, READY]), Buffer.from('GET / HTTP/1.1\r\n\r\n'), Buffer.alloc(4096, 0xa5)];

/** 1 MiB messages (a header that is no chunk) as fast as they are taken, until `until`; bytes handed over. */
async function flood(port: number, until: number): Promise<number> {
  const s = pusher(port, 2), block = [Buffer.from([0x0a, 0x00]), Buffer.alloc(1 << 20, 0xa5)];
  let bytes = 0;
  try {
    while (performance.now() < until) {
      try {
        await s.send(block);
        bytes += block[1].length;
      } catch (e) {
        if (!isAgain(e)) break;
      }
    }
  } finally {
    s.close();
  }
  return bytes;
}

test('strangers at the ZeroMQ ring ports during a run: refused and named, memory bounded, no restart, same weights', {
  timeout: 150_000,
}, async (t) => {
  const ref = await baseline();
  await withFaultRun({ ring_transport: 'zmq' }, {}, async ({ coord, runDir }) => {
    await coord.waitFor(/^step 1\/60/m, 40_000);
    const out0 = coord.out();
    const ports = [0, 1].map((r) => Number(new RegExp(`rank ${r} joined: .* ring tcp://[^:]+:(\\d+)`).exec(out0)![1]));
    const P = Number(/\[rank 0\] .*rank 0\/2: (\d+) parameters/.exec(out0)![1]);
    const pids = [currentPid(out0, 0), currentPid(out0, 1)];
    const base = pids.map(rss), peak = [...base];
    const poll = setInterval(() =>
      pids.forEach((pid, r) => {
        try {
          peak[r] = Math.max(peak[r], rss(pid));
        } catch { /* exited */ }
      }), 50);
    const held: zmq.Push[] = [], raws: net.Socket[] = [];
    let rawClosed = 0;
    const counts: Record<string, number> = {};
    try {
      try {
        // (c) 32 connections held open to each rank: 24 PUSH sockets, 8 raw TCP (greeting, greeting + READY + garbage,
        // garbage)
        for (const port of ports) {
          for (let i = 0; i < 24; i++) held.push(pusher(port));
          for (const bytes of RAW) {
            const s = net.connect(port, '127.0.0.1', () => s.write(bytes));
            s.on('error', () => undefined).on('close', () => {
              rawClosed++;
            }).resume();
            raws.push(s);
          }
        }
        // (a) forged chunks at rank 0: far future, stale, and the exact fingerprints of the calls a few ahead
        const seq = calls(P), now = Math.max(...[...coord.out().matchAll(/^step (\d+)\/60/mg)].map((m) =>
          Number(m[1])
        ));
        // the call in flight (or next)
        const next = seq.findIndex((c) => c.trainStep === now + 1), q = next < 0 ? seq.length - 1 : next;
        const ahead = [2, 3, 4, 5, 6, 8, 10].map((k) => q + k).filter((s) => s < seq.length);
        const forger = pusher(ports[0]);
        held.push(forger);
        counts.forged = await sendAll(forger, [chunk(2 ** 50, 2 ** 32 - 1, P + 2), chunk(0, 0, P + 2),
          ...ahead.map((s) => chunk(s, 0, seq[s].length))]);
        // (b) Aborts over srcRank 0..1, generation 0..2 and a window of steps around the one in flight, at both ranks
        counts.aborts = 0;
        for (const [r, port] of ports.entries()) {
          const msgs: Buffer[][] = [];
          for (let step = Math.max(0, q - 4); step <= q + 40; step++) {
            for (const srcRank of [0, 1]) {
              for (const generation of [0, 1, 2]) {
                msgs.push([
                  Buffer.from(
                    encodeEnvelope({ abort: { srcRank, failedRank: 1 - r, step, generation, reason: 'forged' } }),
                  ),
                ]);
              }
            }
          }
          const s = pusher(port);
          held.push(s);
          counts.aborts += await sendAll(s, msgs);
        }
        // the flood: 16 pushers (8 per rank) sending 1 MiB messages for 4 s
        const until = performance.now() + 4_000;
        counts.floodMB = (await Promise.all(Array.from({ length: 16 }, (_, i) =>
          flood(ports[i % 2], until)))).reduce((a, b) => a + b, 0) / 1e6;
      } finally {
        clearInterval(poll);
      }
      const { code } = await exitWithin(coord, 60_000);
      const out = coord.out();
      const growthMB = peak.map((p, r) => (p - base[r]) / 1e6);
      const s = fs.existsSync(path.join(runDir, 'summary.json')) ? summary(runDir) : undefined;
      const failure = path.join(runDir, 'failure.json');
      t.diagnostic(
        `exit ${code}; restarts ${s?.restarts}, steps ${s?.steps}, weights ${
          s?.weightsChecksum === ref.s.weightsChecksum ? 'same as' : 'differ from'
        } the baseline; forged chunks taken ${counts.forged}, Aborts taken ${counts.aborts}, ` +
          `flood ${
            counts.floodMB.toFixed(0)
          } MB handed to ZeroMQ; raw connections closed by the ranks ${rawClosed}/${raws.length}; ` +
          `RSS growth MB: rank 0 ${growthMB[0].toFixed(1)}, rank 1 ${growthMB[1].toFixed(1)}; ` +
          `refusals logged: rank 0 ${out.match(/\[rank 0\] .*ring connection refused/g)?.length ?? 0}, rank 1 ${
            out.match(/\[rank 1\] .*ring connection refused/g)?.length ?? 0
          }`,
      );
      if (fs.existsSync(failure)) t.diagnostic(`failure.json: ${fs.readFileSync(failure, 'utf8').slice(0, 1500)}`);
      assert.equal(code, 0, out);
      assert.equal(s!.restarts, 0, 'a stranger restarted the group');
      assert.equal(s!.steps, STEPS);
      assert.equal(s!.weightsChecksum, ref.s.weightsChecksum, 'a stranger changed the weights');
      for (const r of [0, 1]) assert.ok(growthMB[r] < 50, `rank ${r} grew ${growthMB[r].toFixed(1)} MB`);
      assert.match(out, /\[rank 0\] .*ring connection refused/);
    } finally {
      for (const s of held) s.close();
      for (const s of raws) s.destroy();
    }
  });
});
