// Gang start for one generation: Hellos (checked, refused with a typed reason, or given a rank),
// Welcome to every rank once all joined, the initial checksums and steps, then Start. Partial gangs never
// start: the coordinator waits cluster.join_timeout_s for all of them (see Coordinator.runGeneration).
import { randomBytes } from 'node:crypto';
import { mygpt } from '../gen/mygpt';
import { ExitCode } from '../exit_codes';
import { num } from '../util/num';
import { ringTransportOf } from '../config/load';
import { LAUNCH_TOKEN_ENV, PROTOCOL_VERSION, Refusal, checkHello, refuseLabel } from '../control/handshake';
import { printable } from '../control/printable';
import type { RunContext } from './context';
import { RunError, checkError } from './failure';
import { RunPhase } from './phase';
import { describeSlot, WorkerSlot } from './registry';
import { divergentRank } from './progress';
import { WorkerState } from './state';
import { heldInfoOf, planStart, welcomeOf } from './recovery';

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
      worldSize: ctx.table.worldSize, ringTransport: ringTransportOf(ctx.cfg), allowedKeys: this.allowed });
    if (why) return this.refuse(peer, h, why);
    const rank = ctx.launched.length ? this.launchedRank(h) : ctx.table.assign(h);
    if (typeof rank !== 'number') return this.refuse(peer, h, rank);
    const s = ctx.table.join(rank, peer, h, performance.now());
    s.held = heldInfoOf(h.state, ctx.cfg.train.max_steps);
    if (h.state && !s.held) ctx.warn(`rank ${rank}: ignoring the malformed state its Hello describes; it receives the state like a replacement`);
    ctx.log(`rank ${rank} joined: pid ${s.pid} on ${s.host}, device ${s.device}, backend ${s.backend}, ring ${s.ringAddress}`);
    ctx.metrics?.setWorkerInfo({ rank, host: s.host || '?', device: s.device, backend: s.backend || '?', nativeKernels: s.nativeKernels ?? '' });
    ctx.publishStates();
    if (ctx.table.allJoined()) ctx.gen.gang.resolve();
  }

  /** Launched mode: the rank is the one whose launch token the Hello carries (requested_rank is ignored:
   *  anyone can ask for a rank, only the launched process knows its token). */
  private launchedRank(h: mygpt.IHello): number | Refusal {
    const token = h.launchToken ?? '';
    const rank = token ? this.ctx.launched.findIndex((w) => w.token === token) : -1;
    if (rank < 0) {
      return { code: mygpt.RefuseReason.REFUSE_BAD_LAUNCH_TOKEN, reason: token ? 'the launch token matches no launched worker' :
        `this coordinator launches its workers; a Hello must carry the launch token it gave them (env ${LAUNCH_TOKEN_ENV})` };
    }
    return this.ctx.table.slots[rank].joined ? { code: mygpt.RefuseReason.REFUSE_RANK_TAKEN, reason: `rank ${rank} has already joined` } : rank;
  }

  /** A refused Hello never changes the run: logged (rate-limited), counted, answered with a Refuse. */
  private refuse(peer: string, h: mygpt.IHello, r: Refusal): void {
    const { ctx } = this;
    const who = `worker pid ${h.pid ?? '?'} on ${JSON.stringify(printable(h.host, 64))} (requested rank ${h.requestedRank ?? -1})`;
    // the first few, then every 100th: a flood of Hellos (a misconfigured fleet, a fuzzer) cannot fill the log
    if (++this.refusals <= 5 || this.refusals % 100 === 0) ctx.warn(`refused ${who}: ${r.reason} (refusals so far: ${this.refusals})`);
    ctx.metrics?.incRefusals(refuseLabel(r.code));
    ctx.post(peer, { refuse: { reason: r.reason, code: r.code } });
  }

  /** The whole gang joined: Welcome every rank (ring addresses, the checkpoint and step to resume from). */
  welcomeAll(): void {
    const { ctx } = this;
    const gen = ctx.gen;
    ctx.phase.to(RunPhase.Initializing);
    const ring = ctx.table.slots.map((s) => s.ringAddress!);
    const ringPublicKeys = ctx.table.slots.map((s) => s.ringPublicKey ?? '');
    const ringSecret = randomBytes(32); // this generation's: the TCP ring's handshake key (never logged)
    const plan = gen.plan = planStart(ctx.cfg, ctx.table.slots.map((s) => s.held), gen.checkpoint, gen.startStep);
    for (const s of ctx.table.slots) {
      ctx.send(s, { welcome: { rank: s.rank, worldSize: ctx.table.worldSize, ringAddresses: ring, ringPublicKeys, ringSecret,
        ...welcomeOf(plan), generation: gen.number } });
    }
    ctx.log(`gang complete: ${ctx.table.slots.map((s) => `rank ${s.rank}=pid ${s.pid}@${s.host} ${s.device}`).join(', ')}`);
    // backend.name auto is resolved by each worker: build_info shows what the gang uses (e.g. "wasm",
    // or "tensorflow,wasm" for a mixed gang), not the configured name
    ctx.metrics?.setBuildBackend([...new Set(ctx.table.slots.map((s) => s.backend || '?'))].sort().join(','));
  }

  /** The first report of a rank in this generation: "set up, model built", with its step and checksum. */
  onInitReport(s: WorkerSlot, r: mygpt.IStepReport): void {
    const gen = this.ctx.gen;
    gen.initSteps[s.rank] = num(r.step);
    gen.initChecksums[s.rank] = r.weightsChecksum ?? '';
    gen.initStateChecksums[s.rank] = r.stateChecksum ?? '';
    const t = num(r.stateTransferS);
    if (t > gen.transferS) gen.transferS = t;
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
    const badState = divergentRank(gen.initStateChecksums);
    if (badState >= 0) {
      throw checkError(`replicas differ at start: rank ${badState} state checksum (weights, AdamW moments, step) ` +
        `${gen.initStateChecksums[badState]} != rank 0 ${gen.initStateChecksums[0]}`, badState);
    }
    const startStep = gen.initSteps[0];
    const off = gen.initSteps.findIndex((x) => x !== startStep);
    if (off >= 0) throw checkError(`replicas start at different steps: rank ${off} at ${gen.initSteps[off]}, rank 0 at ${startStep}`, off);
    if (gen.plan?.source === 'disk') ctx.log(`resuming from ${gen.plan.checkpoint} at step ${startStep}`);
    ctx.phase.to(RunPhase.Training);
    const now = performance.now();
    for (const s of ctx.table.slots) {
      ctx.table.setState(s, WorkerState.TRAINING);
      s.progressMs = now; // cluster.step_timeout_s counts from here
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
