#!/usr/bin/env python3
"""Samples a process's resident set once a second until it exits.

Usage: monitor.py CLIENT_PID SERVER_PID TIMELINE_FILE CSV_FILE

Each row: seconds since the start, the client's and the server's VmRSS in
KiB, and how many timeline records (lines) the client has written so far,
read incrementally so a file of a hundred megabytes costs nothing per tick.
"""
import os
import sys
import time


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return None


def main():
    client, server, timeline, csv_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    start = time.monotonic()
    offset = 0
    records = 0
    with open(csv_path, "w") as csv:
        csv.write("seconds,client_rss_kib,server_rss_kib,records\n")
        tick = 0
        while True:
            client_rss = rss_kib(client)
            if client_rss is None:
                break
            try:
                with open(timeline, "rb") as f:
                    f.seek(offset)
                    chunk = f.read()
                    offset += len(chunk)
                    records += chunk.count(b"\n")
            except FileNotFoundError:
                pass
            server_rss = rss_kib(server) or 0
            csv.write(f"{time.monotonic() - start:.1f},{client_rss},{server_rss},{records}\n")
            csv.flush()
            tick += 1
            # Sleep to the next whole second of the schedule, so ticks do not drift.
            time.sleep(max(0.0, start + tick - time.monotonic()))


if __name__ == "__main__":
    main()
