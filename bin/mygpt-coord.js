#!/usr/bin/env node
'use strict';
// The coordinator: launches N local workers (or waits for external ones), also for workers: 1.
require('../dist/src/coordinator/cli.js').main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`mygpt-coord: error: ${e.message}\n`);
  process.exit(1);
});
