// One worker process: wiring only. Each generation: the control connection and its handshake (./control.ts);
// the ring and this rank's collectives (./rank.ts: the data plane cluster.ring_transport names, TCP or ZeroMQ,
// the latter on the native libzmq link where the addon has it, in the communication thread unless
// cluster.comm_thread is off); a Trainer given them; the state it starts from (./peer_state.ts); the step
// loop (train/loop.ts) reporting to the coordinator through WorkerControl. Errors become
// Failure{failed_rank, reason} (./failure.ts) and exit codes (src/exit_codes.ts).
import type { Config } from '../config/types';
import { configHash } from '../config/load';
import { ExitCode } from '../exit_codes';
import { Trainer } from '../train/trainer';
import { StopVote, trainLoop } from '../train/loop';
import { CheckpointWriter } from '../train/ckpt_writer';
import { selectBackend } from '../train/backend';
import { stateChecksum } from '../train/state';
import { nativeStatus } from '../native';
import { createZmqControlClient } from '../transport/zmq/control_client';
import type { WorkerRing } from '../collective/worker_ring';
import { LAUNCH_TOKEN_ENV, PROTOCOL_VERSION } from '../control/handshake';
import type { WorkerCurve } from '../security/keys';
import { sleep } from '../util/async';
import { liveResources, resourcesLine } from '../util/resources';
import type { Level } from '../util/log';
import { PREEMPTED_NOW, RESTART, StopRequest, WatchedParent, WorkerControl } from './control';
import { failureOf } from './failure';
import { HeldState, holdState, startingState } from './peer_state';
import { buildRank, openRing } from './rank';

export interface WorkerArgs {
  coordinator: string; // tcp://host:port
  rank: number; // requested rank, -1 = any
  device: string; // "cpu", "gpu:0"
  advertiseHost: string; // host the ring socket is reachable at
  parent?: WatchedParent; // launched by a local coordinator or the node launcher: exit if it goes away
  curve?: WorkerCurve; // security.curve: CURVE on the control connection and the ring
  expectedWorldSize?: number; // the world the environment describes (WORLD_SIZE...): the coordinator refuses another
  log: (line: string, level?: Level) => void;
}

/** Trains until done; resolves with the process exit code. A group restart (Shutdown{restart}) starts
 *  over with fresh sockets, a new Hello for the same rank and the Welcome of the next generation, as often
 *  as the coordinator asks (it alone bounds the counted ones by cluster.max_restarts). SIGTERM (launched or
 *  external alike): while training, every rank stops at the next step boundary with a checkpoint, then this
 *  one reports Failure{FAILURE_PREEMPTED} (unless its coordinator asked for that stop) and exits Preempted;
 *  otherwise at once. */
export async function runWorker(cfg: Config, a: WorkerArgs): Promise<number> {
  let rank = a.rank, ctl: WorkerControl | undefined, preempted = false;
  const kept: { held?: HeldState; } = {}; // the state this process keeps between generations (peer_state.ts)
  process.on('SIGTERM', () => {
    preempted = true;
    ctl?.sigterm();
  });
  for (let attempt = 0;; attempt++) {
    const r = await runOnce(cfg, { ...a, rank }, (c) => {
      ctl = c;
      if (preempted) c.preempt(PREEMPTED_NOW);
    }, kept);
    if (r.code !== RESTART) return r.code;
    if (preempted) return ExitCode.Preempted; // SIGTERM while this generation was closing
    // No bound here: only the coordinator knows which restarts count against cluster.max_restarts (a
    // preemption does not), and it ends the run when they are used up; a coordinator gone silent is the
    // heartbeat timeout's (docs/reliability.md).
    if (r.rank >= 0) rank = r.rank; // rejoin as the same rank
    a.log(`rejoining the coordinator as rank ${rank} (restart ${attempt + 1})`);
  }
}

/** What one generation holds, shared by its training (train()) and its end (runOnce's finally). */
interface Generation {
  ctl: WorkerControl;
  ring?: WorkerRing;
  trainer?: Trainer;
  number: number; // the Welcome's generation, -1 before it
  started: boolean; // the trainer holds this generation's starting state (or later)
  abandoned: boolean; // this generation is over (finally ran): its setup, still running, must not touch `kept`
}

/** One generation: ring, handshake, train; {code, rank} where code RESTART means "rejoin". `kept.held`: the
 *  state this process holds coming in (said in the Hello; dropped once installed) and, on RESTART, going out
 *  (its own last completed step, or what it held before when this generation never installed one). */
async function runOnce(cfg: Config, a: WorkerArgs, current: (c: WorkerControl) => void,
  kept: { held?: HeldState; }): Promise<{ code: StopRequest['code']; rank: number; }>
{
  let stopHook: (r: StopRequest) => void = () => undefined;
  const stopped = new Promise<StopRequest>((resolve) => {
    stopHook = resolve;
  });
  const c = a.curve, cl = cfg.cluster;
  const ctl = new WorkerControl(
    createZmqControlClient({ log: (l) => a.log(`[control] ${l}`),
      curve: c && { ...c.own, serverKey: c.serverPublicKey } }),
    a.coordinator,
    cl,
    cfg.train.max_steps,
    (r) => stopHook(r),
    a.parent,
  );
  current(ctl);
  const g: Generation = { ctl, number: -1, started: false, abandoned: false };
  // the state held coming in: its report and generation are handed on again if this generation trains no step
  const incoming = { report: kept.held?.report, generation: kept.held?.info.generation };
  const out: { code: StopRequest['code']; rank: number; } = { code: ExitCode.Internal, rank: a.rank };
  const waitForWord = () => Promise.race([stopped, sleep(cl.heartbeat_timeout_s * 1000).then(() => undefined)]);
  try {
    const { ring, transport, ringPublicKey } = await openRing(cfg, a); // bound before Hello (it carries the address)
    g.ring = ring;
    const backend = (await selectBackend(cfg.backend, a.log)).name; // before Hello: it reports the backend in use
    ctl.open({ protocolVersion: PROTOCOL_VERSION, requestedRank: a.rank, device: a.device, backend,
      configHash: configHash(cfg), ringAddress: ring.address, ringPublicKey, metricsAddress: '',
      nativeKernels: nativeStatus().active.join(','), launchToken: process.env[LAUNCH_TOKEN_ENV] ?? '',
      ringTransport: transport, expectedWorldSize: a.expectedWorldSize ?? 0, state: kept.held?.info ?? null,
      lastReport: kept.held?.report ?? null });
    const running = train(cfg, a, g, ring, kept, waitForWord);
    running.catch(() => undefined); // if a stop wins the race, the abandoned training may still reject
    let code = await Promise.race([running, stopped.then((r) => {
      a.log(`stopping: ${r.reason}`);
      return r.code;
    })]);
    // Stopped with a checkpoint before train.max_steps and no word from the coordinator: Preempted as well
    // (WorkerControl.endOfRun says why not 0).
    if (code === ExitCode.Ok && g.trainer !== undefined && g.trainer.step < cfg.train.max_steps) {
      code = ExitCode.Preempted;
    }
    if (code === ExitCode.Preempted) await ctl.flush(1000); // the Failure{PREEMPTED} goes out first
    return Object.assign(out, { code, rank: ctl.rank });
  } catch (e) {
    const f = failureOf(e);
    a.log(`error: ${(e as Error).message}`, 'error');
    if (f.reason === undefined) return Object.assign(out, { code: f.exit, rank: ctl.rank }); // refused: no report
    ctl.failure(f.reason, (e as Error).message, f.failedRank);
    await ctl.flush(1000);
    // Often a consequence of a peer's death: the coordinator may answer with a group restart. Wait for
    // its word (bounded by the heartbeat timeout) instead of exiting and having to be relaunched.
    const r = f.exit === ExitCode.Config ? undefined : await waitForWord();
    // RESTART, Stopped, CoordinatorLost, or our own
    return Object.assign(out, { code: r?.code ?? f.exit, rank: ctl.rank });
  } finally {
    g.abandoned = true;
    ctl.close();
    // Rejoining: keep this generation's last completed step (a step cut short is dropped) for the next one.
    // (cluster.recovery: restart: the coordinator never asks for it)
    if (out.code === RESTART && g.started && g.trainer && cfg.cluster.recovery === 'in_place') {
      const trained = ctl.lastSent() !== undefined; // a step completed in this generation (its report, or its update)
      kept.held = holdState(g.trainer, trained ? g.number : incoming.generation ?? g.number, a.log,
        trained ? ctl.lastSent() : incoming.report);
    }
    g.trainer?.dispose();
    await g.ring?.close(); // the communication thread has exited when this resolves
    if (process.env.MYGPT_DEBUG_RESOURCES === '1') a.log(resourcesLine(g.number, liveResources()));
  }
}

/** The generation from the Welcome to the coordinator's last word: the rank's collectives, the Trainer, its
 *  starting state (`kept.held`: what this process kept, else the Welcome's checkpoint or a peer's),
 *  Ready/Start, the step loop; resolves with the exit code (or RESTART) of the coordinator's word. */
async function train(cfg: Config, a: WorkerArgs, g: Generation, ring: WorkerRing, kept: { held?: HeldState; },
  waitForWord: () => Promise<StopRequest | undefined>): Promise<StopRequest['code']>
{
  const ctl = g.ctl, stop = new StopVote(() => ctl.checkpointRequested());
  const w = await ctl.waitWelcome();
  g.number = w.generation ?? 0;
  const r = buildRank(w, ctl.rank, ring, stop, () => g.trainer?.step ?? -1);
  const created = await Trainer.create(cfg, { rank: r.pos, worldSize: r.worldSize,
    configuredWorldSize: r.configuredWorldSize, allreduce: r.allreduce, gradSync: r.gradSync,
    poisonGradient: r.poisonGradient, log: a.log });
  if (g.abandoned) { // the generation ended while the model was built
    created.dispose();
    return ExitCode.Internal;
  }
  const trainer = g.trainer = created;
  a.log(`rank ${r.slot}/${r.configuredWorldSize}`
    + (r.worldSize < r.configuredWorldSize ? ` (position ${r.pos} of ${r.worldSize} members)` : '')
    + `: ${trainer.paramCount} parameters, backend ${trainer.backendName}, ${trainer.bucketCount} gradient bucket(s) `
    + (r.threaded
      ? 'reduced in the communication thread during backward'
      : 'reduced on the main thread after backward'));
  // A group restart in this process: the failed generation's queued checkpoint writes finish first, so
  // none of them prunes or repoints `latest` under the checkpoint this one loads.
  await CheckpointWriter.idle(30_000, (l) => a.log(l));
  const s = await startingState(trainer, w, kept.held, r.worldSize > 1 ? ring : undefined, a.log);
  if (g.abandoned) return ExitCode.Internal;
  g.started = true;
  kept.held = undefined; // the trainer holds it now: no second copy while this generation trains
  ctl.ready(trainer.step, trainer.weightsChecksum(), stateChecksum(trainer), s.transferS);
  await ctl.waitStart();
  await trainLoop(trainer, cfg, { rank: r.pos, reporter: ctl, stop, log: a.log,
    resumedFrom: w.checkpointPath ?? undefined, comm: r.takeComm });
  // Our own SIGTERM stopped the ranks here (Done sent): the coordinator restarts the group from this checkpoint.
  if (trainer.step < cfg.train.max_steps && ctl.stoppedBySignal()) {
    ctl.preempt(`SIGTERM (preempted): every rank stopped at step ${trainer.step} with a checkpoint`);
  }
  await ctl.flush(2000);
  // Wait for the coordinator's Shutdown (it confirms Done arrived); bounded by the heartbeat timeout.
  return (await waitForWord())?.code ?? ExitCode.Ok;
}
