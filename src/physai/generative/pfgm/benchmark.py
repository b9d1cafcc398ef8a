"""A solver benchmark with no network in it (audit #23): PFGM on the exact empirical field,
the diffusion samplers on the exact denoiser of the same data.

Both are what the networks are trained to regress — the field of the whole training set,
and the posterior mean E[y | x] under the empirical distribution — so the samplers run on
them carry no model error and a difference between samplers is the discretisation's.
Their converged output is the training set itself (a copy of a training digit per sample),
whose Fréchet distance to the held-out digits is the floor at that sample size.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import torch
from torch import nn

from .. import draws, edm, metrics
from . import model as pfgm


class EmpiricalDenoiser(nn.Module):
    """D(x; σ) = Σ_i softmax_i(−‖x − y_i‖²/2σ²) y_i, the exact denoiser of the data y (EDM's interface)."""

    def __init__(self, data: torch.Tensor, sigma_data: float = 0.5):
        super().__init__()
        self.register_buffer("data", data)
        self.N, self.sigma_data = data.shape[1], sigma_data

    def forward(self, x: torch.Tensor, sigma) -> torch.Tensor:
        sigma = torch.as_tensor(sigma, dtype=x.dtype, device=x.device).reshape(-1)[:1]
        d2 = ((x**2).sum(1, keepdim=True) - 2 * x @ self.data.T + (self.data**2).sum(1)).clamp_min(0)
        return torch.softmax(-d2 / (2 * sigma**2), dim=1) @ self.data


def solver_runs(y: torch.Tensor, hyper: pfgm.Hyper, cfg, n: int, seed: int) -> list:
    """(method, sampler, run) for every sampler on the exact field/denoiser of y, one prior seed.

    PFGM: Euler and Heun with the original's Δz rule (z_exp applied), and RK45; EDM: Euler and
    Heun; the VP-ODE (Euler) and the VP-SDE (Euler–Maruyama, `sample_vp_coupled`: one prior draw and
    one fine Brownian path per seed for every step count), on the profile's benchmark grids.
    """
    field = pfgm.EmpiricalField(y, cfg.gamma)
    den = EmpiricalDenoiser(y)
    g = lambda: torch.Generator().manual_seed(seed)  # noqa: E731
    common = dict(gamma=cfg.gamma, z_min=cfg.z_min, z_exp=cfg.z_exp)
    runs = []
    for steps in cfg.bench_ode_steps:
        for solver in ("euler", "heun"):
            runs.append(("PFGM", solver.capitalize(),
                         lambda s=steps, v=solver: pfgm.sample(field, n, hyper, solver=v, steps=s, **common,
                                                               generator=g())))
            runs.append(("EDM", solver.capitalize(),
                         lambda s=steps, v=solver: edm.sample(den, n, steps=s, solver=v, generator=g())))
        runs.append(("VP-ODE", "Euler", lambda s=steps: edm.sample_vp(den, n, steps=s, stochastic=False,
                                                                     generator=g())))
    fine = max(cfg.bench_sde_steps)  # round 6: every SDE run on one fine Brownian path, shared with its reference
    for steps in cfg.bench_sde_steps:
        runs.append(("VP-SDE", "Euler–Maruyama", lambda s=steps: sample_vp_coupled(den, n, s, fine, generator=g())))
    runs.append(("PFGM", "RK45", lambda: pfgm.sample(field, n, hyper, solver="rk45", rtol=cfg.rk45_tol,
                                                     max_nfe=cfg.rk45_max_nfe, **common, generator=g())))
    return runs


def brownian_increments(steps: int, fine: int, shape: tuple, generator: torch.Generator,
                        device="cpu") -> torch.Tensor:
    """Increments ΔW of one Brownian path over `steps` uniform steps of t ∈ [1, ε], each the sum of the
    fine grid's (`fine` steps) increments √Δt_fine·ξ_j over it, ξ_j drawn in order from `generator`, one
    draw of `shape` per fine step.
    Only the first steps − 1 are returned: Euler–Maruyama's last step adds no noise (as the core's)."""
    if fine % steps:
        raise ValueError(f"{steps} steps do not divide the fine grid of {fine}")
    m, dt = fine // steps, (1.0 - edm.VP_EPS) / fine
    # one draw per fine step, in order (as the core's Euler–Maruyama draws them): a single batched draw
    # would not be a prefix of the fine run's, since torch's normal sampler depends on the tensor's size
    xi = torch.stack([draws.randn(*shape, generator=generator, device=device) for _ in range((steps - 1) * m)])
    return math.sqrt(dt) * xi.reshape(steps - 1, m, *shape).sum(1)


@torch.no_grad()
def sample_vp_coupled(denoiser: nn.Module, n: int, steps: int, fine: int = 1000,
                      generator: torch.Generator | None = None) -> tuple[torch.Tensor, int]:
    """The reverse VP-SDE (Song et al. eq. 6; Euler–Maruyama, uniform steps in t from 1 to ε, as
    `edm.sample_vp`) driven by the Brownian path of a `fine`-step run: the prior draw comes first
    from `generator`, then the fine increments, and each coarse step adds g(t)·(sum of the fine
    increments it spans).  Run at `fine` steps this is the fine reference itself; at fewer steps it is
    its discretisation on the same path and prior draw (the coupling PFGM's ODE runs have by sharing
    their prior draw with RK45).  Needs steps | fine."""
    denoiser.eval()
    dev = draws.device_of(denoiser)
    beta = lambda t: edm.BETA_MIN + edm.BETA_D * t  # noqa: E731
    x = draws.randn(n, denoiser.N, generator=generator, device=dev)
    dw = brownian_increments(steps, fine, (n, denoiser.N), generator, device=dev)
    ts = np.linspace(1.0, edm.VP_EPS, steps + 1).tolist()
    for i, (t, t_next) in enumerate(zip(ts[:-1], ts[1:])):
        x = x + (t_next - t) * (-0.5 * beta(t) * x - beta(t) * edm._vp_score(denoiser, x, t))
        if i < steps - 1:
            x = x + math.sqrt(beta(t)) * dw[i]
    return x, steps


def nfe_to_reach(curve: pd.DataFrame, fd: float) -> float:
    """Fewest NFE at which a sampler's FD-vs-NFE curve first reaches `fd` (inf if never).

    Between the grid point before the crossing and the first at or below it, NFE is
    interpolated linearly in log NFE against log FD; a curve already below at its first
    point reaches it there.
    """
    c = curve.sort_values("nfe")
    nfe, val = c.nfe.to_numpy(float), c.fd.to_numpy(float)
    for i in range(len(c)):
        if val[i] <= fd:
            if i == 0 or not math.isfinite(val[i - 1]):
                return float(nfe[i])
            a, b = math.log(val[i - 1]), math.log(val[i])
            w = (a - math.log(fd)) / (a - b) if a != b else 1.0
            return float(math.exp(math.log(nfe[i - 1]) + w * (math.log(nfe[i]) - math.log(nfe[i - 1]))))
    return math.inf


def speedup(table: pd.DataFrame, margin: float = 1.1, target: float | None = None) -> dict:
    """One seed's speed-up of PFGM over the VP-SDE: NFE for each to reach `target` (the registry's
    rule for `speed-vs-sde`: the converged exact level); without one, `margin` × the VP-SDE's lowest
    FD (the rule of rounds 1–2).  Neither reaching it gives NaN."""
    sde = table[table.method == "VP-SDE"]
    target = margin * float(sde.fd.min()) if target is None else float(target)
    n_sde = nfe_to_reach(sde, target)
    pf = table[table.method == "PFGM"]
    candidates = {s: nfe_to_reach(pf[pf.sampler == s], target) for s in ("Euler", "Heun")}
    rk = pf[pf.sampler == "RK45"]
    candidates["RK45"] = float(rk.nfe.iloc[0]) if len(rk) and float(rk.fd.iloc[0]) <= target else math.inf
    best = min(candidates, key=candidates.get)
    n_pf = candidates[best]
    ratio = math.nan if not (math.isfinite(n_pf) or math.isfinite(n_sde)) else n_sde / n_pf if math.isfinite(n_pf) else 0.0
    return {"target": target, "nfe_sde": n_sde, "nfe_pfgm": n_pf, "pfgm_sampler": best, "speedup": ratio}


def degradation(table: pd.DataFrame, steps: list[int], largest: int) -> pd.DataFrame:
    """Euler FD at each of `steps` minus the sampler's own converged FD, per seed, for PFGM and the VP-ODE.

    PFGM's converged FD is its RK45 solve's; the VP-ODE's its Euler FD at `largest` steps (the
    benchmark's largest).  Rows (steps, seed), columns PFGM and VP-ODE.
    """
    euler = table[table.sampler == "Euler"].pivot_table(index=["nfe", "seed"], columns="method", values="fd")
    conv = {"PFGM": table[(table.method == "PFGM") & (table.sampler == "RK45")].set_index("seed").fd,
            "VP-ODE": euler.loc[largest, "VP-ODE"]}
    out = {m: pd.concat({k: euler.loc[k, m] - conv[m] for k in steps}, names=["nfe"]) for m in ("PFGM", "VP-ODE")}
    return pd.DataFrame(out)


def same_digit(x: torch.Tensor, reference: torch.Tensor, train: torch.Tensor) -> float:
    """Fraction of samples whose nearest training digit is that of the reference sample from the same prior draw."""
    a = torch.cdist(x.double(), train.double()).argmin(1)
    b = torch.cdist(reference.double(), train.double()).argmin(1)
    return float((a == b).double().mean())


def coverage_ratio(points, reference, fresh) -> float:
    """median NN distance (reference → points) / median NN distance (reference → fresh).

    `fresh` is an independent sample of the same density, of the same size as `points`:
    about 1 for points drawn from the density, large when they collapse onto a few places.
    """
    return float(np.median(metrics.nearest_distance(reference, points))
                 / np.median(metrics.nearest_distance(reference, fresh)))


# --- round 5: each sampler against its own converged output, per seed ---------------------

CONVERGED = {"PFGM": ("RK45", None), "VP-SDE": ("Euler–Maruyama", "sde"), "VP-ODE": ("Euler", "ode"),
             "EDM": ("Heun", "ode")}


def converged_key(table: pd.DataFrame, method: str) -> tuple:
    """(method, sampler, NFE) of `method`'s converged run in one seed's table: PFGM's RK45 solve, every
    other sampler at its largest NFE on the grid (VP-SDE 1000 steps, VP-ODE Euler and EDM Heun at the
    largest ODE step count)."""
    sampler = CONVERGED[method][0]
    rows = table[(table.method == method) & (table.sampler == sampler)]
    return method, sampler, int(rows.nfe.max())


def fd_to_own(table: pd.DataFrame, samples: dict, features: metrics.ClassifierFeatures) -> pd.Series:
    """FD of every run's samples to its own method's converged samples (`converged_key`), same prior seed.

    One seed's table and samples (as `pipeline.quality_table` returns them).  For the ODE samplers
    the two sets start from the same prior draws, so this is the discretisation error alone; for the
    VP-SDE the two runs draw their own noise, so at convergence it is the FD of two independent samples
    of the same distribution (`independent_fd`)."""
    ref = {m: samples[converged_key(table, m)] for m in CONVERGED if (table.method == m).any()}
    out = [features.frechet(samples[r.method, r.sampler, r.nfe], ref[r.method])
           if r.method in ref and bool(torch.isfinite(samples[r.method, r.sampler, r.nfe]).all()) else math.nan
           for r in table.itertuples()]
    return pd.Series(out, index=table.index, name="fd_own")


def independent_fd(features: metrics.ClassifierFeatures, y: torch.Tensor, n: int, draws: int = 10,
                   seed: int = 0) -> tuple[float, float]:
    """Mean and sd of the FD between two independent draws of n training digits (with replacement): two
    independent outputs of a converged exact sampler — the sampling noise of `fd_to_own` at size n."""
    rng = np.random.default_rng(seed)
    y = y.detach().cpu()
    vals = [features.frechet(y[rng.choice(len(y), n)], y[rng.choice(len(y), n)]) for _ in range(draws)]
    return float(np.mean(vals)), float(np.std(vals, ddof=1))


def nfe_within(table: pd.DataFrame, method: str, samplers: tuple, level: float) -> tuple[float, str]:
    """Fewest NFE at which `method` (best of `samplers`) comes within `level` of its own converged output
    (column fd_own, the converged run itself left out, crossings interpolated as `nfe_to_reach`); if no
    coarser run does, the converged run's NFE.  Returns (NFE, sampler)."""
    key = converged_key(table, method)
    best = (float(key[2]), key[1])
    for s in samplers:
        c = table[(table.method == method) & (table.sampler == s) & ~((table.sampler == key[1]) & (table.nfe == key[2]))]
        if len(c):
            n = nfe_to_reach(pd.DataFrame({"nfe": c.nfe, "fd": c.fd_own.clip(lower=1e-9)}), level)
            best = min(best, (n, s))
    return best


def speedup_own(table: pd.DataFrame, level: float) -> dict:
    """`speed-vs-sde` (round 5), one seed: NFE for PFGM (best of Euler, Heun; RK45 itself if neither) and
    for the VP-SDE to come within `level` (FD) of their own converged output; speed-up = SDE / PFGM."""
    n_pf, s_pf = nfe_within(table, "PFGM", ("Euler", "Heun"), level)
    n_sde, _ = nfe_within(table, "VP-SDE", ("Euler–Maruyama",), level)
    return {"level": level, "nfe_sde": n_sde, "nfe_pfgm": n_pf, "pfgm_sampler": s_pf, "speedup": n_sde / n_pf}


def euler_own(table: pd.DataFrame, steps: list[int]) -> pd.DataFrame:
    """`euler-vs-vp-ode` (round 5): FD of PFGM's and the VP-ODE's Euler output at each of `steps` to their
    own converged output (PFGM: RK45; VP-ODE: Euler at the largest step count), rows (nfe, seed)."""
    e = table[(table.sampler == "Euler") & table.method.isin(["PFGM", "VP-ODE"]) & table.nfe.isin(steps)]
    return e.pivot_table(index=["nfe", "seed"], columns="method", values="fd_own")
