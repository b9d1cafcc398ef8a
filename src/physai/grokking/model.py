"""The toy model of Liu et al. 2022, K copies stacked for the batched engine.

Each copy has learnable embeddings E (p, d), initialised U(−1/2, 1/2), and a decoder MLP
d → w → w → out with tanh, initialised as torch.nn.Linear.  A sample (i, j) is decoded
from E_i + E_j (the addition is hard-coded, as in the paper).  Parameters carry a leading
axis K and the forward pass is three batched matmuls (torch.baddbmm): on this CPU that is
about twice as fast as vmapping torch.func.functional_call over an nn.Module.
"""
from __future__ import annotations

from typing import Callable, Sequence

import torch

from .task import AdditionTask
from .representation import RQI_TOL, number_parallelograms


def _tanh(x: torch.Tensor) -> torch.Tensor:
    """tanh(x) = 2σ(2x) − 1: the same function, several times faster than torch.tanh on
    this project's CPUs (measured; torch.tanh's vectorised kernel is slow there)."""
    return 2 * torch.sigmoid(2 * x) - 1


class ToyModels:
    """K toy models; `params` maps names to stacked tensors (leading axis K)."""

    def __init__(self, seeds: Sequence[int], p: int = 10, dim: int = 1, width: int = 200,
                 out_dim: int = 30, init_scale: float = 1.0, device: torch.device | str = "cpu"):
        stacks: dict[str, list[torch.Tensor]] = {}
        for seed in seeds:
            torch.manual_seed(int(seed))
            tensors = {"emb": (torch.rand(p, dim) - 0.5)}
            for k, (fan_in, fan_out) in enumerate([(dim, width), (width, width), (width, out_dim)], 1):
                layer = torch.nn.Linear(fan_in, fan_out)
                tensors[f"W{k}"] = layer.weight.detach().T * init_scale  # (in, out) for h @ W
                tensors[f"b{k}"] = layer.bias.detach()[None, :] * init_scale  # (1, out)
            for name, t in tensors.items():
                stacks.setdefault(name, []).append(t)
        self.params = {n: torch.stack(ts).to(device).requires_grad_(True) for n, ts in stacks.items()}

    @property
    def K(self) -> int:
        return self.params["emb"].shape[0]

    def __call__(self, pairs: torch.Tensor) -> torch.Tensor:
        """Outputs for samples `pairs` (n, 2): shape (K, n, out)."""
        P = self.params
        h = P["emb"][:, pairs[:, 0]] + P["emb"][:, pairs[:, 1]]  # (K, n, d): E_i + E_j
        h = _tanh(torch.baddbmm(P["b1"], h, P["W1"]))  # (K, n, w)
        h = _tanh(torch.baddbmm(P["b2"], h, P["W2"]))  # (K, n, w)
        return torch.baddbmm(P["b3"], h, P["W3"])  # (K, n, out)

    def losses(self, loss_fn: Callable, data: Sequence[torch.Tensor], per_model_data: bool = False):
        return loss_fn(self, tuple(data))

    def evaluate(self, fn: Callable, data: Sequence[torch.Tensor], per_model_data: bool = False):
        return fn(self, *data)


def task_tensors(task: AdditionTask, train_masks, device="cpu") -> tuple[torch.Tensor, ...]:
    """(pairs, targets, train mask (K, S)) for the batched engine; test = ~train."""
    pairs = torch.as_tensor(task.pairs, device=device)
    targets = torch.as_tensor(task.templates[task.sums], dtype=torch.float32, device=device)
    masks = torch.as_tensor(train_masks, dtype=torch.float32, device=device)
    return pairs, targets, masks


def template_mse(models: ToyModels, batch) -> torch.Tensor:
    """(K,) mean squared error to the templates over each model's training samples."""
    pairs, targets, train = batch
    per_sample = ((models(pairs) - targets) ** 2).mean(dim=-1)  # (K, S)
    return (per_sample * train).sum(dim=1) / train.sum(dim=1)


def predictions(models: ToyModels, pairs: torch.Tensor, templates: torch.Tensor) -> torch.Tensor:
    """(K, S) index of the nearest template to each output: the predicted sum."""
    return torch.cdist(models(pairs), templates.expand(models.K, -1, -1)).argmin(dim=-1)


def accuracy_metrics(task: AdditionTask, device="cpu") -> dict[str, Callable]:
    """Train and test accuracy (nearest template) and RQI, each (K,), for train_batched."""
    templates = torch.as_tensor(task.templates, dtype=torch.float32, device=device)
    sums = torch.as_tensor(task.sums, device=device)
    quads = torch.as_tensor(number_parallelograms(task.p), device=device)

    def correct(models, pairs):
        return (predictions(models, pairs, templates) == sums).float()

    def train_acc(models, pairs, targets, train):
        return (correct(models, pairs) * train).sum(1) / train.sum(1)

    def test_acc(models, pairs, targets, train):
        test = 1 - train
        return (correct(models, pairs) * test).sum(1) / test.sum(1).clamp(min=1)

    def rqi(models, *_):  # representation.rqi, vectorised over the K models
        e = models.params["emb"]
        e = (e - e.mean(1, keepdim=True)) / e.std(1, keepdim=True)  # standardised, (K, p, d)
        gaps = e[:, quads[:, 0]] + e[:, quads[:, 1]] - e[:, quads[:, 2]] - e[:, quads[:, 3]]
        return ((gaps**2).mean(-1) < RQI_TOL).float().mean(-1)

    return {"train_acc": train_acc, "test_acc": test_acc, "rqi": rqi}
