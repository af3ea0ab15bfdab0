#!/usr/bin/env python3
"""Writes Tests/DescentTests/Fixtures/normalization.json: PyTorch's BatchNorm1d and LayerNorm on
fixed float64 inputs — forward, backward, running statistics over two training batches and the
inference output — for Descent's golden tests (issue 29).

Matrices are stored in Descent's layout, units × examples (PyTorch's transposed), as nested lists
of rows. Run from the repository root: python3 Scripts/normalization_goldens.py (needs numpy and torch).
"""
import json
import pathlib

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(29)
units, m = 4, 6
# Units on very different scales and offsets (one far from 0), as raw pre-activations are.
scale = np.array([1.0, 3.0, 0.5, 10.0])
shift = np.array([0.0, 2.0, -1.0, 50.0])


def batch(count):
    return rng.standard_normal((count, units)) * scale + shift


def rows(tensor):
    """PyTorch (examples, units) → Descent (units, examples), as lists of rows."""
    return np.asarray(tensor.detach() if isinstance(tensor, torch.Tensor) else tensor).T.tolist()


def vector(tensor):
    return np.asarray(tensor.detach() if isinstance(tensor, torch.Tensor) else tensor).tolist()


z1, z2, z3 = batch(m), batch(m), batch(3)
upstream = rng.standard_normal((m, units))
gamma = rng.standard_normal(units) + 1
beta = rng.standard_normal(units)

# Batch normalization: training step 1 (forward + backward), training step 2 (forward), inference.
bn = torch.nn.BatchNorm1d(units, momentum=0.1, eps=1e-5)
with torch.no_grad():
    bn.weight.copy_(torch.tensor(gamma))
    bn.bias.copy_(torch.tensor(beta))
bn.train()
x1 = torch.tensor(z1, requires_grad=True)
y1 = bn(x1)
y1.backward(torch.tensor(upstream))
after1 = (bn.running_mean.clone(), bn.running_var.clone(), int(bn.num_batches_tracked))
y2 = bn(torch.tensor(z2))
after2 = (bn.running_mean.clone(), bn.running_var.clone(), int(bn.num_batches_tracked))
bn.eval()
y3 = bn(torch.tensor(z3))
batch_norm = {
    "momentum": 0.1, "epsilon": 1e-5, "gamma": vector(gamma), "beta": vector(beta),
    "z1": rows(z1), "upstream": rows(upstream), "y1": rows(y1),
    "dz1": rows(x1.grad), "dgamma": vector(bn.weight.grad), "dbeta": vector(bn.bias.grad),
    "running_mean1": vector(after1[0]), "running_var1": vector(after1[1]), "batches1": after1[2],
    "z2": rows(z2), "y2": rows(y2),
    "running_mean2": vector(after2[0]), "running_var2": vector(after2[1]), "batches2": after2[2],
    "z3": rows(z3), "y3": rows(y3),
}

# Layer normalization over the units of each example.
ln = torch.nn.LayerNorm(units, eps=1e-5)
with torch.no_grad():
    ln.weight.copy_(torch.tensor(gamma))
    ln.bias.copy_(torch.tensor(beta))
x = torch.tensor(z1, requires_grad=True)
y = ln(x)
y.backward(torch.tensor(upstream))
layer_norm = {
    "epsilon": 1e-5, "gamma": vector(gamma), "beta": vector(beta),
    "z": rows(z1), "upstream": rows(upstream), "y": rows(y),
    "dz": rows(x.grad), "dgamma": vector(ln.weight.grad), "dbeta": vector(ln.bias.grad),
}

out = pathlib.Path(__file__).resolve().parent.parent / "Tests/DescentTests/Fixtures/normalization.json"
out.write_text(json.dumps({"torch": torch.__version__, "batch_norm": batch_norm, "layer_norm": layer_norm}, indent=1) + "\n")
print(f"wrote {out} (torch {torch.__version__})")
