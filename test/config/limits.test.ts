// Values a key's type admits but the program cannot honour: a duration longer than a Node timer holds (it
// would fire at once), an integer past 2^53 - 1 (not held exactly). Refused at load, naming the key and the limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadConfig } from '../../src/config/load';
import { FieldSpec, SCHEMA } from '../../src/config/schema';
import { TIMER_MAX_MS, TIMER_MAX_S, timerMs } from '../../src/util/async';
import { ExitCode } from '../../src/exit_codes';
import { joinRe, runBin, tmpDir } from '../helpers';
import { exitWithin, start, tinyConfig } from '../coordinator/harness';

const fields = Object.entries(SCHEMA).flatMap(([section, keys]) =>
  Object.entries(keys as Record<string, FieldSpec>).map(([key, spec]) => ({ dotted: `${section}.${key}`, spec }))
);
const durations = fields.filter((f) => /_(s|ms)$/.test(f.dotted));

function yamlFile(text: string): string {
  const f = path.join(tmpDir('limits'), 'x.yaml');
  fs.writeFileSync(f, text);
  return f;
}

test('every *_s / *_ms key has a maximum a timer can hold, in its unit', () => {
  assert.ok(durations.length >= 5, durations.map((d) => d.dotted).join(', '));
  for (const { dotted, spec } of durations) {
    assert.ok(spec.kind === 'number' || spec.kind === 'int', `${dotted} is ${spec.kind}`);
    // in milliseconds, the timer's unit
    const maxMs = spec.max === undefined ? Infinity : dotted.endsWith('_ms') ? spec.max : spec.max * 1000;
    assert.ok(maxMs <= TIMER_MAX_MS, `${dotted}: max ${spec.max}, a timer holds at most ${TIMER_MAX_MS} ms`);
  }
});

test('TIMER_MAX_MS is the longest delay a Node timer holds: one past it fires at once', async () => {
  // resolves true when the timer fires before a far shorter one: Node then treated the delay as 1 ms
  const firesAtOnce = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const t = setTimeout(() => {
        clearTimeout(guard);
        resolve(true);
      }, ms);
      const guard = setTimeout(() => {
        clearTimeout(t);
        resolve(false);
      }, 500);
    });
  assert.equal(await firesAtOnce(TIMER_MAX_MS), false);
  assert.equal(await firesAtOnce(TIMER_MAX_MS + 1), true);
});

test('a duration past the timer limit is refused from YAML and from --set, naming the key and the max', () => {
  for (const { dotted } of durations) {
    const [section, key] = dotted.split('.');
    const tooLong = dotted.endsWith('_ms') ? 1e10 : 1e7;
    const why = new RegExp(
      `${dotted.replace('.', '\\.')} must be a .*<= ${dotted.endsWith('_ms') ? TIMER_MAX_MS : TIMER_MAX_S}\\b.*` +
        `longest a timer holds.*, got ${tooLong}$`,
    );
    const f = yamlFile(`${section}:\n  ${key}: ${tooLong}\n`);
    assert.throws(() => loadConfig(f), (e: unknown) =>
      e instanceof ConfigError && e.message.startsWith(`${f}: `) && why.test(e.message), dotted);
    assert.throws(() => loadConfig(undefined, [`${dotted}=${tooLong}`]), (e: unknown) =>
      e instanceof ConfigError && e.message.startsWith('--set: ') && why.test(e.message), dotted);
  }
  // The limit itself is accepted (heartbeat_timeout_s must stay above twice the interval: both at the max fail that
  // rule).
  const c = loadConfig(undefined, [`cluster.join_timeout_s=${TIMER_MAX_S}`,
    `cluster.collective_timeout_s=${TIMER_MAX_S}`, `cluster.heartbeat_timeout_s=${TIMER_MAX_S}`,
    `cluster.step_timeout_s=${TIMER_MAX_S}`]);
  assert.equal(c.cluster.collective_timeout_s, TIMER_MAX_S);
});

test('integer keys take safe integers only: 1e308 and 2^53 are refused naming the key, 2^53 - 1 is accepted', () => {
  const unsafe = joinRe(
    /train\.max_steps must be an integer >= 1 and at most 9007199254740991 \(2\^53 - 1, the largest integer /,
    /held exactly\), got 1e\+308$/,
  );
  assert.throws(() => loadConfig(undefined, ['train.max_steps=1e308']),
    (e: unknown) => e instanceof ConfigError && unsafe.test(e.message));
  const f = yamlFile('train:\n  max_steps: 1e308\n');
  assert.throws(() => loadConfig(f),
    (e: unknown) => e instanceof ConfigError && e.message.startsWith(`${f}: `) && unsafe.test(e.message));
  assert.throws(() => loadConfig(undefined, [`train.max_steps=${2 ** 53}`]),
    /--set: train\.max_steps must be .* at most 9007199254740991/);
  assert.throws(() => loadConfig(undefined, ['cluster.devices=[0, 1e300]']),
    /--set: cluster\.devices must be a list of integers >= 0 and at most 9007199254740991/);
  assert.equal(loadConfig(undefined, [`train.max_steps=${Number.MAX_SAFE_INTEGER}`]).train.max_steps,
    Number.MAX_SAFE_INTEGER);
  // every int key: the first unsafe integer above its minimum is refused
  for (const { dotted, spec } of fields.filter((x) => x.spec.kind === 'int' && x.spec.max === undefined)) {
    assert.throws(() => loadConfig(undefined, [`${dotted}=${2 ** 60}`]),
      new RegExp(`--set: ${dotted.replace('.', '\\.')} must be .*at most`), `${dotted} (${spec.kind})`);
  }
});

test('timers derived from keys at their max (twice the join timeout, a timeout plus a margin) ' +
  'are held at the limit', () => {
  assert.equal(timerMs(2 * TIMER_MAX_S), TIMER_MAX_MS);
  assert.equal(timerMs(TIMER_MAX_S + 5), TIMER_MAX_MS);
  assert.equal(timerMs(1.5), 1500);
});

test('mygpt-coord --set cluster.collective_timeout_s=1e7 ends at load with exit 2 (Config) naming the key', () => {
  const r = runBin('mygpt-coord.js', ['--set', 'cluster.collective_timeout_s=1e7', '--set', 'backend.name=cpu']);
  assert.equal(r.code, ExitCode.Config, r.stdout + r.stderr);
  assert.match(r.stderr,
    joinRe(/--set: cluster\.collective_timeout_s must be a number > 0 and <= 2147483 \(about 24\.8 days, the longest /,
      /a timer holds\), got 10000000/));
  assert.doesNotMatch(r.stdout, /launched rank/, 'refused before any worker starts');
});

test('a run with every timeout at its maximum trains to the end (no timer fires at once)', async () => {
  const { file } = tinyConfig({
    train: { max_steps: 4, eval_interval: 0, checkpoint_interval: 0, sample_tokens: 0 },
    cluster: { workers: 1, join_timeout_s: TIMER_MAX_S, heartbeat_timeout_s: TIMER_MAX_S,
      collective_timeout_s: TIMER_MAX_S, step_timeout_s: TIMER_MAX_S },
  });
  const coord = start('mygpt-coord', ['--config', file]);
  const { code } = await exitWithin(coord, 120_000);
  assert.equal(code, 0, coord.out());
  assert.match(coord.out(), /^done: 4 steps/m);
});
