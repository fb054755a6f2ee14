// mygpt-coord --config run.yaml [--set k=v ...] [--resume [auto] | --force]: launches (or waits for) the workers,
// trains one model on all of them, serves Prometheus metrics, prints progress and a summary.
// Exit codes (src/exit_codes.ts): 0 finished; 4 Preempted after the first SIGINT/SIGTERM (checkpoint at
// the next step boundary; a second signal exits 4 at once); 2 config/corpus/flags/checkpoint; 5 a check
// failed (replicas diverged, non-finite stop); 6 cluster.max_restarts used up; 1 anything unexpected.
import { cliParser, runCli } from '../cli/common';
import { LogFields, Logger, relayLine } from '../util/log';
import { hideBin } from 'yargs/helpers';
import { ConfigError, configHash, loadConfig } from '../config/load';
import type { Config } from '../config/types';
import { createZmqControlServer } from '../transport/zmq/control_server';
import { TensorBoardWriter } from '../metrics/tensorboard';
import { TrainingMetrics } from '../metrics/training';
import { serveMetrics, MetricsServer } from '../metrics/server';
import { VERSION } from '../util/version';
import { ExitCode } from '../exit_codes';
import { Coordinator } from './coordinator';
import { RunError } from './failure';
import { CoordinatorCurve, coordinatorCurve } from '../security/keys';
import { metricsBindWarning, plainBindWarning } from '../security/exposure';
import { checkCorpusPresent } from '../data/corpus';
import { StartPlan, planStart } from './start_point';

const out = new Logger();
const log = (l: string, f?: LogFields) => out.info(l, f);
const warn = (l: string) => out.warn(l);

export async function main(argv = hideBin(process.argv)): Promise<number> {
  const args = await cliParser(argv, 'mygpt-coord', 'run one training job on N workers and serve its metrics',
    '$0 --config FILE [--set section.key=value ...] [--resume [auto] | --force]')
    .option('config', { type: 'string', describe: 'YAML config file (partial: defaults fill the rest)' })
    .option('set', { type: 'string', array: true, default: [] as string[],
      describe: 'override, e.g. --set cluster.workers=2 (repeatable)' })
    .option('resume', { type: 'string',
      describe: '--resume: every worker loads the checkpoint run.dir/latest names first ' +
        '(without a usable latest: the newest valid ckpt-*; error if run.dir holds no checkpoint); ' +
        '--resume auto: the same, but start fresh when run.dir holds no checkpoint (run.dir must be shared by all ' +
        'workers); a corrupt or unreadable newest checkpoint falls back to the newest valid one before it, ' +
        'with a warning' })
    .option('force', { type: 'boolean', describe: 'start fresh although run.dir holds checkpoints of an earlier run: ' +
      'deletes them and run.dir/latest first (without --force or --resume that is refused)' })
    .conflicts('force', 'resume')
    .parseAsync();
  const sets = args.set.map(String);
  let cfg: Config;
  let plan: StartPlan;
  let curve: CoordinatorCurve | null;
  try {
    cfg = loadConfig(args.config, sets);
    if (args.config === undefined) {
      warn(`mygpt-coord: no --config: the built-in defaults (src/config/schema.ts${sets.length ? ' + --set' : ''}): ` +
        `${cfg.train.max_steps} steps of a ${cfg.model.n_layer}-layer, ${cfg.model.n_embd}-wide model on ` +
        `${cfg.cluster.workers} worker(s), run.dir ${cfg.run.dir}; e.g. ` +
        `--config configs/local.yaml for the quick start`);
    }
    // Launched workers read data.path on this host: a missing corpus is a setup error to report now,
    // not a worker failure to restart max_restarts times. (External workers check their own copy.)
    if (!cfg.cluster.external) checkCorpusPresent(cfg.data.path);
    curve = coordinatorCurve(cfg.security,
      sets.length > 0 ? `${args.config ?? 'defaults'} + --set` : (args.config ?? 'defaults'));
    // --force's deletion waits in the plan until nothing else can refuse this run (train: TensorBoard file,
    // metrics and control sockets).
    plan = await planStart({ resume: args.resume, force: args.force === true, runDir: cfg.run.dir, log, warn });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    out.error(`mygpt-coord: error: ${e.message}`);
    return ExitCode.Config;
  }
  return await train(cfg, args.config, sets, plan, curve);
}

async function train(cfg: Config, configPath: string | undefined, sets: string[], plan: StartPlan,
  curve: CoordinatorCurve | null): Promise<number>
{
  const exposed = plainBindWarning('the control socket (cluster.host)', cfg.cluster.host, curve !== null);
  if (exposed) warn(exposed);
  if (curve) {
    log(
      `CURVE on: coordinator public key ${curve.server.publicKey}, ${curve.allowedClients.length} allowed client ` +
        `key(s)`,
    );
  }
  const hash = configHash(cfg);
  let tensorboard: TensorBoardWriter | undefined;
  if (cfg.metrics.tensorboard_dir) {
    const dir = cfg.metrics.tensorboard_dir;
    try {
      tensorboard = new TensorBoardWriter(dir, {
        onError: (e) =>
          warn(`mygpt-coord: TensorBoard file in ${dir}: ${e.message}; no more events are written, training goes on`),
      });
    } catch (e) {
      out.error(
        `mygpt-coord: error: metrics.tensorboard_dir ${dir}: cannot create the event file (${
          (e as NodeJS.ErrnoException).code ?? (e as Error).message
        })`,
      );
      return ExitCode.Config;
    }
    log(`TensorBoard events: ${tensorboard.file} (tensorboard --logdir ${dir})`);
  }
  let metrics: TrainingMetrics | undefined;
  let server: MetricsServer | undefined;
  if (cfg.metrics.enabled) {
    metrics = new TrainingMetrics();
    metrics.setBuildInfo({ version: VERSION, configHash: hash, backend: cfg.backend.name });
    server = await serveMetrics(metrics.registry, cfg.metrics.host, cfg.metrics.port);
    const open = metricsBindWarning(server.host, server.port);
    if (open) warn(open);
  }
  const metricsUrl = server ? `http://${server.host}:${server.port}/metrics` : undefined;
  const coord = new Coordinator({
    cfg,
    configHash: hash,
    configPath,
    sets,
    allowedKeys: curve?.allowedClients,
    server: createZmqControlServer({ log: warn,
      curve: curve ? { ...curve.server, allow: curve.allowedClients } : undefined }),
    resumeFrom: plan.resumeFrom,
    listening: plan.discard,
    metrics,
    tensorboard,
    metricsUrl,
    log,
    warn,
    relay: (rank, line) => process.stderr.write(`${relayLine(rank, line)}\n`),
  });
  let signalled = false;
  let endLinger: (() => void) | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (endLinger) return endLinger(); // the run is over: a signal only cuts the metrics linger short
    // workers exit on their own (parent gone / heartbeat)
    if (signalled) {
      out.warn(`mygpt-coord: second ${sig}, exiting now`);
      process.exit(ExitCode.Preempted);
    }
    signalled = true;
    coord.stop(`coordinator received ${sig}`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const summary = await coord.run();
    return summary.stopped ? ExitCode.Preempted : ExitCode.Ok;
  } catch (e) {
    out.error(`mygpt-coord: error: ${(e as Error).message}`);
    return e instanceof RunError ? e.exitCode : ExitCode.Internal;
  } finally {
    await tensorboard?.close(); // the queued events are on disk before the process can exit
    // The summary is out and every worker gone; Prometheus still gets to scrape the final values (phase,
    // step, loss) for metrics.linger_s. Not after a signal: whoever sent it wants the process gone.
    if (server && metricsUrl && cfg.metrics.linger_s > 0 && !signalled) {
      log(
        `metrics: serving the final values at ${metricsUrl} for ${cfg.metrics.linger_s}s (metrics.linger_s; ` +
          `Ctrl-C ends it)`,
      );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, cfg.metrics.linger_s * 1000);
        endLinger = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    await server?.close();
  }
}

if (require.main === module) runCli(main, 'mygpt-coord');
