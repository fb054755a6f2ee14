// 100,000 random calls into the addon (random functions, argument counts, types and values) in a
// child process, which must exit normally: no signal, no abort, and every failure a TypeError or RangeError.
// The seed is random per run and logged; rerun one with MYGPT_FUZZ_SEED=<seed>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadAddon } from '../../src/native/addon';
import type { FuzzCounts } from './fuzz_child';

const skip = loadAddon().addon === null && 'native addon not built (needs gcc + libopenblas-dev)';

test('100,000 random addon calls: no crash, only TypeError/RangeError', { skip, timeout: 300_000 }, (t) => {
  const seed = Number(process.env.MYGPT_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
  t.diagnostic(`fuzz seed ${seed} (rerun: MYGPT_FUZZ_SEED=${seed})`);
  const r = spawnSync(process.execPath, [path.join(__dirname, 'fuzz_child.js')], {
    env: { ...process.env, MYGPT_FUZZ_CHILD: '1', MYGPT_FUZZ_SEED: String(seed), MYGPT_FUZZ_CALLS: '100000',
      OPENBLAS_NUM_THREADS: '1' },
    encoding: 'utf8',
    timeout: 240_000,
  });
  assert.equal(r.signal, null, `seed ${seed}: child killed by ${r.signal}; stderr: ${r.stderr.slice(-2000)}`);
  assert.equal(r.status, 0, `seed ${seed}: child exited ${r.status}; stderr: ${r.stderr.slice(-2000)}`);
  const c = JSON.parse(r.stdout.trim().split('\n').pop()!) as FuzzCounts;
  const line = `seed ${seed}: ${c.calls} calls, ${c.ok} ok, ${c.typeErrors} TypeError, ${c.rangeErrors} RangeError, ` +
    `${c.otherErrors} other, 0 crashes`;
  t.diagnostic(line);
  console.log(line);
  assert.equal(c.ok + c.typeErrors + c.rangeErrors + c.otherErrors, 100_000);
  assert.deepEqual(c.other, [], 'every failure is a TypeError or RangeError');
  // The mix exercised all three outcomes in volume (a fuzzer that only hits argument-count errors proves little).
  assert.ok(c.ok > 10_000 && c.typeErrors > 5_000 && c.rangeErrors > 5_000, line);
});
