"""Notebook 08's experiments: the kernel family, one batched training run for every D, and
sample quality under the paper's three perturbations (injected noise, weight quantisation,
fewer steps)."""
from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import torch
from scipy import stats
from tqdm import tqdm

from ...batched import BatchedConfig, BatchedModels, train_batched
from ...runtime import progress_enabled
from ...train import minibatches
from .. import draws, edm, kernels, metrics
from ..data import ImageData
from ...train import EMA
from . import model as pfgmpp


def kernel_checks(N: int, Ds: list[float], sigma: float, n_draws: int, seed: int = 0) -> pd.DataFrame:
    """Per D: KS test of sampled radii against the analytic law, and the sup-distance of the
    law (r = σ√D) from the Gaussian's χ_N law, computed on a grid."""
    g = torch.Generator().manual_seed(seed)
    grid = np.linspace(1e-3, 4 * sigma * math.sqrt(N), 2000)
    gauss = kernels.radial_cdf(grid, N, math.inf, sigma)
    rows = []
    for D in Ds:
        r = sigma if math.isinf(D) else sigma * math.sqrt(D)
        R = pfgmpp.perturb(torch.zeros(n_draws, N, device="cpu"), sigma, D, g).norm(dim=1).numpy()
        ks = stats.kstest(R, lambda x: kernels.radial_cdf(x, N, D, r))
        rows.append({"N": N, "D": D, "ks": ks.statistic, "p": ks.pvalue,
                     "gauss_distance": float(np.abs(kernels.radial_cdf(grid, N, D, r) - gauss).max())})
    return pd.DataFrame(rows)


def train_family(d: ImageData, Ds: list[float], seeds: list[int], cfg,
                 ablations: tuple = ()) -> tuple[dict, pd.DataFrame, float]:
    """One EDM denoiser per (D, seed), all trained at once as a batched model.

    Every model sees the same minibatch and the same σ draws each step; only its kernel
    (and its initial weights, per seed) differ, so quality differences are D's doing.  The
    perturbation is the original's (β clipped at cfg.beta_clip, `model.training_perturb`);
    with cfg.kernel_precondition each model is preconditioned, and its loss weighted, at its
    kernel's spread σ·√k (`model.KernelDenoiser`), else at σ as the original does.
    `ablations`: extra runs (name, D, seed, clip, precondition at the kernel?[, target]) trained
    in the same batch, keyed by name; target "field" regresses PFGM's target, the posterior
    mean over the whole training set (`model.posterior_mean`), instead of the clean datum.
    Returns ({(D, seed) or name: EMA denoiser}, history (columns D, seed, run), seconds).
    """
    clip = getattr(cfg, "beta_clip", pfgmpp.BETA_CLIP)
    matched = getattr(cfg, "kernel_precondition", True)
    runs = [((D, s), D, s, clip, matched, "data") for D in Ds for s in seeds]
    runs += [(*a[:5], a[5] if len(a) > 5 else "data") for a in ablations]
    sigma_data = float(d.train.std())
    ks = [float(pfgmpp.variance_factor(D, d.dim, c)) if m else 1.0 for _, D, _, c, m, _ in runs]
    order = iter(ks)
    with torch.device("cpu"):  # initial weights made on the CPU (the same on every device), then moved
        models = BatchedModels.build(
            lambda: pfgmpp.KernelDenoiser(d.dim, cfg.width, cfg.depth, sigma_data, next(order)),
            seeds=[run[2] for run in runs], device=d.train.device)
    ema = EMA(models, cfg.ema)
    g = torch.Generator().manual_seed(cfg.data_seed)  # the minibatches, then each step's σ and noise
    batches = minibatches((d.train,), cfg.batch_size, g)

    def batch(step):
        (y,) = next(batches)
        sigma = edm.sample_sigma(cfg.batch_size, g, y.device)
        noise = torch.stack([pfgmpp.training_perturb(y, sigma, D, g, c) - y for _, D, _, c, _, _ in runs])
        spread = torch.stack([sigma * math.sqrt(k) for k in ks])
        target = torch.stack([y if run[5] == "data" else pfgmpp.posterior_mean(y + n, sigma, d.train, run[1])
                              for run, n in zip(runs, noise)])
        K = len(runs)
        return y.expand(K, *y.shape), noise, sigma.expand(K, -1), spread, target

    def loss(model, b):
        y, n, sigma, spread, target = b
        return edm.weighted_loss(model(y + n, sigma), target, spread, sigma_data)

    start = time.perf_counter()
    history = train_batched(models, loss, batch, BatchedConfig(cfg.steps, "adam", max(cfg.steps // 40, 1)),
                            lr=cfg.lr, per_model_data=True, callback=lambda step, m: ema.update(m),
                            desc="PFGM++ family")
    seconds = time.perf_counter() - start
    history["D"] = [runs[k][1] for k in history.model]
    history["seed"] = [runs[k][2] for k in history.model]
    history["run"] = [runs[k][0] if isinstance(runs[k][0], str) else "" for k in history.model]
    return {run[0]: ema.model.unstack(k).eval() for k, run in enumerate(runs)}, history, seconds


OOR_TOL = 1 / 16  # half a grey level of the 8×8 digits (notebook 07's tolerance)


def robustness(denoisers: dict, d: ImageData, features: metrics.ClassifierFeatures, cfg,
               seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """FD of every (D, seed) model under each perturbation; the samples of the clean runs.

    Perturbations (PFGM++ Sec. 5.3): none (Heun, cfg.steps_clean steps); injected noise
    α·σ·n before every step; the scale control α·σ·√k·n (the same size relative to each
    kernel's spread σ√k); weights rounded to `bits`; fewer Heun steps.  out_of_range ignores
    excursions within half a grey level (1/16), as notebook 07.
    """
    settings = ([("none", 0)] + [("noise α", a) for a in cfg.alphas]
                + [("noise α·√k", a) for a in getattr(cfg, "relative_alphas", [])]
                + [("weight bits", b) for b in cfg.bits]
                + [("NFE", 2 * s - 1) for s in cfg.few_steps])
    rows, clean = [], {}
    family = {key: den for key, den in denoisers.items() if isinstance(key, tuple)}
    for (D, s), den in tqdm(family.items(), desc="samplers", disable=not progress_enabled()):
        for kind, level in settings:
            net, steps, alpha = den, cfg.steps_clean, 0.0
            if kind == "noise α":
                alpha = level
            elif kind == "noise α·√k":
                alpha = level * math.sqrt(pfgmpp.variance_factor(D, d.dim, getattr(cfg, "beta_clip", pfgmpp.BETA_CLIP)))
            elif kind == "weight bits":
                net = pfgmpp.quantize_weights(den, level)
            elif kind == "NFE":
                steps = (level + 1) // 2
            x, nfe = pfgmpp.sample(net, cfg.n_samples, D, steps=steps, alpha=alpha,
                                   generator=torch.Generator().manual_seed(seed))
            ok = bool(torch.isfinite(x).all())
            rows.append({"D": D, "seed": s, "perturbation": kind, "level": level, "nfe": nfe,
                         "fd": features.frechet(x, d.test) if ok else math.nan,
                         "out_of_range": metrics.out_of_range(x, tol=OOR_TOL) if ok else math.nan})
            if kind == "none":
                clean[D, s] = x
    return pd.DataFrame(rows), clean


def d_label(D: float) -> str:
    return "∞" if math.isinf(D) else str(int(D))


def ordering(table: pd.DataFrame, kind: str, level, small: float, large: float = math.inf) -> tuple[float, float]:
    """Mean FD over seeds of D = small and D = large under one perturbation setting."""
    t = table[(table.perturbation == kind) & (table.level == level)]
    return float(t[t.D == small].fd.mean()), float(t[t.D == large].fd.mean())


def degradation(table: pd.DataFrame) -> pd.DataFrame:
    """The table with `clean` (the same model's unperturbed FD) and `delta` = fd − clean."""
    clean = table[table.perturbation == "none"].set_index(["D", "seed"]).fd
    out = table.copy()
    out["clean"] = [clean[D, s] for D, s in zip(out.D, out.seed)]
    out["delta"] = out.fd - out.clean
    return out


def less_degraded(table: pd.DataFrame, kind: str, levels=None, small: float = 4) -> dict | None:
    """What the robustness rules read: the mean over seeds of each model's degradation
    Δ = perturbed − clean FD, averaged over `levels` (all of the kind's levels if None),
    for D = small and D = ∞, the spread (the larger of the two models' max − min of per-seed
    Δ) and their clean FDs; None when the run lacks either D or the levels."""
    t = degradation(table)
    part = t[t.perturbation == kind]
    if levels is not None:
        part = part[part.level.isin(list(levels))]
    if small not in set(part.D) or math.inf not in set(part.D) or part.empty:
        return None
    clean = t[t.perturbation == "none"].groupby("D").fd.mean()
    per_seed = part.groupby(["D", "seed"]).delta.mean()
    spread = max(float(per_seed[D].max() - per_seed[D].min()) for D in (small, math.inf))
    label = d_label(small)
    return {"small D": label, f"Δ D={label}": round(float(per_seed[small].mean()), 3),
            "Δ D=∞": round(float(per_seed[math.inf].mean()), 3), "spread": round(spread, 3),
            f"clean D={label}": round(float(clean[small]), 3), "clean D=∞": round(float(clean[math.inf]), 3)}


def versus(table: pd.DataFrame, kind: str, level, small: float = 4) -> dict | None:
    """{"D=small": …, "D=∞": …}, the mean FDs the robustness claims compare under one
    perturbation setting; None when the run has no D = small or no such setting."""
    if small not in set(table.D) or level not in table[table.perturbation == kind].level.values:
        return None
    a, b = ordering(table, kind, level, small)
    return {f"D={small}": a, "D=∞": b}
