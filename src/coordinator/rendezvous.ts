// Gang start for one generation: Hellos (checked, refused with a typed reason, or given a rank),
// Welcome to every rank once all joined, the initial checksums and steps, then Start. Partial gangs never
// start: the coordinator waits cluster.join_timeout_s for all of them (see Coordinator.runGeneration).
import { randomBytes } from 'node:crypto';
import { mygpt } from '../gen/mygpt';
import { ExitCode } from '../exit_codes';
import { num } from '../util/num';
import { LAUNCH_TOKEN_ENV, PROTOCOL_VERSION, Refusal, checkHello, refuseLabel } from '../control/handshake';
import { printable } from '../control/printable';
import type { RunContext } from './context';
import { RunError, checkError } from './failure';
import { RunPhase } from './phase';
import { describeSlot, WorkerSlot } from './registry';
import { divergentRank } from './progress';
import { WorkerState } from './state';
import { heldInfoOf, planStart, welcomeOf } from './recovery';
import { checkStepReport } from './reports';
import { minWorkers, ringTransportOf } from '../config/load';

export interface RendezvousOptions {
  configHash: string;
  allowedKeys?: readonly string[]; // with CURVE: the long-term client keys (a Hello's ring key must be a new one)
}

export class Rendezvous {
  private refusals = 0;
  private readonly allowed?: ReadonlySet<string>;

  constructor(private readonly ctx: RunContext, private readonly o: RendezvousOptions) {
    this.allowed = o.allowedKeys && new Set(o.allowedKeys);
  }

  onHello(peer: string, h: mygpt.IHello): void {
    const { ctx } = this;
    // A shrunk group (cluster.min_workers) takes replacements while it sets up or trains: they join the next
    // generation (Coordinator.grow); otherwise a Hello outside the gang's forming is refused.
    const joiner = (ctx.phase.is(RunPhase.Initializing) || ctx.phase.is(RunPhase.Training)) &&
      ctx.gen.worldSize < ctx.table.worldSize;
    if (!ctx.phase.is(RunPhase.Waiting) && !joiner) {
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
    if (h.state && !s.held) {
      ctx.warn(
        `rank ${rank}: ignoring the malformed state its Hello describes; it receives the state like a replacement`,
      );
    }
    // its report of that step, when the restart cut it off (checked like any report; it names no checkpoint)
    const late = h.lastReport && { ...h.lastReport, checkpointPath: '' };
    if (late && s.held && num(late.step) === s.held.step &&
      !checkStepReport(rank, late, { maxSteps: ctx.cfg.train.max_steps, runDir: ctx.cfg.run.dir }))
    {
      s.lastReport = late;
    }
    ctx.log(
      `rank ${rank} joined: pid ${s.pid} on ${s.host}, device ${s.device}, backend ${s.backend}, ring ${s.ringAddress}`,
    );
    ctx.metrics?.setWorkerInfo({ rank, host: s.host || '?', device: s.device, backend: s.backend || '?',
      nativeKernels: s.nativeKernels ?? '' });
    ctx.publishStates();
    if (joiner) return ctx.joined(s);
    this.checkGang();
  }

  /** Resolves the gang once it may start: every slot joined, or (after a failure, with cluster.min_workers
   *  below the world size) at least min_workers joined and every survivor told to rejoin is back, or has
   *  been silent for cluster.heartbeat_timeout_s (also checked at every heartbeat tick). */
  checkGang(): void {
    const { ctx } = this;
    const joined = ctx.table.slots.filter((s) => s.joined).length;
    const waited = performance.now() - ctx.gen.createdMs > ctx.cfg.cluster.heartbeat_timeout_s * 1000;
    const quorum = ctx.gen.number > 0 && joined >= minWorkers(ctx.cfg) &&
      (waited || [...ctx.gen.awaited].every((r) => ctx.table.slots[r].joined));
    if (ctx.phase.is(RunPhase.Waiting) && (joined === ctx.table.worldSize || quorum)) ctx.gen.gang.resolve();
  }

  /** Launched mode: the rank is the one whose launch token the Hello carries (requested_rank is ignored:
   *  anyone can ask for a rank, only the launched process knows its token). */
  private launchedRank(h: mygpt.IHello): number | Refusal {
    const token = h.launchToken ?? '';
    const rank = token ? this.ctx.launched.findIndex((w) => w.token === token) : -1;
    if (rank < 0) {
      return { code: mygpt.RefuseReason.REFUSE_BAD_LAUNCH_TOKEN, reason: token ?
        'the launch token matches no launched worker' :
        `this coordinator launches its workers; a Hello must carry the launch token it gave them (env ` +
        `${LAUNCH_TOKEN_ENV})` };
    }
    return this.ctx.table.slots[rank].joined
      ? { code: mygpt.RefuseReason.REFUSE_RANK_TAKEN, reason: `rank ${rank} has already joined` }
      : rank;
  }

  /** A refused Hello never changes the run: logged (rate-limited), counted, answered with a Refuse. */
  private refuse(peer: string, h: mygpt.IHello, r: Refusal): void {
    const { ctx } = this;
    const who = `worker pid ${h.pid ?? '?'} on ${JSON.stringify(printable(h.host, 64))} (requested rank ${
      h.requestedRank ?? -1
    })`;
    // the first few, then every 100th: a flood of Hellos (a misconfigured fleet, a fuzzer) cannot fill the log
    if (++this.refusals <= 5 || this.refusals % 100 === 0) {
      ctx.warn(`refused ${who}: ${r.reason} (refusals so far: ${this.refusals})`);
    }
    ctx.metrics?.incRefusals(refuseLabel(r.code));
    ctx.post(peer, { refuse: { reason: r.reason, code: r.code } });
  }

  /** The gang joined: its members (the joined slots) form the generation's ring; Welcome each with its
   *  position, the ring addresses, and where to start (recovery.ts planStart). */
  welcomeAll(): void {
    const { ctx } = this;
    const gen = ctx.gen;
    ctx.phase.to(RunPhase.Initializing);
    gen.form(ctx.table.slots.filter((s) => s.joined));
    const members = gen.members;
    const ring = members.map((s) => s.ringAddress!);
    const ringPublicKeys = members.map((s) => s.ringPublicKey ?? '');
    const ringSecret = randomBytes(32); // this generation's: the TCP ring's handshake key (never logged)
    const plan = gen.plan = planStart(ctx.cfg, members.map((s) => s.held), gen.checkpoint, gen.startStep,
      members.map((s) => s.rank));
    members.forEach((s, rank) => {
      ctx.send(s, {
        welcome: { rank, slot: s.rank, worldSize: members.length, configuredWorldSize: ctx.table.worldSize,
          ringAddresses: ring, ringPublicKeys, ringSecret, ...welcomeOf(plan), generation: gen.number },
      });
    });
    const shrunk = members.length < ctx.table.worldSize
      ? ` (${members.length} of ${ctx.table.worldSize}: cluster.min_workers ${minWorkers(ctx.cfg)})`
      : '';
    ctx.log(
      `gang complete${shrunk}: ${members.map((s) => `rank ${s.rank}=pid ${s.pid}@${s.host} ${s.device}`).join(', ')}`,
    );
    // With CURVE: the ring keys each member made for this generation, as its authenticated Hello carried them
    // (public keys: an audit trail of which key the Welcome bound to which rank)
    if (this.allowed) {
      ctx.log(
        `generation ${gen.number} ring keys (CURVE, one pair per worker and generation): ${
          members.map((s) => `rank ${s.rank} ${s.ringPublicKey}`).join(', ')
        }`,
      );
    }
    ctx.metrics?.setWorldSize(members.length);
    // backend.name auto is resolved by each worker: build_info shows what the gang uses (e.g. "wasm",
    // or "tensorflow,wasm" for a mixed gang), not the configured name
    ctx.metrics?.setBuildBackend([...new Set(members.map((s) => s.backend || '?'))].sort().join(','));
  }

  /** The first report of a rank in this generation: "set up, model built", with its step and checksum. */
  onInitReport(s: WorkerSlot, r: mygpt.IStepReport): void {
    const gen = this.ctx.gen;
    const p = gen.pos(s);
    if (p < 0) return; // a replacement waiting for the next generation
    gen.initSteps[p] = num(r.step);
    gen.initChecksums[p] = r.weightsChecksum ?? '';
    gen.initStateChecksums[p] = r.stateChecksum ?? '';
    const t = num(r.stateTransferS);
    if (t > gen.transferS) gen.transferS = t;
    if (gen.initChecksums.every(Boolean)) gen.initialized.resolve();
  }

  /** Every rank set up: check they agree (weights, step), then Start. Returns the step training starts at. */
  start(): number {
    const { ctx } = this;
    const gen = ctx.gen;
    const slot = (p: number) => gen.slotOf(p); // errors and blame name the stable rank
    const bad = divergentRank(gen.initChecksums);
    if (bad >= 0) {
      throw checkError(
        `replicas differ at start: rank ${slot(bad)} initial weights checksum ${gen.initChecksums[bad]} != ` +
          `rank ${slot(0)} ${gen.initChecksums[0]}`,
        slot(bad),
      );
    }
    const badState = divergentRank(gen.initStateChecksums);
    if (badState >= 0) {
      throw checkError(
        `replicas differ at start: rank ${slot(badState)} state checksum (weights, AdamW moments, step) ` +
          `${gen.initStateChecksums[badState]} != rank ${slot(0)} ${gen.initStateChecksums[0]}`,
        slot(badState),
      );
    }
    const startStep = gen.initSteps[0];
    const off = gen.initSteps.findIndex((x) => x !== startStep);
    if (off >= 0) {
      throw checkError(
        `replicas start at different steps: rank ${slot(off)} at ${gen.initSteps[off]}, rank ${
          slot(0)
        } at ${startStep}`,
        slot(off),
      );
    }
    if (gen.plan?.source === 'disk') ctx.log(`resuming from ${gen.plan.checkpoint} at step ${startStep}`);
    ctx.phase.to(RunPhase.Training);
    const now = performance.now();
    for (const s of gen.members) {
      ctx.table.setState(s, WorkerState.TRAINING);
      s.progressMs = now; // cluster.step_timeout_s counts from here
      ctx.send(s, { start: { startStep, generation: gen.number } });
    }
    ctx.publishStates();
    const t = ctx.cfg.train;
    const W0 = ctx.table.worldSize, W = gen.worldSize;
    ctx.log(`training: ${t.max_steps} steps, global batch ${t.batch_size * t.grad_accum * W0} ` +
      `sequences (${t.batch_size} x ${t.grad_accum} accum x ${W0} workers${W < W0 ? `, computed by ${W}` : ''}), ` +
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
    const slow = ctx.gen.members.filter((s, p) => !ctx.gen.initChecksums[p]);
    return checkError(`workers did not finish setting up (model, data) within ${ctx.cfg.cluster.join_timeout_s}s: ` +
      slow.map(describeSlot).join(', '), slow[0]?.rank ?? -1, ExitCode.Internal);
  }
}
