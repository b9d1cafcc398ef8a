"""The Poisson field of data placed as charges on the z = 0 plane (PFGM, Sec. 3).

Data y ∈ R^N become points ỹ = (y, 0) of R^(N+1).  Their field at x̃ = (x, z) is

    E(x̃) = 1/S_N · Σ_i (x̃ − ỹ_i) / ‖x̃ − ỹ_i‖^(N+1)                    (PFGM eq. 3, empirical)

Its magnitude spans hundreds of decades in N = 64, so we work with the *weighted mean
displacement* Ē = Σ_i w_i (x̃ − ỹ_i), w = softmax(−(N+1) ln‖x̃ − ỹ_i‖): the field times
PFGM's c(x̃) = 1/Σ_i ‖x̃ − ỹ_i‖^−(N+1).  Same direction, finite size.  The network
regresses −√N·Ē/(‖Ē‖ + γ) (Sec. 3.2), which points towards the data.
"""
from __future__ import annotations

import numpy as np
import torch



def augment(x: torch.Tensor, z: torch.Tensor | float) -> torch.Tensor:
    """(B, N) data and z (scalar or (B,)) → (B, N+1) points x̃ = (x, z)."""
    z = torch.as_tensor(z, dtype=x.dtype, device=x.device).expand(len(x))
    return torch.cat([x, z[:, None]], dim=1)


def mean_displacement(points: torch.Tensor, charges: torch.Tensor) -> torch.Tensor:
    """Ē(x̃) = c(x̃)·E(x̃) for (B, N+1) points and charges on z = 0; (B, N+1).

    charges: (n, N) shared by all points, or (B, n, N), one set per point (a batch each).
    Ē = x̃ − Σ_i w_i ỹ_i, so only the (B, n) weights are needed, not the (B, n, N+1)
    displacements: squared distances come from one matrix product.
    """
    N = charges.shape[-1]
    x, z = points[:, :-1], points[:, -1:]
    shared = charges.dim() == 2
    cross = x @ charges.T if shared else torch.einsum("bd,bnd->bn", x, charges)
    dist2 = ((x**2).sum(1, keepdim=True) + z**2 - 2 * cross + (charges**2).sum(-1)).clamp_min(1e-30)
    weights = torch.softmax(-(N + 1) / 2 * torch.log(dist2), dim=1)
    pull = weights @ charges if shared else torch.einsum("bn,bnd->bd", weights, charges)
    return torch.cat([x - pull, z], dim=1)


def direct_field(points: torch.Tensor, charges: torch.Tensor) -> torch.Tensor:
    """E(x̃) by the plain sum of eq. 3 without 1/S_N (float64; for tests and small N)."""
    points, charges = points.double(), charges.double()
    N = charges.shape[1]
    diff = points[:, None, :] - augment(charges, 0.0)[None]
    return (diff / diff.norm(dim=-1, keepdim=True) ** (N + 1)).sum(1)


def normalized_field(points: torch.Tensor, charges: torch.Tensor, gamma: float) -> torch.Tensor:
    """PFGM's regression target −√N·Ē/(‖Ē‖ + γ) (Sec. 3.2); γ keeps it finite near the data."""
    N = charges.shape[1]
    e = mean_displacement(points, charges)
    return -(N**0.5) * e / (e.norm(dim=1, keepdim=True) + gamma)


def cosine(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Row-wise cosine similarity."""
    return torch.nn.functional.cosine_similarity(a, b, dim=1)


# --- field lines (the paper's Figure 1) -------------------------------------------------

def _upward_directions(n_per: int, n_charges: int, seed: int) -> torch.Tensor:
    """Stratified upward unit vectors in 3-D, n_per for each charge.

    Uniform solid angle on the upper half of S² is cos θ ~ U(0, 1), φ ~ U(0, 2π)
    (Archimedes).  A scrambled Sobol sequence, cut into consecutive blocks of n_per = 2^k,
    spreads each charge's lines evenly, so a uniformity test is not swamped by sampling noise.
    """
    from scipy.stats import qmc

    u, v = torch.as_tensor(qmc.Sobol(2, seed=seed).random(n_per * n_charges), device="cpu").T
    s = torch.sqrt(1 - u**2)
    return torch.stack([s * torch.cos(2 * np.pi * v), s * torch.sin(2 * np.pi * v), u], 1)


def trace_field_lines(charges: torch.Tensor, lines_per_charge: int, radii: list[float], *,
                      start: float = 1e-3, step: float = 0.05, seed: int = 0,
                      max_steps: int = 5000, n_paths: int = 40) -> dict:
    """Follow the field forward from 2-D data on the z = 0 plane of 3-D space.

    Equal charges emit equal flux, uniformly in angle close to each charge, so every charge
    starts `lines_per_charge` lines on a tiny upper half-sphere around it.  Each line follows
    dx̃/ds = E/‖E‖ (midpoint rule) with a step proportional to its distance from the
    nearest charge, and we record where it first crosses each hemisphere ‖x̃‖ = R centred on
    the origin.  Returns {"crossings": {R: (lines, 3)}, "paths": (n_paths, steps, 3)}, on the
    charges' device.
    """
    n, N = charges.shape
    if N != 2:
        raise ValueError(f"field lines are drawn for 2-D data (N = 2), got N = {N}")
    charges = charges.double()
    x = augment(charges, 0.0).repeat_interleave(lines_per_charge, 0)
    x = x + start * _upward_directions(lines_per_charge, n, seed).to(x.device)
    radii = sorted(radii)
    crossings = {R: torch.full_like(x, float("nan")) for R in radii}
    keep = torch.linspace(0, len(x) - 1, n_paths, device=x.device).long()
    paths = [x[keep].clone()]
    active = torch.ones(len(x), dtype=torch.bool, device=x.device)

    def direction(p):
        e = mean_displacement(p, charges)
        return e / e.norm(dim=1, keepdim=True)

    for _ in range(max_steps):
        if not active.any():
            break
        xa = x[active]
        nearest = torch.cdist(xa[:, :N], charges).min(1).values
        h = step * torch.sqrt(nearest**2 + xa[:, -1] ** 2)[:, None]
        new = xa + h * direction(xa + 0.5 * h * direction(xa))
        old_r, new_r = xa.norm(dim=1), new.norm(dim=1)
        idx = active.nonzero().squeeze(1)
        for R in radii:
            hit = (old_r < R) & (new_r >= R)
            frac = ((R - old_r[hit]) / (new_r[hit] - old_r[hit]))[:, None]
            crossings[R][idx[hit]] = xa[hit] + frac * (new[hit] - xa[hit])
        x[active] = new
        active = x.norm(dim=1) < radii[-1]
        paths.append(x[keep].clone())
    return {"crossings": {R: c.float() for R, c in crossings.items()},
            "paths": torch.stack(paths, 1).float()}


def hemisphere_ks(points: torch.Tensor) -> float:
    """Distance from uniform of points on a hemisphere in 3-D space (N = 2).

    Uniform on the upper half of S² means cos θ = z/R ~ U(0, 1) and the azimuth ~ U(0, 2π);
    we return the larger of the two one-sample Kolmogorov–Smirnov statistics.
    """
    from scipy import stats

    p = points[~torch.isnan(points).any(1)].double().cpu()
    cos_theta = (p[:, -1] / p.norm(dim=1)).numpy()
    phi = (torch.atan2(p[:, 1], p[:, 0]).numpy() + np.pi) / (2 * np.pi)
    return max(stats.kstest(cos_theta, "uniform").statistic, stats.kstest(phi, "uniform").statistic)
