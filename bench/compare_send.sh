#!/usr/bin/env bash
# `jitterbug-cli send --repeat` against the references, on loopback, in one run:
#   - 2,000 GETs, 8 at a time: jitterbug vs `curl --parallel --parallel-max 8`
#   - 2,000 GETs one after another: jitterbug vs `newman run -n 2000` (if newman is there)
#   - a one-request collection run 2,000 times: `jitterbug-cli run --iterations 2000`
#     vs `newman run -n 2000` of the same collection exported by `jitterbug-cli convert`
# The server is nginx from Debian, started here on 127.0.0.1 and stopped at the end.
# Usage: bench/compare_send.sh [BUILD_DIR] [RUNS]   (prints a Markdown table)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-5}
cli="$build/app/cli/jitterbug-cli"
calls=2000
[ -x "$cli" ] || { echo "build first: $cli is missing" >&2; exit 2; }
command -v nginx >/dev/null || { echo "nginx is missing (apt-get install nginx-light)" >&2; exit 2; }

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:$port;
        location / { return 200 "ok\n"; }
    }
}
CONF
nginx -e "$work/error.log" -p "$work" -c "$work/nginx.conf"
cleanup() { kill "$(cat "$work/nginx.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

url="http://127.0.0.1:$port/item"
for i in $(seq "$calls"); do printf 'url = "%s/%d"\noutput = "/dev/null"\n' "$url" "$i"; done > "$work/urls.cfg"

# The median wall time of a command over $runs runs, in milliseconds.
median_ms() {
    local times=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

ours_parallel=$(median_ms "$cli" send -s --timeline none --repeat "$calls" --concurrency 8 "$url")
curl_parallel=$(median_ms curl -s --parallel --parallel-max 8 -K "$work/urls.cfg")
ours_serial=$(median_ms "$cli" send -s --timeline none --repeat "$calls" "$url")
cat > "$work/one.jitterbug.json" <<JSON
{"format": 1, "id": "0b6f0c1e-3f7a-4c55-8f0e-2b1d9a6c4e21", "name": "bench",
 "items": [{"request": "item", "method": "GET", "url": "$url"}]}
JSON
"$cli" convert "$work/one.jitterbug.json" "$work/one.postman_collection.json"
ours_run=$(median_ms "$cli" run "$work/one.jitterbug.json" --iterations "$calls" --quiet)

newman_bin=${NEWMAN:-$(command -v newman || true)}
if [ -n "$newman_bin" ]; then
    cat > "$work/collection.json" <<JSON
{"info": {"name": "bench", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
 "item": [{"name": "item", "request": {"method": "GET", "url": "$url"}}]}
JSON
    newman_serial=$(runs=1 median_ms "$newman_bin" run "$work/collection.json" -n "$calls" --reporters cli --reporter-cli-no-summary --reporter-cli-no-banner --silent)
    newman_run=$(runs=1 median_ms "$newman_bin" run "$work/one.postman_collection.json" -n "$calls" --reporters cli --reporter-cli-no-summary --reporter-cli-no-banner --silent)
else
    newman_serial=""
fi

echo "| what | jitterbug | reference | ratio (reference / jitterbug) |"
echo "| --- | --- | --- | --- |"
awk -v o="$ours_parallel" -v r="$curl_parallel" -v n="$calls" 'BEGIN {
    printf "| %d GETs, 8 at a time | %d ms | curl --parallel-max 8: %d ms | %.2f |\n", n, o, r, r / o }'
if [ -n "$newman_serial" ]; then
    awk -v o="$ours_serial" -v r="$newman_serial" -v n="$calls" 'BEGIN {
        printf "| %d GETs, one at a time | %d ms | newman -n %d: %d ms | %.1f |\n", n, o, n, r, r / o }'
    awk -v o="$ours_run" -v r="$newman_run" -v n="$calls" 'BEGIN {
        printf "| a one-request collection, %d iterations | %d ms | newman run -n %d of its Postman export: %d ms | %.1f |\n", n, o, n, r, r / o }'
else
    echo "| $calls GETs, one at a time | $ours_serial ms | newman not installed | |"
    echo "| a one-request collection, $calls iterations | $ours_run ms | newman not installed | |"
fi
