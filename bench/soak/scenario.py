#!/usr/bin/env python3
"""Writes the soak scenario for `jitterbug-cli serve` to standard output.

One route, GET /soak, a script of 100 answers served in turn (`then: cycle`),
shuffled once with a fixed seed so the faults are spread out: 80 good answers
and 20 faults. The script is generated rather than kept as a file because
the huge bodies are literal strings in a scenario (megabytes of them).

Usage: scenario.py [HUGE_BYTES [OVER_CAP_BYTES]]
  HUGE_BYTES      a body the client accepts (under its --max-filesize) [1 MiB]
  OVER_CAP_BYTES  a body past the client's cap: response_too_large [4 MiB]
"""
import json
import random
import sys

huge = int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 20
over_cap = int(sys.argv[2]) if len(sys.argv) > 2 else 4 << 20

# (count, step): the mix per 100 answers.
MIX = [
    (80, None),  # good answers, filled in below with small latencies
    (4, {"fault": "timeout"}),  # held open: the client's attempt timeout ends it
    (4, {"fault": "reset", "latency_ms": 1}),  # TCP RST
    (4, {"fault": "malformed"}),  # "HTTP/1.1 abc Malformed", then close
    (4, {"status": 429, "headers": {"Retry-After": "1"}, "json": {"error": "slow down"}}),
    (2, {"status": 200, "body": "h" * huge}),  # huge, under the client's cap
    (2, {"status": 200, "body": "H" * over_cap}),  # past the cap: refused from Content-Length
]

steps = []
for count, step in MIX:
    for i in range(count):
        steps.append(step if step is not None else {"status": 200, "latency_ms": i % 3, "json": {"ok": True, "n": i}})
random.Random(20240501).shuffle(steps)

json.dump(
    {
        "name": "soak",
        "description": "GET /soak: 20 % faults (timeouts, resets, malformed answers, 429 with Retry-After, "
        "huge bodies) among 80 % small 200s, in a fixed shuffled cycle.",
        "routes": [{"method": "GET", "path": "/soak", "then": "cycle", "script": steps}],
    },
    sys.stdout,
)
sys.stdout.write("\n")
