#!/usr/bin/env node
// CURVE key pairs for security.curve: mygpt-keys [--out DIR] [--force] [NAME ...] (docs/security.md).
require('./_launch')('mygpt-keys', 'cli/keys.js');
