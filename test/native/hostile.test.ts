// No JS input crashes the process through the addon. Each call below crashed or wrote out of bounds
// before the arguments were validated (exit 139); now it throws a TypeError or
// RangeError naming the function and the argument. The heap is a plain ArrayBuffer: the addon takes any.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAddon } from '../../src/native/addon';

const loaded = loadAddon();
const skip = loaded.addon === null && 'native addon not built (needs gcc + libopenblas-dev)';
type Fn = (...args: unknown[]) => unknown;
const fn = (name: string): Fn => (loaded.addon as unknown as Record<string, Fn>)[name];
const HEAP_FLOATS = 1024;
const newHeap = () => new ArrayBuffer(HEAP_FLOATS * 4);

/** Throws `kind` with a message naming the function and matching `what`. */
function rejects(kind: typeof TypeError | typeof RangeError, what: RegExp, call: () => unknown): void {
  assert.throws(call, (e: unknown) => e instanceof kind && what.test(e.message), `expected ${kind.name} ${what}`);
}

test('unary with a NaN length throws RangeError (was: passed every bounds check, segfault)', { skip }, () => {
  rejects(RangeError, /^mygpt_native\.unary: argument 5: len must be finite$/,
    () => fn('unary')(newHeap(), 2, 0, 0, NaN));
  rejects(RangeError, /unary: argument 5: len must be an integer/, () => fn('unary')(newHeap(), 2, 0, 0, -1));
  rejects(RangeError, /unary: argument 5: len must be an integer/, () => fn('unary')(newHeap(), 2, 0, 0, 2.5));
});

test('transpose4 strides are bounds-checked over the whole strided walk', { skip }, () => {
  const t4 = fn('transpose4');
  // out 1x1x4x4 contiguous, input walked with stride 4096 floats along axis 2: far outside a 1024-float heap
  rejects(RangeError, /transpose4: argument 2: xOff with 12292 elements reaches outside the wasm heap/,
    () => t4(newHeap(), 0, 0, 1, 1, 4, 4, 0, 0, 4096, 1));
  rejects(RangeError, /transpose4: argument 10: s2 must be an integer/,
    () => t4(newHeap(), 0, 0, 1, 1, 4, 4, 0, 0, -4, 1));
  const h = newHeap(), x = new Float32Array(h);
  x.set([1, 2, 3, 4, 5, 6]);
  t4(h, 0, 64, 1, 1, 3, 2, 0, 0, 1, 3); // 2x3 -> 3x2
  assert.deepEqual(Array.from(x.subarray(16, 22)), [1, 4, 2, 5, 3, 6]);
});

test('matmul: a negative stride is refused; batch strides count in the extent', { skip }, () => {
  const mm = fn('matmul');
  // batch 2, 64x64 blocks, strideA -4095: the old check computed an extent of one float
  rejects(RangeError, /matmul: argument 11: strideA must be an integer in \[0, 2147483647\], got -4095/,
    () => mm(newHeap(), 0, 0, 0, 2, 64, 1, 64, false, false, -4095, 0));
  // 2x2 blocks, batch 2, strideB 1020: B spans 1020 + 4 floats from float 8, past the 1024-float heap
  mm(newHeap(), 0, 32, 0, 2, 2, 2, 2, false, false, 1016, 1012); // ends exactly at the heap's end: fine
  rejects(RangeError, /matmul: argument 3: bOff with 1024 elements reaches outside the wasm heap/,
    () => mm(newHeap(), 0, 32, 0, 2, 2, 2, 2, false, false, 0, 1020));
});

test('heads with colOffset -1 throws RangeError (was: wrapped the unsigned check, wrote out of bounds)', { skip },
  () => {
    const h = newHeap(), x = new Float32Array(h);
    x.fill(7);
    rejects(RangeError, /heads: argument 9: colOffset must be an integer/,
      () => fn('heads')(h, 0, 256, 1, 2, 2, 2, 4, -1, false));
    rejects(RangeError, /heads: argument 9: colOffset plus nh\*hs exceeds the row stride/,
      () => fn('heads')(h, 0, 256, 1, 2, 2, 2, 4, 1, false));
    assert.ok(x.every((v) => v === 7), 'nothing written');
  });

test('wrong argument types throw TypeError naming the argument (was: silently 0 / false)', { skip }, () => {
  const mm = fn('matmul');
  rejects(TypeError, /^mygpt_native\.matmul: argument 6: m must be a number, got string$/,
    () => mm(newHeap(), 0, 0, 0, 1, '2', 2, 2, false, false, 0, 0));
  rejects(TypeError, /matmul: argument 9: transA must be a boolean, got number/,
    () => mm(newHeap(), 0, 0, 0, 1, 2, 2, 2, 1, false, 0, 0));
  rejects(TypeError, /matmul: argument 1: heap must be the wasm heap ArrayBuffer/,
    () => mm(new Float32Array(4), 0, 0, 0, 1, 1, 1, 1, false, false, 0, 0));
  rejects(TypeError, /matmul: expected 12 arguments, got 3/, () => mm(newHeap(), 0, 0));
  rejects(TypeError, /vecAddBf16: argument 4: final must be a boolean, got undefined/,
    () => fn('vecAddBf16')(new Float32Array(2), new Uint16Array(2), new Uint16Array(2), undefined));
  rejects(TypeError, /adamw: argument 1: params must be a Float32Array/,
    () =>
      fn('adamw')(new Float64Array(2), new Float32Array(2), new Float32Array(2), new Float32Array(2), new Uint8Array(2),
        0.9, 0.99, 1, 1, 1, 1e-8));
  rejects(RangeError, /adamw: argument 8: bc2 must be finite/,
    () =>
      fn('adamw')(new Float32Array(2), new Float32Array(2), new Float32Array(2), new Float32Array(2), new Uint8Array(2),
        0.9, 0.99, Infinity, 1, 1, 1e-8));
});

test('offsets must be float-aligned and inside the heap; sizes whose product overflows are refused', { skip }, () => {
  rejects(RangeError, /gelu: argument 2: xOff must be a multiple of 4/, () => fn('gelu')(newHeap(), 2, 0, 1));
  rejects(RangeError, /gelu: argument 3: yOff must be an integer in \[0, 4096\]/,
    () => fn('gelu')(newHeap(), 0, 8192, 0));
  const big = 2 ** 31 - 1;
  rejects(RangeError, /transpose4: d0\*d1\*d2\*d3 overflows/,
    () => fn('transpose4')(newHeap(), 0, 0, big, big, big, big, 0, 0, 0, 0));
  rejects(RangeError, /sumMiddle: argument 2: xOff with \d+ elements reaches outside/,
    () => fn('sumMiddle')(newHeap(), 0, 0, 2 ** 20, 2 ** 20, 1, 1));
  // zero-width rows with huge counts return at once instead of looping 2^62 times
  fn('heads')(newHeap(), 0, 0, big, big, big, 0, 0, 0, true);
  fn('transpose4')(newHeap(), 0, 0, big, big, big, 0, 0, 0, 0, 0);
});

test('crossEntropyGrad re-checks each target where it uses it: dx overlapping the targets cannot redirect a write', {
  skip,
}, () => {
  const h = newHeap(), f = new Float32Array(h), i32 = new Int32Array(h);
  i32.set([0, 1], 8); // targets at float 8..9 (byte 32), valid when checked up front
  f.set([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], 64); // logits 2 x 4 at byte 256
  f[128] = 1; // dy at byte 512
  // dx (2 x 4) at float 6: writing row 0 (floats 6..9) turns target 1 into float bits, a huge index
  rejects(RangeError, /crossEntropyGrad: target \d+ at row 1 is outside the vocabulary \[0, 4\)/,
    () => fn('crossEntropyGrad')(h, 256, 32, 512, 24, 2, 4));
});

test('the ZeroMQ link functions refuse what is not theirs: a stranger object, a closed link, bad keys, oversize frames',
  { skip }, () => {
  const info = fn('zmqInfo')() as { available: boolean; };
  // built without libzmq: every zmqLink* throws "unavailable" (test/native/zmq_fallback.test.ts)
  if (!info.available) return;
  rejects(TypeError, /zmqLinkSend: argument 1: link must be a link made by zmqLinkCreate/,
    () => fn('zmqLinkSend')({}, new Uint8Array(1)));
  rejects(TypeError, /zmqLinkRecv: argument 1: link must be a link made by zmqLinkCreate/,
    () => fn('zmqLinkRecv')(new ArrayBuffer(8), 1, 1, new Uint8Array(8), new Float64Array(3)));
  rejects(RangeError, /zmqLinkCreate: argument 7: publicKey is not a 40-character Z85 key/,
    () => fn('zmqLinkCreate')(true, 64, 1024, 4, 16, 1000, 'short', 'short'));
  rejects(RangeError, /zmqLinkCreate: argument 5: sendHwm must be/,
    () => fn('zmqLinkCreate')(false, 64, 1024, 4, 1e9, 1000));
  const h = fn('zmqLinkCreate')(false, 64, 1024, 4, 16, 1000);
  try {
    rejects(RangeError, /zmqLinkSend: argument 2: header is empty or over the header limit/, () =>
      fn('zmqLinkSend')(h, new Uint8Array(65)));
    rejects(RangeError, /zmqLinkSend: argument 3: payload is over the payload limit/, () =>
      fn('zmqLinkSend')(h, new Uint8Array(8), new Uint8Array(1025)));
    rejects(RangeError, /zmqLinkRecv: argument 4: header is shorter than the header limit/, () =>
      fn('zmqLinkRecv')(h, 1, 1, new Uint8Array(8), new Float64Array(3)));
    rejects(RangeError, /zmqLinkExpect: argument 3: password must be 16\.\.255 bytes/, () =>
      fn('zmqLinkExpect')(h, 'u', new Uint8Array(4)));
    rejects(RangeError, /zmqLinkTake: argument 1: link has no pending payload/, () =>
      fn('zmqLinkTake')(h, new Uint8Array(4)));
    assert.equal(fn('zmqLinkSend')(h, new Uint8Array(8), new Uint8Array(1024)), -1,
      'no connection yet: not sent, nothing kept');
  } finally {
    fn('zmqLinkClose')(h);
  }
  fn('zmqLinkClose')(h); // a second close does nothing
  rejects(RangeError, /zmqLinkSend: argument 1: link is closed/, () => fn('zmqLinkSend')(h, new Uint8Array(8)));
});
