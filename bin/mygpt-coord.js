#!/usr/bin/env node
// The coordinator: launches N local workers (or waits for external ones), also for workers: 1.
require('./_launch')('mygpt-coord', 'coordinator/cli.js');
