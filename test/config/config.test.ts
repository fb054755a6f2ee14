import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig, configHash, ConfigError, ringTransportOf, minWorkers } from '../../src/config/load';
import { SCHEMA, defaultConfig } from '../../src/config/schema';
import { joinRe, tmpDir, REPO } from '../helpers';

function writeYaml(text: string): string {
  const f = path.join(tmpDir('cfg'), 'x.yaml');
  fs.writeFileSync(f, text);
  return f;
}

// The keys themselves match the Config type at compile time (the Schema mapped type in src/config/schema.ts).
test('the defaults have every Config section and validate', () => {
  const d = defaultConfig();
  assert.deepEqual(Object.keys(d).sort(), ['backend', 'cluster', 'data', 'metrics', 'model', 'run', 'security',
    'train']);
  assert.doesNotThrow(() => loadConfig());
});

/** What a user could not find about the keys of `schema`: one line per key that neither README.md nor docs/*.md
 *  names as `section.key`, and per key missing from the committed mygpt.schema.json (the editors' schema). */
function undocumented(schema: Record<string, Record<string, unknown>>): string[] {
  const docs = ['README.md', ...fs.readdirSync(path.join(REPO, 'docs')).map((f) => path.join('docs', f))]
    .filter((f) => f.endsWith('.md')).map((f) => fs.readFileSync(path.join(REPO, f), 'utf8')).join('\n');
  const json = JSON.parse(fs.readFileSync(path.join(REPO, 'mygpt.schema.json'), 'utf8'));
  const out: string[] = [];
  for (const [section, keys] of Object.entries(schema)) {
    for (const key of Object.keys(keys)) {
      if (!new RegExp(`\\b${section}\\.${key}\\b`).test(docs)) {
        out.push(`${section}.${key}: not named in README.md or docs/*.md`);
      }
      if (!json.properties?.[section]?.properties?.[key]) out.push(`${section}.${key}: not in mygpt.schema.json`);
    }
  }
  return out;
}

test('every config key is documented: named as section.key in README.md or docs/*.md, and in mygpt.schema.json', () => {
  assert.deepEqual(undocumented(SCHEMA), []);
  // a key added to the schema without either is caught
  const planted = { ...SCHEMA, train: { ...SCHEMA.train, planted_key: SCHEMA.train.lr } };
  assert.deepEqual(undocumented(planted), ['train.planted_key: not named in README.md or docs/*.md',
    'train.planted_key: not in mygpt.schema.json']);
});

test('partial YAML fills defaults; configs/local.yaml is valid', () => {
  const f = writeYaml('model:\n  n_layer: 2\n');
  const c = loadConfig(f);
  assert.equal(c.model.n_layer, 2);
  assert.equal(c.model.n_embd, defaultConfig().model.n_embd);
  const local = loadConfig(path.join(REPO, 'configs', 'local.yaml'));
  assert.equal(local.data.path, 'data/tinyshakespeare.txt');
});

test('unknown key, wrong type, out of range: error names file and dotted key', () => {
  const cases: [string, RegExp][] = [
    ['train:\n  batch_sise: 3\n', /x\.yaml: unknown key train\.batch_sise/],
    ['trian:\n  batch_size: 3\n', /x\.yaml: unknown section "trian"/],
    ['train:\n  batch_size: abc\n', /x\.yaml: train\.batch_size must be an integer >= 1, got "abc"/],
    ['train:\n  batch_size: 2.5\n', /train\.batch_size must be an integer/],
    ['model:\n  dropout: 1.5\n', /x\.yaml: model\.dropout must be a number >= 0 and <= 0\.99, got 1\.5/],
    ['backend:\n  name: tpu\n', /backend\.name must be one of auto \| tensorflow-gpu/],
    ['cluster:\n  devices: [0, -1]\n', /cluster\.devices must be a list of integers/],
    ['cluster:\n  bucket_bytes: 0\n', /x\.yaml: cluster\.bucket_bytes must be an integer >= 4/],
    ['cluster:\n  exchange_max_bytes: -2\n',
      /x\.yaml: cluster\.exchange_max_bytes must be an integer >= -1 and <= 1073741824, got -2/],
    ['cluster:\n  comm_thread: maybe\n', /cluster\.comm_thread must be/],
    ['cluster:\n  shared_memory: 1\n', /x\.yaml: cluster\.shared_memory must be/],
    ['cluster:\n  chunk_bytes: 134217728\n',
      joinRe(/x\.yaml: cluster\.chunk_bytes must be an integer >= 1024 and <= 67108864, or -1 \(the data plane's /,
        /measured value\), got 134217728/)],
    ['cluster:\n  chunk_bytes: -2\n', /x\.yaml: cluster\.chunk_bytes must be an integer >= 1024 .*, or -1 .*, got -2/],
    ['cluster:\n  chunk_bytes: 0\n', /x\.yaml: cluster\.chunk_bytes must be an integer >= 1024 .*, got 0/],
    ['cluster:\n  step_timeout_s: 1\n',
      /cluster\.step_timeout_s \(1\) must be 0 \(off\) or more than twice cluster\.heartbeat_interval_s/],
    ['model:\n  n_embd: 30\n  n_head: 4\n', /model\.n_embd \(30\) must be divisible by model\.n_head/],
    ['model: [1, 2]\n', /x\.yaml: model must be a mapping/],
  ];
  for (const [yaml, re] of cases) {
    const f = writeYaml(yaml);
    assert.throws(() => loadConfig(f), (e: Error) =>
      e instanceof ConfigError && re.test(e.message) && e.message.includes(f), yaml);
  }
  assert.throws(() => loadConfig('/nonexistent/c.yaml'), /\/nonexistent\/c\.yaml: cannot read config file \(ENOENT\)/);
});

test('--set overrides use the same schema and name --set as the source', () => {
  const c = loadConfig(undefined, ['train.max_steps=10', 'cluster.devices=[0,1]', 'train.sample_prompt=123',
    'metrics.enabled=false']);
  assert.equal(c.train.max_steps, 10);
  assert.deepEqual(c.cluster.devices, [0, 1]);
  assert.equal(c.train.sample_prompt, '123');
  assert.equal(c.metrics.enabled, false);
  assert.throws(() => loadConfig(undefined, ['train.max_steps=abc']),
    /--set: train\.max_steps must be an integer >= 1, got "abc"/);
  assert.throws(() => loadConfig(undefined, ['train.nope=1']), /--set train\.nope: unknown key train\.nope/);
  assert.throws(() => loadConfig(undefined, ['train.max_steps']),
    /--set train\.max_steps: expected section\.key=value/);
});

test('configHash: stable, sensitive to training keys, blind to ports/dirs/logging', () => {
  const base = configHash(loadConfig());
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.equal(configHash(loadConfig()), base);
  for (const s of ['train.lr=0.5', 'model.n_layer=3', 'run.seed=1', 'data.val_fraction=0.2', 'cluster.wire_dtype=bf16',
    'train.max_steps=7'])
  {
    assert.notEqual(configHash(loadConfig(undefined, [s])), base, s);
  }
  for (const s of ['metrics.port=9100', 'cluster.host=0.0.0.0', 'run.dir=/x', 'train.log_interval=3',
    'backend.name=cpu', 'train.keep_checkpoints=2'])
  {
    assert.equal(configHash(loadConfig(undefined, [s])), base, s);
  }
});

test('cluster keys that contradict each other are refused by loadConfig (coordinator and workers alike)', () => {
  assert.throws(() => loadConfig(undefined, ['cluster.heartbeat_interval_s=1', 'cluster.heartbeat_timeout_s=2']),
    (e: unknown) =>
      e instanceof ConfigError &&
      joinRe(/defaults \+ --set: cluster\.heartbeat_timeout_s \(2\) must be more than twice /,
        /cluster\.heartbeat_interval_s \(1\)/)
        .test(e.message));
  assert.throws(() => loadConfig(undefined, ['cluster.devices=[0,1,0]']),
    (e: unknown) => e instanceof ConfigError && /cluster\.devices \[0,1,0\] lists a GPU twice/.test(e.message));
  assert.doesNotThrow(() =>
    loadConfig(undefined, ['cluster.heartbeat_interval_s=1', 'cluster.heartbeat_timeout_s=2.5'])
  );
});

test('cluster.ring_transport: auto by default (tcp; zmq with security.curve), zmq or tcp by choice; ' +
  'anything else names the key', () => {
  assert.equal(defaultConfig().cluster.ring_transport, 'auto');
  assert.equal(ringTransportOf(defaultConfig()), 'tcp');
  const curve = defaultConfig();
  curve.security.curve = true;
  assert.equal(ringTransportOf(curve), 'zmq', 'auto encrypts the gradients when security.curve is on');
  assert.equal(ringTransportOf(loadConfig(writeYaml('cluster:\n  ring_transport: zmq\n'))), 'zmq');
  assert.equal(loadConfig(writeYaml('cluster:\n  ring_transport: tcp\n')).cluster.ring_transport, 'tcp');
  assert.throws(() => loadConfig(writeYaml('cluster:\n  ring_transport: udp\n')),
    /cluster\.ring_transport must be one of auto \| zmq \| tcp, got "udp"/);
});

test('cluster.min_workers: at most the configured world, and below it only with cluster.recovery: in_place', () => {
  assert.equal(minWorkers(loadConfig(undefined, ['cluster.workers=4'])), 4, '0 = the configured world');
  assert.equal(minWorkers(loadConfig(undefined, ['cluster.workers=4', 'cluster.min_workers=2'])), 2);
  assert.equal(minWorkers(loadConfig(undefined, ['cluster.external=true', 'cluster.world_size=3'])), 3);
  assert.throws(() => loadConfig(undefined, ['cluster.workers=2', 'cluster.min_workers=3']),
    /cluster\.min_workers \(3\) must be at most the configured world size \(2\)/);
  assert.throws(() => loadConfig(undefined, ['cluster.workers=4', 'cluster.min_workers=2', 'cluster.recovery=restart']),
    /cluster\.min_workers \(2\) below the world size \(4\) needs cluster\.recovery: in_place/);
});
