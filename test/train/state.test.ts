// A trainer's state as bytes (train/state.ts: the checkpoint format, in flight) and Trainer.abortStep():
// a state applied on a fresh trainer trains on bit-identically; a torn, corrupt, non-finite or foreign
// state is refused and changes nothing; a step whose gradient exchange failed is redone exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trainer, identityAllReduce } from '../../src/train/trainer';
import { CheckpointError, encodeCheckpoint } from '../../src/train/checkpoint';
import { applyState, checkpointState, encodeState, stateChecksum } from '../../src/train/state';
import type { GradSync } from '../../src/contracts';
import { testConfig } from '../helpers';
import { localAllReduce, localGradSyncs } from './local_allreduce';

const quiet = () => {};
// Dropout on and grad_accum 2: the data position and the dropout streams must come with the state.
const base = ['backend.name=wasm', 'model.n_layer=1', 'model.n_head=2', 'model.n_embd=32', 'model.block_size=16',
  'model.dropout=0.1', 'train.batch_size=4', 'train.grad_accum=2', 'train.max_steps=20', 'train.warmup_steps=2',
  'train.lr=3e-3', 'train.nonfinite=skip', 'train.max_nonfinite_skips=3'];
const poisonAt = (...steps: number[]) => (s: number) => steps.includes(s);
const mk = (sets: string[] = [], poison?: (s: number) => boolean) =>
  Trainer.create(testConfig([...base, ...sets]), { rank: 0, worldSize: 1, allreduce: identityAllReduce, log: quiet,
    poisonGradient: poison });

test('encodeState -> applyState on a fresh trainer: equal state checksum, then bit-identical training', async () => {
  const donor = await mk([], poisonAt(2)); // step 2 skipped: the skip count travels too
  for (let i = 0; i < 3; i++) await donor.trainStep();
  const recv = await mk();
  try {
    assert.notEqual(stateChecksum(recv), stateChecksum(donor));
    const bytes = encodeState(donor);
    assert.equal(bytes.subarray(0, 8).toString('ascii'), 'MYGPTCK2'); // the checkpoint file's format
    assert.deepEqual(await applyState(recv, bytes, 'state from rank 0'), []);
    assert.equal(stateChecksum(recv), stateChecksum(donor));
    assert.equal(recv.step, 3);
    for (let i = 0; i < 4; i++) {
      const [a, b] = [await donor.trainStep(), await recv.trainStep()];
      assert.deepEqual([b.step, b.loss, b.gradNorm, b.nonfiniteSkips], [a.step, a.loss, a.gradNorm, 1],
        `step ${a.step}`);
    }
    assert.equal(stateChecksum(recv), stateChecksum(donor));
    assert.equal(recv.weightsChecksum(), donor.weightsChecksum());
    // The same arrays at another step, or with another skip count, are another state.
    const d = checkpointState(donor), other = await mk();
    for (const h of [{ step: 8, dataPosition: { ...d.header.dataPosition, step: 8 } }, { nonfiniteSkips: 0 }]) {
      await applyState(other, encodeCheckpoint({ ...d, header: { ...d.header, ...h } }));
      assert.equal(other.weightsChecksum(), donor.weightsChecksum());
      assert.notEqual(stateChecksum(other), stateChecksum(donor), JSON.stringify(h));
    }
    other.dispose();
  } finally {
    donor.dispose();
    recv.dispose();
  }
});

test('a corrupt, truncated, non-finite or foreign state is refused with a CheckpointError and changes ' +
  'nothing', async () => {
  const donor = await mk();
  for (let i = 0; i < 2; i++) await donor.trainStep();
  const good = encodeState(donor);
  const recv = await mk();
  await recv.trainStep(); // a state of its own, different from the donor's
  const before = stateChecksum(recv);
  const refused = async (bytes: Uint8Array, why: RegExp, r = recv) => {
    const was = stateChecksum(r);
    await assert.rejects(applyState(r, bytes, 'state from rank 0'),
      (e: Error) => e instanceof CheckpointError && e.file === 'state from rank 0' && why.test(e.message), why.source);
    assert.equal(stateChecksum(r), was, `state changed by a refused transfer (${why.source})`);
  };
  try {
    for (const at of [20, 200, good.length - 5]) { // the hash, the header, the last Adam v value
      const c = Buffer.from(good);
      c[at] ^= 0x01;
      await refused(c, /sha256 of header and payload does not match|truncated|bad magic/);
    }
    await refused(good.subarray(0, good.length - 4), /size \d+ bytes, expected/);
    await refused(good.subarray(0, 30), /bad magic|truncated/);
    // Non-finite values behind a valid hash (a sender without the guard): the last array checked is adam v.
    const s = checkpointState(donor);
    const v = Float32Array.from(s.v);
    v[v.length - 1] = NaN;
    await refused(encodeCheckpoint({ ...s, v }), /holds non-finite adam v \(value \d+ is NaN\)/);
    const p = Float32Array.from(s.params);
    p[0] = Infinity;
    await refused(encodeCheckpoint({ ...s, params: p }), /holds non-finite weights \(value 0 is Infinity\)/);
    // Another training config, another world size.
    const lr = await mk(['train.lr=1e-3']);
    await refused(good, /different training config: train\.lr/, lr);
    const w2 = await Trainer.create(testConfig(base), { rank: 0, worldSize: 2, allreduce: localAllReduce(2),
      log: quiet });
    await refused(good, /written by 1 worker\(s\), this run has 2/, w2);
    lr.dispose();
    w2.dispose();
    assert.equal(stateChecksum(recv), before);
    await applyState(recv, good); // and the good bytes still apply
    assert.equal(stateChecksum(recv), stateChecksum(donor));
  } finally {
    donor.dispose();
    recv.dispose();
  }
});

test('encodeState refuses a non-finite state (never sent)', async () => {
  const t = await mk();
  try {
    const s = checkpointState(t);
    s.m[3] = NaN; // a view of the live moments
    assert.throws(() => encodeState(t), (e: Error) =>
      e.name === 'NonFiniteError' &&
      /adam m\[3\] is NaN; checkpoint state of step 0 in flight not written/.test(e.message));
  } finally {
    t.dispose();
  }
});

class PeerLost extends Error {}

/** Per-bucket in-process sums for `n` ranks; on the 1-based steps in `failAt` every rank's finish() throws
 *  after the sums landed (the worst case: the buffer holds the whole failed step's global gradient). */
function flakySyncs(n: number, failAt: number[]): { syncs: GradSync[]; calls: number[]; } {
  const calls = new Array(n).fill(0);
  const syncs = localGradSyncs(n).map((s, r): GradSync => ({
    attach: (b, total) => s.attach(b, total),
    ready: (b) => s.ready(b),
    async finish() {
      const res = await s.finish();
      if (failAt.includes(++calls[r])) throw new PeerLost(`rank ${1 - r} lost`);
      return res;
    },
  }));
  return { syncs, calls };
}

test('abortStep: a step whose gradient exchange failed is redone bit for bit (2 ranks, a poisoned step, dropout, ' +
  'grad_accum 2)', async () => {
  const steps = 6, failedStep = 3; // rank 1's gradient at step 3 is poisoned: the step is skipped
  const group = async (failAt: number[]) => {
    const { syncs } = flakySyncs(2, failAt);
    const ar = localAllReduce(2);
    return Promise.all(
      [0, 1].map((rank) =>
        Trainer.create(testConfig([...base, 'cluster.bucket_bytes=4099']), { rank, worldSize: 2, allreduce: ar,
          gradSync: syncs[rank], log: quiet, poisonGradient: rank === 1 ? poisonAt(failedStep) : undefined })
      ),
    );
  };
  const straight = await group([]);
  const broken = await group([failedStep]); // the 3rd finish() call throws on both ranks
  try {
    const want: [number, number, boolean][] = [];
    for (let i = 0; i < steps; i++) {
      const rs = await Promise.all(straight.map((t) => t.trainStep()));
      want.push([rs[0].step, rs[0].loss, rs[0].skipped]);
    }
    assert.ok(want[failedStep - 1][2], 'the poisoned step is skipped in the undisturbed run');
    const got: [number, number, boolean][] = [];
    while (got.length < steps) {
      const rs = await Promise.allSettled(broken.map((t) => t.trainStep()));
      if (rs.every((r) => r.status === 'fulfilled')) {
        const r0 = rs[0].value;
        got.push([r0.step, r0.loss, r0.skipped]);
        continue;
      }
      assert.ok(rs.every((r) => r.status === 'rejected' && r.reason instanceof PeerLost));
      assert.ok(broken.every((t) => t.step === failedStep - 1), 'a failed step does not count');
      await assert.rejects(broken[0].trainStep(), /step 3 failed before its update; call abortStep\(\) first/);
      for (const t of broken) t.abortStep();
    }
    assert.deepEqual(got, want);
    for (const r of [0, 1]) {
      assert.equal(broken[r].weightsChecksum(), straight[r].weightsChecksum(), `rank ${r} weights`);
      assert.equal(stateChecksum(broken[r]), stateChecksum(straight[r]), `rank ${r} state`);
    }
    assert.equal(stateChecksum(broken[0]), stateChecksum(broken[1]));
  } finally {
    for (const t of [...straight, ...broken]) t.dispose();
  }
});
