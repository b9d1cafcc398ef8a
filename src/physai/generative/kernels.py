"""Radial perturbation kernels shared by PFGM (D = 1) and PFGM++ (any D).

PFGM++ (Xu et al. 2023, eq. 4) perturbs a datum y in N dimensions with the kernel

    p_r(x | y) ∝ 1 / (‖x − y‖² + r²)^((N + D) / 2),

whose radial part is p_r(R) ∝ R^(N−1) / (R² + r²)^((N + D)/2).  With u = R²/r² this is a
beta-prime law, so R = r·√(β/(1−β)) with β ~ Beta(N/2, D/2) (PFGM++ App. A; for D = 1 it is
PFGM's prior on the z = z_max hyperplane, PFGM App. A.4).  No clipping of β: clipping at
1 − 1e-3 would drop a large share of the D = 1 kernel's mass in high dimensions.

`perturb` draws the whole kernel (radius and direction) around data: PFGM++'s training
perturbation, which GenPhys's Yukawa model uses too as its m = 0 (Poisson) case.
"""
from __future__ import annotations

import math

import numpy as np
import torch
from scipy import stats

from . import draws


def _numpy_rng(generator: torch.Generator | None) -> np.random.Generator:
    """A numpy generator seeded from `generator` (torch cannot draw Beta with one)."""
    seed = draws.randint(2**62, (1,), generator=generator).item()
    return np.random.default_rng(seed)


def uniform_directions(n: int, N: int, generator: torch.Generator | None = None,
                       dtype: torch.dtype = torch.float32, device="cpu") -> torch.Tensor:
    """n unit vectors uniform on the sphere S^(N−1) (normalised Gaussians), on `device`."""
    g = draws.randn(n, N, generator=generator, dtype=dtype, device=device)
    return g / g.norm(dim=1, keepdim=True)


def sample_radius(n: int, N: int, D: float, r: float | torch.Tensor,
                  generator: torch.Generator | None = None, device=None) -> torch.Tensor:
    """Radii R ~ p_r(R) ∝ R^(N−1)/(R² + r²)^((N+D)/2); D = inf gives the Gaussian's χ_N·r/√D limit.

    `r` may be a scalar or a tensor of n radii (one per draw).  For D = inf the caller's
    r = σ√D is infinite too, so we take r to mean σ there: R = σ·χ_N.  The radii are on
    `device`, by default r's (the CPU for a number).
    """
    device = device if device is not None else (r.device if isinstance(r, torch.Tensor) else "cpu")
    rng = _numpy_rng(generator)
    if math.isinf(D):
        u = np.sqrt(rng.chisquare(N, size=n))
    else:
        beta = rng.beta(N / 2, D / 2, size=n)
        u = np.sqrt(beta / (1 - beta))
    return (torch.as_tensor(u, dtype=torch.float32, device=device)
            * torch.as_tensor(r, dtype=torch.float32, device=device))


def radial_cdf(R: np.ndarray, N: int, D: float, r: float) -> np.ndarray:
    """Analytic CDF of the kernel's radius (beta-prime in u = R²/r²); D = inf: χ_N with scale r."""
    R = np.asarray(R, dtype=float)
    if math.isinf(D):
        return stats.chi.cdf(R / r, N)
    return stats.betaprime.cdf((R / r) ** 2, N / 2, D / 2)


def radial_pdf(R: np.ndarray, N: int, D: float, r: float) -> np.ndarray:
    """Analytic density of the kernel's radius (for plots)."""
    R = np.asarray(R, dtype=float)
    if math.isinf(D):
        return stats.chi.pdf(R / r, N) / r
    return stats.betaprime.pdf((R / r) ** 2, N / 2, D / 2) * 2 * R / r**2


def perturb(x: torch.Tensor, sigma: float | torch.Tensor, D: float,
            generator: torch.Generator | None = None) -> torch.Tensor:
    """PFGM++ perturbed samples around the rows of x (B, N), r = σ√D; D = inf is N(x, σ²I).

    The radius is drawn exactly, R = r·√(β/(1−β)), β ~ Beta(N/2, D/2) (no clip of β), and
    the direction uniformly; σ may be one value or one per row.  The draws land on x's device.
    """
    n, N = x.shape
    if not D > 0:
        raise ValueError(f"D (the number of augmented dimensions) must be > 0 or math.inf, got {D}")
    sigma = torch.as_tensor(sigma, dtype=torch.float32, device=x.device).expand(n)
    if not (torch.isfinite(sigma) & (sigma >= 0)).all():
        raise ValueError("sigma must be finite and ≥ 0 (a noise level), got "
                         f"{sigma[~(torch.isfinite(sigma) & (sigma >= 0))][:3].tolist()}")
    if math.isinf(D):
        return x + draws.randn(x.shape, generator=generator, device=x.device) * sigma[:, None]
    R = sample_radius(n, N, D, sigma * math.sqrt(D), generator)
    return x + uniform_directions(n, N, generator, device=x.device) * R[:, None]
