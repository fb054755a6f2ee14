// One worker process: wiring only. Control client + handshake, ring link + RingAllReduce, a Trainer
// with the injected all-reduce, and the step loop that reports to the coordinator (fire-and-forget).
import * as path from 'path';
import type { Config } from '../config/types';
import { configHash } from '../config/load';
import { Trainer, AllReduce, identityAllReduce } from '../train/trainer';
import { SAMPLE_TEMPERATURE, saveRunCheckpoint } from '../train/run';
import { mixSeed } from '../util/rng';
import { selectBackend } from '../train/backend';
import { createZmqControlClient, createZmqRingLink } from '../transport/zmq';
import type { RingLink } from '../transport/types';
import { RingAllReduce } from '../collective/ring';
import { PROTOCOL_VERSION } from '../control/handshake';
import { RESTART, StopRequest, WorkerControl } from './control';
import type { WorkerCurve } from '../security/keys';
import { isLoopbackHost, plainBindWarning } from '../security/exposure';

export interface WorkerArgs {
  coordinator: string;       // tcp://host:port
  rank: number;              // requested rank, -1 = any
  device: string;            // "cpu", "gpu:0"
  advertiseHost: string;     // host the ring socket is reachable at
  parentPid?: number;        // launched by a local coordinator: exit if it goes away
  curve?: WorkerCurve;       // security.curve: CURVE on the control connection and the ring
  log: (line: string) => void;
}

/** Where the ring PULL socket binds: loopback stays loopback, anything else listens on all interfaces. */
export function ringBindEndpoint(advertiseHost: string): string {
  return `tcp://${isLoopbackHost(advertiseHost) ? advertiseHost : '0.0.0.0'}:0`;
}

/** Trains until done; resolves with the process exit code. A group restart (Shutdown{restart}) starts
 *  over with fresh sockets, a new Hello for the same rank and the Welcome of the next generation; bounded
 *  by cluster.max_restarts (the coordinator bounds it too). */
export async function runWorker(cfg: Config, a: WorkerArgs): Promise<number> {
  let rank = a.rank;
  for (let attempt = 0; ; attempt++) {
    const r = await runOnce(cfg, { ...a, rank });
    if (r.code !== RESTART) return r.code;
    if (attempt >= cfg.cluster.max_restarts) {
      a.log(`asked to restart more than cluster.max_restarts (${cfg.cluster.max_restarts}) times; exiting`);
      return 1;
    }
    if (r.rank >= 0) rank = r.rank; // rejoin as the same rank
    a.log(`rejoining the coordinator as rank ${rank} (restart ${attempt + 1})`);
  }
}

/** One generation: handshake, train; {code, rank} where code RESTART means "rejoin". */
async function runOnce(cfg: Config, a: WorkerArgs): Promise<{ code: number; rank: number }> {
  let stopHook: (r: StopRequest) => void = () => undefined;
  const stopped = new Promise<StopRequest>((resolve) => { stopHook = resolve; });
  const c = a.curve;
  const link = createZmqRingLink({ sendTimeoutMs: cfg.cluster.collective_timeout_s * 1000, log: (l) => a.log(`[ring] ${l}`),
    curve: c && { ...c.own, allow: c.allowedClients } });
  const ctl = new WorkerControl(createZmqControlClient({ log: (l) => a.log(`[control] ${l}`),
    curve: c && { ...c.own, serverKey: c.serverPublicKey } }), a.coordinator, cfg.cluster, (r) => stopHook(r), a.parentPid);
  let trainer: Trainer | undefined;
  const cleanup = () => { ctl.close(); link.close(); trainer?.dispose(); };
  try {
    const bindAt = ringBindEndpoint(a.advertiseHost);
    const exposed = plainBindWarning('the ring socket', bindAt.replace(/^tcp:\/\/(.*):0$/, '$1'), c !== undefined);
    if (exposed) a.log(exposed);
    const bound = await link.bind(bindAt);
    const ringAddress = bound.replace(/^tcp:\/\/[^:]+:/, `tcp://${a.advertiseHost}:`);
    const backend = await selectBackend(cfg.backend, a.log); // before Hello: it reports the backend in use
    ctl.open({ protocolVersion: PROTOCOL_VERSION, requestedRank: a.rank, device: a.device, backend,
      configHash: configHash(cfg), ringAddress, ringPublicKey: c?.own.publicKey ?? '', metricsAddress: '', nativeKernels: '' });
    const body = async (): Promise<number> => {
      const w = await ctl.waitWelcome();
      const rank = w.rank ?? 0, worldSize = w.worldSize ?? 1;
      ctl.rank = rank;
      const stats = { bytes: 0, waitS: 0 };
      const allreduce = worldSize > 1
        ? ringAllReduce(link, cfg, rank, worldSize, w.ringAddresses ?? [], w.ringPublicKeys ?? [], w.generation ?? 0, stats, ctl)
        : withStopFlag(identityAllReduce, ctl);
      trainer = await Trainer.create(cfg, { rank, worldSize, allreduce, log: a.log });
      a.log(`rank ${rank}/${worldSize}: ${trainer.paramCount} parameters, backend ${trainer.backendName}`);
      if (w.checkpointPath) await trainer.loadCheckpoint(w.checkpointPath);
      ctl.step = trainer.step;
      ctl.post({ stepReport: { rank, step: trainer.step, weightsChecksum: trainer.weightsChecksum(), valLoss: NaN } });
      await ctl.waitStart();
      await trainLoop(trainer, cfg, ctl, rank, stats);
      await ctl.flush(2000);
      // Wait for the coordinator's Shutdown (it confirms Done arrived); bounded by the heartbeat timeout.
      const r = await Promise.race([stopped, sleep(cfg.cluster.heartbeat_timeout_s * 1000).then(() => ({ code: 0, reason: 'no Shutdown after Done' }))]);
      return r.code;
    };
    const running = body();
    running.catch(() => undefined); // if a stop wins the race, the abandoned body may still reject
    const code = await Promise.race([running, stopped.then((r) => { a.log(`stopping: ${r.reason}`); return r.code; })]);
    return { code, rank: ctl.rank };
  } catch (e) {
    const msg = (e as Error).message;
    a.log(`error: ${msg}`);
    if (e instanceof Error && e.name === 'RefusedError') return { code: 2, rank: ctl.rank };
    ctl.post({ failure: { rank: Math.max(0, ctl.rank), step: ctl.step, error: msg } });
    await ctl.flush(1000);
    // Often a consequence of a peer's death: the coordinator may answer with a group restart. Wait for
    // its word (bounded by the heartbeat timeout) instead of exiting and having to be relaunched.
    const r = await Promise.race([stopped, sleep(cfg.cluster.heartbeat_timeout_s * 1000).then(() => undefined)]);
    return { code: r?.code === RESTART ? RESTART : 1, rank: ctl.rank };
  } finally {
    cleanup();
  }
}

/** The checkpoint-and-stop request travels inside the all-reduce: one extra element, 1 on a rank whose
 *  coordinator asked for it. Every rank sees the same sum after the same call, so all stop at the same
 *  step boundary (ctl.stopAgreed) even if the Shutdown reached them at different moments. */
function withStopFlag(inner: AllReduce, ctl: WorkerControl): AllReduce {
  let ext = new Float32Array(0);
  return async (buf) => {
    if (ext.length !== buf.length + 1) ext = new Float32Array(buf.length + 1);
    ext.set(buf);
    ext[buf.length] = ctl.checkpointRequested ? 1 : 0;
    await inner(ext);
    buf.set(ext.subarray(0, buf.length));
    if (ext[buf.length] > 0) ctl.stopAgreed = true;
  };
}

function ringAllReduce(link: RingLink, cfg: Config, rank: number, worldSize: number, addrs: string[], keys: string[],
  generation: number, stats: { bytes: number; waitS: number }, ctl: WorkerControl): AllReduce {
  const next = (rank + 1) % worldSize, prev = (rank + worldSize - 1) % worldSize;
  link.connectNext(addrs[next], keys[next] || undefined);
  link.setPeerNames(`rank ${prev} (${addrs[prev]})`, `rank ${next} (${addrs[next]})`);
  const ring = new RingAllReduce(link, { rank, worldSize, chunkBytes: cfg.cluster.chunk_bytes,
    wireDtype: cfg.cluster.wire_dtype, timeoutMs: cfg.cluster.collective_timeout_s * 1000, generation });
  let seq = 0; // every rank makes the same sequence of collective calls: a shared tag
  return withStopFlag(async (buf) => {
    const s = await ring.allreduce(buf, seq++);
    stats.bytes += s.bytesSent;
    stats.waitS += s.waitSeconds;
  }, ctl);
}

/** The step loop: train, eval at eval_interval, rank 0 checkpoints, checksums at checksum_interval. */
async function trainLoop(trainer: Trainer, cfg: Config, ctl: WorkerControl, rank: number,
  stats: { bytes: number; waitS: number }): Promise<void> {
  const t = cfg.train;
  const every = (n: number, step: number) => n > 0 && step % n === 0;
  let val = NaN, ckpt = '';
  while (trainer.step < t.max_steps) {
    stats.bytes = 0; stats.waitS = 0;
    const r = await trainer.trainStep();
    ctl.step = r.step;
    const last = r.step === t.max_steps;
    const v = every(t.eval_interval, r.step) || last ? await trainer.evaluate() : NaN;
    if (!Number.isNaN(v)) val = v;
    const c = rank === 0 && (every(t.checkpoint_interval, r.step) || last) ? await saveRunCheckpoint(trainer, cfg.run.dir) : '';
    if (c) ckpt = c;
    const sum = every(cfg.cluster.checksum_interval, r.step) || last ? trainer.weightsChecksum() : '';
    ctl.post({ stepReport: { rank, step: r.step, loss: r.loss, valLoss: v, lr: r.lr, computeS: r.computeS,
      allreduceS: r.allreduceS, waitS: stats.waitS, stepS: r.stepS, tokens: r.tokens, allreduceBytes: stats.bytes,
      weightsChecksum: sum, checkpointPath: c ? path.resolve(c) : '', gradNorm: r.gradNorm } });
    // Let the event loop run I/O and timers once per step: a step is synchronous compute whose awaits are
    // only microtasks when nothing is awaited on a socket (1 worker), which would starve the report queue,
    // the heartbeats and the Shutdown/coordinator-loss handling until the end of training.
    await yieldToLoop();
    if (ctl.stopAgreed && !last) return stopWithCheckpoint(trainer, cfg, ctl, rank, c);
  }
  const sample = rank === 0 && t.sample_tokens > 0 ? await sampleInSlices(trainer, cfg) : '';
  ctl.finished = true;
  ctl.post({ done: { rank, step: trainer.step, finalValLoss: val, checkpointPath: ckpt ? path.resolve(ckpt) : '',
    weightsChecksum: trainer.weightsChecksum(), sample } });
}

/** Shutdown{checkpoint}, agreed by every rank at this step boundary: rank 0 writes a checkpoint (unless
 *  this step just did) and every rank sends Done for this step; the coordinator then ends the run. */
async function stopWithCheckpoint(trainer: Trainer, cfg: Config, ctl: WorkerControl, rank: number, justWritten: string): Promise<void> {
  const ckpt = rank === 0 ? (justWritten || await saveRunCheckpoint(trainer, cfg.run.dir)) : '';
  ctl.finished = true;
  ctl.post({ done: { rank, step: trainer.step, finalValLoss: NaN, checkpointPath: ckpt ? path.resolve(ckpt) : '',
    weightsChecksum: trainer.weightsChecksum(), sample: '' } });
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The end-of-run sample (temperature SAMPLE_TEMPERATURE, like the single-process run), generated in slices
 *  with event-loop turns between them so heartbeats keep flowing during a long sample. Slice i is seeded
 *  by (run.seed, i): deterministic for a given run. */
async function sampleInSlices(trainer: Trainer, cfg: Config): Promise<string> {
  const { sample_prompt: prompt, sample_tokens: n } = cfg.train;
  let out = '';
  for (let i = 0; out.length < n; i++) {
    out += trainer.generate(prompt + out, Math.min(64, n - out.length),
      { temperature: SAMPLE_TEMPERATURE, seed: mixSeed(cfg.run.seed, i) });
    await yieldToLoop();
  }
  return out;
}

function sleep(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms).unref()); }
