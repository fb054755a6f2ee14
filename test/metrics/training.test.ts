// TrainingMetrics: what a scraper sees after StepReports arrive (parsed text exposition).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { register as globalRegister } from 'prom-client';
import { METRIC } from '../../src/metrics/names';
import { MetricsInputError } from '../../src/metrics/validate';
import { StepObservation, TrainingMetrics } from '../../src/metrics/training';
import { stepObservationFromReport } from '../../src/coordinator/steps';
import { mygpt } from '../../src/gen/mygpt';
import { parseExposition, valueOf } from './exposition';

const base: StepObservation = {
  rank: 0,
  step: 1,
  loss: 4.0,
  lr: 1e-3,
  computeS: 0.3,
  exposedCommS: 0.1,
  waitS: 0.02,
  stepS: 0.5,
  tokens: 1000,
  allreduceBytes: 4096,
};

async function scrape(m: TrainingMetrics) {
  return parseExposition(await m.registry.metrics());
}

test('per-rank and global series after steps from two ranks', async () => {
  const m = new TrainingMetrics({ defaultMetrics: false, now: () => 1234 });
  m.observeStep({ ...base, rank: 0, step: 1, loss: 4.0, stepS: 0.5, tokens: 1000 });
  m.observeStep({ ...base, rank: 1, step: 1, loss: 3.0, stepS: 0.25, tokens: 1000, gradNorm: 1.5 });
  m.observeStep({ ...base, rank: 0, step: 2, loss: 2.0, stepS: 2.0, tokens: 1000, exposedCommS: 0.004 });
  const e = await scrape(m);

  assert.equal(valueOf(e, METRIC.workerTrainLoss, { rank: '0' }), 2.0);
  assert.equal(valueOf(e, METRIC.workerTrainLoss, { rank: '1' }), 3.0);
  assert.equal(valueOf(e, METRIC.trainLoss), 2.5); // mean of latest per rank
  assert.equal(valueOf(e, METRIC.tokens, { rank: '0' }), 2000);
  assert.equal(valueOf(e, METRIC.tokens, { rank: '1' }), 1000);
  assert.equal(valueOf(e, METRIC.workerTokensPerSecond, { rank: '0' }), 500); // 1000 / 2.0
  assert.equal(valueOf(e, METRIC.workerTokensPerSecond, { rank: '1' }), 4000); // 1000 / 0.25
  assert.equal(valueOf(e, METRIC.tokensPerSecond), 4500);
  assert.equal(valueOf(e, METRIC.workerStep, { rank: '0' }), 2);
  assert.equal(valueOf(e, METRIC.workerLastReport, { rank: '1' }), 1234);
  assert.equal(valueOf(e, METRIC.allreduceBytes, { rank: '0' }), 8192);
  assert.ok(Math.abs(valueOf(e, METRIC.computeSeconds, { rank: '0' }) - 0.6) < 1e-12);
  assert.ok(Math.abs(valueOf(e, METRIC.waitSeconds, { rank: '0' }) - 0.04) < 1e-12);
  assert.equal(valueOf(e, METRIC.learningRate), 1e-3);
  assert.equal(valueOf(e, METRIC.gradNorm), 1.5);

  // histograms: rank 0 saw step durations 0.5 and 2.0
  assert.equal(e.types.get(METRIC.stepDuration), 'histogram');
  assert.equal(valueOf(e, `${METRIC.stepDuration}_count`, { rank: '0' }), 2);
  assert.equal(valueOf(e, `${METRIC.stepDuration}_sum`, { rank: '0' }), 2.5);
  assert.equal(valueOf(e, `${METRIC.stepDuration}_bucket`, { rank: '0', le: '0.5' }), 1);
  assert.equal(valueOf(e, `${METRIC.stepDuration}_bucket`, { rank: '0', le: '2.5' }), 2);
  assert.equal(valueOf(e, `${METRIC.allreduceDuration}_bucket`, { rank: '0', le: '0.005' }), 1);
  assert.equal(valueOf(e, `${METRIC.allreduceDuration}_count`, { rank: '1' }), 1);
  assert.equal(e.types.get(METRIC.tokens), 'counter');
});

test('progress, val loss, worker states, restarts, build info', async () => {
  const m = new TrainingMetrics({ defaultMetrics: false });
  let e = await scrape(m);
  assert.equal(valueOf(e, METRIC.restarts, { reason: 'failure' }), 0); // present before the first restart
  assert.equal(valueOf(e, METRIC.restarts, { reason: 'preempted' }), 0);
  assert.equal(valueOf(e, METRIC.workers, { state: 'FAILED' }), 0);
  assert.equal(valueOf(e, METRIC.runPhase, { phase: 'waiting' }), 1); // a phase from the start
  assert.equal(valueOf(e, METRIC.runPhase, { phase: 'training' }), 0);
  assert.equal(valueOf(e, METRIC.nonfiniteSkips), 0);
  // no loss sample before the first step / evaluation (a 0 would read as a perfect model)
  assert.equal(e.samples.filter((x) => x.name === METRIC.trainLoss || x.name === METRIC.valLoss).length, 0);

  m.setProgress(25, 100, 90);
  m.setValLoss(1.75);
  m.setWorkerStates({ TRAINING: 3, FAILED: 1 });
  m.incRestarts();
  m.incRestarts();
  m.incRestarts('preempted');
  m.setPhase('training');
  m.setBuildInfo({ version: '0.1.0', configHash: 'abc123', backend: 'cpu' });
  m.setWorkerInfo({ rank: 1, host: 'node-a', device: 'cpu', backend: 'wasm', nativeKernels: 'matmul,fused' });
  e = await scrape(m);
  assert.equal(valueOf(e, METRIC.step), 25);
  assert.equal(valueOf(e, METRIC.totalSteps), 100);
  assert.equal(valueOf(e, METRIC.progressRatio), 0.25);
  assert.equal(valueOf(e, METRIC.etaSeconds), 90);
  assert.equal(valueOf(e, METRIC.valLoss), 1.75);
  assert.equal(valueOf(e, METRIC.workers, { state: 'TRAINING' }), 3);
  assert.equal(valueOf(e, METRIC.workers, { state: 'FAILED' }), 1);
  assert.equal(valueOf(e, METRIC.workers, { state: 'PENDING' }), 0);
  assert.equal(valueOf(e, METRIC.restarts, { reason: 'failure' }), 2);
  assert.equal(valueOf(e, METRIC.restarts, { reason: 'preempted' }), 1);
  assert.equal(valueOf(e, METRIC.recoveries, { source: 'peer' }), 0); // present before the first recovery
  m.observeRecovery('peer', 1.25, 0);
  m.observeRecovery('disk', 3.5, 7);
  const r = await scrape(m);
  assert.equal(valueOf(r, METRIC.recoveries, { source: 'peer' }), 1);
  assert.equal(valueOf(r, METRIC.recoveries, { source: 'disk' }), 1);
  assert.equal(valueOf(r, METRIC.recoverySeconds), 3.5);
  assert.equal(valueOf(r, METRIC.stepsRedone), 7);
  assert.throws(() => m.observeRecovery('peer', -1, 0), MetricsInputError);
  assert.throws(() => m.observeRecovery('tape' as 'peer', 1, 0), MetricsInputError);
  assert.equal(valueOf(e, METRIC.runPhase, { phase: 'training' }), 1);
  assert.equal(valueOf(e, METRIC.runPhase, { phase: 'waiting' }), 0);
  assert.equal(valueOf(e, METRIC.buildInfo, { version: '0.1.0', config_hash: 'abc123', backend: 'cpu' }), 1);
  assert.equal(
    valueOf(e, METRIC.workerInfo, { rank: '1', host: 'node-a', device: 'cpu', backend: 'wasm',
      native_kernels: 'matmul,fused' }),
    1,
  );

  m.setWorkerStates({ DONE: 4 }); // states left out drop to 0
  m.setBuildInfo({ version: '0.1.0', configHash: 'abc123', backend: 'wasm' });
  m.setWorkerInfo({ rank: 1, host: 'node-b', device: 'cpu', backend: 'cpu', nativeKernels: '' }); // a relaunched rank 1
  e = await scrape(m);
  assert.equal(valueOf(e, METRIC.workers, { state: 'TRAINING' }), 0);
  assert.equal(e.samples.filter((s) => s.name === METRIC.buildInfo).length, 1); // old labels replaced
  assert.equal(e.samples.filter((s) => s.name === METRIC.workerInfo).length, 1);
  assert.equal(
    valueOf(e, METRIC.workerInfo, { rank: '1', host: 'node-b', device: 'cpu', backend: 'cpu', native_kernels: 'none' }),
    1,
  );
});

test('NaN loss is exported as NaN (the alert needs it), forgetRank drops a rank', async () => {
  const m = new TrainingMetrics({ defaultMetrics: false });
  m.observeStep({ ...base, rank: 0, loss: NaN });
  m.observeStep({ ...base, rank: 1, loss: 2 });
  let e = await scrape(m);
  assert.ok(Number.isNaN(valueOf(e, METRIC.workerTrainLoss, { rank: '0' })));
  assert.ok(Number.isNaN(valueOf(e, METRIC.trainLoss)));
  m.forgetRank(0);
  e = await scrape(m);
  assert.equal(e.samples.filter((s) => s.labels.rank === '0').length, 0);
  assert.equal(valueOf(e, METRIC.trainLoss), 2);
  assert.equal(valueOf(e, METRIC.tokensPerSecond), 2000);
});

test('bad input is rejected with a message naming field and rank', () => {
  const m = new TrainingMetrics({ defaultMetrics: false });
  const bad: [Partial<StepObservation>, RegExp][] = [
    [{ rank: -1 }, /rank must be a non-negative integer, got -1/],
    [{ rank: 1.5 }, /rank must be a non-negative integer/],
    [{ rank: 2, stepS: -0.1 }, /stepS \(rank 2\) must be a finite number >= 0, got -0.1/],
    [{ rank: 3, tokens: 1.5 }, /tokens \(rank 3\) must be a non-negative integer, got 1.5/],
    [{ rank: 1, waitS: Infinity }, /waitS \(rank 1\)/],
    [{ rank: 1, lr: NaN }, /lr \(rank 1\)/],
    [{ rank: 1, allreduceBytes: -4 }, /allreduceBytes \(rank 1\)/],
  ];
  for (const [patch, msg] of bad) {
    assert.throws(() => m.observeStep({ ...base, ...patch }), (err: Error) =>
      err instanceof MetricsInputError && msg.test(err.message));
  }
  assert.throws(() => m.setWorkerStates({ RUNNING: 1 } as never),
    /unknown worker state "RUNNING" \(expected one of PENDING, READY/);
  assert.throws(() => m.setWorkerStates({ READY: -1 }), /workers\[READY\] must be a non-negative integer/);
  assert.throws(() => m.setProgress(11, 10, 0), /step 11 is past totalSteps 10/);
  assert.throws(() => m.setProgress(1, 10, -5), /etaS must be a finite number >= 0/);
  assert.throws(() => m.setBuildInfo({ version: '', configHash: 'x', backend: 'cpu' }),
    /buildInfo.version must be a non-empty string/);
  assert.throws(() => m.setPhase('running' as never), /unknown run phase "running"/);
  assert.throws(() => m.incRestarts('oom' as never), /unknown restart reason "oom"/);
  assert.throws(() => m.observeStep({ ...base, rank: 2, exposedCommS: -1 }), /exposedCommS \(rank 2\)/);
});

test('own registry: nothing leaks into the prom-client global registry; default metrics on ours', async () => {
  const a = new TrainingMetrics();
  const b = new TrainingMetrics(); // a second instance must not clash
  a.observeStep(base);
  const names = (await a.registry.getMetricsAsJSON()).map((x) => x.name);
  assert.ok(names.includes('process_cpu_seconds_total'));
  assert.ok(names.includes(METRIC.trainLoss));
  assert.equal((await globalRegister.getMetricsAsJSON()).filter((x) => x.name.startsWith('mygpt_')).length, 0);
  assert.equal(valueOf(parseExposition(await b.registry.metrics()), METRIC.tokensPerSecond), 0);
});

test('StepReport from the wire maps onto observeStep; unset val_loss does not overwrite val loss', async () => {
  const wire = mygpt.StepReport.encode({
    rank: 2,
    step: 7,
    loss: 3.5,
    valLoss: NaN,
    lr: 0.0005,
    computeS: 0.2,
    exposedCommS: 0.05,
    waitS: 0.01,
    stepS: 0.25,
    tokens: 512,
    allreduceBytes: 1 << 20,
    gradNorm: 0.75,
  }).finish();
  const obs = stepObservationFromReport(mygpt.StepReport.decode(wire));
  assert.equal(obs.valLoss, undefined);
  assert.equal(obs.gradNorm, 0.75);
  const m = new TrainingMetrics({ defaultMetrics: false });
  m.setValLoss(1.9);
  m.observeStep(obs);
  m.observeStep(
    stepObservationFromReport(
      mygpt.StepReport.decode(
        mygpt.StepReport.encode({ rank: 2, step: 8, loss: 3, stepS: 0.25, tokens: 512 }).finish(),
      ),
    ),
  );
  const e = await scrape(m);
  assert.equal(valueOf(e, METRIC.valLoss), 1.9);
  assert.equal(valueOf(e, METRIC.tokens, { rank: '2' }), 1024);
  assert.equal(valueOf(e, METRIC.allreduceBytes, { rank: '2' }), 1 << 20);
  assert.equal(valueOf(e, METRIC.workerTrainLoss, { rank: '2' }), 3);
});

test('exposed communication and non-finite skips from the wire StepReport', async () => {
  const m = new TrainingMetrics({ defaultMetrics: false });
  const report = (rank: number, step: number, exposedCommS: number, nonfiniteSkips: number) =>
    stepObservationFromReport(mygpt.StepReport.decode(mygpt.StepReport.encode({
      rank,
      step,
      loss: 3,
      stepS: 0.25,
      tokens: 512,
      exposedCommS,
      nonfiniteSkips,
      nonfinite: nonfiniteSkips > 0,
    }).finish()));
  m.observeStep(report(0, 1, 0.002, 0));
  m.observeStep(report(1, 1, 0.2, 0));
  m.observeStep(report(0, 2, 0.004, 1)); // step 2 skipped: the cumulative count reaches 1 on every rank
  m.observeStep(report(1, 2, 0.004, 1));
  m.observeStep(report(0, 3, 0.004, 3)); // two more
  const e = await scrape(m);
  assert.equal(e.types.get(METRIC.exposedComm), 'histogram');
  assert.equal(valueOf(e, `${METRIC.exposedComm}_count`, { rank: '0' }), 3);
  assert.ok(Math.abs(valueOf(e, `${METRIC.exposedComm}_sum`, { rank: '0' }) - 0.01) < 1e-9);
  // the all-reduce duration is the same wait (the one wire field, exposed_comm_s): dashboards read either
  assert.ok(Math.abs(valueOf(e, `${METRIC.allreduceDuration}_sum`, { rank: '0' }) - 0.01) < 1e-9);
  assert.equal(valueOf(e, `${METRIC.exposedComm}_bucket`, { rank: '1', le: '0.005' }), 1);
  assert.equal(valueOf(e, METRIC.nonfiniteSkips), 3); // counted once per skipped step, not once per rank
});
