"""BIMT's experiments (Sec. 3): tasks, and the measurements of what the trained networks
look like — modules, active neurons, pruning, local receptive fields, embedding places.

The modular-addition and S4 tables, the circles and the accuracy are the core's
(`physai.modular`, `physai.train.accuracy`)."""
from __future__ import annotations

from typing import Callable

import numpy as np
import torch

from ..runtime import timer
from .model import BioMLP
from .swap import relocate_, relocate_loop_

# Sec. 3.1, Fig. 3: (n_inputs, formulas); the original's three symbolic tasks
SYMBOLIC: dict[str, tuple[int, Callable]] = {
    "independence": (4, lambda x: torch.stack([(x[:, 0] + x[:, 2]) ** 3,
                                               x[:, 1] ** 2 + torch.sin(np.pi * x[:, 3])], 1)),
    "feature sharing": (3, lambda x: torch.stack([x[:, 0] ** 2, x[:, 0] ** 2 + x[:, 1] ** 2,
                                                  x[:, 0] ** 2 + x[:, 1] ** 2 + x[:, 2] ** 2], 1)),
    "compositionality": (4, lambda x: torch.sqrt((x[:, 0] - x[:, 1]) ** 2 + (x[:, 2] - x[:, 3]) ** 2)[:, None]),
}


def symbolic_data(name: str, n: int = 100, seed: int = 0):
    """(x_train, y_train, x_test, y_test): n uniform inputs in [−1, 1]^d each (the original: 100)."""
    if name not in SYMBOLIC:
        raise ValueError(f"unknown symbolic task {name!r}; choose one of {sorted(SYMBOLIC)}")
    d, f = SYMBOLIC[name]
    gen = torch.Generator().manual_seed(seed)
    x = torch.rand(2 * n, d, generator=gen) * 2 - 1
    y = f(x)
    return x[:n], y[:n], x[n:], y[n:]


def two_moons(n: int = 200, noise: float = 0.1, seed: int = 0):
    """scikit-learn's two moons, n training and n test points (Sec. 3.2)."""
    from sklearn.datasets import make_moons

    xs, ys = zip(*(make_moons(n, noise=noise, random_state=seed + i) for i in (0, 1)))
    return (torch.tensor(xs[0], dtype=torch.float32), torch.tensor(ys[0]),
            torch.tensor(xs[1], dtype=torch.float32), torch.tensor(ys[1]))


# ── what the trained network looks like ──────────────────────────────────────────────────────
def surviving(model: BioMLP, rel: float = 0.01) -> list[torch.Tensor]:
    """Per linear layer, the weights with |w| ≥ rel × that layer's largest |w|."""
    with torch.no_grad():
        return [layer.weight.abs() >= rel * layer.weight.abs().max() for layer in model.layers]


def reached_by(model: BioMLP, output: int, rel: float = 0.01) -> list[set[int]]:
    """For output feature `output`, the neurons of every layer (input: task features,
    via in_perm) with a path of surviving connections to it."""
    masks = surviving(model, rel)
    reach = torch.zeros(model.shape[-1], dtype=torch.bool)
    reach[int(torch.nonzero(model.out_perm == output))] = True
    layers = [reach]
    for mask in reversed(masks):
        reach = (mask.float().T @ reach.float()) > 0
        layers.append(reach)
    layers = layers[::-1]
    inputs = layers[0].reshape(model.in_fold, model.places).any(0)
    features = {int(model.in_perm[p]) for p in torch.nonzero(inputs).flatten().tolist()}
    return [features] + [set(torch.nonzero(r).flatten().tolist()) for r in layers[1:]]


def module_test(model: BioMLP, rel: float = 0.01) -> dict:
    """For a network with several outputs: which inputs reach each output, and how many
    hidden neurons two or more outputs share (0: the outputs are computed by disjoint modules)."""
    reach = [reached_by(model, o, rel) for o in range(model.shape[-1])]
    shared = 0
    for layer in range(1, len(model.shape) - 1):
        sets = [r[layer] for r in reach]
        shared += sum(len(a & b) for i, a in enumerate(sets) for b in sets[i + 1:])
    return {"inputs": [sorted(r[0]) for r in reach], "shared_hidden": shared,
            "module_sizes": [[len(r[layer]) for layer in range(1, len(model.shape) - 1)] for r in reach]}


def active_neurons(model: BioMLP, layer: int, rel: float = 0.05) -> int:
    """Neurons of `layer` whose importance (Σ |in| + Σ |out|) is ≥ rel × the layer's largest."""
    from .swap import importance

    score = importance(model, layer)
    return int((score >= rel * score.max()).sum())


@torch.no_grad()
def prune_(model: BioMLP, rel: float = 0.01) -> float:
    """Zero every weight below rel × its layer's largest |w|; returns the fraction kept."""
    masks = surviving(model, rel)
    for layer, mask in zip(model.layers, masks):
        layer.weight.mul_(mask)
    return float(sum(m.sum() for m in masks) / sum(m.numel() for m in masks))


@torch.no_grad()
def receptive_field_locality(model: BioMLP, rel: float = 0.01) -> float:
    """First layer: |w|-weighted mean length of the surviving connections divided by the
    mean length over all input–neuron pairs (1: no locality; small: local receptive fields)."""
    w = model.layers[0].weight.abs()
    w = w * (w >= rel * w.max())
    d = model.distances(0)
    return float((w * d).sum() / w.sum() / d.mean())


@torch.no_grad()
def embedding_places(model: BioMLP, rel: float = 0.05) -> list[int]:
    """Modular addition: the embedding dimensions (by place, left to right) that carry weight."""
    score = model.layers[0].weight.abs().sum(0).reshape(model.in_fold, -1).sum(0)
    return torch.nonzero(score >= rel * score.max()).flatten().tolist()


@torch.no_grad()
def keep_places(model: BioMLP, places: list[int]) -> BioMLP:
    """A copy whose other embedding places are knocked out (their first-layer weights zeroed)."""
    import copy

    clone = copy.deepcopy(model)
    drop = torch.ones(model.places, dtype=torch.bool)
    drop[places] = False
    clone.layers[0].weight[:, drop.repeat(model.in_fold)] = 0
    return clone


def swap_speedup(model: BioMLP, top_k: int, reduce: str = "sum", repeats: int = 3) -> dict:
    """Time one round of swaps, vectorised vs the original's loop, on copies of `model`, and
    check that both leave identical weights."""
    import copy

    out = {}
    for name, fn in (("vectorised", lambda m: relocate_(m, top_k, reduce=reduce)),
                     ("loop", lambda m: relocate_loop_(m, top_k, reduce=reduce))):
        best = float("inf")
        for _ in range(repeats):
            clone = copy.deepcopy(model)
            with timer() as t:
                fn(clone)
            best = min(best, t["seconds"])
        out[name] = (best, clone)
    same = all(torch.equal(a, b) for a, b in zip(out["vectorised"][1].state_dict().values(),
                                                 out["loop"][1].state_dict().values()))
    return {"vectorised_s": out["vectorised"][0], "loop_s": out["loop"][0],
            "speedup": out["loop"][0] / out["vectorised"][0], "identical": same}
