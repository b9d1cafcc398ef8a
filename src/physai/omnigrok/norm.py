"""The weight norm, the one quantity Omnigrok's LU mechanism is about (Liu, Michaud, Tegmark 2023).

Models here are stacked (physai.batched): every parameter carries a leading axis of K
models, so the norm is a (K,) tensor and a projection rescales each model on its own.
"""
from __future__ import annotations

import torch


def weight_norm(params: dict[str, torch.Tensor]) -> torch.Tensor:
    """(K,) total L2 norm of each stacked model's parameters (weights and biases together,
    each counted once: the original's helper counts the first layer's weights twice)."""
    squares = [p.detach().reshape(p.shape[0], -1).pow(2).sum(1) for p in params.values()]
    return torch.stack(squares).sum(0).sqrt()


@torch.no_grad()
def project_norm_(params: dict[str, torch.Tensor], target: torch.Tensor) -> None:
    """Rescale each model k in place so that its total norm is target[k] (Sec. 3: training on
    the sphere of fixed norm); models whose target is NaN are left free."""
    target = torch.as_tensor(target, dtype=torch.float32)
    K = next(iter(params.values())).shape[0]
    if target.shape != (K,):
        raise ValueError(f"expected {K} target norms (NaN: unconstrained), got shape {tuple(target.shape)}")
    factor = torch.where(torch.isnan(target), torch.ones_like(target), target / weight_norm(params))
    for p in params.values():
        p.mul_(factor.view(-1, *([1] * (p.ndim - 1))).to(p.dtype))
