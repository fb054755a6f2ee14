#!/usr/bin/env node
// One training worker: mygpt-worker --coordinator tcp://HOST:PORT --config FILE [--rank R].
require('./_launch')('mygpt-worker', 'worker/cli.js');
