// mygpt.schema.json (the editor's schema) is the one schema's: committed as generated, every config the repo
// ships validates against it and points at it, and it refuses what the loader refuses key by key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import YAML from 'yaml';
import { GEN_SCHEMA_COMMAND, configJsonSchema, configJsonSchemaText } from '../../src/config/json_schema';
import { ConfigError, loadConfig } from '../../src/config/load';
import { FieldSpec, SCHEMA, defaultConfig } from '../../src/config/schema';
import { REPO, tmpDir } from '../helpers';

const SCHEMA_FILE = path.join(REPO, 'mygpt.schema.json');
const validate = new Ajv({ strict: true, allErrors: true }).compile(configJsonSchema());
const errorsOf = () => JSON.stringify(validate.errors);

/** The mygpt configs the repo ships: configs/*.yaml and the Kubernetes ConfigMap's run.yaml files under k8s/. */
function shippedConfigs(): string[] {
  const inConfigs = fs.readdirSync(path.join(REPO, 'configs')).filter((f) => f.endsWith('.yaml')).map((f) =>
    path.join(REPO, 'configs', f)
  );
  const runYamls = (fs.readdirSync(path.join(REPO, 'k8s'), { recursive: true }) as string[])
    .filter((f) => path.basename(f) === 'run.yaml').map((f) => path.join(REPO, 'k8s', f));
  return [...inConfigs, ...runYamls];
}

test(`mygpt.schema.json is what \`${GEN_SCHEMA_COMMAND}\` generates`, () => {
  const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '(missing)';
  assert.ok(committed === configJsonSchemaText(),
    `mygpt.schema.json differs from the schema in src/config/schema.ts (a key added or changed?): ` +
      `regenerate it with \`${GEN_SCHEMA_COMMAND}\``);
});

test('every shipped config validates against the JSON Schema, loads, and names the schema on its first line', () => {
  const files = shippedConfigs();
  for (const must of ['configs/local.yaml', 'configs/local-2workers.yaml', 'k8s/base/run.yaml']) {
    assert.ok(files.includes(path.join(REPO, must)), `${must} not found among ${files.join(', ')}`);
  }
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const m = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
    assert.ok(m, `${f}: the first line must be # yaml-language-server: $schema=<relative path of mygpt.schema.json>`);
    assert.equal(path.resolve(path.dirname(f), m[1]), SCHEMA_FILE,
      `${f}: $schema=${m[1]} is not the repo's mygpt.schema.json`);
    assert.ok(validate(YAML.parse(text)), `${f}: ${errorsOf()}`);
    assert.doesNotThrow(() => loadConfig(f), f);
  }
});

test('defaults and empty documents validate; unknown sections and keys do not', () => {
  assert.ok(validate(defaultConfig()), errorsOf());
  assert.ok(validate(null) && validate({ train: null }), errorsOf());
  assert.equal(validate({ trian: {} }), false);
  assert.equal(validate({ train: { batch_sise: 3 } }), false);
  assert.equal(validate([]), false);
});

/** Values the loader refuses for a key, by kind and range: each must fail the JSON Schema too. */
function badValues(spec: FieldSpec): unknown[] {
  switch (spec.kind) {
    case 'int':
      return [2.5, 'abc', 2 ** 60, ...(spec.min !== undefined ? [spec.min - 2] : []),
        ...(spec.max !== undefined ? [spec.max + 1] : [])];
    case 'number':
      return ['abc', ...(spec.min !== undefined ? [spec.minExclusive ? spec.min : spec.min - 1] : []),
        ...(spec.max !== undefined ? [spec.max * 2 + 1] : [])];
    case 'string':
      return [5, ...(spec.nonEmpty ? [''] : [])];
    case 'bool':
      return ['yes', 1];
    case 'enum':
      return ['bogus', 1];
    case 'intArray':
      return [5, [1.5], [-1], [2 ** 60]];
    case 'stringArray':
      return ['a', [1]];
  }
}

test('key by key, the JSON Schema refuses what the loader refuses and takes what it takes', () => {
  const f = path.join(tmpDir('jsonschema'), 'x.yaml');
  for (const [section, fields] of Object.entries(SCHEMA)) {
    for (const [key, spec] of Object.entries(fields as Record<string, FieldSpec>)) {
      const doc = (v: unknown) => ({ [section]: { [key]: v } });
      assert.ok(validate(doc(spec.default)), `${section}.${key} default: ${errorsOf()}`);
      if (spec.kind === 'int' && spec.auto) {
        assert.ok(validate(doc(spec.auto.value)), `${section}.${key} = ${spec.auto.value} (auto)`);
      }
      for (const v of badValues(spec)) {
        if (spec.kind === 'int' && v === spec.auto?.value) continue;
        fs.writeFileSync(f, YAML.stringify(doc(v)));
        assert.throws(() => loadConfig(f), ConfigError, `loader took ${section}.${key} = ${JSON.stringify(v)}`);
        assert.equal(validate(doc(v)), false, `JSON Schema took ${section}.${key} = ${JSON.stringify(v)}`);
      }
    }
  }
});
