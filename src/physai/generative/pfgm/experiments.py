"""Notebook 07's experiments: field lines, the batch field, training and quality vs NFE.

Each function is one figure's or one table's worth of work; the notebook calls them.  The
train → sample → score loop itself (`fit_with_ema`, `quality_table`) is shared with
GenPhys's Yukawa models and lives in physai.generative.pipeline.
"""
from __future__ import annotations

import math

import pandas as pd
import torch
from sklearn.datasets import make_moons

from .. import draws, edm, field
from ..data import ImageData
from ..pipeline import Trained, fit_with_ema
from . import model as pfgm


# --- claim 1: the field carries the data to a uniform hemisphere -----------------------

def field_line_demo(n_charges: int, lines_per_charge: int, radii: list[float], seed: int = 0, device="cpu"):
    """2-D two-moons data as charges (on `device`); lines traced to hemispheres; KS distance from uniform per R."""
    x, _ = make_moons(n_charges, noise=0.05, random_state=seed)
    charges = torch.tensor(x, dtype=torch.float32, device=device)
    traced = field.trace_field_lines(charges, lines_per_charge, radii, seed=seed)
    ks = pd.DataFrame({"R": radii, "ks": [field.hemisphere_ks(traced["crossings"][R]) for R in radii]})
    return charges, traced, ks


# --- claim 2: a batch's field points where the whole data set's does -------------------

def batch_field_cosine(y: torch.Tensor, hyper: pfgm.Hyper, batch_sizes: list[int], n_points: int,
                       m_values: list[float], seed: int = 0) -> pd.DataFrame:
    """Cosine between the field of a random batch and of all of y, at points perturbed from y.

    Points are perturbed with a fixed m (radius ∝ (1+τ)^m); as in the original, the batch
    always contains the datum the point was perturbed from.
    """
    g = torch.Generator().manual_seed(seed)
    rows = []
    for m in m_values:
        idx = draws.randint(len(y), (n_points,), generator=g, device=y.device)
        h = pfgm.Hyper(M=0, z_max=hyper.z_max, upper_norm=hyper.upper_norm, sigma=hyper.sigma * (1 + hyper.tau) ** m,
                       tau=hyper.tau)
        points = pfgm.perturb(y[idx], h, restrict_M=False, generator=g)
        full = field.mean_displacement(points, y)
        for n in batch_sizes:
            others = draws.randint(len(y), (n_points, n - 1), generator=g, device=y.device)
            batches = y[torch.cat([idx[:, None], others], dim=1)]  # (points, n, N)
            cos = field.cosine(field.mean_displacement(points, batches), full)
            rows.append({"m": m, "radius": float(points.norm(dim=1).median()), "batch": n,
                         "cosine": float(cos.mean()), "cosine_p10": float(cos.quantile(0.1))})
    return pd.DataFrame(rows)


# --- claims 3–4: train PFGM and the diffusion baseline on the same budget --------------

def train_pfgm(d: ImageData, cfg, seed: int = 0) -> tuple[Trained, pfgm.Hyper]:
    """PFGM with the original's objective; the whole training set is the 'large batch'.

    The net is initialised on the CPU (the same weights on every device) and trained on the
    data's device."""
    torch.manual_seed(seed)
    hyper = pfgm.hyperparameters(d.data_norm, d.dim, cfg.sigma, cfg.tau)
    with torch.device("cpu"):
        net = pfgm.PFGMNet(d.dim, cfg.width, cfg.depth, sigma_data=float(d.train.std()))
    g = torch.Generator().manual_seed(seed)
    return fit_with_ema(net, lambda m, b: pfgm.loss(m, b[0], d.train, hyper, cfg.gamma, g), d.train, cfg, "PFGM"), hyper


def train_diffusion(d: ImageData, cfg, seed: int = 0) -> Trained:
    """The EDM denoiser, same network body, steps, batch and optimiser as PFGM (and, like it,
    initialised on the CPU and trained on the data's device)."""
    torch.manual_seed(seed)
    with torch.device("cpu"):
        net = edm.Denoiser(d.dim, cfg.width, cfg.depth, sigma_data=float(d.train.std()))
    g = torch.Generator().manual_seed(seed)
    return fit_with_ema(net, lambda m, b: edm.loss(m, b[0], generator=g), d.train, cfg, "diffusion")


def nfe_to_reach(table: pd.DataFrame, method: str, fd: float) -> float:
    """Fewest NFE at which `method` scores FD ≤ fd in the table (inf if never)."""
    hit = table[(table.method == method) & (table.fd <= fd)]
    return float(hit.nfe.min()) if len(hit) else math.inf


def sampler_runs(pfgm_net, hyper: pfgm.Hyper, denoiser, cfg, n: int, seed: int = 0) -> list:
    """The quality-vs-NFE grid: PFGM (Euler, Heun in ln z; RK45), EDM (Euler, Heun), VP-ODE, VP-SDE."""
    g = lambda: torch.Generator().manual_seed(seed)  # noqa: E731  same prior draws for every sampler
    runs = []
    for steps in cfg.ode_steps:
        for solver in ("euler", "heun"):
            runs.append(("PFGM", solver.capitalize(), lambda s=steps, v=solver: pfgm.sample(
                pfgm_net, n, hyper, solver=v, steps=s, gamma=cfg.gamma, z_min=cfg.z_min, generator=g())))
            runs.append(("EDM", solver.capitalize(), lambda s=steps, v=solver: edm.sample(
                denoiser, n, steps=s, solver=v, generator=g())))
        runs.append(("VP-ODE", "Euler", lambda s=steps: edm.sample_vp(denoiser, n, steps=s, stochastic=False,
                                                                     generator=g())))
    for steps in cfg.sde_steps:
        runs.append(("VP-SDE", "Euler–Maruyama", lambda s=steps: edm.sample_vp(denoiser, n, steps=s, generator=g())))
    runs.append(("PFGM", "RK45", lambda: pfgm.sample(pfgm_net, n, hyper, solver="rk45", gamma=cfg.gamma,
                                                     z_min=cfg.z_min, z_exp=cfg.z_exp, rtol=cfg.rk45_tol,
                                                     max_nfe=cfg.rk45_max_nfe, generator=g())))
    return runs
