#!/bin/sh
# scripts/kill-trials.sh [N] [SEED] — N kill -9 trials (default 20) of test/fault/kill.test.ts: each kills a
# random worker of a 2-worker, 60-step run at a random step and checks that the run restarts from its
# last checkpoint, ends at exactly 60 steps, and has the undisturbed run's final weights and losses.
# Prints the seed (replay a failure with the same SEED), one line per trial and a summary.
set -eu
cd "$(dirname "$0")/.."
[ -f dist/test/fault/kill.test.js ] || npm run build >/dev/null
export MYGPT_KILL_TRIALS="${1:-20}"
if [ $# -ge 2 ]; then export MYGPT_KILL_SEED="$2"; fi
node --test dist/test/fault/kill.test.js 2>&1 | sed -n -e 's/^# \(kill trials.*\)/\1/p' -e 's/^# \(trial .*\)/\1/p' \
  -e 's/^\(not ok .*\)/\1/p' -e 's/^  error: \(.*\)/  \1/p' -e 's/^# \(pass\|fail\) /\1 /p'
