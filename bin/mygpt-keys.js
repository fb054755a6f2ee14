#!/usr/bin/env node
'use strict';
// CURVE key pairs for security.curve: mygpt-keys [--out DIR] [--force] [NAME ...] (docs/security.md).
const path = require('path');
const dist = path.join(__dirname, '..', 'dist', 'src', 'cli');
let cli;
try {
  cli = require(path.join(dist, 'common.js'));
} catch (e) {
  process.stderr.write('mygpt-keys: ' + dist + ' is missing: run `npm run build` first (npm ci does it)\n');
  process.exit(1);
}
cli.runCli(require(path.join(dist, 'keys.js')).main);
