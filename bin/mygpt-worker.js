#!/usr/bin/env node
'use strict';
// Placeholder: the multi-worker runtime (src/worker) is not implemented yet.
process.stderr.write('mygpt-worker: not implemented yet\n');
process.exit(2);
