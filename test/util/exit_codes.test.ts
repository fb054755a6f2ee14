import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { EXIT_TABLE, ExitCode, describeExitCode, exitTableMarkdown } from '../../src/exit_codes';

const ROOT = path.join(__dirname, '..', '..', '..');

test('every ExitCode has exactly one row, codes are distinct and fit a byte', () => {
  const values = Object.values(ExitCode).filter((v): v is number => typeof v === 'number');
  assert.deepEqual(EXIT_TABLE.map((r) => r.code).sort((a, b) => a - b), [...values].sort((a, b) => a - b));
  for (const r of EXIT_TABLE) {
    assert.equal(ExitCode[r.code], r.name);
    assert.ok(r.code >= 0 && r.code < 126, `${r.name}: ${r.code} collides with shell/signal codes`);
  }
});

test('the README exit-code table is the one in src/exit_codes.ts', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(exitTableMarkdown()), 'README.md: the exit-code table differs from exitTableMarkdown()');
});

test('describeExitCode names known codes and passes others through', () => {
  assert.equal(describeExitCode(ExitCode.Preempted), '4 (Preempted)');
  assert.equal(describeExitCode(137), '137');
  assert.equal(describeExitCode(null), 'no exit code');
});
