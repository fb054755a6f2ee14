// The worker's seams, with real processes on real sockets: the production worker and the all-reduce
// bench build their ring through the same function (collective/setup createRing, which logs
// ringBoundLine), the payload-size check applies in production, a Refuse exits Refused, and an external
// worker answers SIGTERM with Failure{FAILURE_PREEMPTED, failed_rank: own rank} and exits Preempted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mygpt } from '../../src/gen/mygpt';
import { ExitCode } from '../../src/exit_codes';
import { ringBoundLine } from '../../src/collective/setup';
import { encodeEnvelope } from '../../src/transport/frames';
import { CHUNK_BYTES } from '../../src/transport';
import { createZmqControlServer } from '../../src/transport/zmq/control_server';
import { nativeZmq } from '../../src/transport/native/addon';
import type { ControlServer } from '../../src/transport/types';
import { cleanup, exitWithin, killAll, ROOT, start, tinyConfig } from '../coordinator/harness';
import { joinRe } from '../helpers';

/** ringBoundLine's shape with every value a capture group: bound, address, chunk, max payload. */
const RING_LINE = new RegExp(ringBoundLine(0, '@B@', '@A@', 111, 222, '@L@').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  .replace('@B@', '(tcp://\\S+)').replace('@A@', '(tcp://\\S+)').replace('111', '(\\d+)').replace('222', '(\\d+)')
  .replace('@L@', '(.+)'));

async function hello(server: ControlServer): Promise<{ peer: string; hello: mygpt.IHello; }> {
  for (;;) {
    const { peer, msg } = await server.receive(20_000);
    if (msg.envelope.hello) return { peer, hello: msg.envelope.hello };
  }
}

async function withServer(fn: (server: ControlServer, endpoint: string) => Promise<void>): Promise<void> {
  const server = createZmqControlServer({ log: () => undefined });
  try {
    await fn(server, await server.bind('tcp://127.0.0.1:0'));
  } finally {
    server.close();
  }
}

test('the production worker and the bench build the ring through createRing', { timeout: 60_000 }, async () => {
  const { dir, file } = tinyConfig({
    cluster: { external: true, world_size: 2, chunk_bytes: 8192, ring_transport: 'zmq' },
    backend: { name: 'wasm' },
  });
  const bench = fork(path.join(ROOT, 'dist', 'bench', 'allreduce-worker.js'), [], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, MYGPT_BENCH: 'ring',
      RING_OPTS: JSON.stringify({ rank: 0, worldSize: 1, chunkBytes: 4096, timeoutMs: 5000 }) },
  });
  let benchErr = '';
  bench.stderr!.on('data', (d: Buffer) => {
    benchErr += d.toString();
  });
  const workers: ReturnType<typeof start>[] = [];
  try {
    await withServer(async (server, endpoint) => {
      const w = start('mygpt-worker', ['--coordinator', endpoint, '--config', file, '--rank', '0', '--advertise-host',
        '127.0.0.1']);
      workers.push(w);
      const { hello: h } = await hello(server);
      const [, bound, address, chunk, , link] = await w.waitFor(RING_LINE, 10_000);
      // the ZeroMQ data plane is driven from native code wherever the addon has libzmq (else it says why)
      const n = nativeZmq();
      if ('a' in n) {
        assert.match(link, /^ZeroMQ, native libzmq .*only the previous rank admitted \(PLAIN credential\)$/);
      } else {assert.match(w.out(),
          new RegExp(`ZeroMQ ring link: zeromq.js \\(${n.why.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));}
      assert.equal(h.ringAddress, address, 'Hello carries the address createRing advertised');
      assert.equal(address, bound, 'a loopback bind is advertised as bound');
      assert.equal(Number(chunk), 8192, 'cluster.chunk_bytes reached createRing');
      assert.equal(h.backend, 'wasm', 'Hello.backend is the backend in use');
      // Hello.native_kernels is the true status: what the worker's own "native kernels:" line says.
      const [, native] = await w.waitFor(/native kernels: (off|[A-Za-z0-9_, ]+) \(/, 10_000);
      assert.equal(h.nativeKernels, native === 'off' ? '' : native.split(', ').join(','));
    });
    const { address } = await new Promise<{ address: string; }>((resolve, reject) => {
      bench.once('message', (m) => resolve(m as { address: string; }));
      bench.once('exit', (code) => reject(new Error(`bench worker exited (${code}): ${benchErr}`)));
    });
    const m = benchErr.match(RING_LINE);
    assert.ok(m, `bench rank logs createRing's line: ${benchErr}`);
    assert.equal(m[2], address, 'the bench reports the address createRing advertised');
  } finally {
    bench.kill('SIGKILL');
    await killAll(workers);
    cleanup(dir);
  }
});

test("cluster.chunk_bytes -1 (the default) is the data plane's chunk, and also its payload limit", { timeout: 60_000 },
  async () => {
    for (const transport of ['tcp', 'zmq'] as const) {
      const { dir, file } = tinyConfig({ cluster: { external: true, world_size: 2, ring_transport: transport } });
      const workers: ReturnType<typeof start>[] = [];
      try {
        await withServer(async (server, endpoint) => {
          const w = start('mygpt-worker', ['--coordinator', endpoint, '--config', file, '--rank', '0',
            '--advertise-host', '127.0.0.1']);
          workers.push(w);
          const [, , , chunk, maxPayload] = await w.waitFor(RING_LINE, 10_000);
          assert.equal(Number(chunk), CHUNK_BYTES[transport], `${transport}: the plane's chunk reached createRing`);
          assert.equal(Number(maxPayload), CHUNK_BYTES[transport], `${transport}: one chunk bounds a received payload`);
          assert.equal((await hello(server)).hello.ringTransport, transport);
        });
      } finally {
        await killAll(workers);
        cleanup(dir);
      }
    }
    assert.notEqual(CHUNK_BYTES.tcp, CHUNK_BYTES.zmq, 'the planes differ, so the test can tell which one was used');
  });

test('cluster.chunk_bytes over the ring payload limit: the worker exits Config naming the key', { timeout: 30_000 },
  async () => {
    const { dir, file } = tinyConfig({ cluster: { external: true, world_size: 2, chunk_bytes: 64 * 1024 * 1024 + 4 } });
    try {
      const w = start('mygpt-worker', ['--coordinator', 'tcp://127.0.0.1:9', '--config', file, '--advertise-host',
        '127.0.0.1']);
      const { code } = await exitWithin(w, 20_000);
      assert.equal(code, ExitCode.Config, w.out());
      assert.match(w.out(),
        joinRe(/cluster\.chunk_bytes must be an integer >= 1024 and <= 67108864, or -1 \(the data plane's measured /,
          /value\), got 67108868/));
    } finally {
      cleanup(dir);
    }
  });

test('a refused worker exits Refused; an external worker on SIGTERM reports PREEMPTED and exits Preempted', {
  timeout: 60_000,
}, async () => {
  const { dir, file } = tinyConfig({ cluster: { external: true, world_size: 2 } });
  const workers: ReturnType<typeof start>[] = [];
  try {
    await withServer(async (server, endpoint) => {
      const args = ['--coordinator', endpoint, '--config', file, '--advertise-host', '127.0.0.1'];
      const refused = start('mygpt-worker', [...args, '--rank', '0']);
      workers.push(refused);
      const r = await hello(server);
      const refuse = { code: mygpt.RefuseReason.REFUSE_RANK_TAKEN, reason: 'test refuses' };
      await server.send(r.peer, { header: encodeEnvelope({ refuse }) });
      assert.equal((await exitWithin(refused, 20_000)).code, ExitCode.Refused, refused.out());

      const drained = start('mygpt-worker', [...args, '--rank', '1']);
      workers.push(drained);
      await hello(server);
      drained.kill('SIGTERM');
      let failure: mygpt.IFailure | undefined;
      while (!failure) failure = (await server.receive(10_000)).msg.envelope.failure ?? undefined;
      assert.equal(failure.reason, mygpt.FailureReason.FAILURE_PREEMPTED);
      assert.equal(failure.failedRank, 1, 'blames itself (its own rank)');
      assert.equal((await exitWithin(drained, 10_000)).code, ExitCode.Preempted, drained.out());
    });
  } finally {
    await killAll(workers);
    cleanup(dir);
  }
});

test('the ZeroMQ module is imported only under src/transport/zmq/', () => {
  const src = path.join(ROOT, 'src');
  const offenders: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (p !== path.join(src, 'transport', 'zmq') && p !== path.join(src, 'gen')) walk(p);
        continue;
      }
      if (/\.ts$/.test(e.name) && /from ['"]zeromq['"]|require\(['"]zeromq['"]\)/.test(fs.readFileSync(p, 'utf8'))) {
        offenders.push(p);
      }
    }
  };
  walk(src);
  assert.deepEqual(offenders, []);
});
