// The coordinator's /metrics around the edges of a run, through real processes: the final values stay
// scrapable for metrics.linger_s after the summary (a signal cuts that short), build_info names the
// backend the workers chose (not backend.name auto), a bind beyond loopback is warned about, and the
// command printed for external workers names an address to dial, not the wildcard bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { Proc, cleanup, controlEndpoint, exitWithin, killAll, start, tinyConfig } from './harness';
import { ExitCode } from '../../src/exit_codes';

const scrape = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(2000) })).text();

test(
  'after the summary /metrics serves the final values for metrics.linger_s; build_info shows the backend in use; ' +
    'SIGINT ends the linger',
  { timeout: 90_000 },
  async () => {
    // an external worker, started only after the first scrape: until then no gang can have formed
    const { dir, file } = tinyConfig({ backend: { name: 'auto' }, cluster: { external: true, world_size: 1 },
      metrics: { enabled: true, host: '0.0.0.0', port: 0, linger_s: 60 } });
    const coord = start('mygpt-coord', ['--config', file]);
    let worker: Proc | undefined;
    try {
      const [, port] = await coord.waitFor(/metrics at http:\/\/0\.0\.0\.0:(\d+)\/metrics/, 15_000);
      assert.match(coord.out(), new RegExp(
        `warning: the metrics endpoint \\(metrics\\.host\\) binds 0\\.0\\.0\\.0:${port} ` +
          '\\(reachable from other machines\\); /metrics and /healthz are served without authentication or TLS',
      ));
      const url = `http://127.0.0.1:${port}/metrics`;
      assert.match(await scrape(url), /^mygpt_build_info\{[^}]*backend="auto"[^}]*\} 1$/m,
        'the configured name until the gang forms');
      worker = start('mygpt-worker', ['--coordinator', await controlEndpoint(coord), '--config', file]);
      const [, backend] = await coord.waitFor(/^rank 0 joined: .* backend (\S+),/m, 30_000);
      assert.notEqual(backend, 'auto');
      await coord.waitFor(/^done: 20 steps/m, 60_000);
      await coord.waitFor(/^metrics: serving the final values at \S+ for 60s \(metrics\.linger_s; Ctrl-C ends it\)$/m,
        5_000);
      const final = await scrape(url); // after the summary line: the run's end is still there to scrape
      assert.match(final, /^mygpt_run_phase\{phase="finished"\} 1$/m);
      assert.match(final, /^mygpt_step 20$/m);
      assert.match(final, new RegExp(`^mygpt_build_info\\{[^}]*backend="${backend}"[^}]*\\} 1$`, 'm'));
      assert.doesNotMatch(final, /backend="auto"/);
      const t0 = Date.now();
      coord.kill('SIGINT');
      const { code } = await exitWithin(coord, 20_000);
      assert.equal(code, ExitCode.Ok, coord.out());
      assert.ok(Date.now() - t0 < 5_000, `the signal ended the linger (${Date.now() - t0} ms, linger_s 60)`);
    } finally {
      coord.kill('SIGKILL');
      if (worker) await killAll([worker]);
      cleanup(dir);
    }
  },
);

test('metrics.linger_s 0 and a loopback bind: no linger, no warning', { timeout: 60_000 }, async () => {
  const { dir, file } = tinyConfig({ cluster: { workers: 1 },
    metrics: { enabled: true, host: '127.0.0.1', port: 0, linger_s: 0 } });
  const coord = start('mygpt-coord', ['--config', file]);
  try {
    const { code } = await exitWithin(coord, 50_000);
    assert.equal(code, ExitCode.Ok, coord.out());
    assert.match(coord.out(), /^done: 20 steps/m);
    assert.doesNotMatch(coord.out(), /metrics: serving the final values|warning: the metrics endpoint/);
  } finally {
    coord.kill('SIGKILL');
    cleanup(dir);
  }
});

test(
  "external workers behind a wildcard bind: the printed command dials this machine's name, with a note to replace it",
  { timeout: 30_000 },
  async () => {
    const { dir, file } = tinyConfig({
      cluster: { external: true, world_size: 1, host: '0.0.0.0', port: 0, join_timeout_s: 20 },
    });
    const coord = start('mygpt-coord', ['--config', file]);
    try {
      const [, port] = await coord.waitFor(/listening on tcp:\/\/0\.0\.0\.0:(\d+)/, 15_000);
      const host = os.hostname();
      const [line] = await coord.waitFor(/^waiting for 1 external worker\(s\): .*$/m, 5_000);
      assert.equal(line,
        `waiting for 1 external worker(s): mygpt-worker --coordinator tcp://${host}:${port} --config <same config> ` +
          `(${host} is this machine's name, as the control socket binds 0.0.0.0: ` +
          `replace it with an address or name the workers can reach)`);
    } finally {
      coord.kill('SIGKILL');
      await exitWithin(coord, 10_000);
      cleanup(dir);
    }
  },
);
