#!/usr/bin/env node
'use strict';
const path = require('path');
const dist = path.join(__dirname, '..', 'dist', 'src', 'cli');
let cli;
try {
  cli = require(path.join(dist, 'common.js'));
} catch (e) {
  process.stderr.write('mygpt-generate: ' + dist + ' is missing: run `npm run build` first (npm ci does it)\n');
  process.exit(1);
}
cli.runCli(require(path.join(dist, 'generate.js')).main);
