// Ranks that cannot see each other's processes (as two Kubernetes pods on one node: each its own PID
// namespace) on either data plane with cluster.shared_memory true: the offered regions cannot be mapped, every
// payload goes over the socket, and the sums are still bit-identical to the reference. Real processes:
// rank 1 runs under `unshare --pid --mount-proc` (root only; skipped elsewhere).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rankInput } from './fixtures/data';
import { RingProcs } from './harness';
import { reference } from './reference';

const UNSHARE = ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child'];
const skip = spawnSync(UNSHARE[0], [...UNSHARE.slice(1), 'true']).status !== 0 && 'needs unshare --pid (root)';
const readF32 = (file: string) => {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};

for (const transport of ['tcp', 'zmq'] as const) {
  test(
    `${transport}: ranks in different PID namespaces: shared memory refused, payloads over the socket, ` +
      `sums bit-identical`,
    { skip, timeout: 60_000 },
    async () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-pidns-'));
      const rp = await RingProcs.start(2, { chunkBytes: 64, wireDtype: 'fp32', timeoutMs: 10_000, mode: 'process',
        transport, sharedMemory: true }, 30_000, () => ({}), 'algo-worker.js', (r) => (r === 1 ? UNSHARE : []));
      try {
        let step = 0;
        for (const [algorithm, length] of [['ring', 101], ['exchange', 7], ['ring', 1000]] as const) {
          const s = step++, files = [0, 1].map((r) => path.join(tmp, `r${r}-${s}.bin`));
          const reps = await rp.all((r) => ({ cmd: 'allreduce', length, seed: 3, algorithm, wire: 'fp32', step: s,
            outFile: files[r] })
          );
          reps.forEach((rep, r) => assert.ok(rep.ok, `rank ${r}: ${rep.error}`));
          const want = reference(algorithm, 'fp32', [0, 1].map((r) => rankInput(r, length, 3)), length);
          files.forEach((f, r) =>
            assert.deepEqual(new Uint32Array(readF32(f).slice().buffer), new Uint32Array(want.slice().buffer),
              `${algorithm} rank ${r}`)
          );
          reps.forEach((rep, r) => {
            const st = rep.link as { shmPayloadsReceived: number; shmPayloadsSent: number; };
            assert.equal(st.shmPayloadsReceived, 0, `${algorithm}: rank ${r} read no payload from shared memory`);
            assert.equal(st.shmPayloadsSent, 0, `${algorithm}: rank ${r} wrote no payload to shared memory`);
          });
        }
      } finally {
        rp.kill();
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
  );
}
