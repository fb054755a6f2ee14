// TensorBoard event files: CRC32C against RFC 3720's vectors, TFRecord framing checked by a parser written
// here from the format, events decoded with protobufjs from tensorflow's own field numbers; then a real
// coordinator run with metrics.tensorboard_dir, its scalars compared with progress.jsonl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import * as protobuf from 'protobufjs';
import { crc32c, TensorBoardWriter } from '../../src/metrics/tensorboard';
import { cleanup, exitWithin, readJsonl, start, tinyConfig } from '../coordinator/harness';

// tensorflow/core/util/event.proto and tensorflow/core/framework/summary.proto, the fields we write.
const EVENT_PROTO = `syntax = "proto3"; package tensorflow;
message SummaryValue { string tag = 1; float simple_value = 2; }
message Summary { repeated SummaryValue value = 1; }
message Event { double wall_time = 1; int64 step = 2;
  oneof what { string file_version = 3; bytes graph_def = 4; Summary summary = 5; } }`;
const Event = protobuf.parse(EVENT_PROTO).root.lookupType('tensorflow.Event');
interface Ev {
  wallTime: number;
  step: number;
  fileVersion?: string;
  summary?: { value: { tag: string; simpleValue: number; }[]; };
}

test('CRC32C: the test vectors of RFC 3720 appendix B.4', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  assert.equal(crc32c(Buffer.alloc(32, 0)), 0x8a9136aa);
  assert.equal(crc32c(Buffer.alloc(32, 0xff)), 0x62a8ab43);
  assert.equal(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i))), 0x46dd794e);
  assert.equal(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i))), 0x113fdb5c);
  assert.equal(crc32c(Buffer.alloc(0)), 0);
});

const mask = (c: number) => ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;

/** TFRecord: u64 LE length, u32 LE masked crc32c(length bytes), data, u32 LE masked crc32c(data). */
function readRecords(file: string): Ev[] {
  const buf = fs.readFileSync(file);
  const out: Ev[] = [];
  let at = 0;
  while (at < buf.length) {
    assert.ok(at + 12 <= buf.length, `record header at ${at} is complete`);
    const len = Number(buf.readBigUInt64LE(at));
    assert.equal(buf.readUInt32LE(at + 8), mask(crc32c(buf.subarray(at, at + 8))), `length crc of the record at ${at}`);
    const data = buf.subarray(at + 12, at + 12 + len);
    assert.equal(buf.readUInt32LE(at + 12 + len), mask(crc32c(data)), `data crc of the record at ${at}`);
    out.push(Event.toObject(Event.decode(data), { longs: Number, defaults: false }) as Ev);
    at += 12 + len + 4;
  }
  assert.equal(at, buf.length, 'records end at the end of the file');
  return out;
}
const eventFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.includes('tfevents'));

test('writer: file name, the file_version record first, then one event per step with float32 scalars', async () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-tb-')), 'tb');
  const w = new TensorBoardWriter(dir, { nowMs: 1_700_000_000_500, host: 'node-a' });
  const again = new TensorBoardWriter(dir, { nowMs: 1_700_000_000_900, host: 'node-a' }); // same second: its own file
  w.scalars(1, [['train/loss', 4.17], ['train/learning_rate', 3e-4]], 1_700_000_001_000);
  w.scalars(2 ** 40, [['eval/loss', 2.5]], 1_700_000_002_000);
  // appended off the event loop: not yet on disk when scalars() returns, all of it once close() resolves
  assert.equal(readRecords(w.file).length, 1, "scalars() did not write on the caller's turn of the event loop");
  await w.close();
  await again.close();
  assert.deepEqual(eventFiles(dir).sort(), ['events.out.tfevents.1700000000.node-a',
    'events.out.tfevents.1700000000.node-a.1']);
  const evs = readRecords(w.file);
  assert.deepEqual(evs[0], { wallTime: 1_700_000_000.5, step: 0, fileVersion: 'brain.Event:2' });
  assert.deepEqual(evs[1], { wallTime: 1_700_000_001, step: 1, summary: {
    value: [{ tag: 'train/loss', simpleValue: Math.fround(4.17) }, { tag: 'train/learning_rate',
      simpleValue: Math.fround(3e-4) }],
  } });
  assert.deepEqual(evs[2], { wallTime: 1_700_000_002, step: 2 ** 40,
    summary: { value: [{ tag: 'eval/loss', simpleValue: 2.5 }] } });
  assert.equal(evs.length, 3);
  assert.deepEqual(readRecords(again.file), [{ wallTime: 1_700_000_000.9, step: 0, fileVersion: 'brain.Event:2' }]);
});

interface Line {
  step: number;
  loss: number;
  valLoss: number | null;
  lr: number;
  gradNorm: number;
  tokens: number;
  stepS: number;
  exposedCommS: number[];
}

test(
  "mygpt-coord with metrics.tensorboard_dir: every step's loss, lr, grad norm, tokens/s, exposed communication; " +
    'val loss at evals',
  { timeout: 120_000 },
  async () => {
    const tbDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-tb-')), 'events');
    const { dir, file } = tinyConfig({ metrics: { tensorboard_dir: tbDir }, train: { sample_tokens: 0 } });
    try {
      const coord = start('mygpt-coord', ['--config', file]);
      const { code } = await exitWithin(coord, 90_000);
      assert.equal(code, 0, coord.out());
      const files = eventFiles(tbDir);
      assert.equal(files.length, 1);
      assert.match(files[0],
        new RegExp(`^events\\.out\\.tfevents\\.\\d{10}\\.${os.hostname().replace(/\./g, '\\.')}$`));
      assert.match(coord.out(), new RegExp(`TensorBoard events: ${path.join(tbDir, files[0]).replace(/[.]/g, '\\.')}`));
      const [first, ...steps] = readRecords(path.join(tbDir, files[0]));
      assert.equal(first.fileVersion, 'brain.Event:2');
      const lines = readJsonl<Line>(path.join(dir, 'run', 'progress.jsonl'));
      assert.deepEqual(steps.map((e) => e.step), lines.map((l) => l.step));
      assert.equal(steps.length, 20);
      steps.forEach((e, i) => {
        const l = lines[i];
        const v = Object.fromEntries(e.summary!.value.map((x) => [x.tag, x.simpleValue]));
        const want: Record<string, number> = { 'train/loss': l.loss, 'train/learning_rate': l.lr,
          'train/grad_norm': l.gradNorm, 'perf/step_s': l.stepS, 'perf/tokens_per_s': l.tokens / l.stepS,
          'perf/exposed_comm_s': Math.max(...l.exposedCommS) };
        if (l.valLoss !== null) want['eval/loss'] = l.valLoss;
        assert.deepEqual(v, Object.fromEntries(Object.entries(want).map(([k, x]) => [k, Math.fround(x)])),
          `step ${l.step}`);
        assert.ok(e.wallTime > 1.6e9 && e.wallTime >= first.wallTime, 'wall_time in seconds');
      });
      assert.deepEqual(lines.filter((l) => l.valLoss !== null).map((l) => l.step), [10, 20]);
    } finally {
      cleanup(dir);
      fs.rmSync(path.dirname(tbDir), { recursive: true, force: true });
    }
  },
);

test('metrics.tensorboard_dir that cannot be a directory: exit 2 naming the key, no worker started', {
  timeout: 60_000,
}, async () => {
  const { dir, file } = tinyConfig();
  try {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, '');
    const coord = start('mygpt-coord', ['--config', file, '--set', `metrics.tensorboard_dir=${blocker}/tb`]);
    const { code } = await exitWithin(coord, 30_000);
    assert.equal(code, 2, coord.out());
    assert.match(coord.out(),
      /mygpt-coord: error: metrics\.tensorboard_dir \S+a-file\/tb: cannot create the event file \(ENOTDIR\)/);
    assert.doesNotMatch(coord.out(), /rank 0/);
  } finally {
    cleanup(dir);
  }
});

const tbWhy = (() => {
  const r = spawnSync('/usr/bin/python3', ['-c',
    'from tensorboard.backend.event_processing.event_accumulator import EventAccumulator'], { encoding: 'utf8',
    timeout: 60_000 });
  return r.status === 0
    ? ''
    : `/usr/bin/python3 has no tensorboard (${(r.stderr || String(r.error)).trim().split('\n').pop()})`;
})();

test('TensorBoard itself reads the scalars (python tensorboard EventAccumulator)', { skip: tbWhy || false },
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-tb-'));
    const w = new TensorBoardWriter(dir);
    for (let s = 1; s <= 3; s++) w.scalars(s, [['train/loss', 4 - s / 2]]);
    await w.close();
    const py = `from tensorboard.backend.event_processing.event_accumulator import EventAccumulator as A
a = A(${JSON.stringify(dir)}); a.Reload(); print(",".join(f"{e.step}:{e.value}" for e in a.Scalars("train/loss")))`;
    const r = spawnSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '1:3.5,2:3.0,3:2.5');
  });
