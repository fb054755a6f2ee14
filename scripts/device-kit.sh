#!/usr/bin/env bash
# Builds .device-kit/: everything scripts/device-bench.sh needs on the GPU machine that git does not track
# (that machine has no Node.js, no network, and receives only the working tree plus a few carried paths,
# 64 MiB in all). Run here, from anywhere in the repository:  bash scripts/device-kit.sh
#   .device-kit/node.xz         this machine's node binary, xz (python3's lzma can unpack it where xz is missing)
#   .device-kit/runtime.tar.xz  node_modules/ (only the files the runtime requires: scripts/device-kit-modules.js),
#                               dist/ (src + bench, compiled now), native/build/ (the addon built for a generic
#                               x86-64-v3 CPU and an AVX-512 x86-64-v4 one, with the OpenBLAS it links to in
#                               native/build/lib, found through an rpath), data/tinyshakespeare.txt
#   .device-kit/MANIFEST.txt    what went in, from which commit
# Env: SKIP_BUILD=1 (dist/ is already current), NODE_BIN (default: the node on PATH), DATA_SRC (the corpus).
# Then carry .device-kit in the device call (docs/benchmarks.md "Running the benches on a GPU machine").
set -euo pipefail
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
ROOT=$PWD
KIT=$ROOT/.device-kit
NODE_BIN=${NODE_BIN:-$(command -v node)}
LIMIT_MIB=60
say() { echo "device-kit: $*"; }

# 1. dist/ from the current sources (tsc only; the native addon is built separately below)
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  say "compiling TypeScript (npx tsc -p tsconfig.json)"
  nice -n 10 npx tsc -p tsconfig.json
fi

STAGE=$(mktemp -d /tmp/mygpt-kit.XXXXXX)
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$KIT"

# 2. node_modules + dist, trimmed to what the runtime loads
say "collecting the runtime's files"
node scripts/device-kit-modules.js "$STAGE" | tee "$STAGE/modules.txt"

# 3. the native addon, built for portable targets (the device's CPU is unknown: -march=native could be
#    SIGILL there), linked with an rpath to the OpenBLAS copied next to it (the device may have none)
NATIVE_NOTE="not built"
if command -v gcc >/dev/null; then
  NSRC=$STAGE/native-src
  mkdir -p "$NSRC" "$STAGE/native/build/lib"
  cp native/*.c native/*.h native/build.js "$NSRC/"
  for march in x86-64-v3 x86-64-v4; do
    rm -rf "$NSRC/build"
    # shellcheck disable=SC2016  # $ORIGIN is for the dynamic linker, not the shell
    (cd "$NSRC" && MYGPT_NATIVE_MARCH=$march MYGPT_NATIVE_LDFLAGS='-Wl,--disable-new-dtags,-rpath,$ORIGIN/lib' \
      nice -n 10 node build.js --force) || true
    if [[ -f "$NSRC/build/mygpt_native.node" ]]; then
      name=mygpt_native.node; [[ $march == x86-64-v4 ]] && name=mygpt_native.x86-64-v4.node
      cp "$NSRC/build/mygpt_native.node" "$STAGE/native/build/$name"
    fi
  done
  if [[ -f "$STAGE/native/build/mygpt_native.node" ]]; then
    # every library the addon links to beyond glibc/libgcc, with what those need (ldd lists the closure)
    ldd "$STAGE/native/build/mygpt_native.node" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}' |
      while read -r soname file; do
        case $soname in libc.so*|libm.so*|libgcc_s.so*|libpthread.so*|libdl.so*|librt.so*|ld-linux*) continue ;; esac
        cp -L "$file" "$STAGE/native/build/lib/$soname"
      done
    NATIVE_NOTE="x86-64-v3$( [[ -f $STAGE/native/build/mygpt_native.x86-64-v4.node ]] && echo ' + x86-64-v4'); libs: $(ls "$STAGE/native/build/lib" | tr '\n' ' ')"
    # the copy must resolve its libraries from lib/ and load in this node
    ldd "$STAGE/native/build/mygpt_native.node" | grep -q "$STAGE/native/build/lib/" || { say "addon does not use its bundled libs"; exit 1; }
    node -e 'const a = require(process.argv[1]); console.log("device-kit: addon loads:", JSON.stringify(a.info()))' \
      "$STAGE/native/build/mygpt_native.node"
  else
    rm -rf "$STAGE/native"
  fi
fi
say "native addon: $NATIVE_NOTE"

# 4. the corpus (ignored by git: data/ is never committed)
DATA_SRC=${DATA_SRC:-}
if [[ -z "$DATA_SRC" ]]; then
  for f in data/tinyshakespeare.txt ../shared/data/tinyshakespeare.txt; do
    [[ -f $f ]] && { DATA_SRC=$f; break; }
  done
fi
[[ -f "$DATA_SRC" ]] || { say "corpus not found (set DATA_SRC=.../tinyshakespeare.txt)"; exit 1; }
mkdir -p "$STAGE/data" && cp "$DATA_SRC" "$STAGE/data/tinyshakespeare.txt"

# 5. pack. node.xz is reused while the node binary is unchanged (xz -9 of ~100 MB takes a minute or two).
say "packing runtime.tar.xz"
parts=(node_modules dist data); [[ -d $STAGE/native ]] && parts+=(native)
tar -C "$STAGE" --owner=0 --group=0 --numeric-owner -cf - "${parts[@]}" | nice -n 10 xz -9 -T1 > "$KIT/runtime.tar.xz.tmp"
mv "$KIT/runtime.tar.xz.tmp" "$KIT/runtime.tar.xz"
node_sum=$(sha256sum "$NODE_BIN" | cut -d' ' -f1)
if [[ -f $KIT/node.xz && "$(cat "$KIT/node.sha256" 2>/dev/null)" == "$node_sum" ]]; then
  say "node.xz is current ($NODE_BIN)"
else
  say "compressing $NODE_BIN ($(du -h "$NODE_BIN" | cut -f1)) into node.xz"
  nice -n 10 xz -9 -T1 -c "$NODE_BIN" > "$KIT/node.xz.tmp" && mv "$KIT/node.xz.tmp" "$KIT/node.xz"
  echo "$node_sum" > "$KIT/node.sha256"
fi

# 6. manifest and sizes
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench native 2>/dev/null || echo '+uncommitted changes')
{
  echo "mygpt device kit, built $(date -u +%FT%TZ) on $(hostname) from $commit"
  echo "node: $("$NODE_BIN" --version) ($NODE_BIN, sha256 $node_sum)"
  echo "native: $NATIVE_NOTE"
  echo "corpus: $DATA_SRC ($(stat -c %s "$DATA_SRC") bytes)"
  echo "node_modules / dist kept (uncompressed):"
  cat "$STAGE/modules.txt"
} > "$KIT/MANIFEST.txt"

kit_b=$(du -cb "$KIT"/* | tail -1 | cut -f1)
tree_b=$( { git ls-files -z; git ls-files -z -o --exclude-standard; } | du -cb --files0-from=- 2>/dev/null | tail -1 | cut -f1)
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
say "kit $(mib "$kit_b") (node.xz $(mib "$(stat -c %s "$KIT/node.xz")"), runtime.tar.xz $(mib "$(stat -c %s "$KIT/runtime.tar.xz")")) + working tree $(mib "$tree_b") = $(mib $((kit_b + tree_b))) (limit 64 MiB per call)"
if (( kit_b + tree_b > LIMIT_MIB * 1048576 )); then say "WARNING: over ${LIMIT_MIB} MiB"; exit 1; fi
say "done: carry .device-kit and run: bash scripts/device-bench.sh"
