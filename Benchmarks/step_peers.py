#!/usr/bin/env python3
"""PyTorch's fastest plain training loop on the shapes `descent bench --only shapes` times (issue 27):
a table's 27 → 64 → 64 → 1 at batch 64 (sigmoid output, binary cross-entropy) and MNIST's
784 → 256 → 128 → 10 at batch 128 (softmax cross-entropy), ReLU hidden layers, Adam at 0.0007,
float32 and float64, on 8192 random examples held in memory as tensors, each batch an index slice of
a fresh permutation, 2 threads — each also with BatchNorm1d after every hidden Linear (which then
has no bias), as `descent bench --only shapes`' `+bn` series. Reports µs per step and GFLOP/s with
the same flop count as Descent (forward W·A and dW for every layer, dA for every layer but the
first), and each normalized step's cost over the plain one.

Usage: python3 Benchmarks/step_peers.py [--epochs-table 20] [--epochs-mnist 3] [--reps 3]
Prints one JSON line per shape and precision, then a Markdown table. Needs torch.
"""
import argparse
import json
import time

import torch


def flops(sizes, batch):
    products = sum(sizes[l] * sizes[l - 1] for l in range(1, len(sizes)))
    backward = sum(sizes[l] * sizes[l - 1] for l in range(2, len(sizes)))
    return 2 * batch * (2 * products + backward)


def run(sizes, batch, epochs, dtype, reps, batch_norm=False, examples=8192):
    generator = torch.Generator().manual_seed(0)
    classes = sizes[-1] if sizes[-1] > 1 else 2
    if sizes[0] == 27:
        x = torch.randn(examples, sizes[0], generator=generator, dtype=dtype)
    else:
        x = torch.rand(examples, sizes[0], generator=generator, dtype=dtype)
    labels = torch.randint(0, classes, (examples,), generator=generator)
    y = labels.to(dtype).unsqueeze(1) if sizes[-1] == 1 else labels
    layers = []
    for l in range(1, len(sizes)):
        hidden = l < len(sizes) - 1
        layers.append(torch.nn.Linear(sizes[l - 1], sizes[l], bias=not (hidden and batch_norm), dtype=dtype))
        if hidden and batch_norm:
            layers.append(torch.nn.BatchNorm1d(sizes[l], dtype=dtype))
        if hidden:
            layers.append(torch.nn.ReLU())
    loss_fn = torch.nn.BCEWithLogitsLoss() if sizes[-1] == 1 else torch.nn.CrossEntropyLoss()
    best = float("inf")
    steps = 0
    for rep in range(reps + 1):  # the first run warms up
        model = torch.nn.Sequential(*layers)
        for layer in model:
            if isinstance(layer, torch.nn.Linear):
                torch.nn.init.kaiming_normal_(layer.weight, generator=generator)
                if layer.bias is not None:
                    torch.nn.init.zeros_(layer.bias)
        optimizer = torch.optim.Adam(model.parameters(), lr=0.0007)
        start = time.perf_counter()
        steps = 0
        for _ in range(epochs if rep else 1):
            order = torch.randperm(examples, generator=generator)
            for first in range(0, examples, batch):
                index = order[first:first + batch]
                optimizer.zero_grad(set_to_none=True)
                loss = loss_fn(model(x[index]), y[index])
                loss.backward()
                optimizer.step()
                steps += 1
        if rep:
            best = min(best, time.perf_counter() - start)
    per_step = best / steps
    return {"system": "pytorch", "sizes": sizes, "batch": batch, "batch_norm": batch_norm, "dtype": str(dtype).replace("torch.", ""), "steps": steps,
            "seconds": best, "us_per_step": 1e6 * per_step, "gflops": flops(sizes, batch) / per_step / 1e9}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs-table", type=int, default=20)
    parser.add_argument("--epochs-mnist", type=int, default=3)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(2)
    rows = []
    for dtype in (torch.float32, torch.float64):
        for sizes, batch, epochs in (([27, 64, 64, 1], 64, args.epochs_table), ([784, 256, 128, 10], 128, args.epochs_mnist)):
            for batch_norm in (False, True):
                result = run(sizes, batch, epochs, dtype, args.reps, batch_norm=batch_norm)
                print(json.dumps(result), flush=True)
                rows.append(result)
    print(f"\nPyTorch {torch.__version__}, {torch.get_num_threads()} threads")
    print("| layers | batch | dtype | batch norm | µs/step | GFLOP/s | normalized / plain |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        plain = next(p for p in rows if p["sizes"] == r["sizes"] and p["dtype"] == r["dtype"] and not p["batch_norm"])
        ratio = f"{r['us_per_step'] / plain['us_per_step']:.2f}" if r["batch_norm"] else ""
        print(f"| {'-'.join(map(str, r['sizes']))} | {r['batch']} | {r['dtype']} | {'yes' if r['batch_norm'] else 'no'} | "
              f"{r['us_per_step']:.1f} | {r['gflops']:.1f} | {ratio} |")


if __name__ == "__main__":
    main()
