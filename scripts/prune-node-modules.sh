#!/usr/bin/env bash
# Deletes from a production node_modules what Node never loads when mygpt runs; the image's deps stage
# runs it (Dockerfile) and test/deploy/prune.test.ts trains with a pruned copy.
#   scripts/prune-node-modules.sh NODE_MODULES_DIR
# What is loaded was listed by running training under `strace -f -e trace=openat` (docs/kubernetes.md
# "Image size"): of @tensorflow/* only each package's package.json, its "main" CommonJS bundle
# (dist/tf*.node.js) and the wasm backend's dist/*.wasm; the test also samples (wasm and cpu backends).
# Licence files always stay. Removes nothing outside NODE_MODULES_DIR.
set -euo pipefail
NM="${1:?usage: scripts/prune-node-modules.sh NODE_MODULES_DIR}"
[ -d "$NM/.bin" ] || [ -f "$NM/.package-lock.json" ] || { echo "prune-node-modules: $NM is not a node_modules directory" >&2; exit 2; }
NM="$(cd "$NM" && pwd)"
before="$(du -sm "$NM" | cut -f1)"

# 1. The tfjs packages @tensorflow/tfjs depends on: Node requires the "main" bundle, which holds the
#    whole package. Everything else goes: the browser bundles (tf*.js, *.min.js, *.es2017.js, *.fesm.js),
#    the ES-module tree under dist/ (Node cannot require it; bundlers use it), sources, typings, source
#    maps, READMEs. The wasm backend reads its .wasm files (simd, threaded-simd, plain) at run time: kept.
#    The tfjs-node(-gpu) packages (gpu variant) are not bundles and keep everything but step 3's files.
for p in tfjs tfjs-core tfjs-backend-cpu tfjs-backend-wasm tfjs-backend-webgl tfjs-converter tfjs-data tfjs-layers; do
  d="$NM/@tensorflow/$p"
  [ -f "$d/package.json" ] || continue
  main="$(node -p 'require("path").join(process.argv[1], require(process.argv[1] + "/package.json").main)' "$d")"
  [ -f "$main" ] || { echo "prune-node-modules: $d: main $main does not exist" >&2; exit 1; }
  find "$d" -mindepth 1 -path "$d/node_modules" -prune -o -type f \
    ! -path "$d/package.json" ! -path "$main" ! -name '*.wasm' ! -iname 'LICENSE*' -print0 | xargs -0r rm -f
done

# 2. Packages nothing loads at run time: core-js only polyfills tfjs's browser entry (index_with_polyfills).
rm -rf "$NM/core-js"

# 3. zeromq's prebuilt addons for other platforms: its loader picks os/arch/libc from build/manifest.json
#    and tries only the matching entries.
z="$NM/zeromq/build"
if [ -d "$z" ]; then
  plat="$(node -p process.platform)" arch="$(node -p process.arch)"
  for x in "$z"/*/; do [ "$(basename "$x")" = "$plat" ] || rm -rf "$x"; done
  for x in "$z/$plat"/*/; do [ "$(basename "$x")" = "$arch" ] || rm -rf "$x"; done
  [ -d "$z/$plat/$arch" ] || { echo "prune-node-modules: zeromq has no prebuilt addon for $plat/$arch" >&2; exit 1; }
fi

# 4. Everywhere: source maps, TypeScript sources and declarations, build info, Markdown docs. Node loads
#    none of them (source maps only under --enable-source-maps, which the image does not set).
find "$NM" -type f \( -name '*.map' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.tsbuildinfo' \
  -o \( -iname '*.md' ! -iname 'LICEN[CS]E*' \) \) -print0 | xargs -0r rm -f
[ ! -d "$NM/@tensorflow" ] || find "$NM/@tensorflow" -mindepth 1 -type d -empty -delete

echo "prune-node-modules: $NM ${before} MB -> $(du -sm "$NM" | cut -f1) MB"
