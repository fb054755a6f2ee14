#!/usr/bin/env bash
# Runs the benchmarks on the GPU machine (no Node.js, no network; torch in the python3 on PATH), from the
# kit that scripts/device-kit.sh built here and the device call carried (.device-kit). One call:
#   bash scripts/device-bench.sh          (run tool: carry [".device-kit"], timeout_s 540)
# It unpacks node into /tmp and node_modules, dist, native/build, data into the repository root, then runs
# the stages below in order of value, each under its own timeout, appending to its own file in $OUT as it
# goes (a stage or the whole call timing out still returns what was written):
#   env.txt          machine, node, python/torch/CUDA, which native addon loads
#   gpu_backend.txt  backend.name=tensorflow-gpu: the error it gives (tfjs-node-gpu is not installable here)
#   allreduce.txt    bench/allreduce.ts, one run per world size (2, 4, 8), tcp + zmq, vs PyTorch Gloo
#   scaling.txt      bench/scaling.ts 1 -> 2 workers vs PyTorch DDP, ring over tcp (then zmq if time is left)
#   gpu_step.txt     bench/gpu_step.ts over tcp and zmq
#   results.json     the --json outputs of allreduce and scaling, merged after each stage
#   bench.log        stage starts/ends, exit codes, seconds
# Stages share a budget of BUDGET_S seconds (default 480, under the call's 540 s): each gets
# min(its cap, time left) and is skipped when less than its minimum is left.
# QUICK=1: tiny version of every stage (a smoke test, e.g. in a scratch clone on the dev VM).
# It replaces node_modules, dist and native/build: outside the device, run it in a scratch clone.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
KIT=${MYGPT_KIT:-$ROOT/.device-kit}
OUT=${OUT:-/tmp/mygpt-device-out}   # outside the tree: nothing here may travel on the next call
QUICK=${QUICK:-0}
BUDGET_S=${BUDGET_S:-480}
T0=$(date +%s)
mkdir -p "$OUT"
LOG=$OUT/bench.log
JSON_DIR=$(mktemp -d /tmp/mygpt-json.XXXXXX)
now() { echo $(( $(date +%s) - T0 )); }
log() { echo "[+$(now)s] $*" | tee -a "$LOG"; }
die() { log "FATAL: $*"; exit 1; }

# ---- unpack -------------------------------------------------------------------------------------------
[[ -f $KIT/node.xz && -f $KIT/runtime.tar.xz ]] || die "$KIT/node.xz or runtime.tar.xz missing: build it with scripts/device-kit.sh and carry .device-kit"
if [[ -e node_modules && ! -e node_modules/.mygpt-device-kit && "${FORCE:-0}" != 1 ]]; then
  die "node_modules exists and is not from the kit: this script replaces it (and dist/, native/build/); run it in a scratch clone or set FORCE=1"
fi
PY=$(command -v python3 || true)
unxz_to() {  # unxz_to FILE.xz DEST: xz if present, else python3's lzma
  if command -v xz >/dev/null; then xz -dc "$1" > "$2"
  else "$PY" -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"), 1 << 20)' "$1" "$2"; fi
}
NODE_DIR=
for d in /tmp/mygpt-node/bin "$ROOT/.device-node/bin"; do   # the second where /tmp is noexec
  mkdir -p "$d" && unxz_to "$KIT/node.xz" "$d/node.tmp" && chmod +x "$d/node.tmp" && mv "$d/node.tmp" "$d/node" || die "cannot unpack node into $d"
  if err=$("$d/node" --version 2>&1); then NODE_DIR=$d; break; fi
  log "cannot run $d/node: $err"
done
[[ -n $NODE_DIR ]] || die "the kit's node does not run here (see above)"
export PATH=$NODE_DIR:$PATH
[[ "$(command -v node)" == "$NODE_DIR/node" ]] || die "node on PATH is $(command -v node), not the kit's $NODE_DIR/node"
rm -rf node_modules dist native/build
if command -v tar >/dev/null && command -v xz >/dev/null; then
  tar -xJf "$KIT/runtime.tar.xz" || die "cannot unpack runtime.tar.xz"
else
  "$PY" -c 'import sys, tarfile
t = tarfile.open(sys.argv[1])
t.extractall(".", **({"filter": "tar"} if hasattr(tarfile, "data_filter") else {}))' "$KIT/runtime.tar.xz" || die "cannot unpack runtime.tar.xz"
fi
touch node_modules/.mygpt-device-kit
# the AVX-512 build of the addon where the CPU has what x86-64-v4 needs
if [[ -f native/build/mygpt_native.x86-64-v4.node ]]; then
  flags=$(grep -m1 '^flags' /proc/cpuinfo)
  v4=1; for f in avx512f avx512bw avx512cd avx512dq avx512vl; do [[ " $flags " == *" $f "* ]] || v4=0; done
  if (( v4 )); then mv -f native/build/mygpt_native.x86-64-v4.node native/build/mygpt_native.node; NATIVE=x86-64-v4; else NATIVE=x86-64-v3; fi
fi
export MYGPT_PYTHON=${MYGPT_PYTHON:-$PY}
export MYGPT_DATA=$ROOT/data/tinyshakespeare.txt
export GLOO_SOCKET_IFNAME=${GLOO_SOCKET_IFNAME:-lo}   # no network there: keep Gloo's sockets on loopback
log "unpacked: node $(node --version) at $(command -v node); native build ${NATIVE:-none}; python $MYGPT_PYTHON; QUICK=$QUICK, budget ${BUDGET_S}s"
log "nproc $(nproc); $(command -v nvidia-smi >/dev/null && nvidia-smi -L 2>&1 | head -2 || echo 'no nvidia-smi')"

# ---- stage runner ---------------------------------------------------------------------------------------
# stage NAME FILE CAP_S MIN_S CMD...: run CMD under timeout min(CAP_S, left), appending to $OUT/FILE
stage() {
  local name=$1 file=$OUT/$2 cap=$3 min=$4; shift 4
  local left=$(( BUDGET_S - $(now) )) t rc start
  if (( left < min )); then
    log "SKIP $name: ${left}s left, needs ${min}s"
    echo "### $name: SKIPPED, ${left}s of the ${BUDGET_S}s budget left (needs ${min}s)" >> "$file"
    return 0
  fi
  t=$(( cap < left ? cap : left )); start=$(now)
  log "START $name (timeout ${t}s)"
  { echo; echo "### $name (timeout ${t}s, at +${start}s): $*"; } >> "$file"
  timeout -k 10 "$t" "$@" >> "$file" 2>&1; rc=$?
  (( rc == 124 || rc == 137 )) && echo "### $name: TIMED OUT after ${t}s (partial output above)" >> "$file"
  log "END $name rc=$rc in $(( $(now) - start ))s"
  merge_json
  return 0
}
merge_json() {  # every --json written so far, as one object keyed by file name
  node -e 'const fs = require("fs"), path = require("path"), d = process.argv[1], o = {};
    for (const f of fs.readdirSync(d).sort()) try { o[path.basename(f, ".json")] = JSON.parse(fs.readFileSync(path.join(d, f), "utf8")); } catch {}
    fs.writeFileSync(process.argv[2], JSON.stringify(o, null, 1) + "\n");' "$JSON_DIR" "$OUT/results.json" 2>> "$LOG"
}

env_info() {
  echo "date: $(date -u +%FT%TZ)"; echo "uname: $(uname -a)"; echo "nproc: $(nproc)"
  grep -m1 'model name' /proc/cpuinfo
  echo "avx512 flags: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -c '^avx512')"
  free -g 2>/dev/null | head -2
  if command -v nvidia-smi >/dev/null; then nvidia-smi -L; else echo "nvidia-smi: not found"; fi
  echo "node: $(node --version) at $(command -v node)"
  node -e 'for (const m of ["zeromq", "@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm"]) console.log(`${m} from ${require.resolve(m)}`)'
  echo "python: $MYGPT_PYTHON"
  timeout 120 "$MYGPT_PYTHON" -c 'import sys, torch, torch.distributed as d
print("python", sys.version.split()[0], "torch", torch.__version__, "gloo", d.is_gloo_available(), "cuda", torch.cuda.is_available(),
      torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")' 2>&1 | tail -3
  node -e 'const { loadAddon } = require("./dist/src/native/addon"); const r = loadAddon();
    console.log("native addon:", r.addon ? `${r.file} ${JSON.stringify(r.addon.info())}` : r.reason)'
  echo "kit:"; sed 's/^/  /' "$KIT/MANIFEST.txt" | head -12
}

gpu_backend() {
  echo "installed @tensorflow packages: $(ls node_modules/@tensorflow | tr '\n' ' ')"
  node -e 'const { selectBackend } = require("./dist/src/train/backend");
    (async () => { for (const name of ["tensorflow-gpu", "auto"]) {
      try { console.log(`backend.name=${name}: in use: ${await selectBackend({ name, threads: 1, native: true })}`); }
      catch (e) { console.log(`backend.name=${name}: ERROR: ${e.message}`); } } })();'
  echo "--- the same through mygpt-coord (one worker, no restarts):"
  local dir; dir=$(mktemp -d /tmp/mygpt-gpu.XXXXXX)
  node bin/mygpt-coord.js --config configs/local.yaml --set backend.name=tensorflow-gpu --set train.max_steps=2 \
    --set cluster.max_restarts=0 --set "run.dir=$dir/run" --set "data.path=$MYGPT_DATA" 2>&1 | tail -4
  echo "mygpt-coord exit code: ${PIPESTATUS[0]}"
  rm -rf "$dir"
}

# ---- stages, most valuable first -------------------------------------------------------------------------
if (( QUICK )); then
  WORLDS="2"; AR=(--sizes 0.1 --wires fp32,bf16 --transports tcp,tcp-socket,zmq --iters 3 --repeat 1)
  SC=(--steps 30 --reps 1); GS=(--grads 0.5 --computes 5 --steps 3)
else
  WORLDS="2 4 8"; AR=(--sizes 1,4,40 --wires fp32,bf16 --transports tcp,tcp-socket,zmq --iters 10 --repeat 2)
  SC=(--steps 200 --reps 2); GS=(--grads 3,40 --computes 5,20,60 --steps 15)
fi
export KIT; export -f env_info gpu_backend   # functions run under timeout through bash -c
stage env env.txt 150 10 bash -c env_info
stage gpu-backend gpu_backend.txt 60 10 bash -c gpu_backend
for w in $WORLDS; do
  cap=$(( w == 8 ? 180 : w == 4 ? 150 : 120 ))  # three planes (tcp, tcp-socket, zmq)
  stage "allreduce world $w" allreduce.txt "$cap" 30 node dist/bench/allreduce.js --worlds "$w" "${AR[@]}" --json "$JSON_DIR/allreduce-w$w.json"
done
stage "scaling tcp" scaling.txt 150 60 node dist/bench/scaling.js "${SC[@]}" --ring-transport tcp --json "$JSON_DIR/scaling-tcp.json"
stage "gpu_step tcp" gpu_step.txt 60 20 node dist/bench/gpu_step.js "${GS[@]}" --transport tcp
stage "gpu_step zmq" gpu_step.txt 60 20 node dist/bench/gpu_step.js "${GS[@]}" --transport zmq
stage "scaling zmq" scaling.txt 150 60 node dist/bench/scaling.js "${SC[@]}" --ring-transport zmq --json "$JSON_DIR/scaling-zmq.json"
rm -rf "$JSON_DIR"
for f in allreduce scaling gpu_step; do [[ -f $OUT/$f.txt ]] && { echo "--- last lines of $f.txt"; tail -n 6 "$OUT/$f.txt"; }; done
log "done in $(now)s; files in $OUT: $(ls "$OUT" | tr '\n' ' ')"
