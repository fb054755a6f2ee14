// src/util/safetensors.ts refuses every file that breaks the format's rules, naming the rule; and the
// generate CLI passes such a refusal on for a .safetensors file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { decodeSafetensors, encodeSafetensors, float32Of } from '../../src/util/safetensors';
import { runBin, tmpDir } from '../helpers';

const a = Float32Array.from([1, 2, 3, 4, 5, 6]), b = Float32Array.from([-1, 0.5]);
const good = () =>
  encodeSafetensors([{ name: 'a', shape: [2, 3], data: a }, { name: 'b', shape: [2], data: b }], { k: 'v' });

/** The same data under a rewritten header. */
function withHeader(h: unknown, data = good().subarray(8 + Number(good().readBigUInt64LE(0)))): Buffer {
  const json = Buffer.from(JSON.stringify(h));
  const n = Buffer.alloc(8);
  n.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([n, json, data]);
}
const entry = (shape: number[], begin: number, end: number, dtype = 'F32') => ({ dtype, shape,
  data_offsets: [begin, end] });

test('round trip: values, shapes, metadata; header padded so the data starts 8-byte aligned', () => {
  const buf = good();
  assert.equal((8 + Number(buf.readBigUInt64LE(0))) % 8, 0);
  const f = decodeSafetensors('x', buf);
  assert.deepEqual(f.metadata, { k: 'v' });
  assert.deepEqual(f.tensors.get('a')!.shape, [2, 3]);
  assert.deepEqual(float32Of('x', f.tensors.get('a')!), a);
  assert.deepEqual(float32Of('x', f.tensors.get('b')!), b);
});

test('every broken rule is refused with the rule named', () => {
  const bad: [Buffer, RegExp][] = [
    [good().subarray(0, 5), /too short for the 8-byte header length/],
    [good().subarray(0, 20), /header length \d+ runs past the end of the file/],
    [(() => {
      const x = good();
      x.writeBigUInt64LE(2n ** 40n);
      return x;
    })(), /over the format's limit/],
    [withHeader({ a: entry([2, 3], 0, 24), b: entry([4], 16, 32) }), /overlap the previous tensor/],
    [withHeader({ a: entry([2, 3], 0, 24) }), /the byte buffer has 32 bytes, the tensors cover 24/],
    [withHeader({ a: entry([2], 8, 16), b: entry([2], 24, 32) }), /bytes \[0, 8\) before tensor a belong to no tensor/],
    [withHeader({ a: entry([2, 3], 0, 20), b: entry([3], 20, 32) }),
      /tensor a: data_offsets \[0, 20\] hold 20 bytes, shape \[2,3\] of F32 needs 24/],
    [withHeader({ a: entry([2, 3], 0, 24), b: entry([4], 24, 40) }), /data_offsets end 40 is past the byte buffer/],
    [withHeader({ a: entry([6], 0, 24, 'F33'), b: entry([2], 24, 32) }), /tensor a: unknown dtype "F33"/],
    [withHeader({ a: entry([-6], 0, 24) }), /shape \[-6\] is not a list of integers >= 0/],
    [withHeader({ __metadata__: { n: 3 }, a: entry([6], 0, 24), b: entry([2], 24, 32) }),
      /__metadata__\.n is number, the format allows only strings/],
    [withHeader([1, 2]), /does not start with "\{"/],
  ];
  for (const [buf, re] of bad) {
    assert.throws(() => decodeSafetensors('f.safetensors', buf), (e: Error) =>
      e.name === 'SafetensorsError' && re.test(e.message) && e.message.includes('f.safetensors'), String(re));
  }
  // offsets out of header order are fine when they tile the buffer
  assert.doesNotThrow(() => decodeSafetensors('f', withHeader({ b: entry([2], 24, 32), a: entry([6], 0, 24) })));
});

test('mygpt-generate --checkpoint x.safetensors: a truncated or foreign file is refused naming the file', () => {
  const dir = tmpDir('st');
  const trunc = path.join(dir, 'm.safetensors');
  fs.writeFileSync(trunc, good().subarray(0, 40));
  const r = runBin('mygpt-generate.js', ['--checkpoint', trunc, '--tokens', '3', '--backend', 'cpu']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /safetensors .*m\.safetensors: (header length|tensor)/);
  const foreign = path.join(dir, 'f.safetensors');
  fs.writeFileSync(foreign, good());
  const f = runBin('mygpt-generate.js', ['--checkpoint', foreign, '--tokens', '3', '--backend', 'cpu']);
  assert.notEqual(f.code, 0);
  assert.match(f.stderr, /f\.safetensors: __metadata__ has no "config": not written by mygpt-export/);
});
