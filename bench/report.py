#!/usr/bin/env python3
"""Every benchmark of the project in one run, as one Markdown table.

    bench/report.py [BUILD_DIR] [--runs N] [--newman PATH]

Runs the Google Benchmark programs (repetitions = N, medians), the
comparison scripts (curl, newman, nginx + wrk, the Python herd model) and the
desktop app's start under Xvfb, then prints: what is measured, the command
that reproduces the row alone, the figure, the target, and the reference
measured in the same run with its ratio. Needs the RelWithDebInfo build
(./dev build), nginx-light, wrk, curl, xvfb; newman is optional.
Nothing is sent anywhere but 127.0.0.1.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(args, env=None, check=True):
    """Runs a command from the project root; returns its stdout."""
    done = subprocess.run(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check and done.returncode != 0:
        sys.exit("report.py: %s failed (%d): %s" % (" ".join(args), done.returncode, done.stderr.strip()[-400:]))
    return done.stdout


def benchmarks(build, program, runs, name_filter=".", env=None, prefix=()):
    """Median of each benchmark of a Google Benchmark program, by name."""
    out = run(list(prefix) + [os.path.join(build, "bench", program), "--benchmark_format=json",
               "--benchmark_repetitions=%d" % runs, "--benchmark_report_aggregates_only=true",
               "--benchmark_filter=" + name_filter], env=env)
    medians = {}
    for b in json.loads(out)["benchmarks"]:
        # One repetition has no aggregates: the run itself is the figure.
        if b.get("aggregate_name") == "median" or (runs == 1 and b.get("run_type") == "iteration"):
            medians[b["run_name"]] = b
    return medians


def timed(args):
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: some calls failed, as the scenario makes them
        sys.exit("report.py: %s failed" % " ".join(args))
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build", nargs="?", default="build")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--newman", default=os.environ.get("NEWMAN", ""))
    parser.add_argument("--shown-build", default="build",
                        help="the build folder as the table's commands name it [build]")
    a = parser.parse_args()
    build, runs = a.build, a.runs
    cli = os.path.join(build, "app", "cli", "jitterbug-cli")
    rows = []

    def row(what, command, figure, target="—", reference="—", ratio="—"):
        rows.append((what, "`%s`" % command, figure, target, reference, ratio))

    engine = benchmarks(build, "bench_engine", runs)
    long_call = engine["BM_AttemptsOfOneLongCall"]["attempts/s"]
    row("engine: one call retrying 10,000 times, virtual clock", "%s/bench/bench_engine --benchmark_filter=OneLongCall" % build,
        "%.2f M attempts/s" % (long_call / 1e6), "≥ 1 M attempts/s")
    for flight in (1, 64):
        b = engine["BM_ManyFlakyCalls/%d" % flight]
        row("engine: 10,000 calls of 503, 503, 200, %d in flight" % flight,
            "%s/bench/bench_engine --benchmark_filter=ManyFlakyCalls/%d" % (build, flight),
            "%.2f M attempts/s, %.0f k calls/s" % (b["attempts/s"] / 1e6, b["calls/s"] / 1e3), "≥ 1 M attempts/s")
    flaky = engine["BM_FlakyOrdersRun"]
    row("simulated backend: 10,000 POSTs of `flaky-orders`, 64 in flight, virtual time",
        "%s/bench/bench_engine --benchmark_filter=FlakyOrdersRun" % build, "%.1f ms" % flaky["real_time"], "< 0.5 s")
    draws = [engine["BM_BackoffDraw/%d" % k]["cpu_time"] for k in range(4)]
    row("one backoff draw: none, full, equal, decorrelated", "%s/bench/bench_engine --benchmark_filter=BackoffDraw" % build,
        ", ".join("%.1f" % d for d in draws) + " ns")

    walls, peaks = [], []
    command = [cli, "send", "--backend", "sim", "--scenario", "flaky-orders", "--seed", "1", "-X", "POST", "-d",
               '{"item":"book"}', "--idempotency-key", "auto", "--repeat", "10000", "--concurrency", "64",
               "--timeline", "none", "http://shop.sim/orders"]
    for _ in range(runs):
        wall, peak = timed(command)
        walls.append(wall)
        peaks.append(peak)
    row("the same from the command line, process start to exit", "time " + " ".join(
        c if " " not in c and "{" not in c else "'%s'" % c for c in command),
        "%.0f ms, %.0f MB peak RSS" % (median(walls) * 1000, median(peaks)), "< 0.5 s")

    serve = run(["bench/compare_serve.sh", build, str(runs)])
    ours = float(re.search(r"\| jitterbug-cli serve \| (\d+)", serve).group(1))
    nginx = float(re.search(r"\| nginx \(1 worker\) \| (\d+)", serve).group(1))
    row("`serve`, plain 200 route, `wrk -t2 -c8 -d5s` on loopback", "bench/compare_serve.sh %s %d" % (build, runs),
        "%.1f k requests/s" % (ours / 1e3), "≥ 20 k requests/s", "nginx, 1 worker: %.1f k requests/s" % (nginx / 1e3),
        "%.2f of nginx" % (ours / nginx))

    env = dict(os.environ)
    if a.newman:
        env["NEWMAN"] = a.newman
    send = subprocess.run(["bench/compare_send.sh", build, str(runs)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          text=True, check=True).stdout
    for line in send.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != 4 or not cells[1].endswith("ms"):
            continue
        what, figure, reference, ratio = cells
        target = "no slower than curl" if "curl" in reference else "≥ 50× faster than newman"
        row(what + ", nginx on loopback", "bench/compare_send.sh %s %d" % (build, runs), figure, target, reference,
            ratio + "×" if ratio else "—")

    collection = benchmarks(build, "bench_collection", runs)
    row("load and validate a 1,000-request collection", "%s/bench/bench_collection --benchmark_filter=Load" % build,
        "%.1f ms" % collection["BM_LoadThousandRequestCollection"]["real_time"], "≤ 100 ms")
    row("build all 1,000 requests of it, as `run` does", "%s/bench/bench_collection --benchmark_filter=Build" % build,
        "%.1f ms" % collection["BM_BuildThousandRequests"]["real_time"])

    one_core = ("taskset", "-c", "0") if shutil.which("taskset") else ()
    herd = benchmarks(build, "bench_herd", runs, prefix=one_core)["BM_OccFiveStrategiesAt50And100Clients/real_time"]
    reference = run(["bench/herd/compare_reference.sh", build])
    seconds = re.search(r"jitterbug-cli ([\d.]+) s, Python reference ([\d.]+) s", reference)
    row("herd lab: OCC, five strategies × 50 and 100 clients × 100 trials (one core: `taskset -c 0`)",
        "taskset -c 0 %s/bench/bench_herd" % build,
        "%.0f ms, %.0f M messages/s" % (herd["real_time"], herd["events_per_s"] / 1e6), "≤ 0.1 s",
        "a plain Python model of the same experiment, clients 10,25,50,100: %s s vs %s s (`bench/herd/compare_reference.sh`)"
        % (seconds.group(2), seconds.group(1)), "%.0f×" % (float(seconds.group(2)) / float(seconds.group(1))))

    capacity = [cli, "simulate", "herd", "--model", "capacity", "--clients", "1000", "--calls", "10", "--capacity",
                "500", "--trials", "1", "--base-delay", "100", "--max-delay", "10000", "--seed", "1"]
    walls, peaks = [], []
    for _ in range(runs):
        wall, peak = timed(capacity)
        walls.append(wall)
        peaks.append(peak)
    row("herd lab: capacity model, 1,000 clients × 10 calls against 500/s, five strategies, the engine per client",
        "time " + " ".join(capacity), "%.2f s, %.0f MB peak RSS" % (median(walls), median(peaks)))

    startup = run(["bench/gui_startup.sh", build, str(runs)])
    first_frame = re.search(r"first frame: (\d+) ms", startup).group(1)
    resident = re.search(r"memory then: ([\d.]+) MB", startup).group(1)
    row("desktop app: cold start to the first frame, under Xvfb", "bench/gui_startup.sh %s %d" % (build, runs),
        "%s ms, %s MB resident" % (first_frame, resident), "≤ 0.5 s, idle ≤ 120 MB")
    gui_env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    gui = benchmarks(build, "bench_gui", runs, "Redraw|Open|Edit", env=gui_env)
    row("desktop app: a 10,000-attempt timeline built and painted", "%s/bench/bench_gui --benchmark_filter=Redraw" % build,
        "%.1f ms" % gui["BM_RedrawTenThousandAttemptTimeline"]["real_time"], "≤ 50 ms")
    row("desktop app: open a 1,000-request collection", "%s/bench/bench_gui --benchmark_filter=Open" % build,
        "%.0f ms" % gui["BM_OpenThousandRequestCollection"]["real_time"], "≤ 1 s")
    row("desktop app: one keystroke in a URL of that collection", "%s/bench/bench_gui --benchmark_filter=Edit" % build,
        "%.1f ms" % gui["BM_EditInThousandRequestCollection"]["real_time"])
    memory = json.loads(run([os.path.join(build, "bench", "bench_gui"), "--benchmark_format=json",
                             "--benchmark_filter=Memory"], env=gui_env))["benchmarks"][0]
    row("desktop app: memory after a 10,000-attempt call shown", "%s/bench/bench_gui --benchmark_filter=Memory" % build,
        "%.0f MB (idle %.0f MB)" % (memory["after_MB"], memory["idle_MB"]), "≤ 200 MB, idle ≤ 120 MB")

    print("| what | command | figure | target | reference in the same run | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print("| " + " | ".join(cell.replace(build, a.shown_build) for cell in r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
