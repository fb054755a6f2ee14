// Post-processes pbjs output (run by `npm run gen:proto`): make every uint64 a plain JS
// number. pbjs --force-number fixes the declared types, but the generated code still
// decodes into Long objects whenever the `long` package is installed (it is, via
// protobufjs), so `step` would be a number or a Long depending on whether it was 0.
// Usage: node proto/postgen.js <file.js>
'use strict';
const fs = require('fs');
const file = process.argv[2];
const anchor = 'var $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;\n';
const patch = '\n// uint64 fields are JS numbers (exact below 2^53); see proto/postgen.js\n' +
  '$util.Long = undefined;\n$protobuf.configure();\n';
const src = fs.readFileSync(file, 'utf8');
if (!src.includes(anchor)) throw new Error(`${file}: pbjs output changed, anchor line not found`);
fs.writeFileSync(file, src.includes(patch) ? src : src.replace(anchor, anchor + patch));
