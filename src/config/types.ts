// The one typed configuration object. YAML keys are snake_case and map 1:1 to these fields.
// Durations carry their unit in the key name (_s = seconds). Loading/validation lives in ./load.ts.

/** zmq: the ZeroMQ ring (libzmq from native code, else zeromq.js; encrypted with security.curve); tcp: faster
 *  (docs/benchmarks.md), connections authenticated per generation but bytes never encrypted. Both admit only the
 *  previous rank. */
export type RingTransport = 'zmq' | 'tcp';
/** cluster.ring_transport as written: auto = tcp, or zmq when security.curve is on (ringTransportOf). */
export type RingTransportSetting = 'auto' | RingTransport;
export type BackendName = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
export type WireDtype = 'fp32' | 'bf16';

export interface RunConfig {
  dir: string; // run directory: checkpoints, logs, failure report
  seed: number; // global seed: init, data order, dropout
}

export interface ModelConfig {
  n_layer: number;
  n_head: number;
  n_embd: number;
  block_size: number; // context length T
  dropout: number; // 0..1
}

export interface DataConfig {
  path: string; // Tiny Shakespeare text file
  val_fraction: number; // tail of the corpus held out, 0..0.5
}

export interface TrainConfig {
  batch_size: number; // sequences per worker per micro-step
  grad_accum: number; // micro-steps per optimizer step
  max_steps: number; // optimizer steps in the whole run (global)
  lr: number; // peak learning rate
  min_lr: number; // floor of the cosine decay
  warmup_steps: number;
  weight_decay: number; // AdamW, applied to matrices only
  beta1: number;
  beta2: number;
  eps: number;
  grad_clip: number; // clip by global norm; 0 disables
  eval_interval: number; // steps between validation passes; 0 = only at the end
  eval_batches: number; // validation pass = the first eval_batches x global batch val sequences, split across ranks
  log_interval: number; // steps between progress lines
  checkpoint_interval: number; // steps between checkpoints; 0 = only at the end
  keep_checkpoints: number; // newest step checkpoints kept in run.dir; 0 = keep all
  sample_tokens: number; // characters generated at the end of a run (0 = none)
  sample_prompt: string;
  nonfinite: 'skip' | 'stop'; // a non-finite loss/gradient: skip the optimizer step, or stop the run (exit 5)
  max_nonfinite_skips: number; // with skip: steps skipped per run before it stops anyway
}

export interface BackendConfig {
  name: BackendName;
  // OpenBLAS threads per worker process; 0 = the CPUs it may use (cgroup quota, affinity: util/cpus.ts)
  threads: number;
  native: boolean; // use native kernels when they are built
}

export interface ClusterConfig {
  workers: number; // local CPU workers to launch (ignored when devices is non-empty)
  devices: number[]; // GPU ids: one local worker per id, CUDA_VISIBLE_DEVICES=id
  external: boolean; // do not launch: wait for `mygpt-worker --coordinator` processes
  world_size: number; // with external: how many workers to wait for (0 = workers)
  host: string; // coordinator bind address
  port: number; // coordinator control port (0 = pick a free one)
  advertise_host: string; // address workers bind/advertise for the ring ('' = host)
  join_timeout_s: number; // gang start: all workers must join within this
  heartbeat_interval_s: number;
  heartbeat_timeout_s: number;
  collective_timeout_s: number; // a peer silent this long during an all-reduce = failure
  // a training rank whose step does not advance this long = failed, even if it heartbeats (0 = off)
  step_timeout_s: number;
  max_restarts: number;
  // a group restart starts from a survivor's in-memory state (in_place) or the last checkpoint
  recovery: 'in_place' | 'restart';
  // after a failure the group trains on shrunk down to this many members (0 = the configured world size)
  min_workers: number;
  wire_dtype: WireDtype;
  chunk_bytes: number; // all-reduce pipeline chunk size
  bucket_bytes: number; // gradient bucket handed to the all-reduce during backward (fp32 bytes)
  comm_thread: boolean; // gradient buckets reduced in a worker thread during backward (false: main thread, serial)
  ring_transport: RingTransportSetting; // the ring's data plane: auto (tcp; zmq with security.curve), zmq or tcp
  shared_memory: boolean; // payloads between two ranks that share a host go through shared memory, not the socket
  // the exchange while (world - 1) x fp32 buffer bytes <= this, else the ring; -1 = per data plane (transport
  // EXCHANGE_MAX_BYTES)
  exchange_max_bytes: number;
  checksum_interval: number; // steps between replica weight checksums (0 = start only)
}

export interface MetricsConfig {
  enabled: boolean;
  host: string;
  port: number; // 0 = pick a free one
  linger_s: number; // after the summary, /metrics stays up this long for a last scrape (0 = off)
  /** TensorBoard event files of the step scalars go here (written by the coordinator); '' = none. */
  tensorboard_dir: string;
}

/** ZeroMQ CURVE (docs/security.md). Every key value is either a 40-character Z85 key or the path of a
 *  file holding one (what `mygpt-keys` writes). Secrets never enter the config hash, logs or checkpoints. */
export interface SecurityConfig {
  curve: boolean; // encrypt + authenticate every control and ring socket
  server_public_key: string; // the coordinator's public key (every worker needs it)
  server_secret_key: string; // the coordinator's secret key (coordinator only)
  client_public_key: string; // this worker's key pair: its control connection and its ring socket
  client_secret_key: string;
  allowed_clients: string[]; // worker public keys accepted (keys, or files with one key per line)
}

export interface Config {
  run: RunConfig;
  model: ModelConfig;
  data: DataConfig;
  train: TrainConfig;
  backend: BackendConfig;
  cluster: ClusterConfig;
  metrics: MetricsConfig;
  security: SecurityConfig;
}
