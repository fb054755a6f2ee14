// --log-format json (env MYGPT_LOG_FORMAT): every line a bin writes, on stdout and stderr, is one JSON object
// with time, level and msg, plus rank and step where known; the coordinator's relayed worker lines too.
// Real processes; the default stays the human text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, cleanup, tinyConfig } from '../coordinator/harness';
import { ExitCode } from '../../src/exit_codes';

interface Line {
  time: string;
  level: string;
  msg: string;
  prog?: string;
  rank?: number;
  step?: number;
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv = {}, timeout = 120_000) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', `${bin}.js`), ...args], { cwd: ROOT, encoding: 'utf8',
    timeout, env: { ...process.env, MYGPT_LOG_FORMAT: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every line of `text` parsed as a JSON log object (fails naming the first line that is not one). */
function jsonLines(text: string, where: string): Line[] {
  return text.split('\n').filter((l) => l !== '').map((l) => {
    let o: Line;
    try {
      o = JSON.parse(l) as Line;
    } catch {
      assert.fail(`${where}: not a JSON line: ${l}`);
    }
    assert.ok(o !== null && typeof o === 'object' && !Array.isArray(o), `${where}: not an object: ${l}`);
    assert.ok(!Number.isNaN(Date.parse(o.time)), `${where}: time: ${l}`);
    assert.ok(['debug', 'info', 'warn', 'error'].includes(o.level), `${where}: level: ${l}`);
    assert.equal(typeof o.msg, 'string', `${where}: msg: ${l}`);
    return o;
  });
}

test("mygpt-coord --log-format json: its lines and its workers' lines are JSON objects, with step and rank", {
  timeout: 150_000,
}, async () => {
  const { dir, file } = tinyConfig({ train: { max_steps: 10, log_interval: 5, sample_tokens: 8 } });
  try {
    const r = run('mygpt-coord', ['--config', file, '--log-format', 'json']);
    assert.equal(r.code, ExitCode.Ok, r.stdout + r.stderr);
    const out = jsonLines(r.stdout, 'stdout'), err = jsonLines(r.stderr, 'stderr');
    const all = [...out, ...err];
    const steps = all.filter((l) => l.prog === 'mygpt-coord' && /^step \d+\/10 /.test(l.msg));
    assert.deepEqual(steps.map((l) => l.step), [5, 10], 'progress lines carry their step');
    for (const rank of [0, 1]) {
      const own = all.filter((l) => l.prog === 'mygpt-worker' && l.rank === rank);
      assert.ok(own.some((l) => /^stopping: training complete/.test(l.msg)),
        `rank ${rank}'s own lines relayed with its rank`);
    }
    assert.ok(all.some((l) => /^done: 10 steps/.test(l.msg)), 'the summary is one JSON line');
    // the text the workers write to their log files is what they printed: JSON lines as well
    jsonLines(fs.readFileSync(path.join(dir, 'run', 'worker-1.log'), 'utf8'), 'worker-1.log');
  } finally {
    cleanup(dir);
  }
});

test('json errors: a bad config is an error line (exit 2); env MYGPT_LOG_FORMAT selects json too', () => {
  const missing = path.join(ROOT, 'no-such-config.yaml');
  for (const [args, env] of [[['--log-format', 'json'], {}], [[], { MYGPT_LOG_FORMAT: 'json' }]] as const) {
    const r = run('mygpt-coord', ['--config', missing, ...args], env);
    assert.equal(r.code, ExitCode.Config, r.stderr);
    assert.equal(r.stdout, '');
    const [e, ...rest] = jsonLines(r.stderr, 'stderr');
    assert.deepEqual(rest, []);
    assert.equal(e.level, 'error');
    assert.equal(e.prog, 'mygpt-coord');
    assert.match(e.msg, /no-such-config\.yaml/);
  }
});

test('an unknown log format exits 2 naming where it came from; every bin takes --log-format, ' +
  'a usage error is one JSON error line (exit 2)', () => {
  const flag = run('mygpt-keys', ['--log-format', 'xml', '--out', '/nonexistent']);
  assert.equal(flag.code, ExitCode.Config, flag.stderr);
  assert.match(flag.stderr, /--log-format: expected one of text, json, got "xml"/);
  const env = run('mygpt-keys', ['--out', '/nonexistent'], { MYGPT_LOG_FORMAT: 'yaml' });
  assert.equal(env.code, ExitCode.Config, env.stderr);
  assert.match(env.stderr, /env MYGPT_LOG_FORMAT: expected one of text, json, got "yaml"/);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mygpt-logkeys-'));
  try {
    const json = run('mygpt-keys', ['--log-format', 'json', '--out', path.join(dir, 'a')]);
    assert.equal(json.code, 0, json.stderr);
    const lines = jsonLines(json.stdout, 'stdout');
    assert.ok(lines.some((l) => /^server: .*server\.public/.test(l.msg) && l.prog === 'mygpt-keys'), json.stdout);
    const text = run('mygpt-keys', ['--out', path.join(dir, 'b')]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^server: \S+server\.public \(public /m, 'the default is the human text');
    const gen = run('mygpt-generate', ['--log-format', 'json', '--checkpoint', path.join(dir, 'none.bin')]);
    assert.notEqual(gen.code, 0);
    jsonLines(gen.stdout + gen.stderr, 'mygpt-generate');
    const data = run('mygpt-data', ['verify', path.join(dir, 'a', 'server.public'), '--log-format', 'json']);
    assert.notEqual(data.code, 0);
    jsonLines(data.stdout + data.stderr, 'mygpt-data');
    // a usage error of every bin (cliParser -> ConfigError -> runCli): exit 2, one JSON error line
    const bins = Object.keys(
      (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; }).bin,
    );
    const required: Record<string, string[]> = { 'mygpt-generate': ['--checkpoint', 'x.bin'],
      'mygpt-data': ['verify', 'x.txt'], 'mygpt-export': ['--checkpoint', 'x.bin', '--out', 'x.safetensors'] };
    for (const bin of bins) {
      const usage = run(bin, [...(required[bin] ?? []), '--log-format', 'json', '--bogus']);
      assert.equal(usage.code, ExitCode.Config, `${bin}: ${usage.stderr}`);
      assert.equal(usage.stdout, '', bin);
      const [e, ...rest] = jsonLines(usage.stderr, `${bin} usage error`);
      assert.deepEqual(rest, [], bin);
      assert.equal(e.level, 'error', bin);
      assert.equal(e.prog, bin);
      assert.match(e.msg, new RegExp(`^${bin}: error: Unknown argument: bogus \\(see ${bin} --help\\)$`), bin);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
