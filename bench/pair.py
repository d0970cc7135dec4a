#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Times commands side by side with hyperfine, in alternating rounds.

    bench/pair.py [--runs N] [--warmup W] [-N] [-i] --export-json FILE CMD...

Takes the hyperfine options the bench scripts use and writes the same JSON
shape (results[i]["command"], ["median"], ["mean"], ["min"], ["max"],
["times"]), so a script reads it as it read hyperfine's.

Why not one hyperfine call: hyperfine runs every timing of the first
command, then every timing of the second.  On a virtual machine whose
speed drifts over seconds (the Firecracker VMs we measure on vary by a
third from minute to minute), that hands one command the slow stretch and
the other the fast one; here the command timed second came out 20 to 40 %
faster than the same command timed first.  So the runs are split into
rounds of ROUND timings of each command, the order is reversed every
round, and each command's median is taken over all its timings.  Each
round starts with a warm-up run of each command (W of them before the
first round), so caches are as the other command left them only where
that is the same for both.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROUND = 5


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("-N", dest="no_shell", action="store_true")
    ap.add_argument("-i", dest="ignore", action="store_true")
    ap.add_argument("--export-json", required=True)
    ap.add_argument("commands", nargs="+")
    a = ap.parse_args()

    times = {c: [] for c in a.commands}
    fd, tmp = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        done, rnd = 0, 0
        while done < a.runs:
            n = min(ROUND, a.runs - done)
            order = a.commands if rnd % 2 == 0 else a.commands[::-1]
            cmd = ["hyperfine", "--style", "none", "--runs", str(n),
                   "--warmup", str(a.warmup if rnd == 0 else 1),
                   "--export-json", tmp]
            if a.no_shell:
                cmd.append("-N")
            if a.ignore:
                cmd.append("-i")
            p = subprocess.run(cmd + order, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
            if p.returncode != 0:
                sys.stderr.write(p.stderr)
                return p.returncode
            with open(tmp) as f:
                for r in json.load(f)["results"]:
                    times[r["command"]] += r["times"]
            done += n
            rnd += 1
    finally:
        os.unlink(tmp)

    results = []
    for c in a.commands:
        t = times[c]
        results.append({"command": c, "median": statistics.median(t),
                        "mean": statistics.mean(t), "min": min(t),
                        "max": max(t), "times": t})
    with open(a.export_json, "w") as f:
        json.dump({"results": results}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
