#!/usr/bin/env python3
"""Reference model of the OCC "herd" experiment (Jitterbug herd lab).

Independent re-implementation (standard library only) of the model behind
Marc Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015,
whose simulator is aws-samples/aws-arch-backoff-simulator src/backoff_simulator.py.
It is meant as an oracle for the C++ herd lab, not as product code.

Model
-----
* One server holding one row with an integer version (starts at 0).
* N clients start together at t = 0; each wants exactly one successful
  conditional write, then stops.
* Client loop: send READ -> receive version v -> send WRITE(if version == v)
  -> receive reply.  The server accepts a write whose v equals the current
  version (and bumps the version), and rejects every other write.
* Every message leg (read request, read reply, write request, write reply)
  takes an independent delay |Normal(mean, sd)| ms (defaults 10, 2).
  Event times are the arrival times of messages; the server handles a message
  instantly on arrival.
* A rejected client, on receiving the rejection, sleeps backoff(attempt) and
  then sends a new READ (so the next READ arrives at
  t_reject + backoff + net_delay, exactly as in the AWS simulator).
* A trial ends when every client has succeeded (the event queue is empty).
  time  = virtual time of the last event processed (= arrival of the last
          successful write reply at its client), in ms.
  calls = number of WRITE requests handled by the server (accepted + rejected).
          READs are not counted (same as the AWS simulator's Stats.calls).
* Reported values are arithmetic means over trials (not truncated to int, the
  AWS script prints them with %d).

Attempt numbering
-----------------
* Each client keeps `attempt`, initially 0.  On every rejection, `attempt` is
  incremented FIRST and then backoff(attempt) is computed, so the first retry
  uses attempt = 1; attempt therefore equals "number of rejections so far".
* With --numbering aws (the AWS simulator's), expo(1) = min(cap, base * 2**1)
  = 2*base (10 ms with the defaults).  With --numbering engine (the default,
  Jitterbug's meaning of base_delay_ms) expo(n) = min(cap, base * 2**(n-1)),
  so the first retry waits at most base (5 ms).
* expo(n)       = min(cap, base * 2**n)   [aws; engine: 2**(n-1)]
* none          : sleep = 0
* exponential   : sleep = expo(n)
* equal         : sleep = expo(n)/2 + U(0, expo(n)/2)
* full          : sleep = U(0, expo(n))
* decorrelated  : per-client state s, initialised to base;
                  on each rejection s = min(cap, U(base, 3*s)); sleep = s
                  (ignores n; first retry sleeps U(base, 3*base)).
* Defaults base = 5 ms, cap = 2000 ms, net N(10, 2), 100 trials: the values
  hard-coded in the AWS simulator (Net(10, 2), backoff_cls(5, 2000), 100 trials).

Randomness: each (clients, strategy) cell uses its own random.Random seeded
from "--seed", the client count and the strategy name, so a cell's result does
not depend on which other cells are run.  Simultaneous events (probability ~0
with continuous delays) are ordered by a FIFO sequence number.

Usage
-----
  occ_reference.py --clients 1,10,50,100 --trials 100 \
      --strategies none,exponential,equal,full,decorrelated \
      --base-delay 5 --max-delay 2000 --net-delay-mean 10 --net-delay-sd 2 \
      --seed 1 [--csv]
Output (stdout): clients,strategy,mean_time_ms,mean_calls
Stderr: elapsed wall seconds, simulated events and events per second.
"""

import argparse
import heapq
import math
import random
import sys
import time

STRATEGIES = ("none", "exponential", "equal", "full", "decorrelated")
ALIASES = {
    "no": "none", "nobackoff": "none",
    "expo": "exponential", "exp": "exponential",
    "equaljitter": "equal", "equal_jitter": "equal",
    "fulljitter": "full", "full_jitter": "full",
    "decorr": "decorrelated", "decorrelatedjitter": "decorrelated",
}

# Event kinds (message arriving at its destination).
READ_AT_SERVER = 0
READ_REPLY_AT_CLIENT = 1
WRITE_AT_SERVER = 2
WRITE_REPLY_AT_CLIENT = 3


def make_backoff(strategy, base, cap, rng, numbering="engine"):
    """Return a fresh per-client sleep function f(attempt) -> ms.

    numbering "aws": expo(n) = base * 2**n, the AWS simulator's (first retry
    waits 2 * base); "engine": base * 2**(n - 1), Jitterbug's base_delay_ms
    (first retry waits base). Decorrelated jitter is the same in both.
    """
    shift = 1 if numbering == "engine" else 0
    if strategy == "none":
        return lambda n: 0.0
    if strategy == "exponential":
        return lambda n: min(cap, base * 2.0 ** (n - shift))
    if strategy == "equal":
        def equal(n):
            v = min(cap, base * 2.0 ** (n - shift))
            return v / 2.0 + rng.uniform(0.0, v / 2.0)
        return equal
    if strategy == "full":
        return lambda n: rng.uniform(0.0, min(cap, base * 2.0 ** (n - shift)))
    if strategy == "decorrelated":
        state = [float(base)]

        def decorrelated(n):
            state[0] = min(cap, rng.uniform(base, state[0] * 3.0))
            return state[0]
        return decorrelated
    raise ValueError("unknown strategy %r" % strategy)


def run_trial(n_clients, strategy, base, cap, net_mean, net_sd, rng, numbering="engine"):
    """Simulate one trial. Returns (end_time_ms, write_calls, events)."""
    gauss = rng.gauss

    def delay():
        return abs(gauss(net_mean, net_sd))

    version = 0
    calls = 0
    events = 0
    seq = 0
    now = 0.0
    attempts = [0] * n_clients
    backoffs = [make_backoff(strategy, base, cap, rng, numbering) for _ in range(n_clients)]
    queue = []
    for c in range(n_clients):
        queue.append((delay(), seq, READ_AT_SERVER, c, None))
        seq += 1
    heapq.heapify(queue)
    push = heapq.heappush
    pop = heapq.heappop

    while queue:
        t, _, kind, c, payload = pop(queue)
        if t < now:
            raise AssertionError("time went backwards")
        now = t
        events += 1
        if kind == READ_AT_SERVER:
            push(queue, (t + delay(), seq, READ_REPLY_AT_CLIENT, c, version))
        elif kind == READ_REPLY_AT_CLIENT:
            push(queue, (t + delay(), seq, WRITE_AT_SERVER, c, payload))
        elif kind == WRITE_AT_SERVER:
            calls += 1
            ok = payload == version
            if ok:
                version += 1
            push(queue, (t + delay(), seq, WRITE_REPLY_AT_CLIENT, c, ok))
        else:  # WRITE_REPLY_AT_CLIENT
            if not payload:
                attempts[c] += 1
                sleep = backoffs[c](attempts[c])
                push(queue, (t + sleep + delay(), seq, READ_AT_SERVER, c, None))
            # accepted: client is done, nothing scheduled
        seq += 1

    if version != n_clients:
        raise AssertionError("expected %d accepted writes, got %d" % (n_clients, version))
    return now, calls, events


def parse_list(text, conv):
    return [conv(x.strip()) for x in text.split(",") if x.strip()]


def norm_strategy(name):
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in STRATEGIES:
        raise argparse.ArgumentTypeError(
            "unknown strategy %r (choose from %s)" % (name, ",".join(STRATEGIES)))
    return key


def main(argv=None):
    p = argparse.ArgumentParser(description="OCC backoff/jitter reference simulator "
                                "(model of the AWS 'Exponential Backoff And Jitter' post).")
    p.add_argument("--clients", default="10,20,30,40,50,60,70,80,90,100",
                   help="comma-separated client counts (default 10..100 step 10)")
    p.add_argument("--trials", type=int, default=100, help="trials per cell (default 100, as AWS)")
    p.add_argument("--strategies", default=",".join(STRATEGIES),
                   help="comma-separated subset of " + ",".join(STRATEGIES))
    p.add_argument("--base-delay", type=float, default=5.0, help="base in ms (default 5, as AWS)")
    p.add_argument("--max-delay", type=float, default=2000.0, help="cap in ms (default 2000, as AWS)")
    p.add_argument("--net-delay-mean", type=float, default=10.0, help="ms (default 10, as AWS)")
    p.add_argument("--net-delay-sd", type=float, default=2.0, help="ms (default 2, as AWS)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--numbering", choices=("engine", "aws"), default="engine",
                   help="engine: the first retry waits base (Jitterbug's base_delay_ms, default); "
                        "aws: it waits 2 * base, as the AWS simulator")
    p.add_argument("--csv", action="store_true", help="print plain CSV (default: aligned table)")
    a = p.parse_args(argv)

    clients = parse_list(a.clients, int)
    strategies = [norm_strategy(s) for s in a.strategies.split(",") if s.strip()]
    if not clients or min(clients) < 1:
        p.error("--clients needs positive integers")
    if a.trials < 1:
        p.error("--trials must be >= 1")
    if a.base_delay < 0 or a.max_delay < 0 or a.net_delay_sd < 0:
        p.error("delays must be non-negative")

    rows = []
    total_events = 0
    t0 = time.perf_counter()
    for n in clients:
        for s in strategies:
            rng = random.Random("%d/%d/%s" % (a.seed, n, s))
            sum_t = 0.0
            sum_c = 0
            for _ in range(a.trials):
                t_end, calls, ev = run_trial(n, s, a.base_delay, a.max_delay,
                                             a.net_delay_mean, a.net_delay_sd, rng, a.numbering)
                sum_t += t_end
                sum_c += calls
                total_events += ev
            rows.append((n, s, sum_t / a.trials, sum_c / a.trials))
    elapsed = time.perf_counter() - t0

    out = sys.stdout
    if a.csv:
        out.write("clients,strategy,mean_time_ms,mean_calls\n")
        for n, s, mt, mc in rows:
            out.write("%d,%s,%.3f,%.3f\n" % (n, s, mt, mc))
    else:
        out.write("%7s  %-13s %14s %12s\n" % ("clients", "strategy", "mean_time_ms", "mean_calls"))
        for n, s, mt, mc in rows:
            out.write("%7d  %-13s %14.1f %12.2f\n" % (n, s, mt, mc))
    rate = total_events / elapsed if elapsed > 0 else math.inf
    sys.stderr.write("elapsed %.3f s, %d events, %.0f events/s\n" % (elapsed, total_events, rate))
    return 0


if __name__ == "__main__":
    sys.exit(main())
