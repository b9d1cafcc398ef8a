"""Omnigrok's MLPs, K copies stacked natively for the batched engine (physai.batched).

The paper's image network is a plain MLP (784-200-200-10, ReLU; Sec. 4) and its
teacher-student student a tanh MLP (Sec. 3).  `StackedMLP` holds K of them with every
parameter carrying a leading axis K and runs the forward pass as batched matmuls
(torch.baddbmm): the same numbers as vmapping torch.func over K `nn.Sequential`s built
from the same seeds, at a fraction of the per-step overhead (tests/test_omnigrok.py
checks the two agree).
"""
from __future__ import annotations

from typing import Callable, Sequence

import torch
from torch import nn

ACTIVATIONS = ("relu", "tanh")


def mlp(widths: Sequence[int], activation: str = "relu") -> nn.Sequential:
    """Linear layers widths[0] → … → widths[-1] with `activation` between them (none after
    the last), torch's default initialisation: the reference the stacked model matches."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; choose one of {list(ACTIVATIONS)}")
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(widths) - 2:
            layers.append(nn.ReLU() if activation == "relu" else nn.Tanh())
    return nn.Sequential(*layers)


def _tanh(x: torch.Tensor) -> torch.Tensor:
    """tanh(x) = 2σ(2x) − 1: the same function, faster than torch.tanh on this project's
    CPUs (physai.grokking.model measured it)."""
    return 2 * torch.sigmoid(2 * x) - 1


class StackedMLP:
    """K MLPs of one shape; `params` maps W1, b1, W2, … to stacked tensors (leading axis K).

    Model k is `mlp(widths, activation)` built after torch.manual_seed(seeds[k]), every
    weight and bias multiplied by init_scale[k] (the paper's w = α·w₀).  W_l is stored as
    (K, in, out) so that a layer is h @ W_l + b_l.
    """

    def __init__(self, widths: Sequence[int], seeds: Sequence[int], init_scale: float | Sequence[float] = 1.0,
                 activation: str = "relu", device: torch.device | str = "cpu"):
        scales = [float(init_scale)] * len(seeds) if isinstance(init_scale, (int, float)) else list(init_scale)
        if len(scales) != len(seeds):
            raise ValueError(f"expected one init scale or {len(seeds)} (one per seed), got {len(scales)}")
        self.widths, self.activation = list(widths), activation
        stacks: dict[str, list[torch.Tensor]] = {}
        for seed, scale in zip(seeds, scales):
            torch.manual_seed(int(seed))
            linears = [m for m in mlp(widths, activation) if isinstance(m, nn.Linear)]
            for l, layer in enumerate(linears, 1):
                stacks.setdefault(f"W{l}", []).append(layer.weight.detach().T * scale)  # (in, out)
                stacks.setdefault(f"b{l}", []).append(layer.bias.detach()[None, :] * scale)  # (1, out)
        self.params = {n: torch.stack(ts).to(device).requires_grad_(True) for n, ts in stacks.items()}
        self._act = torch.relu if activation == "relu" else _tanh

    @property
    def K(self) -> int:
        return self.params["W1"].shape[0]

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        """Outputs (K, n, out) for inputs x (n, in), shared by the K models."""
        n_layers = len(self.widths) - 1
        h = x.expand(self.K, *x.shape)  # (K, n, in)
        for l in range(1, n_layers + 1):
            h = torch.baddbmm(self.params[f"b{l}"], h, self.params[f"W{l}"])  # (K, n, width_l)
            if l < n_layers:
                h = self._act(h)
        return h

    def losses(self, loss_fn: Callable, data: Sequence[torch.Tensor], per_model_data: bool = False) -> torch.Tensor:
        """(K,) losses: loss_fn(self, batch) must reduce over everything but the leading K axis."""
        return loss_fn(self, tuple(data))

    def evaluate(self, fn: Callable, data: Sequence[torch.Tensor], per_model_data: bool = False) -> torch.Tensor:
        return fn(self, *data)

    def unstack(self, k: int) -> nn.Sequential:
        """Model k as an ordinary nn.Sequential (a copy)."""
        model = mlp(self.widths, self.activation)
        linears = [m for m in model if isinstance(m, nn.Linear)]
        with torch.no_grad():
            for l, layer in enumerate(linears, 1):
                layer.weight.copy_(self.params[f"W{l}"][k].T)
                layer.bias.copy_(self.params[f"b{l}"][k, 0])
        return model


class MLPFamily:
    """A builder `train_family` accepts in place of a zero-argument nn.Module factory: it
    trains the MLPs natively stacked (`StackedMLP`) instead of through vmap."""

    def __init__(self, widths: Sequence[int], activation: str = "relu"):
        mlp(widths, activation)  # validates the activation now, not at training time
        self.widths, self.activation = list(widths), activation

    def build(self, seeds: Sequence[int], init_scale: Sequence[float]) -> StackedMLP:
        return StackedMLP(self.widths, seeds, init_scale, self.activation)

    def __call__(self) -> nn.Sequential:
        """One reference model (the vmap path's factory)."""
        return mlp(self.widths, self.activation)
