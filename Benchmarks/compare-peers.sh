#!/bin/sh
# One comparison run: the numpy, PyTorch and scikit-learn peers and `descent bench`, back to back on
# the same machine, then a markdown table of the per-step ratios (see PERFORMANCE.md).
# usage: sh Benchmarks/compare-peers.sh [PEERS_DIR] [OUTDIR]
#   PEERS_DIR: the peer scripts (course_numpy.py, course_torch.py, course_sklearn.py); default ../shared/bench
#   OUTDIR: where the JSON lines go; default .build/compare
# numpy runs the full epochs once (--reps 1); PyTorch and scikit-learn, slower, run --quick (1/10 of the
# epochs; per-step figures are comparable); Descent runs the full workloads, median of 3.
set -e
cd "$(dirname "$0")/.."
PEERS=${1:-../shared/bench}
OUT=${2:-.build/compare}
mkdir -p "$OUT"
swift build -c release --product descent >&2
export PERF_MAX_WAIT=${PERF_MAX_WAIT:-5}
echo "== numpy" >&2;        python3 "$PEERS/course_numpy.py" --reps 1 --only moons-gd,moons-momentum,moons-adam,circles-init,wide-f64,wide-f32 > "$OUT/numpy.json"
echo "== descent" >&2;      .build/release/descent bench --json > "$OUT/descent.json"
echo "== PyTorch" >&2;      python3 "$PEERS/course_torch.py" --quick > "$OUT/torch.json" || echo '{"results": []}' > "$OUT/torch.json"
echo "== scikit-learn" >&2; python3 "$PEERS/course_sklearn.py" --quick > "$OUT/sklearn.json" || echo '{"results": []}' > "$OUT/sklearn.json"
echo "== descent sweep" >&2; .build/release/descent bench --only sweep --json > "$OUT/sweep.json"
python3 Benchmarks/summarize.py "$OUT"
