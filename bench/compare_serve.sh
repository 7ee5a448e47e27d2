#!/usr/bin/env bash
# `jitterbug-cli serve` against nginx, both on 127.0.0.1, measured by wrk in
# one run: a plain 200 route, 8 connections, 5 seconds each, 2 wrk threads.
# Usage: bench/compare_serve.sh [BUILD_DIR] [RUNS]   (prints a Markdown table;
# the figure is the median of RUNS runs)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-3}
cli="$build/app/cli/jitterbug-cli"
[ -x "$cli" ] || { echo "build first: $cli is missing" >&2; exit 2; }
for tool in wrk nginx; do
    command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install wrk nginx-light)" >&2; exit 2; }
done

work=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
nginx_port=$(free_port)
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$nginx_port;
        location / { return 200 "ok\n"; }
    }
}
CONF
cat > "$work/plain.json" <<'JSON'
{"name": "plain", "routes": [{"method": "GET", "path": "/", "script": [{"status": 200, "body": "ok\n"}]}]}
JSON

nginx -e "$work/error.log" -p "$work" -c "$work/nginx.conf"
"$cli" serve --port 0 --scenario "$work/plain.json" --seed 1 > "$work/serve.out" 2>/dev/null &
serve_pid=$!
cleanup() {
    kill "$(cat "$work/nginx.pid" 2>/dev/null)" 2>/dev/null || true
    kill "$serve_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 50); do [ -s "$work/serve.out" ] && break; sleep 0.1; done
serve_port=$(head -n1 "$work/serve.out")
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && break; sleep 0.1; done

# wrk's requests/s over $runs runs: "median (min–max)".
rps() {
    for _ in $(seq "$runs"); do
        wrk -t2 -c8 -d5s "$1" | awk '/^Requests\/sec:/ {print $2}'
    done | sort -n | awk '{a[NR]=$1} END {printf "%.0f (%.0f–%.0f)", a[int((NR+1)/2)], a[1], a[NR]}'
}

ours=$(rps "http://127.0.0.1:$serve_port/")
theirs=$(rps "http://127.0.0.1:$nginx_port/")

echo "| server (wrk -t2 -c8 -d5s, plain 200) | requests/s, median (min–max) of $runs runs |"
echo "| --- | --- |"
echo "| jitterbug-cli serve | $ours |"
echo "| nginx (1 worker) | $theirs |"
