#!/usr/bin/env python3
"""Test accuracy of `descent train` on raw tables (string columns, missing cells) next to
scikit-learn's impute + one-hot + scale + MLPClassifier pipeline with the same hidden sizes,
optimizer, learning rate, batch size and epochs.

The tables are real ones that ship inside scikit-learn (its OpenML test fixtures, so no network
is needed): Titanic (OpenML 40945, 1309 passengers: sex and port categorical, age, fare and port
with missing cells, name/ticket/cabin/boat/body/home.dest left out — boat and body give the label
away), penguins (OpenML 42585, 344 birds: island and sex categorical, missing cells, 3 species),
and kr-vs-kp (OpenML 3, 3196 chess endgames, 36 categorical columns).

For each seed the table is split 80/20 (stratified, seeded) into train.csv and test.csv, written
raw (missing cells empty, as a user's export would have them); both peers read those files.
- descent: `descent train --data train.csv --test test.csv --ignore … --hidden 16 --optimizer adam
  --learning-rate 0.01 --batch-size 32 --epochs E --seed s --json` (kinds inferred, mean-imputed,
  one-hot, standardized numeric columns — its defaults).
- scikit-learn: ColumnTransformer(numeric: SimpleImputer(mean) + StandardScaler; categorical:
  SimpleImputer(constant 'missing') + OneHotEncoder(handle_unknown='ignore')) + MLPClassifier(16,
  adam, lr 0.01, batch 32, E epochs, alpha 0, no early stopping), the columns' kinds from pandas'
  dtypes (object = categorical).

Usage:
    swift build -c release
    python3 Scripts/compare_tabular_peers.py --descent .build/release/descent [--seeds 0 1 2 3 4] [--json FILE]
Prints a Markdown table.
"""
import argparse
import gzip
import json
import os
import statistics
import subprocess
import tempfile
import time
import warnings

import numpy as np

HIDDEN, LR, BATCH = 16, 0.01, 32

TABLES = {
    # name: (OpenML id, arff file, label, columns left out, epochs)
    "titanic": (40945, "data-v1-dl-16826755.arff.gz", "survived", ["name", "ticket", "cabin", "boat", "body", "home.dest"], 50),
    "penguins": (42585, None, "species", [], 100),
    "kr-vs-kp": (3, "data-v1-dl-3.arff.gz", "class", [], 30),
}


def openml_dir(data_id):
    import sklearn
    return os.path.join(os.path.dirname(sklearn.__file__), "datasets", "tests", "data", "openml", f"id_{data_id}")


def read_table(data_id, filename):
    """The ARFF fixture as a pandas DataFrame (strings as objects, '?' as missing)."""
    import pandas as pd
    from sklearn.externals import _arff
    directory = openml_dir(data_id)
    if filename is None:
        filename = next(f for f in os.listdir(directory) if f.endswith(".arff.gz"))
    with gzip.open(os.path.join(directory, filename), "rt") as handle:
        arff = _arff.load(handle)
    names = [name for name, _ in arff["attributes"]]
    frame = pd.DataFrame(arff["data"], columns=names)
    for name, kind in arff["attributes"]:
        if kind in ("NUMERIC", "REAL", "INTEGER"):
            frame[name] = pd.to_numeric(frame[name])
        else:
            frame[name] = frame[name].astype(object)
    return frame


def split(frame, label, seed):
    from sklearn.model_selection import train_test_split
    return train_test_split(frame, test_size=0.2, stratify=frame[label], random_state=seed)


def preprocessing(train, label, ignore):
    """The feature columns and scikit-learn's usual preprocessing of them: numeric columns mean-imputed
    and standardized, object (text) columns filled with 'missing' and one-hot encoded (unseen
    categories as zeros)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    features = [c for c in train.columns if c != label and c not in ignore]
    categorical = [c for c in features if train[c].dtype == object]
    numeric = [c for c in features if c not in categorical]
    return features, ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="mean"), StandardScaler()), numeric),
        ("cat", make_pipeline(SimpleImputer(strategy="constant", fill_value="missing"), OneHotEncoder(handle_unknown="ignore")), categorical),
    ])


def run_sklearn(train, test, label, ignore, epochs, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    features, pre = preprocessing(train, label, ignore)
    model = make_pipeline(pre, MLPClassifier(hidden_layer_sizes=(HIDDEN,), solver="adam", alpha=0.0, batch_size=BATCH,
                                             learning_rate_init=LR, max_iter=epochs, early_stopping=False,
                                             n_iter_no_change=epochs + 1, tol=0.0, random_state=seed))
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(train[features], train[label].astype(str))
    seconds = time.perf_counter() - start
    return model.score(test[features], test[label].astype(str)), seconds


def run_descent(binary, directory, ignore, epochs, seed):
    command = [binary, "train", "--data", os.path.join(directory, "train.csv"), "--test", os.path.join(directory, "test.csv"),
               "--hidden", str(HIDDEN), "--optimizer", "adam", "--learning-rate", str(LR), "--batch-size", str(BATCH),
               "--epochs", str(epochs), "--seed", str(seed), "--json"]
    if ignore:
        command += ["--ignore", ",".join(ignore)]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    return json.loads(result.stdout)["test_accuracy"], seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--descent", default=".build/release/descent")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--tables", nargs="+", default=list(TABLES))
    parser.add_argument("--json", help="write the raw numbers here")
    arguments = parser.parse_args()
    rows, raw = [], {}
    for name in arguments.tables:
        data_id, filename, label, ignore, epochs = TABLES[name]
        frame = read_table(data_id, filename)
        # The label as text, with the rows lacking one dropped (penguins has none missing; kept general).
        frame = frame[frame[label].notna()].copy()
        frame[label] = frame[label].astype(str)
        results = {"descent": [], "sklearn": []}
        seconds = {"descent": [], "sklearn": []}
        for seed in arguments.seeds:
            train, test = split(frame, label, seed)
            with tempfile.TemporaryDirectory() as directory:
                # Raw CSVs: missing cells empty, the label column last.
                columns = [c for c in frame.columns if c != label] + [label]
                train[columns].to_csv(os.path.join(directory, "train.csv"), index=False)
                test[columns].to_csv(os.path.join(directory, "test.csv"), index=False)
                accuracy, took = run_descent(arguments.descent, directory, ignore, epochs, seed)
                results["descent"].append(accuracy)
                seconds["descent"].append(took)
            accuracy, took = run_sklearn(train, test, label, ignore, epochs, seed)
            results["sklearn"].append(accuracy)
            seconds["sklearn"].append(took)
        raw[name] = {"results": results, "seconds": seconds, "rows": len(frame), "epochs": epochs}
        means = {peer: statistics.mean(values) for peer, values in results.items()}
        spreads = {peer: statistics.pstdev(values) for peer, values in results.items()}
        rows.append(f"| {name} | {len(frame)} | {epochs} | {means['descent']:.4f} ± {spreads['descent']:.4f} | "
                    f"{means['sklearn']:.4f} ± {spreads['sklearn']:.4f} | {100 * (means['descent'] - means['sklearn']):+.2f} | "
                    f"{statistics.mean(seconds['descent']):.2f} s | {statistics.mean(seconds['sklearn']):.2f} s |")
    print(f"seeds {arguments.seeds}; hidden {HIDDEN}, adam lr {LR}, batch {BATCH}\n")
    print("| table | rows | epochs | descent test accuracy | scikit-learn pipeline | difference (points) | descent time | sklearn time |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    if arguments.json:
        with open(arguments.json, "w") as handle:
            json.dump(raw, handle, indent=1)


if __name__ == "__main__":
    main()
