import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learningRate } from '../../src/train/trainer';
import { AdamW, JS_OPTIMIZER_LOOPS } from '../../src/train/adamw';
import { paramSpecs, totalSize } from '../../src/model/params';
import { formatProgress } from '../../src/coordinator/format';
import { defaultConfig } from '../../src/config/schema';

test('lr: linear warmup, cosine decay to min_lr', () => {
  const t = { ...defaultConfig().train, lr: 1e-3, min_lr: 1e-4, warmup_steps: 10, max_steps: 110 };
  assert.equal(learningRate(t, 0), 1e-4);
  assert.equal(learningRate(t, 9), 1e-3);
  assert.equal(learningRate(t, 10), 1e-3);
  assert.ok(Math.abs(learningRate(t, 60) - 5.5e-4) < 1e-12);
  assert.ok(learningRate(t, 109) > 1e-4 && learningRate(t, 109) < 1.01e-4);
  assert.equal(learningRate(t, 500), 1e-4);
});

test('AdamW: first step moves every param by ~lr; decay only on 2-D matmul weights', () => {
  const specs = paramSpecs({ vocabSize: 5, nLayer: 1, nHead: 1, nEmbd: 4, blockSize: 3, dropout: 0 });
  const n = totalSize(specs);
  assert.deepEqual(specs.filter((s) => s.decay).map((s) => s.name), ['h0.attn.w', 'h0.attn.proj.w', 'h0.mlp.fc.w',
    'h0.mlp.proj.w']);
  const opt = new AdamW(specs, n, JS_OPTIMIZER_LOOPS);
  const p = new Float32Array(n).fill(1);
  const g = new Float32Array(n).fill(0);
  opt.update(p, g, 1, { lr: 0.1, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.5 });
  for (const s of specs) {
    for (let i = s.offset; i < s.offset + s.size; i++) {
      assert.ok(Math.abs(p[i] - (s.decay ? 0.95 : 1)) < 1e-7, s.name);
    }
  }
  const q = new Float32Array(n).fill(0);
  const opt2 = new AdamW(specs, n, JS_OPTIMIZER_LOOPS);
  opt2.update(q, new Float32Array(n).fill(-3), 1, { lr: 0.01, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0 });
  assert.ok(q.every((v) => Math.abs(v - 0.01) < 1e-6));
});

test('progress line format', () => {
  assert.equal(
    formatProgress({ step: 120, maxSteps: 2000, loss: 2.34123, val: 2.40211, lr: 9.8e-4, tokPerS: 1850.2, etaS: 252 }),
    'step 120/2000 | loss 2.3412 | val 2.4021 | lr 9.8e-4 | 1,850 tok/s | ETA 4m12s',
  );
  assert.equal(formatProgress({ step: 1, maxSteps: 2, loss: 4, lr: 3e-3, tokPerS: 10, etaS: 3 }),
    'step 1/2 | loss 4.0000 | lr 3.0e-3 | 10 tok/s | ETA 3s');
});
