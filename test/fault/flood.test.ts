// A 1 GiB flood from a separate process at the coordinator's control socket and at a worker's ring
// socket while a run trains: messages over the socket's limit (control: a few KiB; ring: one chunk plus
// header) make libzmq drop the connection before anything is buffered, messages under it wait in a queue
// bounded by RECEIVE_QUEUE_BUDGET_BYTES. The receivers' RSS grows < 100 MB and the run completes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { controlEndpoint, exitWithin } from '../coordinator/harness';
import { ExitCode } from '../../src/exit_codes';
import { currentPid, summary, withFaultRun } from './harness';

const GiB = 1 << 30;
const MB = 1e6;

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Runs the flood process; resolves with its report once it ended (bounded by `seconds`). */
function flood(endpoint: string, kind: 'dealer' | 'push', sizes: string, seconds: number,
  total = GiB): Promise<{ sent: number; bytes: number; seconds: number; }>
{
  const child = spawn(process.execPath, [path.join(__dirname, 'fixtures', 'flood.js'), endpoint, kind, sizes,
    String(total), String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`flood exited ${code}`)))
  );
}

test('1 GiB floods at the control socket and at a ring socket: receivers grow < 100 MB, the run completes', {
  timeout: 120_000,
}, async (t) => {
  // the ZeroMQ ring (cluster.ring_transport: zmq); the TCP ring's strangers: tcp_strangers.test.ts
  await withFaultRun({ chunk_bytes: 1 << 20, ring_transport: 'zmq' }, { max_steps: 120 }, async ({ coord, runDir }) => {
    const control = await controlEndpoint(coord);
    await coord.waitFor(/^step 10\/120/m, 40_000);
    const ring0 = /rank 0 joined: .* ring (tcp:\/\/\S+)/.exec(coord.out())![1];
    const pids = { coordinator: coord.pid, 'rank 0': currentPid(coord.out(), 0) };
    const base = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, rssBytes(pid)]));
    const peak = { ...base };
    const poll = setInterval(() => {
      for (const [k, pid] of Object.entries(pids)) {
        try {
          peak[k] = Math.max(peak[k], rssBytes(pid));
        } catch { /* exited */ }
      }
    }, 50);
    const t0 = performance.now();
    let sent;
    try {
      // 32 MiB messages are over either limit; the small ones (garbage under the limit: 16 kB at the control socket,
      // one 1 MiB chunk at the ring) wait in the bounded queue until read and rejected. The ring socket is read
      // only inside an all-reduce: a second connection fills its queue to the bound (then blocks, as it should).
      const fill = flood(ring0, 'push', `${1 << 20}`, 5, 64 << 20);
      sent = [await flood(control, 'dealer', `${32 << 20}*1,16000*512`, 40),
        await flood(ring0, 'push', `${32 << 20}`, 15)];
      t.diagnostic(`ring queue filler: ${JSON.stringify(await fill)}`);
    } finally {
      clearInterval(poll);
    }
    const floodS = (performance.now() - t0) / 1000;
    const { code } = await exitWithin(coord, 90_000);
    assert.equal(code, ExitCode.Ok, coord.out());
    assert.equal(summary(runDir).steps, 120);
    const growth = Object.fromEntries(Object.keys(pids).map((k) => [k, (peak[k] - base[k]) / MB]));
    t.diagnostic(
      `flood: control ${JSON.stringify(sent[0])}, ring ${JSON.stringify(sent[1])} in ${floodS.toFixed(1)} s; ` +
        `RSS growth MB: ${
          Object.entries(growth).map(([k, v]) => `${k} ${v.toFixed(1)} (from ${(base[k] / MB).toFixed(0)})`).join(', ')
        }`,
    );
    // Each flood sends up to 1 GiB within its deadline; how much gets through in that time depends on how
    // fast the receiver drops each oversized connection (2 loaded cores: 0.7-1.1 GB at the control socket,
    // see docs/reliability.md). What is asserted is that a large flood reached both, and memory stayed bounded.
    assert.ok(sent[0].bytes >= 256 * (1 << 20), `control flood sent ${sent[0].bytes} B, wanted >= 256 MiB`);
    assert.ok(sent[1].bytes >= 4 * (32 << 20), `ring flood sent ${sent[1].bytes} B`);
    for (const [k, g] of Object.entries(growth)) assert.ok(g < 100, `${k} grew ${g.toFixed(1)} MB under the flood`);
  });
});
