#!/usr/bin/env python3
"""The data path end to end against pandas, in one run (issue 27, see PERFORMANCE.md "From file to one
trained step").

On an MNIST-shaped CSV (a header, then 60000 rows of a label 0-9 and 784 integer pixels, written by
csv_load_peers.py's writer unless --file names one), each command in a fresh child process, --reps
times, alternating:
  - descent train --data F --hidden "" --epochs 1 --batch-size ROWS --precision float32 (and float64):
    the file read, split, standardized, one full-batch step with its diagnostics, and the final metrics;
  - descent describe --data F: the file read, every feature's statistics, the columns' encoding;
  - pandas: pandas.read_csv(F) alone, and read_csv(F) followed by describe(), each in its own child.
Descent's time is its child's whole life, start to exit, measured by this script; pandas' is the call
alone (read_csv, or read_csv + describe()), timed inside its child after Python and pandas have started
and been imported (the median of --reps each); peak memory is the child's own high-water mark (VmHWM; `DESCENT_PEAK_MEMORY=1` makes descent print its own), not
os.wait4's ru_maxrss, which on Linux folds in the parent's peak.

Usage: python3 Benchmarks/datapath_peers.py [--descent .build/release/descent] [--rows 60000] [--reps 3] [--file F] [--json]
"""
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time

from csv_load_peers import CHILD_PEAK, mnist_shaped_file, parse_arguments

PANDAS_CHILD = CHILD_PEAK + r"""
import pandas
start = time.perf_counter()
frame = pandas.read_csv(sys.argv[1])
if sys.argv[2] == "describe":
    frame.describe()
seconds = time.perf_counter() - start
print(json.dumps({"pandas": pandas.__version__, "call_s": seconds, "peak_rss_bytes": peak()}))
"""


def timed(command, env=None):
    """(seconds, stdout, stderr) of one child run; exits with its error when it fails."""
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, env=env)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"{' '.join(command[:3])} failed: {run.stderr.decode(errors='replace')}")
    return seconds, run.stdout.decode(), run.stderr.decode()


def descent_peak(stderr):
    line = next(line for line in stderr.splitlines() if line.startswith("peak memory: "))
    return int(line.split()[2])


def main():
    args = parse_arguments(__doc__)
    has_pandas = importlib.util.find_spec("pandas") is not None
    if not has_pandas:
        print("(pandas is not installed: pip install pandas; descent's figures only)", file=sys.stderr)
    path, directory = mnist_shaped_file(args, "descent-datapath-")
    env = dict(os.environ, DESCENT_PEAK_MEMORY="1")
    workloads = {
        "descent train float32": [args.descent, "train", "--data", path, "--hidden", "", "--epochs", "1",
                                   "--batch-size", str(args.rows), "--precision", "float32", "--json"],
        "descent train float64": [args.descent, "train", "--data", path, "--hidden", "", "--epochs", "1",
                                   "--batch-size", str(args.rows), "--precision", "float64", "--json"],
        "descent describe": [args.descent, "describe", "--data", path, "--json"],
    }
    if has_pandas:
        workloads["pandas read_csv"] = [sys.executable, "-c", PANDAS_CHILD, path, "read"]
        workloads["pandas read_csv + describe()"] = [sys.executable, "-c", PANDAS_CHILD, path, "describe"]
    times = {name: [] for name in workloads}
    peaks = {name: 0 for name in workloads}
    version = None
    try:
        for _ in range(args.reps):
            for name, command in workloads.items():
                seconds, out, err = timed(command, env)
                times[name].append(seconds)
                if name.startswith("descent"):
                    peaks[name] = max(peaks[name], descent_peak(err))
                else:
                    answer = json.loads(out)
                    version = answer["pandas"]
                    times[name][-1] = answer["call_s"]
                    peaks[name] = max(peaks[name], answer["peak_rss_bytes"])
        size = os.path.getsize(path)
    finally:
        if directory:
            os.remove(path)
            os.rmdir(directory)

    result = {"file_bytes": size, "rows": args.rows, "pandas": version,
              "workloads": {name: {"median_s": statistics.median(times[name]), "times_s": times[name], "peak_rss_bytes": peaks[name]}
                            for name in workloads}}
    peers = {"descent train float32": "pandas read_csv", "descent train float64": "pandas read_csv",
             "descent describe": "pandas read_csv + describe()"}
    if has_pandas:
        result["ratios"] = {name: result["workloads"][peer]["median_s"] / result["workloads"][name]["median_s"] for name, peer in peers.items()}
    if args.json:
        print(json.dumps(result))
        return
    print(f"MNIST-shaped {args.rows}×785 CSV, {size / 1e6:.1f} MB; median of {args.reps} fresh processes each"
          + (f"; pandas {version}" if version else ""))
    print("| command | wall time (process) | peak RSS | pandas peer | its time (the call) | its peak | descent faster by |")
    print("|---|---|---|---|---|---|---|")
    for name, peer in peers.items():
        mine = result["workloads"][name]
        row = f"| {name} | {mine['median_s']:.3f} s | {mine['peak_rss_bytes'] / 2**20:.0f} MiB |"
        if has_pandas:
            theirs = result["workloads"][peer]
            row += (f" {peer} | {theirs['median_s']:.3f} s | {theirs['peak_rss_bytes'] / 2**20:.0f} MiB |"
                    f" {result['ratios'][name]:.2f}× |")
        else:
            row += " – | – | – | – |"
        print(row)


if __name__ == "__main__":
    main()
