"""BIMT's experiments (Sec. 3): tasks, and the measurements of what the trained networks
look like — modules, active neurons, pruning, local receptive fields, embedding places.

The modular-addition and S4 tables, the circles and the accuracy are the core's
(`physai.modular`, `physai.train.accuracy`)."""
from __future__ import annotations

import copy
from dataclasses import replace
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import torch

from ..runtime import timer
from .model import BioMLP
from .swap import relocate_, relocate_loop_
from .training import BIMTConfig

# Sec. 3.1, Fig. 3: (n_inputs, formulas); the original's three symbolic tasks
SYMBOLIC: dict[str, tuple[int, Callable]] = {
    "independence": (4, lambda x: torch.stack([(x[:, 0] + x[:, 2]) ** 3,
                                               x[:, 1] ** 2 + torch.sin(np.pi * x[:, 3])], 1)),
    "feature sharing": (3, lambda x: torch.stack([x[:, 0] ** 2, x[:, 0] ** 2 + x[:, 1] ** 2,
                                                  x[:, 0] ** 2 + x[:, 1] ** 2 + x[:, 2] ** 2], 1)),
    "compositionality": (4, lambda x: torch.sqrt((x[:, 0] - x[:, 1]) ** 2 + (x[:, 2] - x[:, 3]) ** 2)[:, None]),
}


def mse(pred: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean squared error, the symbolic tasks' loss (the original: torch.mean((pred − y)²))."""
    return ((pred - y) ** 2).mean()


def symbolic_data(name: str, n: int = 100, seed: int = 0, draw: str = "torch"):
    """(x_train, y_train, x_test, y_test): n uniform inputs in [−1, 1]^d each (the original: 100).

    draw: "torch" (ours: a torch generator seeded with `seed`) or "numpy" — the original's
    own draw: numpy's legacy generator seeded with `seed`, n training then n test points,
    the targets computed in float64 and stored in float32 (its symbolic notebook).  With
    100 points the test error depends on the draw (notebook 04 measures how much)."""
    if name not in SYMBOLIC:
        raise ValueError(f"unknown symbolic task {name!r}; choose one of {sorted(SYMBOLIC)}")
    if draw not in ("torch", "numpy"):
        raise ValueError(f"draw must be 'torch' or 'numpy', got {draw!r}")
    d, f = SYMBOLIC[name]
    if draw == "torch":
        x = torch.rand(2 * n, d, generator=torch.Generator().manual_seed(seed)) * 2 - 1
        y = f(x)
    else:
        x = torch.from_numpy(np.random.RandomState(seed).rand(2 * n, d) * 2 - 1)
        x, y = x.float(), f(x).float()
    return x[:n], y[:n], x[n:], y[n:]


# The original's training types for the symbolic tasks (its notebook's `train_type`), as
# changes to a BIMT config: 2 = L1, 3 = L1 + local, 4 = L1 + swap, 5 = BIMT.  Ours moves
# Adam's state with swapped weights; "BIMT, Adam state left" leaves it behind, as the original.
VARIANTS: dict[str, dict] = {
    "BIMT": {},
    "BIMT, Adam state left": {"permute_optimizer": False},
    "L1 only": {"weight_factor": 0.0, "swap_every": 0},
    "L1 + local": {"swap_every": 0},
    "L1 + swap": {"weight_factor": 0.0},
}


def symbolic_variants(name: str, shape: Sequence[int], cfg: BIMTConfig, variants: Sequence[str] = ("BIMT",),
                      seeds: Sequence[int] = (0, 1, 2), n: int = 100, data_seed: int = 0):
    """Train every (variant, initialisation seed) of one symbolic task on one data set, as one
    stacked run (Sec. 3.1, Fig. 3).  Returns ({variant: [networks, by seed]}, the test MSE as a
    variant × seed table, the first network before training)."""
    from .stacked import train_bimt_stacked

    unknown = set(variants) - set(VARIANTS)
    if unknown:
        raise ValueError(f"unknown variant(s) {sorted(unknown)}; choose from {list(VARIANTS)}")
    xtr, ytr, xte, yte = symbolic_data(name, n, data_seed)
    runs = [(v, s) for v in variants for s in seeds]
    nets = []
    for _, s in runs:
        torch.manual_seed(s)
        nets.append(BioMLP(shape))
    before = copy.deepcopy(nets[0])
    trained, _ = train_bimt_stacked(nets, mse, (xtr, ytr), [replace(cfg, **VARIANTS[v]) for v, _ in runs], desc=name)
    by_variant = {v: [m for (w, _), m in zip(runs, trained) if w == v] for v in variants}
    with torch.no_grad():
        test = pd.DataFrame({v: [float(mse(m(xte), yte)) for m in ms] for v, ms in by_variant.items()},
                            index=list(seeds)).T
    return by_variant, test.rename_axis(index="variant", columns="seed"), before


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
    """First layer: |w|-weighted mean distance from each neuron to the pixels it reads
    (surviving connections, pixels at their home on the image grid), divided by the mean
    over all pixel–neuron pairs (1: no locality; small: local receptive fields, Fig. 8)."""
    w = model.layers[0].weight.abs()
    w = w * (w >= rel * w.max())
    pixels = model.position(0)[model.in_perm]  # the input of place q is pixel in_perm[q]
    d = torch.cdist(model.position(1), pixels, p=model.METRICS[model.metric])
    return float((w * d).sum() / w.sum() / d.mean())


@torch.no_grad()
def embedding_places(model: BioMLP, rel: float = 0.05) -> list[int]:
    """Modular addition: the embedding dimensions (by place, left to right) that carry weight."""
    score = model.layers[0].weight.abs().sum(0).reshape(model.in_fold, -1).sum(0)
    return torch.nonzero(score >= rel * score.max()).flatten().tolist()


@torch.no_grad()
def keep_places(model: BioMLP, places: list[int]) -> BioMLP:
    """A copy whose other embedding places are knocked out (their first-layer weights zeroed)."""
    clone = copy.deepcopy(model)
    drop = torch.ones(model.places, dtype=torch.bool)
    drop[places] = False
    clone.layers[0].weight[:, drop.repeat(model.in_fold)] = 0
    return clone


def swap_speedup(model: BioMLP, top_k: int, reduce: str = "sum", repeats: int = 3) -> dict:
    """Time one round of swaps, vectorised vs the original's loop, on copies of `model`, and
    check that both leave identical weights."""
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
