// Chaos: random SIGKILLs of workers of one 4-worker run with cluster.min_workers 2 (MYGPT_CHAOS_KILLS, 6 in
// CI; the 20 with MYGPT_CHAOS_KILLS=20; seeded, MYGPT_CHAOS_SEED replays). The group shrinks and
// grows back around each kill without a checkpoint: exit 0, exactly train.max_steps, the final val loss
// within 1 % of an undisturbed run (the global batch never changes; fewer members only sum in another
// order), no completed step redone, no worker left behind, and from the members' log of which share of each
// step's work units they computed (MYGPT_TEST_UNIT_LOG): every completed step was computed by a whole tiling
// of the generation that completed it, so every sequence of the epoch so far was trained exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DATA, exitWithin, readJsonl, start } from '../coordinator/harness';
import { StepLine, assertNoWorkersLeft, cleanup, currentPid, faultConfig, prng, runToEnd, summary } from './harness';
import { loadDataset } from '../../src/data/dataset';
import { batchIndices } from '../../src/data/shard';
import { unitRange } from '../../src/train/units';

const KILLS = Number(process.env.MYGPT_CHAOS_KILLS ?? 6);
const SEED = Number(process.env.MYGPT_CHAOS_SEED ?? (Date.now() % 1_000_000));
const WORKERS = 4;
const STEPS = 40 + KILLS * 8;
const EVERY = 6; // steps between kills (a kill during a recovery is fine too: it is one more failure)

test(`chaos: ${KILLS} random SIGKILLs in a ${WORKERS}-worker run with min_workers 2 (seed ${SEED})`, {
  timeout: 120_000 + KILLS * 15_000,
}, async (t) => {
  t.diagnostic(`chaos: seed ${SEED} (replay with MYGPT_CHAOS_SEED=${SEED})`);
  const train = { max_steps: STEPS, checkpoint_interval: 10_000, eval_interval: STEPS };
  const ref = faultConfig({ workers: WORKERS }, train);
  let refLoss: number;
  try {
    refLoss = (await runToEnd(ref.file, ref.runDir)).s.finalValLoss;
  } finally {
    cleanup(ref.dir);
  }

  const { dir, file, runDir } = faultConfig({ workers: WORKERS, min_workers: 2, max_restarts: KILLS + 5 }, train);
  const unitLog = fs.mkdtempSync(path.join(dir, 'units-'));
  const coord = start('mygpt-coord', ['--config', file], { MYGPT_TEST_UNIT_LOG: unitLog });
  const rand = prng(SEED);
  let delivered = 0;
  try {
    for (let k = 0; k < KILLS; k++) {
      await coord.waitFor(new RegExp(`^step ${10 + k * EVERY}/${STEPS}`, 'm'), 60_000);
      const rank = Math.floor(rand() * WORKERS);
      const pid = currentPid(coord.out(), rank);
      try {
        process.kill(pid, 'SIGKILL');
        delivered++;
      } catch { /* already gone: killed and not yet relaunched */ }
      t.diagnostic(`kill ${k + 1}: rank ${rank} pid ${pid} after step ${10 + k * EVERY}`);
    }
    const { code } = await exitWithin(coord, 120_000);
    assert.equal(code, 0, coord.out());
    // every kill was acted on: the killed process was replaced (a member's death is a failure, a replacement's
    // before it joined is relaunched without one)
    assert.ok(delivered >= KILLS / 2, `only ${delivered} of ${KILLS} kills reached a live process`);
    assert.ok((coord.out().match(/^relaunched rank \d /gm) ?? []).length >= delivered, 'a relaunch per kill');
    const s = summary(runDir);
    assert.equal(s.steps, STEPS);
    assert.ok(Math.abs(s.finalValLoss - refLoss) <= 0.01 * refLoss,
      `final val loss ${s.finalValLoss} vs undisturbed ${refLoss}`);
    const lines = readJsonl<StepLine & { redone?: boolean; }>(path.join(runDir, 'progress.jsonl'));
    assert.deepEqual(lines.filter((l) => l.redone).map((l) => l.step), [], 'no completed step redone');
    for (let step = 1; step <= STEPS; step++) {
      assert.ok(lines.some((l) => l.step === step), `step ${step} missing from progress.jsonl`);
    }
    assertEverySequenceOnce(lines, unitLog);
    const f = JSON.parse(fs.readFileSync(path.join(runDir, 'failure.json'), 'utf8'));
    const recs = f.failures.map((x: { recovery?: { source: string; worldSize: number; }; }) => x.recovery).filter(
      Boolean,
    );
    assert.ok(recs.length >= 1 && recs.every((r: { source: string; }) => r.source === 'peer'), JSON.stringify(recs));
    t.diagnostic(
      `chaos: ${f.failures.length} failure(s) acted on, worlds after them: ${
        recs.map((r: { worldSize: number; }) => r.worldSize).join(' ')
      }, ` +
        `final val loss ${s.finalValLoss.toFixed(4)} (undisturbed ${refLoss.toFixed(4)})`,
    );
    await assertNoWorkersLeft(coord.out());
  } finally {
    coord.kill('SIGKILL');
    cleanup(dir);
  }
});

interface Share {
  generation: number;
  slot: number;
  pos: number;
  members: number;
  step: number;
}

/** progress.jsonl's generation of each step says which generation completed it; the unit log says which
 *  positions of that generation computed their share of it. Their shares must tile the step's W0 x A units,
 *  and the sequences of all those units (tinyConfig: seed 7, batch 4, block 16, grad_accum 1) are all distinct. */
function assertEverySequenceOnce(lines: StepLine[], dir: string): void {
  const shares = fs.readdirSync(dir).flatMap((f) => readJsonl<Share>(path.join(dir, f)));
  const completedIn = new Map(lines.map((l) => [l.step, l.generation]));
  const numSequences = loadDataset(DATA, 16, 0.1).train.numSequences;
  const seen = new Set<number>();
  for (let step = 1; step <= STEPS; step++) {
    const g = completedIn.get(step)!;
    const mine = shares.filter((x) => x.generation === g && x.step === step - 1);
    const W = mine[0]?.members ?? 0;
    assert.deepEqual(mine.map((x) => x.pos).sort((a, b) => a - b), [...Array(W).keys()],
      `step ${step} (generation ${g}): the members' shares ${JSON.stringify(mine)} do not tile the step`);
    for (const x of mine) {
      const { start, end } = unitRange(WORKERS, x.pos, W);
      for (let u = start; u < end; u++) {
        for (const i of batchIndices({ seed: 7, numSequences, step: step - 1, micro: 0, gradAccum: 1, batchSize: 4,
          rank: u, worldSize: WORKERS }))
        {
          assert.ok(!seen.has(i), `sequence ${i} trained twice (step ${step}, unit ${u})`);
          seen.add(i);
        }
      }
    }
  }
  assert.equal(seen.size, STEPS * WORKERS * 4, 'every sequence of the global batches, once');
}
