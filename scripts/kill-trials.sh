#!/usr/bin/env bash
# scripts/kill-trials.sh [N] [SEED] — N kill -9 trials (default 20) of test/fault/kill.test.ts: each kills a
# random worker of a 2-worker, 60-step run at a random step and checks that the run recovers in place (the
# replacement gets the newest step's state from the survivor), ends at exactly 60 steps, and has the
# undisturbed run's final weights and losses.
# Prints the seed (replay a failure with the same SEED), one line per trial and a summary.
# Exit status: 0 only when every trial passed; the test's own status otherwise (non-zero), 2 for bad arguments.
# Always rebuilds first, so the trials run the current sources, never a stale dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-20}"
case "$N" in ''|*[!0-9]*|0) echo "kill-trials.sh: N must be a positive integer, got '$N'" >&2; exit 2 ;; esac
if [ $# -ge 2 ]; then
  case "$2" in ''|*[!0-9]*) echo "kill-trials.sh: SEED must be a non-negative integer, got '$2'" >&2; exit 2 ;; esac
  export MYGPT_KILL_SEED="$2"
fi
export MYGPT_KILL_TRIALS="$N"
npm run --silent build
# pipefail: the pipeline fails when node --test does (a failed trial), whatever sed does.
node --test dist/test/fault/kill.test.js 2>&1 | sed -n -e 's/^# \(kill trials.*\)/\1/p' -e 's/^# \(trial .*\)/\1/p' \
  -e 's/^\(not ok .*\)/\1/p' -e "s/^  error: \([^|'].*\)/  \1/p" -e '/^  error: [|]/,/^  code:/s/^    \(..*\)/  \1/p' \
  -e 's/^# \(pass\|fail\) /\1 /p'
