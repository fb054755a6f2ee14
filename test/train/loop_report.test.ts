// The step loop reports, per step and rank, how long the step waited for communication after backward
// (exposed_comm_s) and what it spent outside compute and that wait (overhead_s), as the proto's StepReport
// fields (the worker forwards the object as is).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trainer } from '../../src/train/trainer';
import { StopVote, trainLoop } from '../../src/train/loop';
import type { StepReportOut } from '../../src/train/reporter';
import { mygpt } from '../../src/gen/mygpt';
import { testConfig, tmpDir } from '../helpers';
import { localAllReduce, localGradSyncs } from './local_allreduce';

test('2 ranks: every StepReport carries exposedCommS and overheadS, and they survive the proto encoding', async () => {
  const dir = tmpDir('loop');
  const cfg = testConfig(['backend.name=wasm', 'model.n_layer=1', 'model.n_head=2', 'model.n_embd=16',
    'model.block_size=16', 'train.batch_size=2', 'train.max_steps=4', 'train.eval_interval=0',
    'train.checkpoint_interval=0', 'train.sample_tokens=0', `run.dir=${dir}`, 'cluster.bucket_bytes=1024']);
  const ar = localAllReduce(2), syncs = localGradSyncs(2);
  const reports: StepReportOut[][] = [[], []];
  const trainers = await Promise.all(
    [0, 1].map((rank) =>
      Trainer.create(cfg, { rank, worldSize: 2, allreduce: ar, gradSync: syncs[rank], log: () => {} })
    ),
  );
  try {
    await Promise.all(trainers.map((t, rank) =>
      trainLoop(t, cfg, {
        rank,
        stop: new StopVote(() => false),
        comm: () => ({ bytes: 0, waitS: 0 }),
        reporter: { step: (r) => reports[rank].push(r), done: () => undefined },
      })
    ));
    for (const rows of reports) {
      assert.deepEqual(rows.map((r) => r.step), [1, 2, 3, 4]);
      for (const r of rows) {
        assert.ok(Number.isFinite(r.exposedCommS) && r.exposedCommS >= 0, `exposedCommS ${r.exposedCommS}`);
        assert.ok(r.overheadS > 0 && r.overheadS < r.stepS + 1, `overheadS ${r.overheadS}`);
        const back = mygpt.StepReport.decode(mygpt.StepReport.encode(r).finish());
        assert.equal(back.exposedCommS, r.exposedCommS);
        assert.equal(back.overheadS, r.overheadS);
        // the trainer's record travels whole: every field of the report is a StepReport field (nothing the
        // encoder would drop silently, e.g. the trainer's `skipped`)
        const notOnWire = Object.keys(r).filter((k) => !(k in back));
        assert.deepEqual(notOnWire, [], `reported but not in proto StepReport: ${notOnWire.join(', ')}`);
      }
    }
  } finally {
    for (const t of trainers) t.dispose();
  }
});
