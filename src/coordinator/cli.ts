// mygpt-coord --config run.yaml [--set k=v ...]: launches (or waits for) the workers, trains one model
// on all of them, serves Prometheus metrics, prints progress and a summary. Exit 0 on success and on an
// orderly stop (first SIGINT/SIGTERM: checkpoint at the next step boundary); a second signal exits at once
// (130/143); a failure (after cluster.max_restarts group restarts) exits 1.
import yargs from 'yargs';
import { runCli } from '../cli/common';
import { hideBin } from 'yargs/helpers';
import { ConfigError, configHash, loadConfig } from '../config/load';
import type { ClusterConfig } from '../config/types';
import { createZmqControlServer } from '../transport/zmq';
import { TrainingMetrics, serveMetrics, MetricsServer } from '../metrics';
import { latestCheckpoint } from '../util/run_dir';
import { Coordinator } from './coordinator';
import { coordinatorCurve } from '../security/keys';
import { plainBindWarning } from '../security/exposure';
import { checkCorpusPresent } from '../data/corpus';

export async function main(argv = hideBin(process.argv)): Promise<number> {
  const args = await yargs(argv)
    .scriptName('mygpt-coord')
    .usage('$0 --config FILE [--set section.key=value ...] [--resume]')
    .option('config', { type: 'string', describe: 'YAML config file (partial: defaults fill the rest)' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override, e.g. --set cluster.workers=2 (repeatable)' })
    .option('resume', { type: 'boolean', default: false, describe: 'every worker loads run.dir/latest first (run.dir must be shared by all workers)' })
    .strict().help().parseAsync();
  const sets = args.set.map(String);
  const cfg = loadConfig(args.config, sets);
  const source = sets.length > 0 ? `${args.config ?? 'defaults'} + --set` : (args.config ?? 'defaults');
  checkCluster(cfg.cluster, source);
  // Launched workers read data.path on this host: a missing corpus is a setup error to report now,
  // not a worker failure to restart max_restarts times. (External workers check their own copy.)
  if (!cfg.cluster.external) checkCorpusPresent(cfg.data.path);
  const curve = coordinatorCurve(cfg.security, source);
  const log = (l: string) => process.stdout.write(`${l}\n`);
  const warn = (l: string) => process.stderr.write(`${l}\n`);
  const exposed = plainBindWarning('the control socket (cluster.host)', cfg.cluster.host, curve !== null);
  if (exposed) warn(exposed);
  if (curve) log(`CURVE on: coordinator public key ${curve.server.publicKey}, ${curve.allowedClients.length} allowed client key(s)`);
  let resumeFrom: string | undefined;
  if (args.resume) {
    resumeFrom = latestCheckpoint(cfg.run.dir) ?? undefined;
    if (!resumeFrom) log(`--resume: no checkpoint in ${cfg.run.dir}, starting fresh`);
  }
  let metrics: TrainingMetrics | undefined;
  let server: MetricsServer | undefined;
  if (cfg.metrics.enabled) {
    metrics = new TrainingMetrics();
    server = await serveMetrics(metrics.registry, cfg.metrics.host, cfg.metrics.port);
  }
  const coord = new Coordinator({
    cfg, configHash: configHash(cfg), configPath: args.config, sets, allowedKeys: curve?.allowedClients,
    server: createZmqControlServer({ log: warn,
      curve: curve ? { ...curve.server, allow: curve.allowedClients } : undefined }),
    resumeFrom, metrics, metricsUrl: server ? `http://${server.host}:${server.port}/metrics` : undefined, log, warn,
  });
  let signalled = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) { warn(`mygpt-coord: second ${sig}, exiting now`); process.exit(signalled); } // workers exit on their own (parent gone / heartbeat)
    signalled = sig === 'SIGINT' ? 130 : 143; // the exit code if the orderly stop fails
    coord.stop(`coordinator received ${sig}`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await coord.run();
    return 0;
  } catch (e) {
    warn(`mygpt-coord: error: ${(e as Error).message}`);
    return signalled || 1;
  } finally {
    await server?.close();
  }
}

/** Cluster settings that only make sense together. */
export function checkCluster(c: ClusterConfig, source: string): void {
  if (c.heartbeat_timeout_s <= 2 * c.heartbeat_interval_s) {
    throw new ConfigError(`${source}: cluster.heartbeat_timeout_s (${c.heartbeat_timeout_s}) must be more than twice ` +
      `cluster.heartbeat_interval_s (${c.heartbeat_interval_s})`);
  }
  if (new Set(c.devices).size !== c.devices.length) {
    throw new ConfigError(`${source}: cluster.devices ${JSON.stringify(c.devices)} lists a GPU twice`);
  }
}

if (require.main === module) runCli(main, 'mygpt-coord');
