// Strangers at a worker's TCP ring port during a run (cluster.ring_transport: tcp): garbage, hellos without the secret,
// one claiming rank 1, idle connections and a 256 MiB flood over many connections. None gets past the handshake: each
// is closed and counted, the worker's memory stays bounded, nobody is blamed, no restart, and the run ends with the
// undisturbed run's weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import * as net from 'node:net';
import { exitWithin } from '../coordinator/harness';
import { frameOf, hello, Role } from '../../src/transport/tcp/handshake';
import { encodeEnvelope } from '../../src/transport/frames';
import { baseline, currentPid, STEPS, summary, withFaultRun } from './harness';

const rss = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

/** Writes `bytes` (cycling one random block) as fast as the connection takes it; resolves when closed. */
function pour(port: number, bytes: number, first?: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const block = randomBytes(1 << 20);
    let sent = 0;
    const s = net.connect(port, '127.0.0.1', () => {
      if (first) s.write(first);
      const more = () => {
        while (sent < bytes && s.write(block)) sent += block.length;
      };
      s.on('drain', more);
      more();
    });
    s.on('error', () => undefined);
    s.resume(); // read the worker's hello, so its close is seen
    s.on('close', () => resolve(sent));
    setTimeout(() => s.destroy(), 20_000);
  });
}

test('strangers at a TCP ring port during a run: all refused and counted, memory bounded, no restart, same weights', {
  timeout: 120_000,
}, async (t) => {
  const ref = await baseline();
  await withFaultRun({ ring_transport: 'tcp' }, {}, async ({ coord, runDir }) => {
    await coord.waitFor(/^step 10\/60/m, 30_000);
    const port = Number(/rank 0 joined: .* ring tcp:\/\/[^:]+:(\d+)/.exec(coord.out())![1]);
    const pid = currentPid(coord.out(), 0);
    const base = rss(pid);
    let peak = base;
    const poll = setInterval(() => {
      try {
        peak = Math.max(peak, rss(pid));
      } catch { /* exited */ }
    }, 50);
    let poured: number[];
    try {
      const claimRank1 = Buffer.concat([hello({ role: Role.RING_ROLE_DIALER, generation: 0, rank: 1 }).frame,
        frameOf(encodeEnvelope({ ringProof: { mac: randomBytes(32) } }))]);
      poured = await Promise.all([
        pour(port, 64 << 10, Buffer.from('GET / HTTP/1.1\r\n\r\n')),
        pour(port, 0, claimRank1), // the right shape, no secret: refused at the MAC
        ...Array.from({ length: 16 }, () => pour(port, 16 << 20)), // 16 x 16 MiB
        pour(port, 0), // idle: the handshake deadline closes it
      ]);
    } finally {
      clearInterval(poll);
    }
    const { code } = await exitWithin(coord, 60_000);
    assert.equal(code, 0, coord.out());
    const out = coord.out();
    // the first five refusals are logged (then every 1000th): which ones come first depends on timing
    assert.match(out, /\[rank 0\] .*ring connection refused: .*\(rejected so far: 5\)/);
    const s = summary(runDir);
    assert.equal(s.restarts, 0, 'a stranger restarted the group');
    assert.equal(s.steps, STEPS);
    assert.equal(s.weightsChecksum, ref.s.weightsChecksum);
    const growthMB = (peak - base) / 1e6;
    t.diagnostic(
      `strangers wrote ${
        (poured.reduce((a, b) => a + b, 0) / 1e6).toFixed(1)
      } MB before being closed; rank 0 RSS growth ${growthMB.toFixed(1)} MB`,
    );
    assert.ok(growthMB < 100, `rank 0 grew ${growthMB.toFixed(1)} MB`);
  });
});
