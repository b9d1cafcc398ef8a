"""Neuron swaps (Sec. 2): move important neurons to where their wiring is shortest.

Every `swap_every` steps, in every layer, the `top_k` neurons with the most weight
(Σ |incoming| + Σ |outgoing|) each try every other place of their layer and take the
one that lowers the connection cost most, trading places with the neuron there.  A swap
permutes the weights, so the network computes the same function; only the wiring length
changes.

The original tries each candidate by swapping, recomputing the whole cost and swapping
back — O(n) full cost evaluations per neuron (`relocate_loop_`, kept as the reference).
Only the distance-weighted terms change under a swap, and they are linear in the place:
with C[a, p] the cost of neuron a's wiring if it sat at place p,

    Δ(j ↔ k) = C[j, k] + C[k, j] − C[j, j] − C[k, k],

so one matrix product gives every candidate at once (`relocate_`).  Unlike the original,
the optimizer's per-weight state (Adam's moments) moves with the weights when the
optimizer is given (`BIMTConfig.permute_optimizer`); the original leaves it in place.
"""
from __future__ import annotations

import torch

from .model import BioMLP, connection_cost


def _swap_(tensor: torch.Tensor, dim: int, pairs: list[tuple[int, int]]) -> None:
    index = torch.arange(tensor.shape[dim])
    for j, k in pairs:
        index[j], index[k] = index[k].clone(), index[j].clone()
    tensor.copy_(tensor.index_select(dim, index))


def _touched(model: BioMLP, layer: int, j: int, k: int):
    """(tensor, dim, index pairs) for everything that moves when neurons j and k of `layer` trade places."""
    last = model.n_weight_layers
    if layer == 0:
        pairs = [(j + model.places * f, k + model.places * f) for f in range(model.in_fold)]
        return [(model.layers[0].weight, 1, pairs)], [(model.in_perm, 0, [(j, k)])]
    incoming = model.layers[layer - 1]
    params = [(incoming.weight, 0, [(j, k)]), (incoming.bias, 0, [(j, k)])]
    if layer < last:
        return params + [(model.layers[layer].weight, 1, [(j, k)])], []
    return params, [(model.out_perm, 0, [(j, k)])]


@torch.no_grad()
def swap_neurons_(model: BioMLP, layer: int, j: int, k: int,
                  optimizer: torch.optim.Optimizer | None = None) -> None:
    """Neurons j and k of layer `layer` (0 = input places) trade places, with their weights,
    biases and, given the optimizer, its per-weight state."""
    if j == k:
        return
    params, buffers = _touched(model, layer, j, k)
    for tensor, dim, pairs in params:
        _swap_(tensor.data, dim, pairs)
        state = optimizer.state.get(tensor, {}) if optimizer is not None else {}
        for value in state.values():
            if torch.is_tensor(value) and value.shape == tensor.shape:
                _swap_(value, dim, pairs)
    for tensor, dim, pairs in buffers:
        _swap_(tensor, dim, pairs)


def _layer_scale(model: BioMLP, i: int, reduce: str) -> float:
    return 1.0 if reduce == "sum" else 1.0 / model.layers[i].weight.numel()


@torch.no_grad()
def importance(model: BioMLP, layer: int) -> torch.Tensor:
    """Σ |incoming weights| + Σ |outgoing weights| of each neuron of `layer` (input places:
    summed over the folds)."""
    score = torch.zeros(model.places if layer == 0 else model.shape[layer])
    if layer > 0:
        score += model.layers[layer - 1].weight.abs().sum(1)
    if layer < model.n_weight_layers:
        out = model.layers[layer].weight.abs().sum(0)
        score += out.reshape(model.in_fold, -1).sum(0) if layer == 0 else out
    return score


@torch.no_grad()
def placement_costs(model: BioMLP, layer: int, reduce: str = "sum") -> torch.Tensor:
    """C[a, p]: the distance-weighted cost of neuron a's wiring if it sat at place p of its
    layer (the other neurons where they are)."""
    n = len(model.position(layer))
    cost = torch.zeros(n, n)
    if layer > 0:  # incoming: from layer − 1's neurons; rows of distances(layer − 1) are this layer's places
        w = model.layers[layer - 1].weight.abs()
        cost += _layer_scale(model, layer - 1, reduce) * w @ model.distances(layer - 1).T
    if layer < model.n_weight_layers:  # outgoing: to layer + 1's neurons
        w = model.layers[layer].weight.abs()
        d = model.distances(layer)
        if layer == 0:  # folded inputs share their places: sum the folds, keep one copy of the distances
            w, d = w.reshape(w.shape[0], model.in_fold, n).sum(1), d[:, :n]
        cost += _layer_scale(model, layer, reduce) * w.T @ d
    return cost


def _layers(model: BioMLP, swap_inputs: bool) -> range:
    """The layers of neurons that may move: all, or all but the input places (the original's
    image run keeps every pixel where it is: its `swap` returns at once for layer 0)."""
    return range(0 if swap_inputs else 1, model.n_weight_layers + 1)


@torch.no_grad()
def relocate_(model: BioMLP, top_k: int, optimizer: torch.optim.Optimizer | None = None,
              reduce: str = "sum", swap_inputs: bool = True) -> int:
    """One round of swaps over every layer (vectorised); returns how many swaps were made."""
    swaps = 0
    for layer in _layers(model, swap_inputs):
        top = torch.argsort(importance(model, layer), descending=True, stable=True)[:top_k]
        for j in top.tolist():
            c = placement_costs(model, layer, reduce)
            delta = c[j] + c[:, j] - c[j, j] - torch.diagonal(c)
            delta[j] = 0.0
            k = int(torch.argmin(delta))
            if delta[k] < 0:
                swap_neurons_(model, layer, j, k, optimizer)
                swaps += 1
    return swaps


@torch.no_grad()
def relocate_loop_(model: BioMLP, top_k: int, reduce: str = "sum", swap_inputs: bool = True) -> None:
    """The original's algorithm, for reference and timing: try every place by swapping,
    recomputing the whole connection cost and swapping back."""
    for layer in _layers(model, swap_inputs):
        top = torch.argsort(importance(model, layer), descending=True, stable=True)[:top_k]
        n = model.places if layer == 0 else model.shape[layer]
        for j in top.tolist():
            costs = []
            for k in range(n):
                swap_neurons_(model, layer, j, k)
                costs.append(connection_cost(model, weight_factor=1.0, reduce=reduce))
                swap_neurons_(model, layer, j, k)
            swap_neurons_(model, layer, j, int(torch.argmin(torch.stack(costs))))
