#!/usr/bin/env python3
"""Checks a soak run and prints its figures.

Usage: report.py CALLS EXIT_STATUS TIMELINE_FILE RSS_CSV STATS_JSON

Passes when the client exited 0 or 1 (1: some calls failed, which faults
are there to cause; anything else is a crash or a usage error), wrote one
timeline record per call, each with a decided outcome, and its resident set
grew less than 5 % from the end of the warm-up (the later of 10 % of the
calls and 20 s) to its last sample.
"""
import collections
import csv
import json
import sys

calls, exit_status = int(sys.argv[1]), int(sys.argv[2])
timeline_path, csv_path, stats_path = sys.argv[3], sys.argv[4], sys.argv[5]

records = 0
undecided = 0
outcomes = collections.Counter()
attempt_results = collections.Counter()
attempts = 0
summary = None
with open(timeline_path, "rb") as f:
    for line in f:
        if not line.strip():
            continue
        record = json.loads(line)
        if "summary" in record:
            summary = record["summary"]
            continue
        records += 1
        outcome = record["outcome"]
        decisions = [a["decision"] for a in record["attempts"]]
        if not decisions or decisions[-1] == "retry" or outcome["attempts"] != len(decisions):
            undecided += 1
        outcomes["succeeded" if outcome["succeeded"] else (outcome["error"] or str(outcome["status"]))] += 1
        for a in record["attempts"]:
            attempts += 1
            attempt_results[a["error"] or str(a["status"])] += 1

rows = list(csv.DictReader(open(csv_path)))
warm_index = next(
    (i for i, r in enumerate(rows) if int(r["records"]) >= calls // 10 and float(r["seconds"]) >= 20), None
)
failures = []
if exit_status not in (0, 1):
    failures.append(f"the client exited with status {exit_status}")
if records != calls:
    failures.append(f"{records} timeline records for {calls} calls")
if undecided:
    failures.append(f"{undecided} records without a final decision")
if warm_index is None or warm_index >= len(rows) - 1:
    failures.append("the run ended before the warm-up did: no RSS growth to measure")
    growth = float("nan")
    warm = end = rows[-1] if rows else {"client_rss_kib": "0", "seconds": "0", "server_rss_kib": "0"}
else:
    warm, end = rows[warm_index], rows[-1]
    growth = (int(end["client_rss_kib"]) - int(warm["client_rss_kib"])) / int(warm["client_rss_kib"]) * 100
    if growth >= 5:
        failures.append(f"the client's RSS grew {growth:.2f} % after the warm-up")
peak = max((int(r["client_rss_kib"]) for r in rows), default=0)

stats = json.load(open(stats_path)) if stats_path else {}
route = stats.get("routes", [{}])[0] if stats.get("routes") else {}

duration = float(rows[-1]["seconds"]) if rows else 0
print(f"calls {records} of {calls}, {attempts} attempts, in {duration:.0f} s ({records / max(duration, 1):.0f} calls/s)")
print("outcomes: " + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))
print("attempt results: " + ", ".join(f"{k} {v}" for k, v in attempt_results.most_common()))
if route:
    print(f"server: {stats.get('requests')} requests; statuses {route.get('statuses')}; faults {route.get('faults')}")
print(
    f"client RSS: {int(warm['client_rss_kib']) / 1024:.1f} MiB at the end of the warm-up "
    f"({float(warm['seconds']):.0f} s), {int(end['client_rss_kib']) / 1024:.1f} MiB at the end "
    f"({float(end['seconds']):.0f} s), peak {peak / 1024:.1f} MiB: growth {growth:.2f} %"
)
print(
    f"server RSS: {int(warm['server_rss_kib']) / 1024:.1f} MiB after the warm-up, "
    f"{int(end['server_rss_kib']) / 1024:.1f} MiB at the end"
)
print(f"exit status {exit_status}")
if failures:
    print("FAIL: " + "; ".join(failures))
    sys.exit(1)
print("PASS")
