// Load a YAML config file + `--set section.key=value` overrides, validated against SCHEMA.
// Every error names its source (the file, or `--set`) and the dotted key.
import * as fs from 'fs';
import { createHash } from 'crypto';
import YAML from 'yaml';
import type { Config, RingTransport } from './types';
import { SCHEMA, FieldSpec, checkValue, defaultConfig, describe } from './schema';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function specFor(source: string, dotted: string): FieldSpec {
  const [section, key, ...rest] = dotted.split('.');
  const fields = (SCHEMA as Record<string, Record<string, FieldSpec>>)[section];
  if (!fields || !Object.prototype.hasOwnProperty.call(SCHEMA, section)) {
    throw new ConfigError(`${source}: unknown section "${section}" (known: ${Object.keys(SCHEMA).join(', ')})`);
  }
  if (key === undefined || rest.length > 0 || !Object.prototype.hasOwnProperty.call(fields, key)) {
    throw new ConfigError(`${source}: unknown key ${dotted} (known in ${section}: ${Object.keys(fields).join(', ')})`);
  }
  return fields[key];
}

function assign(cfg: Config, source: string, dotted: string, value: unknown): void {
  const spec = specFor(source, dotted);
  const [section, key] = dotted.split('.');
  try {
    (cfg as unknown as Record<string, Record<string, unknown>>)[section][key] = checkValue(spec, value);
  } catch (e) {
    // A secret key's value is never echoed, even when it has the wrong type.
    const why = isSecretKey(dotted)
      ? `must be ${describe(spec)} (value not shown: it is a secret)`
      : (e as Error).message;
    throw new ConfigError(`${source}: ${dotted} ${why}`);
  }
}

/** Cross-field rules that a per-key schema cannot express (run by every process that loads a config:
 *  coordinator and workers alike). */
function checkConsistency(cfg: Config, source: string): void {
  if (cfg.model.n_embd % cfg.model.n_head !== 0) {
    throw new ConfigError(
      `${source}: model.n_embd (${cfg.model.n_embd}) must be divisible by model.n_head (${cfg.model.n_head})`,
    );
  }
  if (cfg.train.min_lr > cfg.train.lr) {
    throw new ConfigError(`${source}: train.min_lr (${cfg.train.min_lr}) must be <= train.lr (${cfg.train.lr})`);
  }
  const c = cfg.cluster;
  if (c.heartbeat_timeout_s <= 2 * c.heartbeat_interval_s) {
    throw new ConfigError(`${source}: cluster.heartbeat_timeout_s (${c.heartbeat_timeout_s}) must be more than twice ` +
      `cluster.heartbeat_interval_s (${c.heartbeat_interval_s})`);
  }
  if (c.step_timeout_s > 0 && c.step_timeout_s <= 2 * c.heartbeat_interval_s) {
    throw new ConfigError(
      `${source}: cluster.step_timeout_s (${c.step_timeout_s}) must be 0 (off) or more than twice ` +
        `cluster.heartbeat_interval_s (${c.heartbeat_interval_s}): step progress is checked at each heartbeat`,
    );
  }
  if (new Set(c.devices).size !== c.devices.length) {
    throw new ConfigError(`${source}: cluster.devices ${JSON.stringify(c.devices)} lists a GPU twice`);
  }
  const w0 = configuredWorldSize(cfg);
  if (c.min_workers > w0) {
    throw new ConfigError(
      `${source}: cluster.min_workers (${c.min_workers}) must be at most the configured world size (${w0})`,
    );
  }
  if (c.min_workers > 0 && c.min_workers < w0 && c.recovery !== 'in_place') {
    throw new ConfigError(
      `${source}: cluster.min_workers (${c.min_workers}) below the world size (${w0}) needs cluster.recovery: ` +
        `in_place (a restart from the checkpoint waits for every worker)`,
    );
  }
}

/** The world the run is configured for (W0): cluster.devices, else cluster.workers; external workers:
 *  cluster.world_size, else cluster.workers. It fixes the global batch; a group may train with fewer
 *  members after failures (cluster.min_workers). */
export function configuredWorldSize(cfg: Config): number {
  const c = cfg.cluster;
  return c.external ? (c.world_size || c.workers) : (c.devices.length || c.workers);
}

/** cluster.min_workers resolved: the fewest members a group trains with after a failure. */
export function minWorkers(cfg: Config): number {
  return cfg.cluster.min_workers || configuredWorldSize(cfg);
}

/** Apply a parsed YAML document (mapping of sections) onto cfg. */
export function applyObject(cfg: Config, source: string, doc: unknown): void {
  if (doc === null || doc === undefined) return; // empty file = all defaults
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ConfigError(`${source}: top level must be a mapping of sections`);
  }
  for (const [section, body] of Object.entries(doc as Record<string, unknown>)) {
    if (!Object.prototype.hasOwnProperty.call(SCHEMA, section)) {
      throw new ConfigError(`${source}: unknown section "${section}" (known: ${Object.keys(SCHEMA).join(', ')})`);
    }
    if (body === null || body === undefined) continue;
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw new ConfigError(`${source}: ${section} must be a mapping`);
    }
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      assign(cfg, source, `${section}.${key}`, value);
    }
  }
}

/** Parse one `section.key=value` override; the value is read as YAML (so 10, true, [0,1] work),
 *  except for string fields, which take the text verbatim. */
export function applySet(cfg: Config, expr: string): void {
  const eq = expr.indexOf('=');
  if (eq <= 0) throw new ConfigError(`--set ${expr}: expected section.key=value`);
  const dotted = expr.slice(0, eq).trim();
  const raw = expr.slice(eq + 1);
  const spec = specFor(`--set ${dotted}`, dotted);
  let value: unknown = raw;
  if (spec.kind !== 'string' && spec.kind !== 'enum') {
    try {
      value = YAML.parse(raw);
    } catch {
      value = raw;
    }
  }
  assign(cfg, '--set', dotted, value);
}

/** Defaults <- YAML file (if given) <- each `--set` in order; then cross-field checks. */
export function loadConfig(file?: string, sets: readonly string[] = []): Config {
  const cfg = defaultConfig();
  if (file !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(
        `${file}: cannot read config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
    let doc: unknown;
    try {
      doc = YAML.parse(text);
    } catch (e) {
      throw new ConfigError(`${file}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
    }
    applyObject(cfg, file, doc);
  }
  for (const s of sets) applySet(cfg, s);
  checkConsistency(cfg, sets.length > 0 ? `${file ?? 'defaults'} + --set` : (file ?? 'defaults'));
  return cfg;
}

/** Keys whose values are secrets (or may be): never logged, hashed or written to checkpoints. */
export const isSecretKey = (dotted: string): boolean => /^security\.\w*secret/.test(dotted);

/** A copy of cfg safe to write anywhere (checkpoints, logs): secret key values replaced by '<redacted>'
 *  unless empty. Key file paths are not secret, but a literal key cannot be told from one here. */
export function redactSecrets(cfg: Config): Config {
  const hide = (v: string) => (v ? '<redacted>' : '');
  return { ...cfg,
    security: { ...cfg.security, server_secret_key: hide(cfg.security.server_secret_key),
      client_secret_key: hide(cfg.security.client_secret_key) } };
}

/** The data plane cluster.ring_transport resolves to: auto is tcp (faster, connections authenticated), or zmq when
 *  security.curve is on (the only plane that encrypts gradients). Every process of a run resolves it the same way. */
export function ringTransportOf(cfg: Config): RingTransport {
  const t = cfg.cluster.ring_transport;
  return t === 'auto' ? (cfg.security.curve ? 'zmq' : 'tcp') : t;
}

/** The config sections that change training results. EXCLUDED (they do not change the numbers a run
 *  produces): run.dir, data.path (the corpus itself is pinned by its tokenizer/sha in checkpoints),
 *  train.{eval_interval, eval_batches, log_interval, checkpoint_interval, keep_checkpoints, sample_tokens,
 *  sample_prompt}, all of backend.* (kernels may differ in the last bits, intent does not), all of cluster.* except
 *  wire_dtype (addresses, ports, timeouts, restart policy), all of metrics.*, all of security.* (keys differ per
 *  worker, and secrets must never enter a hash that is sent over the wire and logged). Note that world size is not part
 *  of the config hash; the effective global batch is batch_size * grad_accum * world size. */
export function trainingRelevant(cfg: Config): unknown {
  const { eval_interval: _a, eval_batches: _b, log_interval: _c, checkpoint_interval: _d, keep_checkpoints: _k,
    sample_tokens: _e, sample_prompt: _f, ...train } = cfg.train;
  return {
    run: { seed: cfg.run.seed },
    model: cfg.model,
    data: { val_fraction: cfg.data.val_fraction },
    train,
    cluster: { wire_dtype: cfg.cluster.wire_dtype },
  };
}

/** Dotted keys whose training-relevant values differ, as `key: a -> b`. */
export function configDiff(a: Config, b: Config): string[] {
  const out: string[] = [];
  const ta = trainingRelevant(a) as Record<string, Record<string, unknown>>;
  const tb = trainingRelevant(b) as Record<string, Record<string, unknown>>;
  for (const section of Object.keys(ta)) {
    for (const key of Object.keys(ta[section])) {
      const x = JSON.stringify(ta[section][key]), y = JSON.stringify(tb[section]?.[key]);
      if (x !== y) out.push(`${section}.${key}: ${x} -> ${y}`);
    }
  }
  return out;
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** sha256 hex of the canonical JSON of trainingRelevant(cfg). */
export function configHash(cfg: Config): string {
  return createHash('sha256').update(canonicalJson(trainingRelevant(cfg))).digest('hex');
}
