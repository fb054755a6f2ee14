import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import { loadDataset, buildDataset } from '../../src/data/dataset';
import { CharTokenizer } from '../../src/data/tokenizer';
import { batchIndices, batchesPerEpoch, evalRange } from '../../src/data/shard';
import { CORPUS_SHA256, readCorpus, verifyFile } from '../../src/data/corpus';
import { dataPath, runBin, tmpDir } from '../helpers';

test('Tiny Shakespeare: hash, 65-symbol tokenizer, 90/10 split into block_size+1 sequences', () => {
  assert.equal(verifyFile(dataPath()).sha, CORPUS_SHA256);
  const text = fs.readFileSync(dataPath(), 'utf8');
  const d = loadDataset(dataPath(), 64, 0.1);
  assert.equal(d.tokenizer.vocabSize, 65);
  assert.equal(d.train.tokens.length + d.val.tokens.length, text.length);
  assert.equal(d.train.tokens.length, Math.floor(text.length * 0.9));
  assert.equal(d.train.numSequences, Math.floor(d.train.tokens.length / 65));
  const { x, y } = d.train.batch([0, 3]);
  assert.equal(d.tokenizer.decode(x.subarray(0, 64)), text.slice(0, 64));
  assert.equal(d.tokenizer.decode(y.subarray(64, 128)), text.slice(3 * 65 + 1, 3 * 65 + 65));
  assert.throws(() => d.train.batch([d.train.numSequences]), /out of range/);
});

test('tokenizer round trip and out-of-vocabulary error names character and position', () => {
  const t = CharTokenizer.fromText('hello world');
  assert.equal(t.decode(t.encode('low door')), 'low door');
  assert.throws(() => t.encode('hex', 'prompt'), /prompt: character "x" at position 2 is not in the vocabulary/);
  assert.deepEqual(CharTokenizer.fromJSON(t.toJSON()).chars, t.chars);
});

test('missing corpus names the path and the download command', () => {
  assert.throws(() => readCorpus('/no/such/file.txt'),
    /data file \/no\/such\/file\.txt not found: run `npx mygpt-data download --out \/no\/such\/file\.txt`/);
  assert.throws(() => buildDataset('ab', 64, 0.1), /corpus too small/);
});

test('batchIndices: W workers x batch B see exactly what 1 worker x batch B*W sees; each index once per epoch', () => {
  const N = 103, B = 4, W = 3, A = 2, seed = 7;
  const perEpoch = batchesPerEpoch(N, B, W); // 8 global micro-batches of 12; tail of 7 skipped
  assert.equal(perEpoch, 8);
  const seen = new Map<number, number>();
  for (let step = 0; step < perEpoch / A; step++) {
    for (let micro = 0; micro < A; micro++) {
      const multi = Array.from({ length: W }, (_, rank) =>
        batchIndices({ seed, numSequences: N, step, micro, gradAccum: A, batchSize: B, rank, worldSize: W })).flat();
      const single = batchIndices({ seed, numSequences: N, step, micro, gradAccum: A, batchSize: B * W, rank: 0,
        worldSize: 1 });
      assert.deepEqual(multi, single);
      for (const i of multi) {
        seen.set(i, (seen.get(i) ?? 0) + 1);
      }
    }
  }
  assert.equal(seen.size, perEpoch * B * W);
  assert.ok([...seen.values()].every((c) => c === 1));
  assert.ok([...seen.keys()].every((i) => i >= 0 && i < N));
  // Next epoch: a different permutation, still deterministic.
  const a = batchIndices({ seed, numSequences: N, step: 4, micro: 0, gradAccum: A, batchSize: B, rank: 0,
    worldSize: W });
  const b = batchIndices({ seed, numSequences: N, step: 4, micro: 0, gradAccum: A, batchSize: B, rank: 0,
    worldSize: W });
  const c = batchIndices({ seed: seed + 1, numSequences: N, step: 4, micro: 0, gradAccum: A, batchSize: B, rank: 0,
    worldSize: W });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.throws(
    () => batchIndices({ seed, numSequences: 5, step: 0, micro: 0, gradAccum: 1, batchSize: 4, rank: 0, worldSize: 2 }),
    /exceeds the 5 training sequences/,
  );
});

test("evalRange: the ranks' shares tile the first eval_batches x global batch val sequences, " +
  'capped at the split', () => {
  for (const [evalBatches, B, numSequences] of [[3, 8, 1000], [20, 16, 100], [1, 1, 7]]) {
    const total = Math.min(evalBatches * B, numSequences);
    for (const W of [1, 2, 3, 4]) {
      // the global batch is B split over W ranks (B x grad_accum x world in the trainer); W = 3 does not divide it
      const covered: number[] = [];
      for (let rank = 0; rank < W; rank++) {
        const r = evalRange({ evalBatches, globalBatch: B, numSequences, rank, worldSize: W });
        assert.equal(r.total, total);
        assert.ok(r.end - r.start <= Math.ceil(total / W) && r.end - r.start >= Math.floor(total / W),
          `W=${W} rank ${rank}: ${r.start}..${r.end}`);
        for (let s = r.start; s < r.end; s++) covered.push(s);
      }
      assert.deepEqual(covered, Array.from({ length: total }, (_, i) => i), `W=${W} evalBatches=${evalBatches} B=${B}`);
    }
  }
  assert.throws(() => evalRange({ evalBatches: 1, globalBatch: 4, numSequences: 10, rank: 2, worldSize: 2 }),
    /evalRange: bad arguments/);
});

test('mygpt-data verify (real process): good file exits 0, wrong hash exits 2 (Config)', () => {
  let r = runBin('mygpt-data.js', ['verify', dataPath()]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /OK/);
  const bad = `${tmpDir('data')}/x.txt`;
  fs.writeFileSync(bad, 'hello');
  r = runBin('mygpt-data.js', ['verify', bad]);
  assert.equal(r.code, 2);
  assert.ok(r.stderr.includes(`${bad}: sha256`), r.stderr);
});

test('mygpt-data download: existing good file -> exit 0; offline -> message names URL and target path', () => {
  let r = runBin('mygpt-data.js', ['download', '--out', dataPath()]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /already present/);
  const out = `${tmpDir('dl')}/ts.txt`;
  // Point fetch at an unroutable proxy-free host by forcing an immediate network failure when offline;
  // when online the file downloads and verifies, which is also a pass.
  r = runBin('mygpt-data.js', ['download', '--out', out], 90_000);
  if (r.code === 0) assert.equal(verifyFile(out).ok, true);
  else {
    assert.equal(r.code, 1);
    assert.ok(
      r.stderr.includes('https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt'),
      r.stderr,
    );
    assert.ok(r.stderr.includes(`place it at ${out}`), r.stderr);
  }
});
