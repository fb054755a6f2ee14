// One worker process: wiring only. Control client + handshake (control.ts), the ring (collective/setup
// createRing over the ZeroMQ RingLinkFactory), a Trainer with the injected all-reduce, and the step loop
// (train/loop.ts) reporting to the coordinator through WorkerControl. Errors become Failure{failed_rank,
// reason} (failure.ts) and exit codes (src/exit_codes.ts).
import type { Config } from '../config/types';
import { configHash, ringTransportOf } from '../config/load';
import { ExitCode } from '../exit_codes';
import { Trainer, AllReduce, identityAllReduce } from '../train/trainer';
import { StopVote, trainLoop } from '../train/loop';
import { CheckpointWriter } from '../train/ckpt_writer';
import { serialGradSync } from '../train/grad_sync';
import { selectBackend } from '../train/backend';
import { nativeStatus } from '../native';
import { createZmqControlClient } from '../transport/zmq';
import { chunkBytes, exchangeMaxBytes, ringLinks } from '../transport';
import { ringKeyPair } from '../transport/ring_auth';
import { createRing } from '../collective/setup';
import { mainThreadRing, threadedRing, WorkerRing } from '../collective/worker_ring';
import type { AllReduceStats } from '../collective/wire';
import { LAUNCH_TOKEN_ENV, PROTOCOL_VERSION } from '../control/handshake';
import { PREEMPTED_NOW, RESTART, StopRequest, WatchedParent, WorkerControl } from './control';
import { failureOf } from './failure';
import { testPoisonFromEnv } from '../train/nonfinite';
import { withTestStall, withTestStallSync, withTestUnitLog } from '../util/test_hooks';
import type { WorkerCurve } from '../security/keys';
import { plainBindWarning } from '../security/exposure';
import { sleep } from '../util/time';
import { liveResources, resourcesLine } from '../util/resources';
import type { Level } from '../util/log';
import { stateChecksum } from '../train/state';
import { HeldState, holdState, startingState } from './peer_state';

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
 *  as the coordinator asks (it alone bounds the counted ones by cluster.max_restarts). SIGTERM (launched or external alike): while
 *  training, every rank stops at the next step boundary with a checkpoint, then this one reports
 *  Failure{FAILURE_PREEMPTED} (unless its coordinator asked for that stop) and exits Preempted; otherwise at once. */
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
  let trainer: Trainer | undefined, ring: WorkerRing | undefined, generation = -1;
  let started = false; // the trainer holds this generation's starting state (or later)
  let abandoned = false; // this generation is over (finally ran): its setup, still running, must not touch `kept`
  // the state held coming in: its report and generation are handed on again if this generation trains no step
  const incoming = { report: kept.held?.report, generation: kept.held?.info.generation };
  const out: { code: StopRequest['code']; rank: number; } = { code: ExitCode.Internal, rank: a.rank };
  const waitForWord = () => Promise.race([stopped, sleep(cl.heartbeat_timeout_s * 1000).then(() => undefined)]);
  try {
    const stop = new StopVote(() => ctl.checkpointRequested());
    const comm = { bytes: 0, waitS: 0 };
    // Bound before Hello (it carries the address); connected once the Welcome names the other ranks.
    // cluster.comm_thread: the sockets and the sums live in a worker thread (collective/comm_thread.ts).
    const transport = ringTransportOf(cfg);
    const chunk = chunkBytes(transport, cl.chunk_bytes);
    const ro = { rank: Math.max(0, a.rank), advertiseHost: a.advertiseHost, chunkBytes: chunk, wireDtype: cl.wire_dtype,
      timeoutMs: cl.collective_timeout_s * 1000, exchangeMaxBytes: exchangeMaxBytes(transport, cl.exchange_max_bytes) };
    const curve = c && ringKeyPair(); // this generation's ring key pair (its public key goes in the Hello)
    // cluster.ring_transport (auto: TCP, ZeroMQ with CURVE); maxPayloadBytes: one chunk bounds what a flood can queue
    const links = { transport, curve, maxPayloadBytes: chunk, sharedMemory: cl.shared_memory };
    if (c && transport === 'tcp') {
      a.log(
        'cluster.ring_transport: tcp: gradients travel unencrypted although security.curve is on (docs/security.md)',
      );
    }
    ring = cl.comm_thread ?
      await threadedRing({ ...ro, links, log: a.log })
      : mainThreadRing(
        await createRing({ ...ro, links: ringLinks({ ...links, log: (l) => a.log(`[ring] ${l}`) }), log: a.log }),
        ro,
      );
    const exposed = plainBindWarning('the ring socket', ring.bound.replace(/^tcp:\/\/(.*):\d+$/, '$1'),
      c !== undefined);
    if (exposed) a.log(exposed);
    const backend = await selectBackend(cfg.backend, a.log); // before Hello: it reports the backend in use
    ctl.open({ protocolVersion: PROTOCOL_VERSION, requestedRank: a.rank, device: a.device, backend,
      configHash: configHash(cfg), ringAddress: ring.address, ringPublicKey: curve?.publicKey ?? '', metricsAddress: '',
      nativeKernels: nativeStatus().active.join(','), launchToken: process.env[LAUNCH_TOKEN_ENV] ?? '',
      ringTransport: links.transport, expectedWorldSize: a.expectedWorldSize ?? 0, state: kept.held?.info ?? null,
      lastReport: kept.held?.report ?? null });
    const body = async (): Promise<StopRequest['code']> => {
      const w = await ctl.waitWelcome();
      generation = w.generation ?? 0;
      // rank: this worker's stable slot; pos: its rank on this generation's ring (they differ only in a group
      // shrunk below the configured world W0 after a failure: cluster.min_workers)
      const rank = ctl.rank, pos = w.rank ?? 0, worldSize = w.worldSize ?? 1, W0 = w.configuredWorldSize || worldSize;
      let inner: AllReduce = identityAllReduce;
      const count = (s: AllReduceStats) => {
        comm.bytes += s.bytesSent;
        comm.waitS += s.waitSeconds;
      };
      if (worldSize > 1) {
        const sum = ring!.connect({ rank: pos, worldSize, generation: w.generation ?? 0,
          addresses: w.ringAddresses ?? [], publicKeys: w.ringPublicKeys ?? [], secret: w.ringSecret ?? undefined });
        inner = async (buf) => count(await sum(buf));
        if (ring!.thread) ring!.thread.onBucketStats = count; // the buckets' traffic, summed in the thread
      }
      // Evaluation's one-off sums carry the stop vote as an extra element; the gradient buckets carry it
      // in the bucket handed over first. cluster.comm_thread: buckets are reduced in the communication
      // thread while backward runs; otherwise (or alone) coalesced into one call on this thread after it.
      inner = withTestStall(inner); // MYGPT_TEST_STALL_AFTER_CALLS: tests only
      const allreduce = stop.wrap(inner);
      const threaded = worldSize > 1 && ring!.thread !== undefined;
      const gradSync = withTestUnitLog(
        withTestStallSync(stop.wrapSync(threaded ? ring!.thread! : serialGradSync(inner))), // tests only
        () => ({ generation, slot: rank, pos, members: worldSize, step: trainer?.step ?? -1 }),
      );
      const created = await Trainer.create(cfg, { rank: pos, worldSize, configuredWorldSize: W0, allreduce, gradSync,
        log: a.log, poisonGradient: testPoisonFromEnv(rank) }); // MYGPT_TEST_NAN_GRAD: tests only
      if (abandoned) {
        created.dispose();
        return ExitCode.Internal;
      } // the generation ended while the model was built
      trainer = created;
      a.log(
        `rank ${rank}/${W0}${
          worldSize < W0 ? ` (position ${pos} of ${worldSize} members)` : ''
        }: ${trainer.paramCount} parameters, backend ${trainer.backendName}, ${trainer.bucketCount} gradient bucket(s) `
          + (threaded
            ? 'reduced in the communication thread during backward'
            : 'reduced on the main thread after backward'),
      );
      // A group restart in this process: the failed generation's queued checkpoint writes finish first, so
      // none of them prunes or repoints `latest` under the checkpoint this one loads.
      await CheckpointWriter.idle(30_000, (l) => a.log(l));
      const s = await startingState(trainer, w, kept.held, worldSize > 1 ? ring : undefined, a.log);
      if (abandoned) return ExitCode.Internal;
      started = true;
      kept.held = undefined; // the trainer holds it now: no second copy while this generation trains
      ctl.ready(trainer.step, trainer.weightsChecksum(), stateChecksum(trainer), s.transferS);
      await ctl.waitStart();
      await trainLoop(trainer, cfg, { rank: pos, reporter: ctl, stop, log: a.log,
        resumedFrom: w.checkpointPath ?? undefined, comm: () => {
          const s = { ...comm };
          comm.bytes = 0;
          comm.waitS = 0;
          return s;
        } });
      // Our own SIGTERM stopped the ranks here (Done sent): the coordinator restarts the group from this checkpoint.
      if (trainer.step < cfg.train.max_steps && ctl.stoppedBySignal()) {
        ctl.preempt(`SIGTERM (preempted): every rank stopped at step ${trainer.step} with a checkpoint`);
      }
      await ctl.flush(2000);
      // Wait for the coordinator's Shutdown (it confirms Done arrived); bounded by the heartbeat timeout.
      return (await waitForWord())?.code ?? ExitCode.Ok;
    };
    const running = body();
    running.catch(() => undefined); // if a stop wins the race, the abandoned body may still reject
    let code = await Promise.race([running, stopped.then((r) => {
      a.log(`stopping: ${r.reason}`);
      return r.code;
    })]);
    // Stopped with a checkpoint before train.max_steps and no word from the coordinator: Preempted as well
    // (WorkerControl.endOfRun says why not 0).
    if (code === ExitCode.Ok && trainer !== undefined && trainer.step < cfg.train.max_steps) code = ExitCode.Preempted;
    if (code === ExitCode.Preempted) await ctl.flush(1000); // the Failure{PREEMPTED} goes out first
    return Object.assign(out, { code, rank: ctl.rank });
  } catch (e) {
    const f = failureOf(e);
    a.log(`error: ${(e as Error).message}`, 'error');
    if (f.reason === undefined) return Object.assign(out, { code: f.exit, rank: ctl.rank }); // refused: nothing to report
    ctl.failure(f.reason, (e as Error).message, f.failedRank);
    await ctl.flush(1000);
    // Often a consequence of a peer's death: the coordinator may answer with a group restart. Wait for
    // its word (bounded by the heartbeat timeout) instead of exiting and having to be relaunched.
    const r = f.exit === ExitCode.Config ? undefined : await waitForWord();
    return Object.assign(out, { code: r?.code ?? f.exit, rank: ctl.rank }); // RESTART, Stopped, CoordinatorLost, or our own
  } finally {
    abandoned = true;
    ctl.close();
    // Rejoining: keep this generation's last completed step (a step cut short is dropped) for the next one.
    // (cluster.recovery: restart: the coordinator never asks for it)
    if (out.code === RESTART && started && trainer && cfg.cluster.recovery === 'in_place') {
      const trained = ctl.lastSent() !== undefined; // a step completed in this generation (its report, or at least its update)
      kept.held = holdState(trainer, trained ? generation : incoming.generation ?? generation, a.log,
        trained ? ctl.lastSent() : incoming.report);
    }
    trainer?.dispose();
    await ring?.close(); // the communication thread has exited when this resolves
    if (process.env.MYGPT_DEBUG_RESOURCES === '1') a.log(resourcesLine(generation, liveResources()));
  }
}
