"""Notebook 09's experiments: the verdict table as a frame, and the Yukawa model's runs.

The Yukawa models train and are scored with the loop notebook 07 uses for PFGM
(physai.generative.pipeline: `fit_with_ema`, `quality_table`)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import sympy as sp
import torch
from sklearn.datasets import make_moons

from .. import metrics
from ..data import ImageData
from ..pipeline import Trained, fit_with_ema, quality_table
from . import dispersion, yukawa


def verdict_frame() -> pd.DataFrame:
    """One row per process: the PDE, its branches ω(k), the verdict, the paper's verdict."""
    rows = []
    for a, (_, pde, values, paper) in zip(dispersion.verdict_table(), dispersion.PROCESSES):
        rows.append({"process": a.name, "PDE (= 0)": str(pde).replace("Derivative", "D"),
                     "ω(k)": ", ".join(str(sp.simplify(b)) for b in a.branches),
                     "parameters": ", ".join(f"{s} = {v:g}" for s, v in values.items()) or "—",
                     "verdict": a.verdict, "paper": paper, "density flow": a.density_flow,
                     "region": "" if a.region is None else f"k ∈ [{a.region[0]:.2f}, {a.region[1]:.2f}]"})
    return pd.DataFrame(rows)


def moons(n: int, seed: int = 0, device="cpu") -> torch.Tensor:
    """n standardised two-moons points, on `device`."""
    x, _ = make_moons(n, noise=0.06, random_state=seed)
    return torch.tensor((x - x.mean(0)) / x.std(0), dtype=torch.float32, device=device)


def train_yukawa(y: torch.Tensor, m: float, width: int, cfg, seed: int = 0) -> Trained:
    """A Yukawa denoiser on y with EMA (notebook 07's loop), initialised on the CPU and trained on y's device."""
    torch.manual_seed(seed)
    with torch.device("cpu"):
        den = yukawa.Denoiser(y.shape[1], m, width, cfg.depth, sigma_data=float(y.std()),
                              data_ms=float((y**2).mean()))
    g = torch.Generator().manual_seed(seed)
    return fit_with_ema(den, lambda net, b: yukawa.loss(net, b[0], g), y, cfg, f"Yukawa m={m:g}")


def digits_quality(models: dict[float, Trained], d: ImageData, features: metrics.ClassifierFeatures, cfg,
                   seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """Sample each mass's model (Heun from cfg.z_max) and score it as notebook 07 scores PFGM.

    Returns one row per mass (NFE, FD, sliced W1, the smallest class share) and the samples by m.
    """
    runs = [(m, "Heun", lambda m=m, net=t.model: yukawa.sample(
        net, cfg.n_samples, cfg.z_max, m, steps=cfg.sample_steps, generator=torch.Generator().manual_seed(seed)))
            for m, t in models.items()]
    table, samples = quality_table(runs, d, features)
    samples = {m: x for (m, _, _), x in samples.items()}
    smallest = [metrics.class_shares(features.predict(x)).min() if bool(torch.isfinite(x).all()) else np.nan
                for x in samples.values()]
    table = table.rename(columns={"method": "m"}).drop(columns="sampler")
    table.insert(1, "m·z_max", table.m * cfg.z_max)
    table.insert(2, "train s", [round(t.seconds) for t in models.values()])
    return table.assign(**{"smallest class": smallest}), samples


def trajectory(den, n: int, z_max: float, m: float, steps: int, seed: int = 0) -> tuple[list[float], list]:
    """Snapshots of the backward flow: the z before each Heun step, then the end (z = 0)."""
    zs, xs = [], []

    def record(x, z):
        zs.append(z)
        xs.append(x.clone())
        return x

    x, _ = yukawa.sample(den, n, z_max, m, steps=steps, perturb_step=record,
                         generator=torch.Generator().manual_seed(seed))
    return zs + [0.0], xs + [x]


def posterior_balance(train_x: torch.Tensor, train_labels: np.ndarray, masses: list[float], z_max: float,
                      n: int, steps: int, features: metrics.ClassifierFeatures, seed: int = 0) -> pd.DataFrame:
    """Follow field lines with the exact posterior (no network): are the classes still balanced?

    Dropping the sink term is harmless if the flow still delivers every part of the data in
    proportion; the total-variation distance between the samples' class shares and the
    data's measures how far it is from that.
    """
    data_shares = metrics.class_shares(train_labels)
    rows = []
    for m in masses:
        x, nfe = yukawa.sample(lambda x, z: yukawa.posterior_mean(x, float(z), m, train_x), n, z_max, m,
                               steps=steps, N=train_x.shape[1], generator=torch.Generator().manual_seed(seed),
                               device=train_x.device)
        shares = metrics.class_shares(features.predict(x))
        rows.append({"m": m, "m·z_max": m * z_max, "nfe": nfe, "tv": 0.5 * float(np.abs(shares - data_shares).sum()),
                     "largest class": float(shares.max()), "smallest class": float(shares.min())})
    return pd.DataFrame(rows)


def posterior_toy_sweep(toy: torch.Tensor, masses: list[float], z_max: float, n_data: int, n: int,
                        steps: int, seed: int = 0) -> pd.DataFrame:
    """2-D: the exact-posterior field-line flow (no network) at several m; sliced W1 to the data."""
    ref = toy[:n_data]
    rows = []
    for m in masses:
        x, _ = yukawa.sample(lambda x, z: yukawa.posterior_mean(x, float(z), m, ref), n, z_max, m, steps=steps,
                             N=toy.shape[1], generator=torch.Generator().manual_seed(seed), device=toy.device)
        rows.append({"m": m, "m·z_max": m * z_max, "sliced W1": metrics.sliced_wasserstein(x, toy)})
    return pd.DataFrame(rows)
