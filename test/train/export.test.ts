// mygpt-export: a checkpoint as safetensors with GPT-2 names. Read back by a reader written here from the
// format's spec (not src/util/safetensors.ts), compared tensor by tensor with the checkpoint; loaded into
// a torch.nn.Linear GPT (nanoGPT's layout) when /usr/bin/python3 has torch; read by mygpt-generate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import * as tf from '@tensorflow/tfjs';
import { Trainer, identityAllReduce } from '../../src/train/trainer';
import { gptConfigOf } from '../../src/train/model_size';
import { readCheckpoint } from '../../src/train/checkpoint';
import { saveRunCheckpoint } from './sync_save';
import { Replica } from '../../src/train/replica';
import { CharTokenizer } from '../../src/data/tokenizer';
import { REPO, runBin, testConfig, tmpDir } from '../helpers';

const cfg = testConfig(['backend.name=wasm', 'model.n_layer=2', 'model.n_head=2', 'model.n_embd=16',
  'model.block_size=16', 'train.batch_size=4', 'train.max_steps=3', 'train.warmup_steps=0', 'train.lr=3e-2',
  'train.eval_batches=1']);

/** A run directory holding a checkpoint after 3 steps (weights moved away from their init). */
async function trainedRun(): Promise<string> {
  const dir = path.join(tmpDir('export'), 'run');
  const t = await Trainer.create(cfg, { rank: 0, worldSize: 1, allreduce: identityAllReduce, log: () => {} });
  for (let i = 0; i < 3; i++) await t.trainStep();
  await saveRunCheckpoint(t, dir, 0);
  t.dispose();
  return dir;
}
const runP = trainedRun();

/** `mygpt-export --checkpoint <checkpoint> --out <out>`. */
const exportBin = (checkpoint: string, out: string) =>
  runBin('mygpt-export.js', ['--checkpoint', checkpoint, '--out', out]);

/** `body` with the trained run directory and a fresh scratch directory named after `name`, removed afterwards. */
async function withScratch(name: string, body: (runDir: string, dir: string) => Promise<void> | void): Promise<void> {
  const runDir = await runP;
  const dir = tmpDir(name);
  try {
    await body(runDir, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Entry {
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}
/** The safetensors spec: u64 LE header size N, N bytes of JSON {name: {dtype, shape, data_offsets}, __metadata__},
 *  then the byte buffer, which the tensors cover in order, contiguously, without overlap. */
function readBySpec(
  buf: Buffer,
): { entries: Map<string, Entry>; order: string[]; meta: Record<string, string>; data: Buffer; } {
  const n = Number(buf.readBigUInt64LE(0));
  assert.ok(8 + n <= buf.length, 'header length within the file');
  assert.equal((8 + n) % 8, 0, 'byte buffer starts 8-byte aligned');
  const json = JSON.parse(buf.subarray(8, 8 + n).toString('utf8')) as Record<string, unknown>;
  const meta = json.__metadata__ as Record<string, string>;
  for (const [k, v] of Object.entries(meta)) assert.equal(typeof v, 'string', `__metadata__.${k} is a string`);
  const data = buf.subarray(8 + n);
  const entries = new Map<string, Entry>();
  const order = Object.keys(json).filter((k) => k !== '__metadata__');
  let at = 0;
  for (const name of order) {
    const e = json[name] as { dtype: string; shape: number[]; data_offsets: [number, number]; };
    const [begin, end] = e.data_offsets;
    assert.equal(begin, at, `${name} starts where the previous tensor ended (in order, no hole, no overlap)`);
    assert.equal(end - begin, e.shape.reduce((a, b) => a * b, 1) * 4, `${name}: offsets hold its shape in F32`);
    entries.set(name, { dtype: e.dtype, shape: e.shape, begin, end });
    at = end;
  }
  assert.equal(at, data.length, 'the tensors cover the whole byte buffer');
  return { entries, order, meta, data };
}
const f32 = (data: Buffer, e: Entry) =>
  new Float32Array(data.buffer.slice(data.byteOffset + e.begin, data.byteOffset + e.end));

/** The contract of docs/export.md: our parameter -> its GPT-2 name (identical shape, no transpose). */
function expectedNames(nLayer: number): [string, string][] {
  const rows: [string, string][] = [['wte', 'transformer.wte.weight'], ['wpe', 'transformer.wpe.weight']];
  for (let l = 0; l < nLayer; l++) {
    const h = `transformer.h.${l}.`;
    rows.push([`h${l}.ln1.g`, h + 'ln_1.weight'], [`h${l}.ln1.b`, h + 'ln_1.bias'], [`h${l}.attn.w`,
      h + 'attn.c_attn.weight'], [`h${l}.attn.b`, h + 'attn.c_attn.bias'], [`h${l}.attn.proj.w`,
      h + 'attn.c_proj.weight'], [`h${l}.attn.proj.b`, h + 'attn.c_proj.bias'], [`h${l}.ln2.g`, h + 'ln_2.weight'], [
      `h${l}.ln2.b`,
      h + 'ln_2.bias',
    ], [`h${l}.mlp.fc.w`, h + 'mlp.c_fc.weight'], [`h${l}.mlp.fc.b`, h + 'mlp.c_fc.bias'], [`h${l}.mlp.proj.w`,
      h + 'mlp.c_proj.weight'], [`h${l}.mlp.proj.b`, h + 'mlp.c_proj.bias']);
  }
  rows.push(['lnf.g', 'transformer.ln_f.weight'], ['lnf.b', 'transformer.ln_f.bias'], ['wte', 'lm_head.weight']);
  return rows;
}

test('mygpt-export --checkpoint RUN_DIR: every tensor under its GPT-2 name equals the checkpoint; config, step, ' +
  'vocabulary in __metadata__', async () => {
  const runDir = await runP;
  const out = path.join(path.dirname(runDir), 'model.safetensors');
  const r = exportBin(runDir, out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote .*model\.safetensors .* from .*ckpt-000003\.bin/);
  const ck = await readCheckpoint(path.join(runDir, 'ckpt-000003.bin'));
  const { entries, meta, data } = readBySpec(fs.readFileSync(out));

  const rows = expectedNames(cfg.model.n_layer);
  assert.deepEqual([...entries.keys()].sort(), rows.map(([, g]) => g).sort(), 'exactly the GPT-2 tensors');
  for (const [ours, theirs] of rows) {
    const spec = ck.header.specs.find((s) => s.name === ours)!;
    const e = entries.get(theirs)!;
    assert.equal(e.dtype, 'F32');
    assert.deepEqual(e.shape, spec.shape, `${theirs} shape`);
    const offset = ck.header.specs.slice(0, ck.header.specs.indexOf(spec)).reduce(
      (a, s) => a + s.shape.reduce((x, y) => x * y, 1),
      0,
    );
    const want = ck.params.subarray(offset, offset + e.shape.reduce((x, y) => x * y, 1));
    assert.deepEqual(f32(data, e), want, `${theirs} equals the checkpoint's ${ours}`);
  }
  const C = cfg.model.n_embd;
  assert.deepEqual(entries.get('transformer.h.0.attn.c_attn.weight')!.shape, [C, 3 * C], 'Conv1D layout [in, out]');
  assert.equal(meta.format, 'pt');
  assert.equal(meta.step, '3');
  assert.equal(meta.tokenizer, ck.header.tokenizer);
  assert.deepEqual(JSON.parse(meta.config), ck.header.config);
  const hf = JSON.parse(meta.gpt2_config);
  assert.deepEqual([hf.vocab_size, hf.n_positions, hf.n_embd, hf.n_layer, hf.n_head], [65, 16, 16, 2, 2]);
  assert.match(meta.layout, /\[in, out\]/);

  // mygpt-generate reads the export and, greedy, writes what it writes from the checkpoint.
  const gen = (file: string) =>
    runBin('mygpt-generate.js', ['--checkpoint', file, '--prompt', 'ROMEO:', '--tokens', '40', '--backend', 'cpu']);
  const fromCk = gen(path.join(runDir, 'ckpt-000003.bin')), fromSt = gen(out);
  assert.equal(fromSt.code, 0, fromSt.stderr);
  assert.equal(fromSt.stdout, fromCk.stdout);
  assert.equal(fromSt.stdout.length, 'ROMEO:'.length + 40 + 1);
});

const torchWhy = (() => {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0
    ? ''
    : `/usr/bin/python3 cannot import torch (${(r.stderr || String(r.error)).trim().split('\n').pop()})`;
})();

test("PyTorch: the export in a torch.nn.Linear GPT (nanoGPT layout, Conv1D weights transposed) gives mygpt's logits", {
  skip: torchWhy || false,
}, async (t) => {
  const runDir = await runP;
  const out = path.join(path.dirname(runDir), 'torch.safetensors');
  assert.equal(exportBin(path.join(runDir, 'ckpt-000003.bin'), out).code, 0);
  const ck = await readCheckpoint(path.join(runDir, 'ckpt-000003.bin'));
  const tok = CharTokenizer.fromJSON(ck.header.tokenizer);
  const ids = tok.encode('First Citizen:\nB');
  const replica = new Replica(gptConfigOf(cfg, tok.vocabSize), tok, ck.params);
  const ours = tf.tidy(() =>
    replica.model.forward(replica.params, tf.tensor2d([ids], [1, ids.length], 'int32'), { training: false }).arraySync()
  );
  replica.dispose();
  const py = spawnSync('/usr/bin/python3', [path.join(REPO, 'test/train/fixtures/nanogpt_logits.py'), out,
    ids.join(',')], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(py.status, 0, py.stderr);
  const theirs = JSON.parse(py.stdout) as number[][];
  assert.equal(theirs.length, ids.length);
  const scale = Math.max(...ours.flat().map(Math.abs));
  assert.ok(scale > 0.5, `trained logits are not tiny (max |logit| ${scale})`);
  let worst = 0;
  ours.forEach((row, t) =>
    row.forEach((v, j) => {
      worst = Math.max(worst, Math.abs(v - theirs[t][j]));
    })
  );
  t.diagnostic(`max |mygpt - torch| ${worst}, max |logit| ${scale}`);
  assert.ok(worst < 1e-4 * scale, `max |mygpt - torch| logit difference ${worst} (max |logit| ${scale})`);
});

test('mygpt-export --checkpoint RUN_DIR/latest (the pointer file, as mygpt-generate takes it) ' +
  'exports the checkpoint it names', async () => {
  await withScratch('export-ptr', (runDir, dir) => {
    const viaPtr = path.join(dir, 'ptr.safetensors'), viaDir = path.join(dir, 'dir.safetensors');
    const r = exportBin(path.join(runDir, 'latest'), viaPtr);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(exportBin(runDir, viaDir).code, 0);
    assert.ok(fs.readFileSync(viaPtr).equals(fs.readFileSync(viaDir)),
      'the pointer and its run directory give the same export');
  });
});

test('an export whose __metadata__ names a huge model (n_embd 10000000) is exit 2 naming the file, ' +
  'not an allocation failure', async () => {
  await withScratch('export-huge', (runDir, dir) => {
    const good = path.join(dir, 'good.safetensors'), huge = path.join(dir, 'huge.safetensors');
    assert.equal(exportBin(runDir, good).code, 0);
    // the same tensors, the header's config edited by hand
    const b = fs.readFileSync(good), n = Number(b.readBigUInt64LE(0));
    const header = JSON.parse(b.subarray(8, 8 + n).toString('utf8'));
    const config = JSON.parse(header.__metadata__.config);
    config.model.n_embd = 10_000_000;
    header.__metadata__.config = JSON.stringify(config);
    const h = Buffer.from(JSON.stringify(header));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(h.length));
    fs.writeFileSync(huge, Buffer.concat([len, h, b.subarray(8 + n)]));
    const r = runBin('mygpt-generate.js', ['--checkpoint', huge, '--prompt', 'A', '--tokens', '1', '--backend', 'cpu']);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.stderr.includes(huge) && /does not hold this model .*"n_embd":10000000.* has shape \[/.test(r.stderr),
      r.stderr);
  });
});

test('bad input: exit 2 naming the path for a missing file, a directory without checkpoints, a corrupt checkpoint, ' +
  'an --out not named .safetensors', async () => {
  await withScratch('export-bad', (runDir, dir) => {
    const out = path.join(dir, 'm.safetensors');
    const missing = exportBin(path.join(dir, 'nope.bin'), out);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr,
      /mygpt-export: error: --checkpoint .*nope\.bin: no such checkpoint file or run directory/);
    const empty = exportBin(dir, out);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /without a `latest` pointer/);
    const bad = path.join(dir, 'ckpt-000003.bin');
    const b = fs.readFileSync(path.join(runDir, 'ckpt-000003.bin'));
    b[b.length - 5] ^= 0xff;
    fs.writeFileSync(bad, b);
    const corrupt = exportBin(bad, out);
    assert.equal(corrupt.code, 2);
    assert.match(corrupt.stderr, /checkpoint .*ckpt-000003\.bin: sha256/);
    assert.ok(!fs.existsSync(out), 'nothing written on failure');
    const named = exportBin(runDir, path.join(dir, 'm.bin'));
    assert.equal(named.code, 2);
    assert.match(named.stderr, /--out \S+m\.bin: name it \*\.safetensors/);
  });
});
