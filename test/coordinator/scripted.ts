// Scripted workers: real control sockets speaking the real protocol to a real coordinator process, for
// behaviour a real worker cannot be made to show on purpose (diverged replicas, a chosen Failure).
import { mygpt } from '../../src/gen/mygpt';
import { createZmqControlClient } from '../../src/transport/zmq/control_client';
import type { ControlClient } from '../../src/transport/types';
import { configHash, loadConfig, ringTransportOf } from '../../src/config/load';
import { PROTOCOL_VERSION } from '../../src/control/handshake';
import { Proc, cleanup, controlEndpoint, start, tinyConfig } from './harness';

export const send = (c: ControlClient, body: mygpt.IEnvelope) =>
  c.send({ header: mygpt.Envelope.encode(body).finish() });

/** The next message of kind `kind` (others are skipped); bounded by timeoutMs. */
export async function until(c: ControlClient, kind: string, timeoutMs: number): Promise<mygpt.Envelope> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = await c.receive(Math.max(1, deadline - Date.now()));
    if (m.envelope.body === kind) return m.envelope;
  }
}

/** Two scripted workers that said Hello as ranks 0 and 1 and got their Welcome. */
export async function scriptedGang(file: string, endpoint: string): Promise<ControlClient[]> {
  const cfg = loadConfig(file), hash = configHash(cfg);
  const peers = [0, 1].map(() => createZmqControlClient());
  for (const [rank, c] of peers.entries()) {
    c.connect(endpoint);
    await send(c, {
      hello: { protocolVersion: PROTOCOL_VERSION, pid: 1000 + rank, host: 'script', requestedRank: rank, device: 'cpu',
        backend: 'cpu', configHash: hash, ringAddress: `tcp://127.0.0.1:${2000 + rank}`,
        ringTransport: ringTransportOf(cfg) },
    });
  }
  for (const c of peers) await until(c, 'welcome', 10_000);
  return peers;
}

/** An external-worker coordinator (world size 2) with a scripted gang; closed and cleaned up after `body`. */
export async function withScriptedRun(cluster: Record<string, unknown>,
  body: (r: { coord: Proc; peers: ControlClient[]; dir: string; }) => Promise<void>): Promise<void>
{
  const { dir, file } = tinyConfig({ cluster: { external: true, world_size: 2, ...cluster } });
  const coord = start('mygpt-coord', ['--config', file]);
  let peers: ControlClient[] = [];
  try {
    peers = await scriptedGang(file, await controlEndpoint(coord));
    await body({ coord, peers, dir });
  } finally {
    for (const p of peers) p.close();
    coord.kill('SIGKILL');
    cleanup(dir);
  }
}
