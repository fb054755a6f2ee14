// The committed static code (src/gen) must be exactly what `npm run gen:proto` produces
// from proto/mygpt.proto today; and uint64 fields must decode as plain numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mygpt } from '../../src/gen/mygpt';

const root = path.resolve(__dirname, '..', '..', '..'); // dist/test/proto -> repo
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

test('src/gen is in sync with proto/mygpt.proto (regenerated in a temp dir)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-gen-'));
  try {
    const js = path.join(dir, 'mygpt.js');
    const dts = path.join(dir, 'mygpt.d.ts');
    // Same pipeline as the gen:proto script in package.json; run from the repo root so
    // relative paths embedded in the output match.
    const opts = { cwd: root, stdio: 'pipe' as const };
    execFileSync(bin('pbjs'), ['-t', 'static-module', '-w', 'commonjs', '--no-beautify', '--force-number', '-o', js,
      'proto/mygpt.proto'], opts);
    execFileSync(process.execPath, ['proto/postgen.js', js], opts);
    execFileSync(bin('pbts'), ['-o', dts, js], opts);
    for (const [fresh, committed] of [[js, 'src/gen/mygpt.js'], [dts, 'src/gen/mygpt.d.ts']]) {
      assert.ok(fs.readFileSync(fresh, 'utf8') === fs.readFileSync(path.join(root, committed), 'utf8'),
        `${committed} is out of date with proto/mygpt.proto: run npm run gen:proto and commit src/gen`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('uint64 fields decode as numbers, zero included (no Long objects)', () => {
  const buf = mygpt.Envelope.encode({ chunk: { step: 0, offset: 2 ** 40, count: 3, totalLength: 2 ** 40 + 3 } })
    .finish();
  const c = mygpt.Envelope.decode(buf).chunk!;
  assert.equal(typeof c.step, 'number');
  assert.equal(c.step, 0);
  assert.equal(c.offset, 2 ** 40);
  assert.equal(c.totalLength, 2 ** 40 + 3);
});
