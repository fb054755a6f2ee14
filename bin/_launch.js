'use strict';
// Shared by every bin/mygpt-*.js: load the compiled CLI from dist/ and run its main() through
// src/cli/common.ts runCli (exit code from main, `prog: error: message` on failure).
const path = require('path');

module.exports = function launch(prog, cliFile) {
  const dist = path.join(__dirname, '..', 'dist', 'src');
  let common, cli;
  try {
    common = require(path.join(dist, 'cli', 'common.js'));
    cli = require(path.join(dist, cliFile));
  } catch (e) {
    if (e.code !== 'MODULE_NOT_FOUND') throw e;
    process.stderr.write(`${prog}: ${path.join(dist, cliFile)} is missing: run \`npm run build\` first (npm ci does it)\n`);
    process.exit(1);
  }
  common.runCli(cli.main, prog);
};
