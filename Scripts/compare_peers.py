#!/usr/bin/env python3
"""Test accuracy of `descent train` next to scikit-learn's MLPClassifier and a PyTorch MLP
trained with the same architecture and options, on the CSVs of make_peer_csvs.py.

Setup shared by all three (the issue's command line):
    one hidden layer of 64 ReLU units, Adam (lr 0.001, betas 0.9/0.999, eps 1e-8), mini-batches
    of 32 reshuffled every epoch, 100 epochs, no L2, no early stopping, inputs standardized
    with the training set's mean and standard deviation; a sigmoid output for 2 classes,
    softmax for more.
What each library does its own way (the defaults a user gets):
    initialization: descent's default for files, Glorot uniform weights and zero biases (--inits
    adds runs with other --init values, e.g. he, the course datasets' default), scikit-learn Glorot
    uniform (weights and biases), PyTorch nn.Linear's U(+-1/sqrt(fan_in)); the random streams
    differ, so each is run with several seeds and the mean and spread are reported.
    scikit-learn: alpha=0 (its default L2 of 1e-4 is switched off), early_stopping=False and
    n_iter_no_change larger than max_iter so the 100 epochs always run.

Usage:
    python3 Scripts/make_peer_csvs.py peer-data
    swift build -c release
    python3 Scripts/compare_peers.py --data-dir peer-data --descent .build/release/descent [--seeds 0 1 2] [--inits he] [--float32]
Prints a Markdown table (and --json FILE writes the raw numbers).
"""
import argparse
import json
import os
import statistics
import subprocess
import time
import warnings

import numpy as np

HIDDEN, LR, BATCH, EPOCHS = 64, 0.001, 32, 100


def load(path):
    data = np.genfromtxt(path, delimiter=",", skip_header=1)
    return data[:, :-1], data[:, -1].astype(int)


def standardize(train, test):
    mean, std = train.mean(axis=0), train.std(axis=0)
    std[std == 0] = 1
    return (train - mean) / std, (test - mean) / std


def run_sklearn(Xtr, ytr, Xte, yte, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    model = MLPClassifier(hidden_layer_sizes=(HIDDEN,), activation="relu", solver="adam", alpha=0.0,
                          batch_size=BATCH, learning_rate_init=LR, max_iter=EPOCHS, shuffle=True,
                          early_stopping=False, n_iter_no_change=EPOCHS + 1, tol=0.0, random_state=seed)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(Xtr, ytr)
    seconds = time.perf_counter() - start
    return model.score(Xte, yte), seconds


def run_torch(Xtr, ytr, Xte, yte, seed, classes):
    import torch
    from torch import nn
    torch.manual_seed(seed)
    outputs = 1 if classes == 2 else classes
    model = nn.Sequential(nn.Linear(Xtr.shape[1], HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, outputs))
    loss_fn = nn.BCEWithLogitsLoss() if classes == 2 else nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=LR, betas=(0.9, 0.999), eps=1e-8)
    X = torch.tensor(Xtr, dtype=torch.float32)
    y = torch.tensor(ytr, dtype=torch.float32 if classes == 2 else torch.long)
    generator = torch.Generator().manual_seed(seed)
    start = time.perf_counter()
    for _ in range(EPOCHS):
        order = torch.randperm(len(X), generator=generator)
        for i in range(0, len(X), BATCH):
            batch = order[i:i + BATCH]
            optimizer.zero_grad()
            logits = model(X[batch])
            loss = loss_fn(logits[:, 0], y[batch]) if classes == 2 else loss_fn(logits, y[batch])
            loss.backward()
            optimizer.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        logits = model(torch.tensor(Xte, dtype=torch.float32))
        predicted = (logits[:, 0] > 0).long() if classes == 2 else logits.argmax(dim=1)
    return (predicted.numpy() == yte).mean(), seconds


def run_descent(binary, train_path, test_path, seed, precision, init=None):
    command = [binary, "train", "--data", train_path, "--test", test_path, "--hidden", str(HIDDEN),
               "--optimizer", "adam", "--learning-rate", str(LR), "--batch-size", str(BATCH),
               "--epochs", str(EPOCHS), "--seed", str(seed), "--precision", precision, "--json"]
    if init:
        command += ["--init", init]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    return report["test_accuracy"], report["seconds"]


def summary(values):
    mean = statistics.mean(values)
    spread = statistics.stdev(values) if len(values) > 1 else 0.0
    return mean, spread, min(values), max(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default="peer-data")
    parser.add_argument("--descent", default=".build/release/descent")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--threads", type=int, default=1,
                        help="torch.set_num_threads (default 1: with 32-example batches more threads only add "
                             "synchronization, and on a shared 2-core machine 2 threads were 40x slower)")
    parser.add_argument("--datasets", nargs="+", default=["iris", "wine", "breast_cancer", "digits", "binary"])
    parser.add_argument("--inits", nargs="*", default=[],
                        help="also run descent with each of these --init values (the default initialization always runs)")
    parser.add_argument("--float32", action="store_true", help="also run descent in float32")
    parser.add_argument("--json", help="also write the raw results to this file")
    args = parser.parse_args()

    import torch
    torch.set_num_threads(args.threads)
    results = {}
    for name in args.datasets:
        train_path = os.path.join(args.data_dir, f"{name}_train.csv")
        test_path = os.path.join(args.data_dir, f"{name}_test.csv")
        Xtr, ytr = load(train_path)
        Xte, yte = load(test_path)
        classes = len(np.unique(ytr))
        Ztr, Zte = standardize(Xtr, Xte)
        variants = [("descent (float64, defaults)", "float64", None)]
        if args.float32:
            variants.append(("descent (float32, defaults)", "float32", None))
        variants += [(f"descent (float64, --init {init})", "float64", init) for init in args.inits]
        runs = {label: [] for label, _, _ in variants}
        runs["scikit-learn MLPClassifier"] = []
        runs["PyTorch MLP (float32)"] = []
        for seed in args.seeds:
            for label, precision, init in variants:
                runs[label].append(run_descent(args.descent, train_path, test_path, seed, precision, init))
            runs["scikit-learn MLPClassifier"].append(run_sklearn(Ztr, ytr, Zte, yte, seed))
            runs["PyTorch MLP (float32)"].append(run_torch(Ztr, ytr, Zte, yte, seed, classes))
        results[name] = {"train": len(ytr), "test": len(yte), "features": Xtr.shape[1], "classes": classes,
                         "runs": {k: [{"accuracy": float(a), "seconds": float(s)} for a, s in v] for k, v in runs.items()}}
        print(f"\n### {name}: {len(ytr)} train / {len(yte)} test examples, {Xtr.shape[1]} features, {classes} classes\n")
        print("| library | test accuracy, mean ± sd | min – max | training time per run (s) |")
        print("|---|---|---|---|")
        for label, values in runs.items():
            mean, spread, low, high = summary([a for a, _ in values])
            seconds = statistics.median([s for _, s in values])
            print(f"| {label} | {mean:.4f} ± {spread:.4f} | {low:.4f} – {high:.4f} | {seconds:.2f} |")
        weaker = min(statistics.mean([a for a, _ in runs[peer]]) for peer in ("scikit-learn MLPClassifier", "PyTorch MLP (float32)"))
        ours = statistics.mean([a for a, _ in runs["descent (float64, defaults)"]])
        print(f"\ndescent (defaults) − the weaker peer: {100 * (ours - weaker):+.2f} points "
              f"({'within' if ours >= weaker - 0.01 else 'NOT within'} 1 point)")
    print(f"\nseeds: {args.seeds}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
