// Unit tests of the pure parts: bf16 rounding, the fused bf16 add, the segment/chunk plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunks, segments } from '../../src/collective/plan';
import { addBf16Into, f32View, fromBf16, toBf16 } from '../../src/collective/reduce';

const bits = (x: number) => {
  const f = new Float32Array([x]);
  return new Uint32Array(f.buffer)[0];
};
const fromBits = (b: number) => new Float32Array(new Uint32Array([b]).buffer)[0];
const bf = (x: number) => {
  const h = new Uint16Array(1);
  toBf16(new Float32Array([x]), h);
  return h[0];
};

/** Reference: round-to-nearest-even on the float64 value, by bisection of neighbours. */
function refBf16(b: number): number {
  const x = fromBits(b);
  if (Number.isNaN(x)) return -1;
  const lo = b >>> 16, hi = lo + 1; // candidates (same sign): truncate, or one ulp away from zero
  // rounding up past the largest finite bf16 lands on Inf; IEEE measures that distance to 2^128
  const vlo = fromBits(lo << 16), vhi = (hi & 0x7fff) >= 0x7f80 ? 2 ** 128 * Math.sign(x) : fromBits((hi << 16) >>> 0);
  const dlo = Math.abs(x - vlo), dhi = Math.abs(vhi - x);
  if (dlo < dhi) return lo;
  if (dhi < dlo) return hi & 0xffff;
  return lo & 1 ? hi & 0xffff : lo;
}

test('bf16: round to nearest even, ties to even, overflow to Inf, NaN stays NaN', () => {
  assert.equal(bf(1), 0x3f80);
  assert.equal(bf(fromBits(0x3f808000)), 0x3f80); // tie, even stays
  assert.equal(bf(fromBits(0x3f818000)), 0x3f82); // tie, odd rounds up
  assert.equal(bf(fromBits(0x3f808001)), 0x3f81); // above half
  assert.equal(bf(-0), 0x8000);
  assert.equal(bf(Infinity), 0x7f80);
  assert.equal(bf(-Infinity), 0xff80);
  assert.equal(bf(3.4e38), 0x7f80); // above the largest bf16 -> Inf
  const nan = bf(NaN);
  assert.ok((nan & 0x7f80) === 0x7f80 && (nan & 0x7f) !== 0, 'NaN stays NaN');
  assert.ok(bf(fromBits(0x7f800001)) !== 0x7f80, 'a NaN with low payload bits must not become Inf');
});

test('bf16: matches a reference rounding on 200k random bit patterns; decode is exact', () => {
  let s = 12345;
  const n = 200_000, src = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    src[i] = s ^ (s << 7);
  }
  const f = new Float32Array(src.buffer), h = new Uint16Array(n);
  toBf16(f, h);
  for (let i = 0; i < n; i++) {
    const want = refBf16(src[i]);
    if (want >= 0) assert.equal(h[i], want, `bits 0x${src[i].toString(16)}`);
  }
  const back = new Float32Array(n);
  fromBf16(h, back);
  for (let i = 0; i < n; i += 997) if (!Number.isNaN(back[i])) assert.equal(bits(back[i]) >>> 16, h[i]);
});

test('addBf16Into sums in fp32, emits bf16 of the sum, and rounds in place when final', () => {
  const dst = new Float32Array([1, 2, 3, 1e-3]);
  const src = new Uint16Array([bf(0.5), bf(0.25), bf(-3), bf(1)]);
  const out = new Uint16Array(4), scratch = new Float32Array(8);
  const exact = [1.5, 2.25, 0];
  addBf16Into(dst, 0, src, scratch, out, false);
  assert.deepEqual(Array.from(dst.slice(0, 3)), exact.slice(0, 3));
  assert.equal(dst[3], Math.fround(Math.fround(1e-3) + 1));
  assert.deepEqual(Array.from(out), Array.from(dst).map(bf));
  const d2 = new Float32Array([0, 1.001]);
  addBf16Into(d2, 1, new Uint16Array([0]), scratch, out.subarray(0, 1), true);
  assert.equal(d2[1], fromBits(bf(1.001) << 16), 'final value is exactly the bf16 that was sent');
});

test('plan: segments cover [0, length) exactly, sizes differ by at most one, chunks tile them', () => {
  for (const [len, n] of [[0, 1], [0, 4], [1, 4], [3, 4], [5, 4], [1000003, 3], [7, 7]]) {
    const segs = segments(len, n);
    assert.equal(segs.length, n);
    let off = 0;
    for (const sgm of segs) {
      assert.equal(sgm.offset, off);
      off += sgm.count;
    }
    assert.equal(off, len);
    const sizes = segs.map((x) => x.count);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
    for (const sgm of segs) {
      const cs = chunks(sgm, 1000);
      assert.equal(cs.reduce((a, c) => a + c.count, 0), sgm.count);
      assert.ok(cs.every((c) => c.count >= 1 && c.count <= 1000));
    }
  }
});

test('f32View: no copy when aligned, a correct copy when not', () => {
  const f = new Float32Array([1.5, -2, 3]);
  const aligned = new Uint8Array(f.buffer);
  assert.equal(f32View(aligned).buffer, f.buffer);
  const odd = new Uint8Array(13);
  odd.set(aligned, 1);
  assert.deepEqual(Array.from(f32View(odd.subarray(1))), [1.5, -2, 3]);
});

// ---- native (native/collective.h) vs the JS loops: byte-identical, on aligned and misaligned frames ----
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeRingKernels, copyFrame } from '../../src/collective/kernels';
import { vecKernels } from '../../src/native/addon';

const addonBuilt = fs.existsSync(path.join(__dirname, '..', '..', '..', 'native', 'build', 'mygpt_native.node'));

/** Random float32 bit patterns with NaNs, infinities, ties, zeros and denormals mixed in. */
function randomBits(n: number, seed: number): Float32Array {
  const u = new Uint32Array(n);
  const special = [0x7fc00000, 0x7f800001, 0xff800000, 0x7f800000, 0x80000000, 0x00000001, 0x3f808000, 0x3f818000,
    0x7f7fffff, 0xff7fffff];
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    u[i] = i % 13 === 0 ? special[(s >>> 8) % special.length] : (s ^ (s << 9)) >>> 0;
    if (i % 3 === 0) u[i] = (u[i] & 0x807fffff) | (((s >>> 20) % 40 + 107) << 23); // moderate exponents: real sums
  }
  return new Float32Array(u.buffer);
}

/** A copy of `bytes` starting at byte offset `shift` of a fresh buffer (how zmq may hand frames over). */
function frameAt(bytes: Uint8Array, shift: number): Uint8Array {
  const b = new Uint8Array(bytes.byteLength + shift);
  b.set(bytes, shift);
  return b.subarray(shift);
}

const u8 = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
// NaN payloads are not part of the contract: V8 itself canonicalises them in optimised code but not in
// the interpreter. Every NaN becomes one pattern before comparing; all other bits must match exactly.
const f32Bits = (a: Float32Array) =>
  Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length),
    (b) => ((b & 0x7fffffff) > 0x7f800000 ? 0x7fc00000 : b));
const bf16Bits = (a: Uint16Array) => Array.from(a, (h) => ((h & 0x7fff) > 0x7f80 ? 0x7fc0 : h));

test('native ring kernels: loaded when the addon is built (else the JS loops run)', () => {
  if (!addonBuilt || process.env.MYGPT_NATIVE === '0') return; // CI without gcc, or native switched off
  assert.ok(vecKernels(), 'native/build/mygpt_native.node exists but vecKernels() is null (stale addon?)');
});

test('native ring kernels match the JS loops byte for byte ' +
  '(fp32 add [+ copy], bf16 fused add, encode, decode)', (t) => {
  const vec = vecKernels();
  if (!vec) {
    t.skip('addon not built');
    return;
  }
  const nat = makeRingKernels(vec), js = makeRingKernels(null);
  assert.ok(nat.native && !js.native);
  for (const n of [1, 7, 16, 33, 1000, 65_537]) {
    for (const shift of [0, 1, 2, 3]) {
      const base = randomBits(n + 5, n * 31 + shift), src = randomBits(n, n * 7 + shift + 1);
      const off = 3;
      // fp32 add
      const a = base.slice(), b = base.slice();
      js.addFrame(a, off, frameAt(u8(src), shift));
      nat.addFrame(b, off, frameAt(u8(src), shift));
      assert.deepEqual(f32Bits(b), f32Bits(a), `addFrame n=${n} shift=${shift}`);
      const a2 = base.slice(), b2 = base.slice(), c1 = new Float32Array(n), c2 = new Float32Array(n);
      js.addFrame(a2, off, frameAt(u8(src), shift), c1);
      nat.addFrame(b2, off, frameAt(u8(src), shift), c2);
      assert.deepEqual(f32Bits(b2), f32Bits(a), `addFrame with copy n=${n} shift=${shift}`);
      assert.deepEqual(f32Bits(c2), f32Bits(c1), `addFrame copy n=${n} shift=${shift}`);
      assert.deepEqual(f32Bits(c1), f32Bits(a.subarray(off, off + n)), `addFrame copy holds the sums n=${n}`);
      // bf16 encode of the incoming values, then the fused add (both final and not)
      const h1 = new Uint16Array(n), h2 = new Uint16Array(n);
      js.encodeBf16(src, h1);
      nat.encodeBf16(src, h2);
      assert.deepEqual(bf16Bits(h2), bf16Bits(h1), `encodeBf16 n=${n}`);
      for (const final of [false, true]) {
        const c = base.slice(), d = base.slice(), o1 = new Uint16Array(n), o2 = new Uint16Array(n);
        js.addBf16Frame(c, off, frameAt(u8(h1), shift), o1, final);
        nat.addBf16Frame(d, off, frameAt(u8(h1), shift), o2, final);
        assert.deepEqual(f32Bits(d), f32Bits(c), `addBf16Frame dst n=${n} shift=${shift} final=${final}`);
        assert.deepEqual(bf16Bits(o2), bf16Bits(o1), `addBf16Frame out n=${n} shift=${shift} final=${final}`);
      }
      // decode
      const e = base.slice(), f = base.slice();
      js.decodeBf16Frame(e, off, frameAt(u8(h1), shift));
      nat.decodeBf16Frame(f, off, frameAt(u8(h1), shift));
      assert.deepEqual(f32Bits(f), f32Bits(e), `decodeBf16Frame n=${n} shift=${shift}`);
    }
  }
});

test('native ring kernels reject a frame of the wrong length instead of reading past it', (t) => {
  const vec = vecKernels();
  if (!vec) {
    t.skip('addon not built');
    return;
  }
  assert.throws(() => vec.vecAdd(new Float32Array(4), new Uint8Array(12)), /src has 12 bytes, expected 16/);
  assert.throws(() => vec.vecAdd(new Float32Array(4), new Uint8Array(16), new Float32Array(3)),
    /copy has 12 bytes, expected 16/);
  assert.throws(() => vec.vecAddBf16(new Float32Array(4), new Uint8Array(8), new Uint16Array(3), false),
    /out16 has 6 bytes, expected 8/);
  assert.throws(() => vec.vecToBf16(new Float32Array(4), {} as Uint16Array), /dst16 must be a typed array/);
});

test('copyFrame copies fp32 bytes from a misaligned frame', () => {
  const src = new Float32Array([1.5, -2, 3]), dst = new Float32Array(5);
  copyFrame(dst, 1, frameAt(u8(src), 3));
  assert.deepEqual(Array.from(dst), [0, 1.5, -2, 3, 0]);
});
