#!/usr/bin/env python3
"""The csv-load comparison: Descent's CSV reader and pandas.read_csv on the same MNIST-shaped file,
each in a fresh child process, in one run (see PERFORMANCE.md).

The file: a header, then 60000 rows of a label 0-9 and 784 integer pixels (about half 0, the rest
uniform in 1..255), written here with numpy unless --file names one. Descent runs
`descent bench --only csv-load --csv-file F --json` (the float64 (784, m) training matrix and the
labels); pandas runs `pandas.read_csv(F)` and, separately timed, `.to_numpy(float64)` of the
features. Wall time is the median of --reps loads inside each child; peak memory is the child's
own high-water mark (VmHWM on Linux, ru_maxrss elsewhere), which each child reads of itself, next to
the pandas child's resident size before loading (the interpreter and pandas). Not os.wait4's
ru_maxrss: on Linux execve folds the spawning process's peak into it.

Usage: python3 Benchmarks/csv_load_peers.py [--descent .build/release/descent] [--rows 60000] [--reps 3] [--file F]
"""
import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile

# A child's own peak memory, read by the child itself (the start of every peer child's script).
CHILD_PEAK = r"""
import json, resource, sys, time
def peak():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
"""

PANDAS_CHILD = CHILD_PEAK + r"""
import pandas
path, reps = sys.argv[1], int(sys.argv[2])
before = peak()
read, convert = [], []
for _ in range(reps):
    start = time.perf_counter()
    frame = pandas.read_csv(path)
    middle = time.perf_counter()
    features = frame.drop(columns=frame.columns[0]).to_numpy(dtype="float64").T.copy()
    end = time.perf_counter()
    read.append(middle - start)
    convert.append(end - middle)
    del frame, features
print(json.dumps({"pandas": pandas.__version__, "read_s": read, "to_numpy_s": convert, "baseline_rss_bytes": before,
                  "peak_rss_bytes": peak()}))
"""


def measure(command):
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        status = subprocess.run(command, stdout=out_file, stderr=err_file).returncode
        out_file.seek(0)
        err_file.seek(0)
        if status != 0:
            sys.exit(f"{' '.join(command[:3])} failed: {err_file.read().decode(errors='replace')}")
        return out_file.read().decode()


def write_mnist_shaped(path, rows):
    import numpy as np
    rng = np.random.default_rng(0)
    with open(path, "w") as handle:
        handle.write("label," + ",".join(f"pixel{i}" for i in range(784)) + "\n")
        for start in range(0, rows, 5000):
            count = min(5000, rows - start)
            pixels = rng.integers(1, 256, size=(count, 784))
            pixels[rng.random((count, 784)) < 0.45] = 0
            labels = rng.integers(0, 10, size=count)
            block = np.column_stack([labels, pixels])
            handle.write("\n".join(",".join(map(str, row)) for row in block.tolist()) + "\n")


def parse_arguments(description):
    """The options of the peer scripts on the MNIST-shaped file: the descent binary, the rows to
    generate (or --file), the repetitions, JSON output."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--descent", default=".build/release/descent")
    parser.add_argument("--rows", type=int, default=60000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--file")
    parser.add_argument("--json", action="store_true", help="print the raw numbers as one JSON object")
    return parser.parse_args()


def mnist_shaped_file(args, prefix):
    """(path, directory): --file, or a generated file in a new temporary directory (None for --file)."""
    if args.file is not None:
        return args.file, None
    directory = tempfile.mkdtemp(prefix=prefix)
    path = os.path.join(directory, "mnist-shaped.csv")
    write_mnist_shaped(path, args.rows)
    return path, directory


def main():
    args = parse_arguments(__doc__)
    path, directory = mnist_shaped_file(args, "descent-csv-load-")
    size = os.path.getsize(path)
    try:
        descent_out = measure([args.descent, "bench", "--only", "csv-load", "--csv-file", path,
                                             "--reps", str(args.reps), "--json"])
        descent = json.loads(descent_out)["csv_load"]
        peer = None
        if importlib.util.find_spec("pandas") is None:
            print("(pandas is not installed: pip install pandas)", file=sys.stderr)
        else:
            peer = json.loads(measure([sys.executable, "-c", PANDAS_CHILD, path, str(args.reps)]))
    finally:
        if directory:
            os.remove(path)
            os.rmdir(directory)

    mb = size / 1e6
    result = {"file_bytes": size, "rows": descent["rows"], "columns": descent["columns"],
              "descent": {"median_s": descent["median_s"], "mb_per_s": mb / descent["median_s"], "peak_rss_bytes": descent["peak_rss_bytes"],
                          "matrix_bytes": descent["matrix_bytes"]}}
    if peer:
        read = statistics.median(peer["read_s"])
        convert = statistics.median(peer["to_numpy_s"])
        result["pandas"] = {"version": peer["pandas"], "read_csv_median_s": read, "to_numpy_median_s": convert,
                            "mb_per_s": mb / read, "peak_rss_bytes": peer["peak_rss_bytes"], "baseline_rss_bytes": peer["baseline_rss_bytes"]}
        result["throughput_ratio"] = result["descent"]["mb_per_s"] / result["pandas"]["mb_per_s"]
    if args.json:
        print(json.dumps(result))
        return
    print(f"| reader | {result['rows']}×{result['columns']} CSV, {mb:.1f} MB | MB/s | peak RSS (child) |")
    print("|---|---|---|---|")
    d = result["descent"]
    print(f"| Descent (float64 (784, m) matrix + labels) | {d['median_s']:.3f} s | {d['mb_per_s']:.0f} | {d['peak_rss_bytes'] / 1e6:.0f} MB "
          f"(matrix {d['matrix_bytes'] / 1e6:.0f} MB) |")
    if peer:
        p = result["pandas"]
        print(f"| pandas {p['version']} read_csv | {p['read_csv_median_s']:.3f} s (+ {p['to_numpy_median_s']:.3f} s to_numpy float64) | "
              f"{p['mb_per_s']:.0f} | {p['peak_rss_bytes'] / 1e6:.0f} MB (pandas imported: {p['baseline_rss_bytes'] / 1e6:.0f} MB) |")
        print(f"\nDescent / pandas throughput: {result['throughput_ratio']:.2f}×")


if __name__ == "__main__":
    main()
