"""A network whose neurons have places (Liu, Gan, Tegmark 2023, Sec. 2).

Every layer of neurons sits in space — on a line at height l, or on a grid, or on a ring —
and the connection cost charges each weight for the distance it spans:

    ℓ_cc = Σ_layers Σ_ij |w_ij| (wf · d_ij + l0)      (+ l0 Σ |b_i| and l0 Σ |embedding|)

with d_ij the distance between the two neurons' positions, l0 the fixed cost of a
connection (the gap between layers; with wf = 0 the cost is plain L1) and wf how much
locality counts.  The original code charges the same way (`get_cc`); some of its
experiments average instead of sum over each layer (`reduce="mean"`) or exempt the last
layer from locality.  Distances are Manhattan (|Δx| + |Δy|), as the original's 2-D layers
(`BioLinear2D`, its MNIST notebook) compute them; on a line every metric agrees.

Neurons can trade places (`physai.bimt.swap`) without changing the function: the input
and output layers keep a permutation (`in_perm`, `out_perm`) that maps positions to the
task's features.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch
from torch import nn


def line_positions(n: int) -> torch.Tensor:
    """n neurons evenly spaced on [0, 1] (cell centres), as (n, 1) coordinates."""
    return torch.linspace(1 / (2 * n), 1 - 1 / (2 * n), n).reshape(n, 1)


def grid_positions(n: int) -> torch.Tensor:
    """n = m² neurons on an m × m grid of cell centres in the unit square, (n, 2), row by row."""
    m = int(round(np.sqrt(n)))
    if m * m != n:
        raise ValueError(f"a grid needs a square number of neurons, got {n}")
    x = line_positions(m).flatten()
    gy, gx = torch.meshgrid(x, x, indexing="ij")
    return torch.stack([gx.flatten(), gy.flatten()], 1)


def ring_positions(n: int, radius: float = 0.25) -> torch.Tensor:
    """n neurons on a circle around the centre of the unit square, (n, 2) (MNIST's outputs)."""
    theta = 2 * np.pi * (torch.arange(n) + 0.5) / n
    return 0.5 + radius * torch.stack([torch.cos(theta), torch.sin(theta)], 1)


class BioMLP(nn.Module):
    """An MLP (SiLU) with a position for every neuron.

    shape: widths [n_0, …, n_L]. positions: one (n_l, dim) tensor per layer (the input
    layer: one row per *place*, n_0 / in_fold of them); default, every layer on a line.
    in_fold > 1 stacks that many input vectors on the same places (modular addition: the
    embeddings of a and of b share the embedding dimensions' places).  n_tokens: inputs are
    token ids (batch, in_fold) looked up in a learned embedding of n_0 / in_fold dimensions.
    metric: "manhattan" (the original's) or "euclidean" for the distances d_ij.
    """

    METRICS = {"manhattan": 1.0, "euclidean": 2.0}  # the p of torch.cdist

    def __init__(self, shape: Sequence[int], positions: Sequence[torch.Tensor] | None = None,
                 in_fold: int = 1, n_tokens: int | None = None, metric: str = "manhattan"):
        super().__init__()
        if metric not in self.METRICS:
            raise ValueError(f"metric must be one of {sorted(self.METRICS)}, got {metric!r}")
        self.metric = metric
        self.shape = [int(n) for n in shape]
        if len(self.shape) < 2 or self.shape[0] % in_fold:
            raise ValueError(f"need ≥ 2 layers and n_0 divisible by in_fold, got shape {shape}, in_fold {in_fold}")
        self.in_fold, self.places = in_fold, self.shape[0] // in_fold
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(self.shape[:-1], self.shape[1:]))
        self.embedding = nn.Parameter(torch.randn(n_tokens, self.places)) if n_tokens else None
        if positions is None:
            positions = [line_positions(self.places)] + [line_positions(n) for n in self.shape[1:]]
        expected = [self.places] + self.shape[1:]
        if [len(p) for p in positions] != expected:
            raise ValueError(f"positions must have {expected} rows per layer, got {[len(p) for p in positions]}")
        for i, p in enumerate(positions):
            self.register_buffer(f"position_{i}", torch.as_tensor(p, dtype=torch.float32))
        for i in range(len(self.layers)):  # fixed: swaps move weights, never places
            d = torch.cdist(self.position(i + 1), self.position(i), p=self.METRICS[metric])
            self.register_buffer(f"distance_{i}", d.repeat(1, in_fold) if i == 0 else d)
        self.register_buffer("in_perm", torch.arange(self.places))
        self.register_buffer("out_perm", torch.arange(self.shape[-1]))

    @property
    def n_weight_layers(self) -> int:
        return len(self.layers)

    def position(self, layer: int) -> torch.Tensor:
        """(n, dim) positions of the neurons of layer `layer` (0 = input places)."""
        return getattr(self, f"position_{layer}")

    def distances(self, i: int) -> torch.Tensor:
        """(n_{i+1}, n_i) distances spanned by the weights of linear layer i."""
        return getattr(self, f"distance_{i}")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch = x.shape[0]
        if self.embedding is not None:
            x = self.embedding[x]  # (batch, in_fold, places)
        x = x.reshape(batch, self.in_fold, self.places)[:, :, self.in_perm].reshape(batch, -1)
        for layer in self.layers[:-1]:
            x = nn.functional.silu(layer(x))
        x = self.layers[-1](x)
        return x[:, torch.argsort(self.out_perm)]  # output feature f sits where out_perm == f


def connection_cost(model: BioMLP, weight_factor: float = 1.0, l0: float = 0.1, biases: bool = True,
                    local_last: bool = True, reduce: str = "sum") -> torch.Tensor:
    """ℓ_cc above (Sec. 2).  reduce: "sum" (most of the original's experiments) or "mean"
    over each layer's weights (its MNIST run); local_last=False charges the last layer l0 only."""
    if reduce not in ("sum", "mean"):
        raise ValueError(f"reduce must be 'sum' or 'mean', got {reduce!r}")
    agg = torch.sum if reduce == "sum" else torch.mean
    cost = torch.zeros(())
    for i, layer in enumerate(model.layers):
        wf = weight_factor if (local_last or i < model.n_weight_layers - 1) else 0.0
        cost = cost + agg(layer.weight.abs() * (wf * model.distances(i) + l0))
        if biases:
            cost = cost + agg(layer.bias.abs() * l0)
    if model.embedding is not None:
        cost = cost + agg(model.embedding.abs() * l0)
    return cost


def wiring_length(model: BioMLP) -> float:
    """Σ |w_ij| d_ij over all layers: the total length of the wiring, weighted by strength."""
    with torch.no_grad():
        return float(sum((layer.weight.abs() * model.distances(i)).sum() for i, layer in enumerate(model.layers)))
