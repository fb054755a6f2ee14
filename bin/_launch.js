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
    // only when dist/ itself is missing; a missing dependency (e.g. a trimmed node_modules) throws as is
    const missing = [path.join(dist, 'cli', 'common.js'), path.join(dist, cliFile)].find((f) =>
      !require('fs').existsSync(f)
    );
    if (e.code !== 'MODULE_NOT_FOUND' || !missing) throw e;
    process.stderr.write(`${prog}: ${missing} is missing: run \`npm run build\` first (npm ci does it)\n`);
    process.exit(1);
  }
  common.runCli(cli.main, prog);
};
