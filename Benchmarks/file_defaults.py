#!/usr/bin/env python3
"""`descent train --data FILE` with no other option against scikit-learn's default MLP, on tables
that ship with scikit-learn (nothing downloaded): test accuracy (R² for regression) over 5 seeds and
the time each takes, in one run.

Tables: iris, wine, breast cancer, digits and diabetes (regression) from sklearn.datasets; Titanic,
penguins and kr-vs-kp, raw with text columns and missing cells, from scikit-learn's OpenML test
fixtures (read as Scripts/compare_tabular_peers.py reads them; Titanic leaves out the columns that
give the label away or name a passenger, for both peers).

For each seed the table is split 80/20 (stratified for classes, seeded) into train.csv and test.csv,
written raw (missing cells empty). Both peers read those files.
- descent: `descent train --data train.csv --test test.csv --seed S --json` (plus --label where the label
  is neither named 'label' nor the last column, Titanic's --ignore, and
  diabetes's --task regression: its targets are whole numbers, 214 distinct in 353 rows, so descent asks):
  Descent's defaults for a file — kinds inferred, imputed, one-hot, standardized; the task inferred;
  one hidden layer of 100, Adam at 0.001, mini-batches of 200, at most 200 epochs, stopped when the
  training cost stops falling (scikit-learn's rule, tol 1e-4 over 10 epochs). Timed as the whole
  process (start, read, prepare, train, evaluate, as a user waits for it) and as the training its
  --json reports.
- scikit-learn: ColumnTransformer(numeric: SimpleImputer(mean) + StandardScaler; categorical:
  SimpleImputer(constant) + OneHotEncoder(handle_unknown='ignore')) + MLPClassifier() or
  MLPRegressor() with every default (random_state=S). Timed as fit + score, imports and reading
  excluded.

Usage:
    swift build -c release
    python3 Benchmarks/file_defaults.py --descent .build/release/descent [--seeds 0 1 2 3 4] [--tables digits …] [--json FILE]
        [--descent-option=--precision --descent-option=float64 …]
Prints a Markdown table.
"""
import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))


def tabular_peers():
    spec = importlib.util.spec_from_file_location("compare_tabular_peers", os.path.join(HERE, "..", "Scripts", "compare_tabular_peers.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sklearn_table(name):
    from sklearn import datasets
    loader = {"iris": datasets.load_iris, "wine": datasets.load_wine, "breast-cancer": datasets.load_breast_cancer,
              "digits": datasets.load_digits, "diabetes": datasets.load_diabetes}[name]
    frame = loader(as_frame=True).frame
    return frame.rename(columns={"target": "label"})


# name: (label column, columns left out, regression)
TABLES = {
    "iris": ("label", [], False), "wine": ("label", [], False), "breast-cancer": ("label", [], False),
    "digits": ("label", [], False), "titanic": ("survived", ["name", "ticket", "cabin", "boat", "body", "home.dest"], False),
    "penguins": ("species", [], False), "kr-vs-kp": ("class", [], False), "diabetes": ("label", [], True),
}


def load(name, peers):
    if name in peers.TABLES:
        data_id, filename = peers.TABLES[name][0], peers.TABLES[name][1]
        return peers.read_table(data_id, filename)
    return sklearn_table(name)


def run_sklearn(peers, train, test, label, ignore, regression, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import make_pipeline
    features, pre = peers.preprocessing(train, label, ignore)
    model = make_pipeline(pre, MLPRegressor(random_state=seed) if regression else MLPClassifier(random_state=seed))
    y_train = train[label] if regression else train[label].astype(str)
    y_test = test[label] if regression else test[label].astype(str)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(train[features], y_train)
        score = model.score(test[features], y_test)
    return score, time.perf_counter() - start, model[-1].n_iter_


def run_descent(binary, directory, label, ignore, regression, seed, extra):
    command = [binary, "train", "--data", os.path.join(directory, "train.csv"), "--test", os.path.join(directory, "test.csv"),
               "--seed", str(seed), "--json"] + extra
    if label != "label":
        # Not named 'label' nor the last column: the user names it.
        command += ["--label", label]
    if ignore:
        command += ["--ignore", ",".join(ignore)]
    if regression:
        # Whole-number targets with few rows each: descent stops and asks rather than guess.
        command += ["--task", "regression"]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"descent failed: {' '.join(command)}\n{result.stderr}")
    printed = json.loads(result.stdout)
    return (printed["test_r2"] if regression else printed["test_accuracy"]), seconds, printed["seconds"], printed["epochs"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--descent", default=".build/release/descent")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--tables", nargs="+", default=list(TABLES))
    parser.add_argument("--json", help="write the raw numbers here")
    parser.add_argument("--descent-option", action="append", default=[], metavar="OPTION",
                        help="an option added to every descent command (repeat it: --descent-option=--precision --descent-option=float64)")
    args = parser.parse_args()
    from sklearn.model_selection import train_test_split
    peers = tabular_peers()
    results = {}
    print("| table | rows × columns | metric | descent (defaults) | scikit-learn MLP() | descent s (process) | descent s (training) "
          "| scikit-learn s (fit + score) | speed-up (process) | speed-up (training) | epochs (descent / scikit-learn) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name in args.tables:
        label, ignore, regression = TABLES[name]
        frame = load(name, peers)
        scores = {"descent": [], "sklearn": []}
        times = {"descent": [], "descent_training": [], "sklearn": []}
        epochs = {"descent": [], "sklearn": []}
        for seed in args.seeds:
            train, test = train_test_split(frame, test_size=0.2, random_state=seed, stratify=None if regression else frame[label])
            with tempfile.TemporaryDirectory() as directory:
                train.to_csv(os.path.join(directory, "train.csv"), index=False)
                test.to_csv(os.path.join(directory, "test.csv"), index=False)
                score, seconds, training, trained = run_descent(args.descent, directory, label, ignore, regression, seed, args.descent_option)
                scores["descent"].append(score)
                epochs["descent"].append(trained)
                times["descent"].append(seconds)
                times["descent_training"].append(training)
            score, seconds, iterations = run_sklearn(peers, train, test, label, ignore, regression, seed)
            scores["sklearn"].append(score)
            epochs["sklearn"].append(iterations)
            times["sklearn"].append(seconds)
        results[name] = {"scores": scores, "seconds": times, "epochs": epochs}

        def cell(values):
            return f"{statistics.mean(values):.4f} ± {statistics.pstdev(values):.4f}"
        process, training = statistics.mean(times["descent"]), statistics.mean(times["descent_training"])
        fit = statistics.mean(times["sklearn"])
        print(f"| {name} | {frame.shape[0]} × {frame.shape[1] - 1} | {'R²' if regression else 'accuracy'} | {cell(scores['descent'])} | "
              f"{cell(scores['sklearn'])} | {process:.3f} | {training:.3f} | {fit:.3f} | {fit / process:.1f}× | {fit / training:.0f}× | "
              f"{statistics.mean(epochs['descent']):.0f} / {statistics.mean(epochs['sklearn']):.0f} |",
              flush=True)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
