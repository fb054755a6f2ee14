#!/usr/bin/env node
'use strict';
// One training worker: mygpt-worker --coordinator tcp://HOST:PORT --config FILE [--rank R].
require('../dist/src/worker/cli.js').main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`mygpt-worker: error: ${e.message}\n`);
  process.exit(1);
});
