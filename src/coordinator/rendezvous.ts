// Gang start for one generation: Hellos (checked, refused with a typed reason, or given a rank),
// Welcome to every rank once all joined, the initial checksums and steps, then Start. Partial gangs never
// start: the coordinator waits cluster.join_timeout_s for all of them (see Coordinator.runGeneration).
import { mygpt } from '../gen/mygpt';
import { ExitCode } from '../exit_codes';
import { num } from '../util/num';
import { PROTOCOL_VERSION, Refusal, checkHello } from '../control/handshake';
import type { RunContext } from './context';
import { RunError, checkError } from './failure';
import { RunPhase } from './phase';
import { describeSlot, WorkerSlot } from './registry';
import { divergentRank } from './progress';
import { WorkerState } from './state';

export interface RendezvousOptions {
  configHash: string;
  allowedKeys?: readonly string[];  // with CURVE: ring public keys a Hello may carry
}

export class Rendezvous {
  private refusals = 0;
  private readonly allowed?: ReadonlySet<string>;

  constructor(private readonly ctx: RunContext, private readonly o: RendezvousOptions) {
    this.allowed = o.allowedKeys && new Set(o.allowedKeys);
  }

  onHello(peer: string, h: mygpt.IHello): void {
    const { ctx } = this;
    if (!ctx.phase.is(RunPhase.Waiting)) {
      return this.refuse(peer, h, { code: mygpt.RefuseReason.REFUSE_NOT_ACCEPTING,
        reason: `the gang of ${ctx.table.worldSize} already started; late workers are refused` });
    }
    const why = checkHello(h, { protocolVersion: PROTOCOL_VERSION, configHash: this.o.configHash,
      worldSize: ctx.table.worldSize, allowedKeys: this.allowed });
    if (why) return this.refuse(peer, h, why);
    const rank = ctx.table.assign(h);
    if (typeof rank !== 'number') return this.refuse(peer, h, rank);
    const launchedPid = ctx.launched[rank]?.pid;
    if (launchedPid !== undefined && launchedPid !== h.pid) {
      return this.refuse(peer, h, { code: mygpt.RefuseReason.REFUSE_BAD_LAUNCH_TOKEN,
        reason: `rank ${rank} belongs to launched pid ${launchedPid}, not pid ${h.pid}` });
    }
    const s = ctx.table.join(rank, peer, h, Date.now());
    ctx.log(`rank ${rank} joined: pid ${s.pid} on ${s.host}, device ${s.device}, backend ${s.backend}, ring ${s.ringAddress}`);
    ctx.metrics?.setWorkerInfo({ rank, host: s.host || '?', device: s.device, backend: s.backend || '?', nativeKernels: s.nativeKernels ?? '' });
    ctx.publishStates();
    if (ctx.table.allJoined()) ctx.gen.gang.resolve();
  }

  private refuse(peer: string, h: mygpt.IHello, r: Refusal): void {
    const { ctx } = this;
    const who = `worker pid ${h.pid ?? '?'} on ${h.host || '?'} (requested rank ${h.requestedRank ?? -1})`;
    // the first few, then every 100th: a flood of Hellos (a misconfigured fleet, a fuzzer) cannot fill the log
    if (++this.refusals <= 5 || this.refusals % 100 === 0) ctx.warn(`refused ${who}: ${r.reason} (refusals so far: ${this.refusals})`);
    ctx.post(peer, { refuse: { reason: r.reason, code: r.code } });
    if (ctx.launched.length > 0 && (h.requestedRank ?? -1) >= 0 && ctx.phase.is(RunPhase.Waiting)) {
      ctx.gen.fail(checkError(`launched rank ${h.requestedRank} was refused: ${r.reason}`, h.requestedRank!, ExitCode.Config));
    }
  }

  /** The whole gang joined: Welcome every rank (ring addresses, the checkpoint and step to resume from). */
  welcomeAll(): void {
    const { ctx } = this;
    const gen = ctx.gen;
    ctx.phase.to(RunPhase.Initializing);
    const ring = ctx.table.slots.map((s) => s.ringAddress!);
    const ringPublicKeys = ctx.table.slots.map((s) => s.ringPublicKey ?? '');
    for (const s of ctx.table.slots) {
      ctx.send(s, { welcome: { rank: s.rank, worldSize: ctx.table.worldSize, ringAddresses: ring, ringPublicKeys,
        startStep: gen.startStep, checkpointPath: gen.checkpoint, generation: gen.number } });
    }
    ctx.log(`gang complete: ${ctx.table.slots.map((s) => `rank ${s.rank}=pid ${s.pid}@${s.host} ${s.device}`).join(', ')}`);
  }

  /** The first report of a rank in this generation: "set up, model built", with its step and checksum. */
  onInitReport(s: WorkerSlot, r: mygpt.IStepReport): void {
    const gen = this.ctx.gen;
    gen.initSteps[s.rank] = num(r.step);
    gen.initChecksums[s.rank] = r.weightsChecksum ?? '';
    if (gen.initChecksums.every(Boolean)) gen.initialized.resolve();
  }

  /** Every rank set up: check they agree (weights, step), then Start. Returns the step training starts at. */
  start(): number {
    const { ctx } = this;
    const gen = ctx.gen;
    const bad = divergentRank(gen.initChecksums);
    if (bad >= 0) {
      throw checkError(`replicas differ at start: rank ${bad} initial weights checksum ${gen.initChecksums[bad]} != ` +
        `rank 0 ${gen.initChecksums[0]}`, bad);
    }
    const startStep = gen.initSteps[0];
    const off = gen.initSteps.findIndex((x) => x !== startStep);
    if (off >= 0) throw checkError(`replicas start at different steps: rank ${off} at ${gen.initSteps[off]}, rank 0 at ${startStep}`, off);
    if (gen.checkpoint) ctx.log(`resuming from ${gen.checkpoint} at step ${startStep}`);
    ctx.phase.to(RunPhase.Training);
    for (const s of ctx.table.slots) {
      ctx.table.setState(s, WorkerState.TRAINING);
      ctx.send(s, { start: { startStep, generation: gen.number } });
    }
    ctx.publishStates();
    const t = ctx.cfg.train;
    ctx.log(`training: ${t.max_steps} steps, global batch ${t.batch_size * t.grad_accum * ctx.table.worldSize} ` +
      `sequences (${t.batch_size} x ${t.grad_accum} accum x ${ctx.table.worldSize} workers), ` +
      `identical weights on every rank (sha256 ${gen.initChecksums[0].slice(0, 12)}...)`);
    return startStep;
  }

  gangTimeout(): RunError {
    const { ctx } = this;
    const missing = ctx.table.missing();
    const names = missing.map((s) => ctx.launched.length ? describeSlot(s) : `rank ${s.rank}`).join(', ');
    return checkError(`gang start failed: ${missing.length} of ${ctx.table.worldSize} worker(s) did not join within ` +
      `${ctx.cfg.cluster.join_timeout_s}s (cluster.join_timeout_s): missing ${names}; no partial group was started`,
    missing[0]?.rank ?? -1, ExitCode.Internal);
  }

  initTimeout(): RunError {
    const { ctx } = this;
    const slow = ctx.table.slots.filter((s) => !ctx.gen.initChecksums[s.rank]);
    return checkError(`workers did not finish setting up (model, data) within ${ctx.cfg.cluster.join_timeout_s}s: ` +
      slow.map(describeSlot).join(', '), slow[0]?.rank ?? -1, ExitCode.Internal);
  }
}
