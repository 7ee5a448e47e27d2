#!/bin/bash
# The herd lab's OCC model against an independent implementation of the same
# model (occ_reference.py, standard-library Python), on the same settings:
# mean calls and time per strategy side by side, and each one's run time.
#   bench/herd/compare_reference.sh [BUILD_DIR] [CLIENTS] [TRIALS]
set -euo pipefail
build=${1:-build}
clients=${2:-10,25,50,100}
trials=${3:-100}
here=$(cd "$(dirname "$0")" && pwd)
cli="$build/app/cli/jitterbug-cli"
[ -x "$cli" ] || { echo "compare_reference.sh: no $cli; build first" >&2; exit 2; }
ours=$(mktemp) theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT

start=$(date +%s.%N)
"$cli" simulate herd --model occ --clients "$clients" --trials "$trials" --seed 1 --csv >"$ours"
middle=$(date +%s.%N)
python3 "$here/occ_reference.py" --clients "$clients" --trials "$trials" --seed 1 --csv >"$theirs" 2>/dev/null
end=$(date +%s.%N)

python3 - "$ours" "$theirs" <<'PY'
import csv, sys
ours = {(r["clients"], r["strategy"]): r for r in csv.DictReader(open(sys.argv[1]))}
theirs = {(r["clients"], r["strategy"]): r for r in csv.DictReader(open(sys.argv[2]))}
print("%7s %-13s %12s %12s %7s %12s %12s %7s" % ("clients", "strategy", "calls", "reference", "ratio",
                                                 "time ms", "reference", "ratio"))
for key, r in ours.items():
    t = theirs[key]
    c, tc = float(r["mean_calls"]), float(t["mean_calls"])
    m, tm = float(r["mean_time_ms"]), float(t["mean_time_ms"])
    print("%7s %-13s %12.1f %12.1f %7.3f %12.1f %12.1f %7.3f" % (key[0], key[1], c, tc, c / tc, m, tm, m / tm))
PY
awk -v a="$start" -v b="$middle" -v c="$end" 'BEGIN {
    printf "jitterbug-cli %.3f s, Python reference %.3f s (%.0f× faster)\n", b - a, c - b, (c - b) / (b - a) }'
