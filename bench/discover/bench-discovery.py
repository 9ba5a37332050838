#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Time to an answer for each discovery scenario, and the worst case with
hosts that hang: the servers and DNS of tests/discover, in the namespace
that run-discover-test.sh makes.  Prints figures; asserts nothing.
Usage: bench-discovery.py DISCOVER_PROGRAM"""
import importlib.util
import os
import statistics
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "discovery_test", os.path.join(here, "..", "..", "tests", "discover", "test-discovery.py"))
t = importlib.util.module_from_spec(spec)
spec.loader.exec_module(t)

SCENARIOS = [
    ("local profile (3xo.fr)", "a@3xo.fr", 5),
    ("https autoconfig, 600 ms server", "a@ac.test", 5),
    ("SRV", "a@srv.test", 5),
    ("MX to 3xo", "a@hosted.test", 5),
    ("guessing", "a@guess.test", 5),
    ("http autoconfig", "a@httponly.test", 5),
    ("HTML page skipped, SRV answers", "a@html.test", 3),
    ("16 MiB body skipped, SRV answers", "a@huge.test", 3),
    ("autoconfig host hangs, ISPDB answers", "a@filtered.test", 3),
    ("worst case: DNS and hosts all hang", "a@blackhole.test", 3),
]


def main():
    t.start_servers()
    print("%-42s %8s %8s %8s %10s  %s" % ("scenario", "median", "min", "max", "stall max", "answer"))
    for name, address, runs in SCENARIOS:
        times, stalls, source = [], [], None
        for _ in range(runs):
            d = t.discover(address)
            times.append(d["wall_ms"])
            stalls.append(d["worst_stall_ms"])
            p = d["result"]["proposal"]
            source = p["source"] if p else "none"
        print("%-42s %6d ms %5d ms %5d ms %7.1f ms  %s" % (name, statistics.median(times), min(times), max(times),
                                                          max(stalls), source))
    return 0


if __name__ == "__main__":
    sys.exit(main())
