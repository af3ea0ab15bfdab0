#!/usr/bin/env python3
"""Checks an ONNX file exported by `descent export` against Descent's own predictions.

    onnx_check.py MODEL.onnx ROWS.csv EXPECTED.csv [MODEL.onnx ROWS.csv EXPECTED.csv ...]

- `onnx.checker.check_model` (full check, with shape inference) must accept MODEL.onnx;
- ONNX Runtime runs it on the raw rows of ROWS.csv (a header, one row per example): each graph
  input is the column of its name (a string input the cell's text, trimmed; a float input its
  number, NaN where the cell is not one), or, for the single input `input`, the columns named in
  the `feature_names` metadata;
- its outputs must match EXPECTED.csv, as `descent predict` writes it: `label` equal to the
  `prediction` column, `probabilities` to the `probability_<class>` columns, or `variable` to
  `prediction` (`prediction_1`, ... with several outputs), within |a - b| <= ATOL + RTOL * |b|.

Prints one JSON object per model (the checks and the largest difference); exits 1 when any
model's outputs do not match.
"""
import csv
import json
import sys

import numpy as np
import onnx
import onnxruntime as ort

ATOL, RTOL = 1e-5, 1e-4


def number(text):
    try:
        return float(text)
    except ValueError:
        return float("nan")


def check(model_path, rows_path, expected_path):
    model = onnx.load(model_path)
    onnx.checker.check_model(model, full_check=True)
    metadata = {entry.key: entry.value for entry in model.metadata_props}
    with open(rows_path, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(expected_path, newline="") as f:
        expected = list(csv.DictReader(f))
    assert len(rows) == len(expected), f"{len(rows)} rows but {len(expected)} expected predictions"

    session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    feeds = {}
    for node in session.get_inputs():
        if node.name == "input":
            names = json.loads(metadata["feature_names"])
            feeds["input"] = np.array([[number(row[name]) for name in names] for row in rows], dtype=np.float32)
        elif node.type == "tensor(string)":
            feeds[node.name] = np.array([[row[node.name].strip()] for row in rows], dtype=object)
        else:
            feeds[node.name] = np.array([[number(row[node.name])] for row in rows], dtype=np.float32)
    names = [output.name for output in session.get_outputs()]
    results = dict(zip(names, session.run(None, feeds)))

    failures = []
    largest = 0.0

    def compare(what, actual, wanted, row):
        nonlocal largest
        difference = abs(float(actual) - wanted)
        largest = max(largest, difference)
        if not difference <= ATOL + RTOL * abs(wanted):
            failures.append(f"row {row + 1}: {what} {actual} from ONNX Runtime, {wanted} from descent predict")

    if "label" in results:
        classes = json.loads(metadata["class_names"])
        for j, row in enumerate(expected):
            if str(results["label"][j]) != row["prediction"]:
                failures.append(f"row {j + 1}: label {results['label'][j]!r} from ONNX Runtime, {row['prediction']!r} from descent predict")
            for k, name in enumerate(classes):
                compare(f"probability of {name}", results["probabilities"][j, k], float(row[f"probability_{name}"]), j)
    else:
        values = results["variable"]
        for j, row in enumerate(expected):
            columns = ["prediction"] if values.shape[1] == 1 else [f"prediction_{i + 1}" for i in range(values.shape[1])]
            for i, column in enumerate(columns):
                compare(f"value {i + 1}", values[j, i], float(row[column]), j)

    print(json.dumps({
        "checker": "ok", "ir_version": model.ir_version,
        "opsets": {entry.domain or "ai.onnx": entry.version for entry in model.opset_import},
        "inputs": {node.name: node.type for node in session.get_inputs()}, "outputs": names,
        "rows": len(rows), "max_abs_difference": largest, "failures": failures[:5],
    }))
    return not failures


if __name__ == "__main__":
    paths = sys.argv[1:]
    if not paths or len(paths) % 3:
        sys.exit(__doc__)
    results = [check(*paths[i:i + 3]) for i in range(0, len(paths), 3)]
    sys.exit(0 if all(results) else 1)
