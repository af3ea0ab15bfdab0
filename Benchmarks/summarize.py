#!/usr/bin/env python3
"""Prints the markdown tables of PERFORMANCE.md from the JSON lines written by compare-peers.sh."""
import json
import os
import sys

out = sys.argv[1] if len(sys.argv) > 1 else ".build/compare"


def load(name):
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        lines = [l for l in f.read().splitlines() if l.strip().startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def by_workload(doc):
    return {r["workload"]: r for r in doc.get("results", []) if "workload" in r}


descent, numpy, torch, sklearn = (by_workload(load(n)) for n in ("descent", "numpy", "torch", "sklearn"))
sklearn_moons = next(iter(sklearn.values()), None)


def cell(r, wide):
    if not r:
        return "–"
    if wide:
        return "%.0f steps/s" % r["steps_per_s"]
    return "%.1f µs" % r["us_per_step"]


print("| workload | Descent | numpy | PyTorch | scikit-learn | Descent vs numpy | vs PyTorch | train acc (Descent / numpy) | Descent allocations/step |")
print("|---|---|---|---|---|---|---|---|---|")
for w in ["moons-gd", "moons-momentum", "moons-adam", "circles-init", "wide-f32", "wide-f64"]:
    d, n, t = descent.get(w), numpy.get(w), torch.get(w)
    s = sklearn_moons if w == "moons-adam" else None
    wide = w.startswith("wide")
    ratio_n = "%.1f×" % (n["us_per_step"] / d["us_per_step"]) if d and n else "–"
    ratio_t = "%.1f×" % (t["us_per_step"] / d["us_per_step"]) if d and t else "–"
    acc = "%s / %s" % ("%.4f" % d["train_acc"] if d else "–", "%.4f" % n["train_acc"] if n else "–")
    if d and "test_acc" in d:
        acc += " (test %.2f / %s)" % (d["test_acc"], "%.2f" % n["test_acc"] if n and "test_acc" in n else "–")
    alloc = "%.4f" % d["allocations_per_step"] if d and d.get("allocations_per_step") is not None else "–"
    print("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (w, cell(d, wide), cell(n, wide), cell(t, wide), cell(s, wide), ratio_n, ratio_t, acc, alloc))

gemm = load("descent").get("gemm", [])
if gemm:
    print()
    print("| GEMM N×N·N×N | built-in 1 thread | built-in 2 threads | OpenBLAS 1 thread | OpenBLAS 2 threads | built-in / OpenBLAS (1 thread) |")
    print("|---|---|---|---|---|---|")
    for g in gemm:
        b, o = g["builtin_gflops"], g["blas_gflops"]
        f = lambda l, i: "%.1f" % l[i] if i < len(l) else "–"
        r = g.get("builtin_over_blas_1_thread")
        print("| %s N = %d | %s | %s | %s | %s | %s |" % (g["precision"], g["n"], f(b, 0), f(b, 1), f(o, 0), f(o, 1), "%.0f %%" % (100 * r) if r else "–"))

sweep = load("sweep").get("sweep", [])
if sweep:
    print()
    print("| series | layers | batch | µs/step | GEMM GFLOP/s |")
    print("|---|---|---|---|---|")
    for p in sweep:
        print("| %s | %s | %d | %.1f | %.1f |" % (p["series"], "-".join(map(str, p["layers"])), p["batch"], p["us_per_step"], p["gflops"]))
