#!/usr/bin/env node
// The corpus: mygpt-data download [--out PATH] | mygpt-data verify PATH.
require('./_launch')('mygpt-data', 'cli/data.js');
