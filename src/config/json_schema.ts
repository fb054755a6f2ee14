// The config's JSON Schema (draft-07), generated from the one schema (./schema.ts) for editors: with the
// first line `# yaml-language-server: $schema=../mygpt.schema.json` a YAML editor completes keys, shows each
// key's range and default, and marks a wrong key or value while typing. The loader (./load.ts) stays the
// authority: its error messages, and the cross-key rules a per-key schema cannot express (n_embd divisible by
// n_head, heartbeat timeout above twice the interval, ...), live only there.
// The committed file is `mygpt.schema.json` at the repository root; regenerate it with `npm run gen:schema`
// (test/config/json_schema.test.ts fails while it differs).
import { SCHEMA, FieldSpec, describe } from './schema';

/** The command that regenerates mygpt.schema.json (named by the test when the committed file is stale). */
export const GEN_SCHEMA_COMMAND = 'npm run gen:schema';

const SAFE = Number.MAX_SAFE_INTEGER;

/** One key: the same type, range and choices as checkValue() accepts. */
export function fieldJsonSchema(spec: FieldSpec): Record<string, unknown> {
  const about = { description: `${describe(spec)}; default ${JSON.stringify(spec.default)}`, default: spec.default };
  switch (spec.kind) {
    case 'int': {
      const range = { type: 'integer', minimum: spec.min ?? -SAFE, maximum: spec.max ?? SAFE };
      return spec.auto ? { ...about, anyOf: [range, { const: spec.auto.value }] } : { ...about, ...range };
    }
    case 'number': {
      const min = spec.min === undefined
        ? {}
        : spec.minExclusive
        ? { exclusiveMinimum: spec.min }
        : { minimum: spec.min };
      return { ...about, type: 'number', ...min, ...(spec.max === undefined ? {} : { maximum: spec.max }) };
    }
    case 'string':
      return { ...about, type: 'string', ...(spec.nonEmpty ? { minLength: 1 } : {}) };
    case 'bool':
      return { ...about, type: 'boolean' };
    case 'enum':
      return { ...about, type: 'string', enum: [...spec.values] };
    case 'intArray':
      return { ...about, type: 'array', items: { type: 'integer', minimum: spec.min ?? 0, maximum: SAFE } };
    case 'stringArray':
      return { ...about, type: 'array', items: { type: 'string' } };
  }
}

/** The whole config: every section optional and possibly empty (`train:` alone is null), no unknown keys. */
export function configJsonSchema(): Record<string, unknown> {
  const sections: Record<string, unknown> = {};
  for (const [section, fields] of Object.entries(SCHEMA)) {
    const properties: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(fields as Record<string, FieldSpec>)) {
      properties[key] = fieldJsonSchema(spec);
    }
    sections[section] = { type: ['object', 'null'], additionalProperties: false, properties };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'mygpt config',
    description:
      `A mygpt run configuration (mygpt-coord / mygpt-worker --config). Generated from src/config/schema.ts by ` +
      `\`${GEN_SCHEMA_COMMAND}\`; the loader also checks rules between keys.`,
    type: ['object', 'null'],
    additionalProperties: false,
    properties: sections,
  };
}

/** mygpt.schema.json's text, as committed. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

if (require.main === module) process.stdout.write(configJsonSchemaText());
