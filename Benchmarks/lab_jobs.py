#!/usr/bin/env python3
"""`descent lab --jobs N` against `--jobs 1`: wall time of every lab, measured in interleaved rounds.

Each round runs `descent lab --quiet --no-report` once per jobs value (one after the other, so the
machine's noise falls on all of them alike) and checks that every value prints the same summary.
Reported: each value's wall and CPU (user + system) seconds per round, the medians, and the ratio
of the medians to one job.

Usage:
    swift build -c release
    python3 Benchmarks/lab_jobs.py --descent .build/release/descent [--rounds 5] [--jobs 1 2]
"""
import argparse
import os
import statistics
import subprocess
import time


def run(descent, jobs):
    """One `descent lab` run: (stdout, wall seconds, CPU seconds of the child)."""
    before = os.times()
    start = time.perf_counter()
    result = subprocess.run([descent, "lab", "--jobs", str(jobs), "--quiet", "--no-report"],
                            capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return result.stdout, wall, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--descent", default=".build/release/descent")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    arguments = parser.parse_args()

    walls = {jobs: [] for jobs in arguments.jobs}
    cpus = {jobs: [] for jobs in arguments.jobs}
    reference = None
    for round_number in range(arguments.rounds):
        for jobs in arguments.jobs:
            output, wall, cpu = run(arguments.descent, jobs)
            if reference is None:
                reference = output
            elif output != reference:
                raise SystemExit(f"--jobs {jobs} printed something else than --jobs {arguments.jobs[0]}")
            walls[jobs].append(wall)
            cpus[jobs].append(cpu)
            print(f"round {round_number + 1} --jobs {jobs}: wall {wall:.2f} s, CPU {cpu:.2f} s", flush=True)

    base = statistics.median(walls[arguments.jobs[0]])
    print()
    print("| `descent lab` | median wall | median CPU | wall / first |")
    print("|---|---|---|---|")
    for jobs in arguments.jobs:
        wall = statistics.median(walls[jobs])
        print(f"| `--jobs {jobs}` | {wall:.2f} s | {statistics.median(cpus[jobs]):.2f} s | {wall / base:.0%} |")


if __name__ == "__main__":
    main()
