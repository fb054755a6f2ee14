#!/usr/bin/env node
// The formatter: dprint's TypeScript plugin (npm @dprint/typescript, a wasm module) run through
// @dprint/formatter, with the configuration in dprint.json (the same file the dprint CLI reads).
//   node scripts/format.js          formats every file dprint.json includes, in place (npm run format)
//   node scripts/format.js --check  changes nothing; lists the files that are not formatted, exit 1 (npm run lint)
// Pure JavaScript and wasm: no per-platform binary to download, so `npm ci` installs it wherever Node runs.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createFromBuffer } = require('@dprint/formatter');
const { getPath } = require('@dprint/typescript');

const root = path.join(__dirname, '..');
const config = JSON.parse(fs.readFileSync(path.join(root, 'dprint.json'), 'utf8'));
const check = process.argv.includes('--check');

/** A dprint glob (`**` any folders, `*` any name part) as a regular expression over a relative path. */
function globRe(glob) {
  const re = glob.split('/').map((part) =>
    part === '**' ? '(?:.*/)?' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*') + '/'
  ).join('').replace(/\/$/, '');
  return new RegExp(`^${re.replace(/\(\?:\.\*\/\)\?$/, '.*')}$`);
}
const includes = config.includes.map(globRe), excludes = config.excludes.map(globRe);

function* walk(dir) {
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name === '.git' || excludes.some((x) => x.test(`${rel}/x`))) continue;
      yield* walk(rel);
    } else if (e.isFile() && includes.some((x) => x.test(rel)) && !excludes.some((x) => x.test(rel))) {
      yield rel;
    }
  }
}

const formatter = createFromBuffer(fs.readFileSync(getPath()));
const shared = { lineWidth: config.lineWidth, indentWidth: config.indentWidth, useTabs: config.useTabs,
  newLineKind: config.newLineKind };
formatter.setConfig(shared, config.typescript);
const problems = formatter.getConfigDiagnostics();
if (problems.length > 0) {
  for (const d of problems) console.error(`dprint.json: typescript.${d.propertyName}: ${d.message}`);
  process.exit(2);
}

let changed = 0, files = 0;
for (const rel of walk('')) {
  files++;
  const file = path.join(root, rel), text = fs.readFileSync(file, 'utf8');
  const out = formatter.formatText({ filePath: file, fileText: text });
  if (out === text) continue;
  changed++;
  if (check) console.error(`not formatted: ${rel}`);
  else fs.writeFileSync(file, out);
}
if (check && changed > 0) {
  console.error(`${changed} of ${files} files not formatted: run npm run format`);
  process.exit(1);
}
console.log(check ? `${files} files formatted` : `formatted ${changed} of ${files} files`);
