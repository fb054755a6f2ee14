#!/usr/bin/env node
'use strict';
// One training worker: mygpt-worker --coordinator tcp://HOST:PORT --config FILE [--rank R].
const path = require('path');
const file = path.join(__dirname, '..', 'dist', 'src', 'worker', 'cli.js');
let cli;
try {
  cli = require(file);
} catch (e) {
  if (e.code !== 'MODULE_NOT_FOUND') throw e;
  process.stderr.write('mygpt-worker: ' + file + ' is missing: run `npm run build` first (npm ci does it)\n');
  process.exit(1);
}
cli.main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`mygpt-worker: error: ${e.message}\n`);
  process.exit(1);
});
