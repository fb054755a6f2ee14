#!/usr/bin/env node
'use strict';
// The coordinator: launches N local workers (or waits for external ones), also for workers: 1.
const path = require('path');
const file = path.join(__dirname, '..', 'dist', 'src', 'coordinator', 'cli.js');
let cli;
try {
  cli = require(file);
} catch (e) {
  if (e.code !== 'MODULE_NOT_FOUND') throw e;
  process.stderr.write('mygpt-coord: ' + file + ' is missing: run `npm run build` first (npm ci does it)\n');
  process.exit(1);
}
cli.main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`mygpt-coord: error: ${e.message}\n`);
  process.exit(1);
});
