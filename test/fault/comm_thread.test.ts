// A worker SIGKILLed while its all-reduce runs in the communication thread (cluster.comm_thread,
// the default): the survivor names it, the group restarts, the run ends at exactly train.max_steps with the
// undisturbed run's weights, and the survivor's process holds no more OS threads or handles after the
// restarted generation than after the first one (MYGPT_DEBUG_RESOURCES=1: the worker logs what it holds
// each time it has closed a generation's ring; the comm thread has exited by then).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { exitWithin, start } from '../coordinator/harness';
import { STEPS, baseline, cleanup, currentPid, faultConfig, summary } from './harness';
import { joinRe } from '../helpers';

// zmq: the ZeroMQ plane (native libzmq link); tcp: the TCP plane (auto's choice without CURVE), whose two ranks on
// this host pass payloads through shared memory
for (const transport of ['zmq', 'tcp'] as const) {
  test(
    `SIGKILL during an all-reduce in the comm thread (${transport}): survivor names the rank, exact end, ` +
      `nothing left after the restart`,
    { timeout: 150_000 },
    async () => {
      const ref = await baseline();
      // 4 KiB buckets on this ~20 KB model: several buckets per step, each reduced by its own call in the thread
      const { dir, file, runDir } = faultConfig({ comm_thread: true, bucket_bytes: 4096, ring_transport: transport });
      const coord = start('mygpt-coord', ['--config', file], { MYGPT_DEBUG_RESOURCES: '1', MYGPT_DEBUG_BUCKETS: '1' });
      try {
        await coord.waitFor(new RegExp(`^step 12/${STEPS}`, 'm'), 40_000);
        const victim = currentPid(coord.out(), 1);
        process.kill(victim, 'SIGKILL');
        const { code } = await exitWithin(coord, 60_000);
        const out = coord.out();
        assert.equal(code, 0, out);
        const s = summary(runDir);
        assert.equal(s.steps, STEPS);
        assert.equal(s.restarts, 1);
        assert.equal(s.weightsChecksum, ref.s.weightsChecksum, 'final weights differ from the undisturbed run');
        assertBucketedThroughThread(out, runDir);
        const f = JSON.parse(fs.readFileSync(path.join(runDir, 'failure.json'), 'utf8'));
        assert.equal(f.first.rank, 1, `failure.json: ${JSON.stringify(f.first)}`);
        // rank 0 survived: it closed generation 0 (restart) and generation 1 (end) in the same process
        const lines = [
          ...out.matchAll(
            joinRe(/^\[rank 0\] .*resources after closing generation (\d+): (\d+) OS threads, (\d+) open files, /,
              /handles (\{.*\})$/mg),
          ),
        ]
          .map((m) => ({ generation: Number(m[1]), threads: Number(m[2]), fds: Number(m[3]),
            handles: JSON.parse(m[4]) as Record<string, number> })
          );
        assert.deepEqual(lines.map((l) => l.generation), [0, 1], `rank 0's resource lines:\n${out}`);
        const [first, second] = lines;
        assert.ok(second.threads <= first.threads,
          `OS threads grew across the restart: ${first.threads} -> ${second.threads}`);
        assert.ok(second.fds <= first.fds, `open files grew across the restart: ${first.fds} -> ${second.fds}`);
        if (transport === 'tcp') { // both generations' payloads went through shared memory, both ways
          for (const r of [0, 1]) {
            assert.match(out,
              new RegExp(`^\\[rank ${r}\\] .*ring: from rank ${1 - r} .*: payloads through shared memory`, 'm'));
          }
        }
        for (const [h, n] of Object.entries(second.handles)) {
          assert.ok(n <= (first.handles[h] ?? 0),
            `${h} handles grew across the restart: ${first.handles[h] ?? 0} -> ${n}`);
        }
        assert.ok(!('MessagePort' in second.handles) && !('Worker' in second.handles),
          `thread handles left: ${JSON.stringify(second.handles)}`);
      } finally {
        coord.kill('SIGKILL');
        cleanup(dir);
      }
    },
  );
}

/** Backward was bucketed through the comm thread: both ranks said so in every generation, and the
 *  survivor's bucket timeline shows every step's buckets (more than one) each summed by a call of its
 *  own (done times strictly increasing: the serial path sums adjacent buckets in one call, one done time). */
function assertBucketedThroughThread(out: string, runDir: string): void {
  const said = [
    ...out.matchAll(
      /^\[rank (\d)\] .*, (\d+) gradient bucket\(s\) reduced in the communication thread during backward$/mg,
    ),
  ];
  assert.deepEqual(said.map((m) => m[1]).sort(), ['0', '0', '1', '1'], `bucket lines:\n${out}`);
  const nb = Number(said[0][2]);
  assert.ok(nb > 1, `only ${nb} bucket`);
  const steps = fs.readFileSync(path.join(runDir, 'buckets-rank0.jsonl'), 'utf8').trim().split('\n')
    .map((l) => JSON.parse(l) as { step: number; buckets: { b: number; readyMs: number; doneMs: number | null; }[]; });
  assert.ok(steps.length >= STEPS, `${steps.length} timeline lines`);
  for (const s of steps) {
    assert.equal(s.buckets.length, nb);
    for (let b = 1; b < nb; b++) {
      assert.ok(s.buckets[b].doneMs! > s.buckets[b - 1].doneMs!,
        `step ${s.step}: bucket ${b} not summed after bucket ${b - 1}: ${JSON.stringify(s.buckets)}`);
    }
  }
}
