// One schema for the whole Config (src/config/types.ts): every section, every key, its type, range and default.
// Used for YAML files and for `--set` overrides alike, so both give the same errors.
import type { Config } from './types';
import { TIMER_MAX_S } from '../util/async';

/** The temperature of the end-of-run sample (train.sample_tokens after train.sample_prompt: rank 0 draws it,
 *  seeded by run.seed, and the coordinator prints it) and mygpt-generate's default: not a key. Greedy decoding
 *  of a small model just loops on "the the"; nanoGPT's sample.py samples at this temperature too. */
export const SAMPLE_TEMPERATURE = 0.8;

export type FieldSpec =
  // auto: one value outside the range, resolved elsewhere
  | { kind: 'int'; min?: number; max?: number; default: number; auto?: { value: number; means: string; }; }
  // maxWhy: said after the max
  | { kind: 'number'; min?: number; max?: number; minExclusive?: boolean; default: number; maxWhy?: string; }
  | { kind: 'string'; nonEmpty?: boolean; default: string; }
  | { kind: 'bool'; default: boolean; }
  | { kind: 'enum'; values: readonly string[]; default: string; }
  | { kind: 'intArray'; min?: number; default: number[]; }
  | { kind: 'stringArray'; default: string[]; };

export type Schema = { [section in keyof Config]: { [key in keyof Config[section]]: FieldSpec; }; };

const int = (def: number, min?: number, max?: number): FieldSpec => ({ kind: 'int', default: def, min, max });
/** -1 = a value chosen elsewhere (e.g. per data plane), else an integer in [min, max]. */
const intOrAuto = (min: number, max: number, means: string): FieldSpec => ({ kind: 'int', default: -1, min, max,
  auto: { value: -1, means } });
const num = (def: number, min?: number, max?: number, minExclusive = false): FieldSpec => ({ kind: 'number',
  default: def, min, max, minExclusive });
/** A duration in seconds (`*_s`) that becomes a timer: at most TIMER_MAX_S, beyond which a Node timer fires at once. */
const seconds = (def: number, min: number, minExclusive = false): FieldSpec => ({ kind: 'number', default: def, min,
  max: TIMER_MAX_S, minExclusive, maxWhy: 'about 24.8 days, the longest a timer holds' });
const str = (def: string, nonEmpty = false): FieldSpec => ({ kind: 'string', default: def, nonEmpty });
const bool = (def: boolean): FieldSpec => ({ kind: 'bool', default: def });

export const SCHEMA: Schema = {
  run: { dir: str('runs/default', true), seed: int(1337, 0, 2 ** 32 - 1) },
  model: {
    n_layer: int(4, 1, 256),
    n_head: int(4, 1, 256),
    n_embd: int(128, 1, 65536),
    block_size: int(64, 1, 65536),
    dropout: num(0, 0, 0.99),
  },
  data: { path: str('data/tinyshakespeare.txt', true), val_fraction: num(0.1, 0, 0.5, true) },
  train: {
    batch_size: int(32, 1),
    grad_accum: int(1, 1),
    max_steps: int(2000, 1),
    lr: num(1e-3, 0, 10, true),
    min_lr: num(1e-4, 0, 10),
    warmup_steps: int(100, 0),
    weight_decay: num(0.1, 0, 10),
    beta1: num(0.9, 0, 0.999999),
    beta2: num(0.99, 0, 0.999999),
    eps: num(1e-8, 0, 1, true),
    grad_clip: num(1.0, 0),
    eval_interval: int(250, 0),
    eval_batches: int(20, 1), // global batches of validation sequences per pass (README, "Model and training")
    log_interval: int(10, 1),
    checkpoint_interval: int(500, 0),
    keep_checkpoints: int(0, 0, 1_000_000),
    // the sample travels in Done: a control message (transport/frames.ts CONTROL_MAX_HEADER_BYTES)
    sample_tokens: int(300, 0, 8192),
    sample_prompt: str('O Romeo', true),
    nonfinite: { kind: 'enum', values: ['skip', 'stop'], default: 'skip' },
    max_nonfinite_skips: int(20, 0, 1_000_000),
  },
  backend: {
    name: { kind: 'enum', values: ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'], default: 'auto' },
    threads: int(0, 0, 1024),
    native: bool(true),
  },
  cluster: {
    workers: int(1, 1, 4096),
    devices: { kind: 'intArray', min: 0, default: [] },
    external: bool(false),
    world_size: int(0, 0, 4096),
    host: str('127.0.0.1', true),
    port: int(0, 0, 65535),
    advertise_host: str(''),
    join_timeout_s: seconds(60, 0, true),
    heartbeat_interval_s: seconds(1, 0, true),
    heartbeat_timeout_s: seconds(10, 0, true),
    collective_timeout_s: seconds(60, 0, true),
    step_timeout_s: seconds(600, 0),
    max_restarts: int(3, 0),
    // after a failure: state from a live peer, or the last checkpoint (docs/reliability.md)
    recovery: { kind: 'enum', values: ['in_place', 'restart'], default: 'in_place' },
    // after a failure, train on with at least this many (0 = the configured world: wait for replacements)
    min_workers: int(0, 0, 4096),
    wire_dtype: { kind: 'enum', values: ['fp32', 'bf16'], default: 'fp32' },
    // at most the ring socket's payload limit (transport/frames.ts)
    chunk_bytes: intOrAuto(1024, 64 << 20, "the data plane's measured value"),
    bucket_bytes: int(1 << 18, 4, 2 ** 31 - 1), // 256 KiB: docs/benchmarks.md "Gradient buckets"
    comm_thread: bool(true),
    // auto: tcp, zmq with security.curve (docs/communication.md)
    ring_transport: { kind: 'enum', values: ['auto', 'zmq', 'tcp'], default: 'auto' },
    // payloads between ranks on one host through shared memory (transport/shm.ts; both planes, not the zeromq.js link)
    shared_memory: bool(true),
    // (N-1) x buffer bytes up to this: the exchange; -1 = the data plane's measured value
    exchange_max_bytes: int(-1, -1, 1 << 30),
    checksum_interval: int(100, 0),
  },
  metrics: { enabled: bool(true), host: str('127.0.0.1', true), port: int(0, 0, 65535), linger_s: seconds(5, 0),
    tensorboard_dir: str('') },
  security: {
    curve: bool(false),
    server_public_key: str(''),
    server_secret_key: str(''),
    client_public_key: str(''),
    client_secret_key: str(''),
    allowed_clients: { kind: 'stringArray', default: [] },
  },
};

/** Human description of what a field accepts, used in error messages. */
export function describe(spec: FieldSpec): string {
  const range = (min?: number, max?: number, excl?: boolean) =>
    [min !== undefined ? `${excl ? '>' : '>='} ${min}` : '', max !== undefined ? `<= ${max}` : '']
      .filter(Boolean).join(' and ');
  switch (spec.kind) {
    case 'int':
      return `an integer ${range(spec.min, spec.max)}`.trim() +
        (spec.auto ? `, or ${spec.auto.value} (${spec.auto.means})` : '');
    case 'number':
      return `a number ${range(spec.min, spec.max, spec.minExclusive)}`.trim() +
        (spec.maxWhy ? ` (${spec.maxWhy})` : '');
    case 'string':
      return spec.nonEmpty ? 'a non-empty string' : 'a string';
    case 'bool':
      return 'true or false';
    case 'enum':
      return `one of ${spec.values.join(' | ')}`;
    case 'intArray':
      return `a list of integers >= ${spec.min ?? 0}`;
    case 'stringArray':
      return 'a list of strings';
  }
}

/** Returns the validated value or throws a message fragment `must be ..., got X`. */
export function checkValue(spec: FieldSpec, v: unknown): unknown {
  const bad = () => new Error(`must be ${describe(spec)}, got ${JSON.stringify(v)}`);
  // Past 2^53 - 1 not every integer is a number (1e308 + 1 === 1e308): counts and sizes would be inexact.
  const unsafe = () =>
    new Error(`must be ${describe(spec)} and at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1, ` +
      `the largest integer held exactly), got ${JSON.stringify(v)}`);
  const inRange = (x: number, min?: number, max?: number, excl?: boolean) =>
    (min === undefined || (excl ? x > min : x >= min)) && (max === undefined || x <= max);
  switch (spec.kind) {
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v) ||
        !(inRange(v, spec.min, spec.max) || v === spec.auto?.value))
      {
        throw bad();
      }
      if (!Number.isSafeInteger(v)) throw unsafe();
      return v;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v) || !inRange(v, spec.min, spec.max, spec.minExclusive)) {
        throw bad();
      }
      return v;
    case 'string':
      if (typeof v !== 'string' || (spec.nonEmpty && v.length === 0)) throw bad();
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw bad();
      return v;
    case 'enum':
      if (typeof v !== 'string' || !spec.values.includes(v)) throw bad();
      return v;
    case 'intArray':
      if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x) && x >= (spec.min ?? 0))) throw bad();
      if (!v.every((x) => Number.isSafeInteger(x))) throw unsafe();
      return [...(v as number[])];
    case 'stringArray':
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw bad();
      return [...v];
  }
}

export function defaultConfig(): Config {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [section, fields] of Object.entries(SCHEMA)) {
    out[section] = {};
    for (const [key, spec] of Object.entries(fields as Record<string, FieldSpec>)) {
      out[section][key] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
    }
  }
  return out as unknown as Config;
}
