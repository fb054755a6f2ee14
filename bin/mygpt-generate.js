#!/usr/bin/env node
// Text from a checkpoint: mygpt-generate --checkpoint FILE --prompt "O Romeo" --tokens 500.
require('./_launch')('mygpt-generate', 'cli/generate.js');
