"""Diffusion baselines on one denoiser: EDM (Karras et al. 2022) and the VP-SDE (Song et al. 2021).

EDM is also PFGM++'s D → ∞ limit, so PFGM++ (notebook 08) reuses the preconditioning,
loss and σ schedule here with its own perturbation kernel.  One trained denoiser D(x; σ)
gives every sampler: the score is ∇ log p(x; σ) = (D(x; σ) − x)/σ².
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np
import torch
from torch import nn

from . import draws, samplers
from .networks import ConditionedMLP

P_MEAN, P_STD = -1.2, 1.2   # EDM's log-normal training distribution of σ (Table 1)
SIGMA_MIN, SIGMA_MAX, RHO = 0.002, 80.0, 7.0


def precondition(sigma: torch.Tensor, sigma_data: float):
    """EDM's (c_skip, c_out, c_in) at noise level σ (Table 1), elementwise."""
    s2 = sigma**2 + sigma_data**2
    return sigma_data**2 / s2, sigma * sigma_data / s2.sqrt(), 1 / s2.sqrt()


def loss_weight(sigma: torch.Tensor, sigma_data: float) -> torch.Tensor:
    """EDM's λ(σ) = (σ² + σ_data²)/(σ σ_data)², which makes the effective target unit-variance."""
    return (sigma**2 + sigma_data**2) / (sigma * sigma_data) ** 2


class Denoiser(nn.Module):
    """D(x; σ) = c_skip x + c_out F(c_in x, c_noise) with EDM's preconditioning (Table 1)."""

    def __init__(self, N: int, width: int = 256, depth: int = 4, sigma_data: float = 0.5):
        super().__init__()
        self.N, self.sigma_data = N, sigma_data
        self.F = ConditionedMLP(N, N, width, depth)

    def forward(self, x: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
        sigma = torch.as_tensor(sigma, dtype=x.dtype, device=x.device).expand(len(x))[:, None]
        c_skip, c_out, c_in = precondition(sigma, self.sigma_data)
        return c_skip * x + c_out * self.F(c_in * x, torch.log(sigma[:, 0]) / 4)


def gaussian_noise(y: torch.Tensor, sigma: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """The diffusion kernel's displacement, σ·n with n ~ N(0, I)."""
    return draws.randn(y.shape, generator=generator, device=y.device) * sigma[:, None]


def sample_sigma(n: int, generator: torch.Generator | None = None, device="cpu") -> torch.Tensor:
    """n training noise levels σ ~ logN(P_mean, P_std²) (EDM Table 1), on `device`."""
    return torch.exp(P_MEAN + P_STD * draws.randn(n, generator=generator, device=device))


def weighted_loss(prediction: torch.Tensor, y: torch.Tensor, sigma: torch.Tensor, sigma_data: float) -> torch.Tensor:
    """EDM eq. 2's λ(σ)·‖D(x; σ) − y‖², summed over coordinates and averaged over the batch.

    The one place the weighted loss is written: `loss` below, PFGM++'s batched family (one
    model per D under vmap) and GenPhys's Yukawa denoiser (λ at its own noise scale) call it.
    """
    weight = loss_weight(sigma, sigma_data)
    return (weight[:, None] * (prediction - y) ** 2).sum(1).mean()


def loss(denoiser: Denoiser, y: torch.Tensor, noise_fn: Callable = gaussian_noise,
         generator: torch.Generator | None = None) -> torch.Tensor:
    """EDM's loss (eq. 2 with Table 1's σ ~ logN(P_mean, P_std²) and weight λ(σ)).

    noise_fn(y, σ, generator) draws the displacement; PFGM++ passes its r = σ√D kernel.
    """
    sigma = sample_sigma(len(y), generator, y.device)
    x = y + noise_fn(y, sigma, generator)
    return weighted_loss(denoiser(x, sigma), y, sigma, denoiser.sigma_data)


def sigma_steps(steps: int, sigma_min: float = SIGMA_MIN, sigma_max: float = SIGMA_MAX,
                rho: float = RHO) -> list[float]:
    """EDM's noise levels (eq. 5), σ_max → σ_min in `steps` steps, then 0."""
    i = np.arange(steps)
    s = (sigma_max ** (1 / rho) + i / max(steps - 1, 1) * (sigma_min ** (1 / rho) - sigma_max ** (1 / rho))) ** rho
    return [*s.tolist(), 0.0]


def ode_drift(denoiser: Denoiser) -> samplers.Drift:
    """The probability-flow ODE with σ(t) = t, s(t) = 1 (EDM eq. 4): dx/dσ = (x − D(x; σ))/σ."""
    def f(x: torch.Tensor, sigma: float) -> torch.Tensor:
        return (x - denoiser(x, torch.tensor(sigma, device=x.device))) / sigma
    return f


@torch.no_grad()
def sample(denoiser: Denoiser, n: int, *, steps: int = 18, solver: str = "heun",
           sigma_max: float = SIGMA_MAX, prior: Callable | None = None,
           perturb_step: samplers.Hook = None, generator: torch.Generator | None = None) -> tuple[torch.Tensor, int]:
    """EDM's deterministic sampler: x ~ prior at σ_max, then Heun (or Euler) on eq. 5's grid.

    With `steps` noise levels Heun costs 2·steps − 1 evaluations (18 → 35, as in EDM).
    `prior(n, sigma_max, generator)` defaults to N(0, σ_max² I); PFGM++ passes its kernel
    and, to test robustness, a `perturb_step(x, σ)` applied before every step.  The samples
    are on the denoiser's device.
    """
    if solver not in ("euler", "heun"):
        raise ValueError(f"unknown solver {solver!r}; choose 'euler' or 'heun'")
    denoiser.eval()
    device = draws.device_of(denoiser)
    x = (prior or (lambda k, s, g: draws.randn(k, denoiser.N, generator=g, device=device) * s))(n, sigma_max, generator)
    x = x.to(device)
    return getattr(samplers, solver)(ode_drift(denoiser), x, sigma_steps(steps, sigma_max=sigma_max), perturb_step)


# --- the VP-SDE of Song et al. (2021), sampled with the same denoiser --------------------

BETA_MIN, BETA_D, VP_EPS = 0.1, 19.9, 1e-3


def vp_sigma(t: float) -> float:
    """σ(t) of the VP-SDE, β(t) = β_min + β_d t (EDM Table 1, VP column)."""
    return math.sqrt(math.expm1(0.5 * BETA_D * t**2 + BETA_MIN * t))


def _vp_score(denoiser: Denoiser, x: torch.Tensor, t: float) -> torch.Tensor:
    """∇ log p_t(x) for the scaled variable x = s(t)(y + σ(t) n), s = 1/√(1 + σ²)."""
    sigma = vp_sigma(t)
    s = 1 / math.sqrt(1 + sigma**2)
    return (s * denoiser(x / s, torch.tensor(sigma, device=x.device)) - x) / (s * sigma) ** 2


@torch.no_grad()
def sample_vp(denoiser: Denoiser, n: int, *, steps: int = 1000, stochastic: bool = True,
              generator: torch.Generator | None = None) -> tuple[torch.Tensor, int]:
    """The VP-SDE's reverse SDE (Euler–Maruyama, Song et al. eq. 6) or its probability-flow ODE
    (Euler), on `steps` uniform steps of t from 1 to 10⁻³, starting from N(0, I)."""
    denoiser.eval()
    beta = lambda t: BETA_MIN + BETA_D * t  # noqa: E731
    ts = np.linspace(1.0, VP_EPS, steps + 1).tolist()
    x = draws.randn(n, denoiser.N, generator=generator, device=draws.device_of(denoiser))
    if stochastic:
        drift = lambda x, t: -0.5 * beta(t) * x - beta(t) * _vp_score(denoiser, x, t)  # noqa: E731
        return samplers.euler_maruyama(drift, lambda t: math.sqrt(beta(t)), x, ts, generator)
    drift = lambda x, t: -0.5 * beta(t) * (x + _vp_score(denoiser, x, t))  # noqa: E731
    return samplers.euler(drift, x, ts)
