"""PFGM++ (Xu, Liu, Tian, Tong, Tegmark, Jaakkola 2023): the field in N + D dimensions.

The data get D extra dimensions instead of PFGM's one.  The perturbation kernel is

    p_r(x | y) ∝ 1 / (‖x − y‖² + r²)^((N + D)/2)                            (eq. 4)

with r the radius in the D extra dimensions.  Setting r = σ√D aligns it with diffusion
(Sec. 4): the same EDM preconditioning, loss and Heun sampler apply with σ = r/√D, and
the backward ODE is dx/dr = (x − D(x; r))/r, EDM's with σ in t's place.  D = 1 is PFGM;
D → ∞ is EDM's Gaussian kernel.  The kernel's sampler itself, `perturb`, lives in the shared
`physai.generative.kernels` (GenPhys's Yukawa model draws it too); it is re-exported here
and as `physai.generative.pfgmpp.perturb`.
"""
from __future__ import annotations

import copy
import math
from typing import Callable

import torch

from .. import draws, edm
from ..kernels import perturb


def noise_fn(D: float) -> Callable:
    """The displacement for edm.loss: PFGM++'s kernel of dimension D at r = σ√D."""
    return lambda y, sigma, generator=None: perturb(y, sigma, D, generator) - y


def prior(D: float) -> Callable:
    """The sampler's start at σ_max: the kernel around the origin (edm.sample's `prior`), on `device`."""
    return lambda n, sigma_max, generator, N, device="cpu": perturb(torch.zeros(n, N, device=device), sigma_max,
                                                                    D, generator)


def optimal_denoiser(x: torch.Tensor, sigma: float, charges: torch.Tensor, D: float) -> torch.Tensor:
    """E[y | x] for the empirical data `charges` under the kernel at r = σ√D (Gaussian for D = inf).

    For D = 1 this is PFGM's field: x − E[y | x] is the x part of c(x̃)·E at z = r, so the
    two backward ODEs coincide (see the notebook).
    """
    d2 = torch.cdist(x.double(), charges.double()) ** 2
    N = x.shape[1]
    if math.isinf(D):
        logw = -d2 / (2 * sigma**2)
    else:
        logw = -(N + D) / 2 * torch.log(d2 + sigma**2 * D)
    return (torch.softmax(logw, dim=1) @ charges.double()).to(x.dtype)


def quantize_weights(model: torch.nn.Module, bits: int) -> torch.nn.Module:
    """A copy with every weight matrix rounded to 2^bits uniform levels between its min and max
    (the original's generate_quant.py; biases and embeddings' fixed frequencies untouched)."""
    model = copy.deepcopy(model)
    levels = 2**bits - 1
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("weight") and p.ndim >= 2:
                lo, hi = p.min(), p.max()
                scale = (hi - lo) / levels
                p.copy_(torch.round((p - lo) / scale) * scale + lo)
    return model


def sample(denoiser: edm.Denoiser, n: int, D: float, *, steps: int = 18, alpha: float = 0.0,
           sigma_max: float = edm.SIGMA_MAX, generator: torch.Generator | None = None) -> tuple[torch.Tensor, int]:
    """EDM's Heun sampler started from the D-kernel prior; `alpha` injects noise α·σ·n before
    every step (the original's generate_alpha.py: robustness to sampling errors)."""
    inject = None
    if alpha:
        def inject(x, sigma):
            return x + alpha * sigma * draws.randn(x.shape, generator=generator, device=x.device)
    return edm.sample(denoiser, n, steps=steps, sigma_max=sigma_max,
                      prior=lambda k, s, g: prior(D)(k, s, g, denoiser.N, draws.device_of(denoiser)),
                      perturb_step=inject,
                      generator=generator)
