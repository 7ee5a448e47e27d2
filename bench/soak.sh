#!/usr/bin/env bash
# Soak: CALLS calls through `send --repeat` against `serve`, 20 % of the
# answers faults (bench/soak/scenario.py: timeouts, resets, malformed
# answers, 429 with Retry-After, huge bodies), the client's RSS sampled every
# second. Passes when the client does not crash, every call is decided (one
# timeline record each, with a final decision) and its RSS grows under 5 %
# from the end of the warm-up to the end. Not part of the test suite: it runs
# for minutes. See docs/reliability.md, "Soak".
#
# Usage: bench/soak.sh [BUILD_DIR] [CALLS] [CONCURRENCY]
#   BUILD_DIR    a RelWithDebInfo build [/work/build-rwdi]; jitterbug-cli is built first
#   CALLS        [100000]
#   CONCURRENCY  [32]
# SOAK_OUT=DIR keeps the run's files there (timeline.jsonl, rss.csv, stats.json,
# serve.log, scenario.json); by default a temporary directory, removed on success.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-/work/build-rwdi}
calls=${2:-100000}
concurrency=${3:-32}
cli="$build/app/cli/jitterbug-cli"

ninja -C "$build" -j1 jitterbug-cli >/dev/null
out=${SOAK_OUT:-$(mktemp -d)}
mkdir -p "$out"

huge=$((1 << 20))     # accepted: under the cap below
cap=$((2 << 20))      # the client's --max-filesize
over_cap=$((4 << 20)) # refused: response_too_large
python3 "$here/soak/scenario.py" "$huge" "$over_cap" > "$out/scenario.json"

"$cli" serve --port 0 --scenario "$out/scenario.json" --seed 1 > "$out/serve.out" 2> "$out/serve.log" &
serve_pid=$!
client_pid=
monitor_pid=
cleanup() {
    [ -n "$monitor_pid" ] && kill "$monitor_pid" 2>/dev/null || true
    [ -n "$client_pid" ] && kill "$client_pid" 2>/dev/null || true
    kill "$serve_pid" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do [ -s "$out/serve.out" ] && break; sleep 0.1; done
port=$(head -n1 "$out/serve.out")
[ -n "$port" ] || { echo "serve did not start: $(cat "$out/serve.log")" >&2; exit 2; }


# Short timeouts and waits, so 100,000 calls take minutes: a held connection
# costs one 200 ms attempt, a Retry-After of 1 s is honoured up to 100 ms.
"$cli" send -s --repeat "$calls" --concurrency "$concurrency" --timeline json \
    --attempts 4 --base-delay 5 --max-delay 50 --jitter full --attempt-timeout 200 \
    --respect-retry-after=100 --max-filesize "$cap" --seed 7 \
    "http://127.0.0.1:$port/soak" 2> "$out/timeline.jsonl" &
client_pid=$!
python3 "$here/soak/monitor.py" "$client_pid" "$serve_pid" "$out/timeline.jsonl" "$out/rss.csv" &
monitor_pid=$!
status=0
wait "$client_pid" || status=$?
client_pid=
wait "$monitor_pid" || true
monitor_pid=

python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' \
    "http://127.0.0.1:$port/__jitterbug/stats" > "$out/stats.json"

echo "soak: $calls calls, concurrency $concurrency, against serve on port $port; files in $out"
if python3 "$here/soak/report.py" "$calls" "$status" "$out/timeline.jsonl" "$out/rss.csv" "$out/stats.json"; then
    [ -n "${SOAK_OUT:-}" ] || rm -rf "$out"
else
    exit 1
fi
