#!/usr/bin/env bash
# The long run of the crash-safety test: a process saving a 1.7 MB, 3,000-request
# collection is killed with SIGKILL KILLS times (half anywhere in the save,
# half while the file is being written) and the file is checked after every
# kill. It is test_crash_saves with a larger count, so the check is the one
# the suite runs; it lives beside that test rather than in bench/ because it
# is a pass/fail check, not a measurement.
# Usage: tests/crash/kill_saves.sh [--kills N] [--seed N] [--build DIR]
#   defaults: 1000 kills, a seed from the clock (printed), build directory `build`
set -euo pipefail
cd "$(dirname "$0")/../.."
kills=1000
seed=$(( $(date +%s) % 1000000 ))
build=build
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) kills=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    *) echo "usage: $0 [--kills N] [--seed N] [--build DIR]" >&2; exit 2 ;;
  esac
done
test_binary="$build/tests/test_crash_saves"
[ -x "$test_binary" ] || { echo "build first: $test_binary is missing (ninja -C $build test_crash_saves)" >&2; exit 2; }

echo "killing $kills saves, seed $seed"
start=$(date +%s)
status=0
output=$(JITTERBUG_KILLS=$kills JITTERBUG_KILL_SEED=$seed QT_QPA_PLATFORM=offscreen "$test_binary" \
  --gtest_filter='CrashSafety.SavesKilledAtRandomPointsLeaveTheOldOrTheNewFileWhole' 2>&1) || status=$?
if [ $status -ne 0 ]; then
  echo "$output" | grep -v '^\[' >&2
  echo "FAILED after $(( $(date +%s) - start )) s (seed $seed): a kill left a torn file or a save failed" >&2
  exit 1
fi
echo "$output" | grep '^kill summary:' | sed 's/^kill summary: //'
echo "passed in $(( $(date +%s) - start )) s"
