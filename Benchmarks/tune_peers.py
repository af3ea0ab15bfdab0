#!/usr/bin/env python3
"""`descent tune` next to Optuna driving scikit-learn's MLPClassifier on the same search, in one run.

The task is the Optimization lab's: the course's moons (300 points, np.random.seed(3);
make_moons(noise=.2)), split once 80/20 into train.csv and dev.csv (both tools read these files),
a [2, 5, 2, 1] network trained with Adam on mini-batches of 64 for EPOCHS epochs. The search space
is the course's advice for Adam: the learning rate log-uniform in [1e-4, 1e-1] and β1 = 1 − 10^r
with 1 − β1 log-uniform in [0.01, 0.3]; TRIALS trials drawn at random (Optuna's RandomSampler, seed 0;
descent's random method, study seed 0), both tools on every core (Optuna n_jobs = cores, which
runs threads; scikit-learn's training holds the GIL for most of the work).

Reported per tool: wall time for all trials, trials per second, and the best dev accuracy found.

Usage:
    swift build -c release
    pip install optuna scikit-learn
    python3 Benchmarks/tune_peers.py --descent .build/release/descent [--trials 40] [--epochs 1000] [--jobs 2]
"""
import argparse
import json
import os
import subprocess
import tempfile
import time
import warnings

import numpy as np


def write_moons(directory):
    from sklearn.datasets import make_moons
    np.random.seed(3)
    X, y = make_moons(n_samples=300, noise=.2)
    order = np.random.RandomState(0).permutation(300)
    paths = {}
    for name, part in (("train", order[:240]), ("dev", order[240:])):
        path = os.path.join(directory, f"{name}.csv")
        with open(path, "w") as handle:
            handle.write("x1,x2,label\n")
            for i in part:
                handle.write(f"{float(X[i, 0])!r},{float(X[i, 1])!r},{int(y[i])}\n")
        paths[name] = path
    return paths


def run_descent(binary, paths, trials, epochs, jobs):
    command = [binary, "tune", "--data", paths["train"], "--dev", paths["dev"], "--hidden", "5,2", "--optimizer", "adam",
               "--batch-size", "64", "--epochs", str(epochs), "--normalize", "none", "--init", "he",
               "--search", "learning-rate=log:1e-4..1e-1", "--search", "beta1=1-log:0.01..0.3",
               "--trials", str(trials), "--jobs", str(jobs), "--json"]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    report = json.loads(result.stdout)
    return seconds, report["best"]["metrics"]["dev_accuracy"], report["best"]["values"]


def run_optuna(paths, trials, epochs, jobs):
    import optuna
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    train = np.genfromtxt(paths["train"], delimiter=",", skip_header=1)
    dev = np.genfromtxt(paths["dev"], delimiter=",", skip_header=1)

    def objective(trial):
        learning_rate = trial.suggest_float("learning_rate", 1e-4, 1e-1, log=True)
        one_minus_beta1 = trial.suggest_float("one_minus_beta1", 0.01, 0.3, log=True)
        model = MLPClassifier(hidden_layer_sizes=(5, 2), solver="adam", learning_rate_init=learning_rate, beta_1=1 - one_minus_beta1,
                              batch_size=64, max_iter=epochs, alpha=0.0, early_stopping=False, n_iter_no_change=epochs + 1, tol=0.0,
                              random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(train[:, :2], train[:, 2].astype(int))
        return model.score(dev[:, :2], dev[:, 2].astype(int))

    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.RandomSampler(seed=0))
    start = time.perf_counter()
    study.optimize(objective, n_trials=trials, n_jobs=jobs)
    seconds = time.perf_counter() - start
    return seconds, study.best_value, study.best_params


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--descent", default=".build/release/descent")
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--epochs", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        paths = write_moons(directory)
        descent = run_descent(arguments.descent, paths, arguments.trials, arguments.epochs, arguments.jobs)
        descent_one = run_descent(arguments.descent, paths, arguments.trials, arguments.epochs, 1)
        optuna_result = run_optuna(paths, arguments.trials, arguments.epochs, arguments.jobs)
    print(f"{arguments.trials} trials of {arguments.epochs} epochs (moons [2,5,2,1], Adam, batch 64), {arguments.jobs} jobs\n")
    print("| tool | wall time | trials/s | best dev accuracy |")
    print("|---|---|---|---|")
    for name, (seconds, best, _) in (("descent tune", descent), ("descent tune --jobs 1", descent_one),
                                     ("Optuna + scikit-learn MLPClassifier", optuna_result)):
        print(f"| {name} | {seconds:.2f} s | {arguments.trials / seconds:.1f} | {best:.4f} |")
    print(f"\nspeed-up: {optuna_result[0] / descent[0]:.1f}× Optuna's wall time; descent with {arguments.jobs} jobs "
          f"{descent_one[0] / descent[0]:.2f}× its one-job throughput")


if __name__ == "__main__":
    main()
