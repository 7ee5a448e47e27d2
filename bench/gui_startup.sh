#!/usr/bin/env bash
# Cold start of the desktop app under Xvfb: process start to the first shown
# frame, with the sample collection open, and the memory then in use.
# Usage: bench/gui_startup.sh BUILD_DIR [RUNS]   (needs xvfb: apt-get install xvfb xauth)
set -euo pipefail
build=${1:?build directory}
runs=${2:-5}
app="$build/app/gui/jitterbug"
sample="$(dirname "$0")/../resources/collections/sample.jitterbug.json"
home=$(mktemp -d) # settings of the benchmark's own, so a saved layout does not differ run to run
trap 'rm -rf "$home"' EXIT
times=() rss=()
for _ in $(seq "$runs"); do
  line=$(XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
    xvfb-run -a -s "-screen 0 1600x1000x24" "$app" "$sample" --env sim --startup-report 2>/dev/null)
  times+=("$(echo "$line" | awk '{print $3}')")
  rss+=("$(echo "$line" | awk '{print $9}')")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "cold start to the first frame: $(median "${times[@]}") ms (median of $runs; ${times[*]})"
echo "resident memory then: $(median "${rss[@]}") MB"
