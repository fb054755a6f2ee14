#!/usr/bin/env node
'use strict';
const { runCli } = require('../dist/src/cli/common.js');
runCli(require('../dist/src/cli/coord.js').main);
