"""Loads a Descent model file (.safetensors) into a PyTorch nn.Sequential of Linear,
BatchNorm1d / LayerNorm and activation modules, and prints its outputs for raw inputs.

    python3 Scripts/pytorch_model.py MODEL.safetensors INPUTS.json    # [[x1, x2, ...], ...] raw rows

Prints a JSON array of output rows: probabilities (sigmoid for one output unit, softmax for
several) or, for a regression, values in the target's units. The tests compare them with
Descent's own predictions; the `sequential` function is the recipe for PyTorch users: a
normalized model's file is the state dict of that Sequential as it is.
"""
import json
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file

ACTIVATIONS = {
    "relu": torch.nn.ReLU, "leaky-relu": lambda: torch.nn.LeakyReLU(0.01), "sigmoid": torch.nn.Sigmoid,
    "tanh": torch.nn.Tanh, "linear": torch.nn.Identity, "elu": torch.nn.ELU, "selu": torch.nn.SELU,
    "gelu": torch.nn.GELU, "silu": torch.nn.SiLU, "softplus": torch.nn.Softplus, "mish": torch.nn.Mish,
    "relu6": torch.nn.ReLU6, "hard-sigmoid": torch.nn.Hardsigmoid, "softsign": torch.nn.Softsign,
}


def sequential(path):
    """The model as nn.Sequential (in eval mode) and the file's metadata. A normalized model's file
    names its tensors by the Sequential's positions, so it loads as it is; a plain model's
    `layers.{i}` (an nn.ModuleList of Linear) are moved to the Linear's position."""
    with safe_open(path, "pt") as f:
        meta = f.metadata()
    sizes, activations = json.loads(meta["layer_sizes"]), json.loads(meta["activations"])
    norms = json.loads(meta.get("layer_normalizations", "null"))
    tensors = load_file(path)
    modules, state = [], {}
    for i, (inputs, units) in enumerate(zip(sizes, sizes[1:])):
        norm = norms[i] if norms else None
        if not norms:
            for part in ("weight", "bias"):
                state[f"{len(modules)}.{part}"] = tensors[f"layers.{i}.{part}"]
        # Batch normalization replaces the layer's bias (the file has none).
        modules.append(torch.nn.Linear(inputs, units, bias=not (norm and norm["kind"] == "batch")))
        if norm:
            modules.append(torch.nn.BatchNorm1d(units, eps=norm["epsilon"], momentum=norm["momentum"])
                           if norm["kind"] == "batch" else torch.nn.LayerNorm(units, eps=norm["epsilon"]))
        if i < len(sizes) - 2:
            modules.append(ACTIVATIONS[activations[i]]())
    dtype = torch.float64 if meta["precision"] == "float64" else torch.float32
    model = torch.nn.Sequential(*modules).to(dtype)
    model.load_state_dict(tensors if norms else state)  # strict: every tensor used, none missing
    return model.eval(), meta, dtype


def main():
    model, meta, dtype = sequential(sys.argv[1])
    norm = json.loads(meta["normalization"])
    with open(sys.argv[2]) as f:
        rows = json.load(f)
    x = (torch.tensor(rows, dtype=dtype) - torch.tensor(norm["offsets"], dtype=dtype)) \
        / torch.tensor(norm["scales"], dtype=dtype)
    with torch.no_grad():
        z = model(x)
    if meta["loss"] == "binary-cross-entropy":
        out = torch.sigmoid(z)
    elif meta["loss"] == "categorical-cross-entropy":
        out = torch.softmax(z, dim=1)
    else:
        out = z
        if "target_normalization" in meta:
            target = json.loads(meta["target_normalization"])
            out = out * torch.tensor(target["scales"], dtype=dtype) + torch.tensor(target["offsets"], dtype=dtype)
    print(json.dumps(out.tolist()))


if __name__ == "__main__":
    main()
