#!/usr/bin/env python3
"""Writes the peer-comparison datasets as CSV files with a header and a `label` column.

  binary_train.csv / binary_test.csv   scikit-learn make_classification: 5000 examples,
                                       20 features (10 informative, 5 redundant), 2 classes,
                                       2 % label noise, random_state=0; stratified 80/20 split.
  digits_train.csv / digits_test.csv   scikit-learn's bundled handwritten digits (1797 images
                                       of 8x8 pixels, 10 classes; no download); stratified 75/25.
  iris_*, wine_*, breast_cancer_*      scikit-learn's bundled copies (150 × 4 / 3 classes,
                                       178 × 13 / 3 classes, 569 × 30 / 2 classes); stratified
                                       75/25, random_state=0.

Usage: python3 Scripts/make_peer_csvs.py [OUTPUT_DIR]   (default: peer-data)
Needs numpy and scikit-learn. The files are regenerated bit for bit from the fixed seeds, so
they are not committed.
"""
import os
import sys

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine, make_classification
from sklearn.model_selection import train_test_split


def write_csv(path, X, y, integer_features=False):
    header = ",".join(f"x{i + 1}" for i in range(X.shape[1])) + ",label"
    fmt = "%d" if integer_features else "%.9g"
    with open(path, "w") as f:
        f.write(header + "\n")
        for row, label in zip(X, y):
            f.write(",".join(fmt % v for v in row) + f",{int(label)}\n")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "peer-data"
    os.makedirs(out, exist_ok=True)

    X, y = make_classification(n_samples=5000, n_features=20, n_informative=10, n_redundant=5,
                               n_classes=2, flip_y=0.02, class_sep=1.0, random_state=0)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
    write_csv(os.path.join(out, "binary_train.csv"), Xtr, ytr)
    write_csv(os.path.join(out, "binary_test.csv"), Xte, yte)

    digits = load_digits()
    Xtr, Xte, ytr, yte = train_test_split(digits.data, digits.target, test_size=0.25,
                                          stratify=digits.target, random_state=0)
    write_csv(os.path.join(out, "digits_train.csv"), Xtr, ytr, integer_features=True)
    write_csv(os.path.join(out, "digits_test.csv"), Xte, yte, integer_features=True)
    for name, loader in (("iris", load_iris), ("wine", load_wine), ("breast_cancer", load_breast_cancer)):
        bunch = loader()
        Xtr, Xte, ytr, yte = train_test_split(bunch.data, bunch.target, test_size=0.25, stratify=bunch.target, random_state=0)
        write_csv(os.path.join(out, f"{name}_train.csv"), Xtr, ytr)
        write_csv(os.path.join(out, f"{name}_test.csv"), Xte, yte)
    for name in sorted(f[:-4] for f in os.listdir(out) if f.endswith(".csv")):
        path = os.path.join(out, name + ".csv")
        print(f"{path}: {sum(1 for _ in open(path)) - 1} examples, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
