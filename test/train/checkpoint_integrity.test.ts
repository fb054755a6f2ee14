// Checkpoint integrity: one sha256 over header and payload (format 2); step, world size and training config
// are checked on load, and every refusal is a CheckpointError naming the file. Format 1 files still load
// by their old rule (payload hash) and go through the same header checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { createHash } from 'crypto';
import { Trainer, identityAllReduce } from '../../src/train/trainer';
import { CheckpointError, CheckpointHeader, encodeCheckpoint, readCheckpoint } from '../../src/train/checkpoint';
import { localAllReduce } from './local_allreduce';
import { testConfig, tmpDir } from '../helpers';
import { saveCheckpoint } from './sync_save';

const quiet = () => {};
const cfg = testConfig(['backend.name=wasm', 'model.n_layer=1', 'model.n_head=2', 'model.n_embd=32',
  'model.block_size=16', 'train.batch_size=4', 'train.max_steps=6', 'train.lr=5e-3', 'train.eval_batches=2']);
const mk = (c = cfg, worldSize = 1) =>
  Trainer.create(c, { rank: 0, worldSize, allreduce: worldSize === 1 ? identityAllReduce : localAllReduce(worldSize),
    log: quiet });

/** A saved step-3 checkpoint named ckpt-000003.bin, and a trainer to load things into. */
async function fixture() {
  const dir = tmpDir('ckint');
  const t = await mk();
  for (let i = 0; i < 3; i++) await t.trainStep();
  const file = path.join(dir, 'ckpt-000003.bin');
  await saveCheckpoint(t, file);
  return { dir, t, file };
}

/** Rewrite a checkpoint with an edited header (or arrays), with a VALID hash: a forgery the hash cannot catch. */
async function forge(src: string, dst: string, edit: (h: CheckpointHeader) => void,
  arrays?: (p: Float32Array) => void)
{
  const ck = await readCheckpoint(src);
  edit(ck.header);
  arrays?.(ck.params);
  fs.writeFileSync(dst, encodeCheckpoint(ck));
  return dst;
}

const refused = (file: string, why: RegExp) => (e: unknown) =>
  e instanceof CheckpointError && e.file === file && e.message.startsWith(`checkpoint ${file}: `) &&
  why.test(e.message);

test('an edited header byte (step 3 -> 999 / -40) breaks the one hash over header and payload', async () => {
  const { dir, t, file } = await fixture();
  const buf = fs.readFileSync(file);
  assert.ok(buf.includes('"step":3,'));
  for (const to of ['999', '-40']) {
    const edited = path.join(dir, `edited${to}.bin`);
    fs.writeFileSync(edited, Buffer.from(buf.toString('latin1').replace('"step":3,', `"step":${to},`), 'latin1'));
    await assert.rejects(t.loadCheckpoint(edited),
      refused(edited, /sha256 of header and payload does not match the stored one/));
  }
  const junk = path.join(dir, 'junk.bin');
  fs.writeFileSync(junk, 'hello');
  await assert.rejects(readCheckpoint(junk), refused(junk, /bad magic/));
  t.dispose();
});

test('header fields are range-checked even with a valid hash: step, name, data position, world size', async () => {
  const { dir, t, file } = await fixture();
  const cases: [string, (h: CheckpointHeader) => void, RegExp][] = [
    ['ckpt-000003.bin', (h) => {
      h.step = 999;
      h.dataPosition.step = 999;
    }, /header step 999 does not match the file name \(step 3\)/],
    ['neg.bin', (h) => {
      h.step = -40;
      h.dataPosition.step = -40;
    }, /step -40 must be an integer >= 0/],
    ['frac.bin', (h) => {
      h.step = 2.5;
    }, /step 2\.5 must be an integer >= 0/],
    ['pos.bin', (h) => {
      h.dataPosition.step = 4;
    }, /dataPosition\.step 4 does not match step 3/],
    ['world.bin', (h) => {
      h.worldSize = 0;
    }, /worldSize 0 must be an integer >= 1/],
  ];
  fs.mkdirSync(path.join(dir, 'forged'));
  for (const [name, edit, why] of cases) {
    const f = await forge(file, path.join(dir, 'forged', name), edit);
    await assert.rejects(t.loadCheckpoint(f), refused(f, why), name);
  }
  const nan = await forge(file, path.join(dir, 'nan.bin'), () => undefined, (p) => {
    p[5] = NaN;
  });
  await assert.rejects(t.loadCheckpoint(nan), refused(nan, /holds non-finite weights \(value 5 is NaN\)/));
  t.dispose();
});

test('a different training config or world size is refused naming the keys / both sizes', async () => {
  const { dir, t, file } = await fixture();
  const edited = await forge(file, path.join(dir, 'cfg.bin'), (h) => {
    h.config.train.lr = 3e-3;
    h.config.model.dropout = 0.2;
  });
  await assert.rejects(t.loadCheckpoint(edited),
    refused(edited, /different training config: model\.dropout: 0\.2 -> 0, train\.lr: 0\.003 -> 0\.005$/));
  const other = await mk({ ...cfg, train: { ...cfg.train, nonfinite: 'stop' } });
  await assert.rejects(other.loadCheckpoint(file), refused(file, /train\.nonfinite: "skip" -> "stop"/));
  const two = await mk(cfg, 2);
  await assert.rejects(two.loadCheckpoint(file),
    refused(file, /written by 1 worker\(s\), this run has 2: .*resume with 1 workers/));
  const shorter = await mk({ ...cfg, train: { ...cfg.train, max_steps: 2 } });
  await assert.rejects(shorter.loadCheckpoint(file), refused(file, /step 3 is beyond train\.max_steps 2/));
  shorter.dispose();
  // Not refused: cluster/metrics/backend keys (not training-relevant).
  const ok = await mk({ ...cfg, cluster: { ...cfg.cluster, heartbeat_timeout_s: 99 } });
  await ok.loadCheckpoint(file);
  assert.equal(ok.step, 3);
  t.dispose();
  other.dispose();
  two.dispose();
  ok.dispose();
});

/** The format-1 encoder as it was (magic MYGPTCK1, header.payloadSha256 over the payload only). */
function encodeV1(h: Record<string, unknown>, arrays: Float32Array[]): Buffer {
  const payload = arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  const sha = createHash('sha256');
  payload.forEach((p) => sha.update(p));
  const json = Buffer.from(JSON.stringify({ ...h, format: 1, payloadSha256: sha.digest('hex') }));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  return Buffer.concat([Buffer.from('MYGPTCK1'), len, json, Buffer.alloc((4 - ((12 + json.length) % 4)) % 4, 0x20),
    ...payload]);
}

test('format 1 still loads by its payload hash; its unprotected header gets the same checks', async () => {
  const { dir, t, file } = await fixture();
  const ck = await readCheckpoint(file);
  const { format: _f, nonfiniteSkips: _n, ...old } = ck.header; // format 1 had no nonfiniteSkips
  const v1 = path.join(dir, 'v1', 'ckpt-000003.bin');
  fs.mkdirSync(path.dirname(v1));
  fs.writeFileSync(v1, encodeV1(old, [ck.params, ck.m, ck.v]));
  const u = await mk();
  await u.loadCheckpoint(v1);
  assert.equal(u.step, 3);
  assert.equal(u.weightsChecksum(), t.weightsChecksum());
  const bad = path.join(dir, 'v1', 'ckpt-000004.bin'); // header says 3, name says 4
  fs.writeFileSync(bad, encodeV1(old, [ck.params, ck.m, ck.v]));
  await assert.rejects(u.loadCheckpoint(bad), refused(bad, /header step 3 does not match the file name \(step 4\)/));
  const corrupt = path.join(dir, 'v1', 'corrupt.bin');
  const c = encodeV1(old, [ck.params, ck.m, ck.v]);
  c[c.length - 3] ^= 0xff;
  fs.writeFileSync(corrupt, c);
  await assert.rejects(u.loadCheckpoint(corrupt), refused(corrupt, /payload sha256 \w+ does not match header/));
  t.dispose();
  u.dispose();
});
