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


def train_family(d: ImageData, Ds: list[float], seeds: list[int], cfg) -> tuple[dict, pd.DataFrame, float]:
    """One EDM denoiser per (D, seed), all trained at once as a batched model.

    Every model sees the same minibatch and the same σ draws each step; only its kernel
    (and its initial weights, per seed) differ, so quality differences are D's doing.
    Returns ({(D, seed): EMA denoiser}, history, seconds).
    """
    runs = [(D, s) for D in Ds for s in seeds]
    sigma_data = float(d.train.std())
    with torch.device("cpu"):  # initial weights made on the CPU (the same on every device), then moved
        models = BatchedModels.build(lambda: edm.Denoiser(d.dim, cfg.width, cfg.depth, sigma_data),
                                     seeds=[s for _, s in runs], device=d.train.device)
    ema = EMA(models, cfg.ema)
    g = torch.Generator().manual_seed(cfg.data_seed)  # the minibatches, then each step's σ and noise
    batches = minibatches((d.train,), cfg.batch_size, g)

    def batch(step):
        (y,) = next(batches)
        sigma = edm.sample_sigma(cfg.batch_size, g, y.device)
        noise = torch.stack([pfgmpp.noise_fn(D)(y, sigma, g) for D, _ in runs])
        K = len(runs)
        return y.expand(K, *y.shape), noise, sigma.expand(K, -1)

    def loss(model, b):
        y, n, sigma = b
        return edm.weighted_loss(model(y + n, sigma), y, sigma, sigma_data)

    start = time.perf_counter()
    history = train_batched(models, loss, batch, BatchedConfig(cfg.steps, "adam", max(cfg.steps // 40, 1)),
                            lr=cfg.lr, per_model_data=True, callback=lambda step, m: ema.update(m),
                            desc="PFGM++ family")
    seconds = time.perf_counter() - start
    history["D"] = [runs[k][0] for k in history.model]
    history["seed"] = [runs[k][1] for k in history.model]
    return {run: ema.model.unstack(k).eval() for k, run in enumerate(runs)}, history, seconds


def robustness(denoisers: dict, d: ImageData, features: metrics.ClassifierFeatures, cfg,
               seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """FD of every (D, seed) model under each perturbation; the samples of the clean runs.

    Perturbations (PFGM++ Sec. 5.3): none (Heun, cfg.steps_clean steps); injected noise
    α·σ·n before every step; weights rounded to `bits`; fewer Heun steps.
    """
    settings = ([("none", 0)] + [("noise α", a) for a in cfg.alphas] + [("weight bits", b) for b in cfg.bits]
                + [("NFE", 2 * s - 1) for s in cfg.few_steps])
    rows, clean = [], {}
    for (D, s), den in tqdm(denoisers.items(), desc="samplers", disable=not progress_enabled()):
        for kind, level in settings:
            net, steps, alpha = den, cfg.steps_clean, 0.0
            if kind == "noise α":
                alpha = level
            elif kind == "weight bits":
                net = pfgmpp.quantize_weights(den, level)
            elif kind == "NFE":
                steps = (level + 1) // 2
            x, nfe = pfgmpp.sample(net, cfg.n_samples, D, steps=steps, alpha=alpha,
                                   generator=torch.Generator().manual_seed(seed))
            ok = bool(torch.isfinite(x).all())
            rows.append({"D": D, "seed": s, "perturbation": kind, "level": level, "nfe": nfe,
                         "fd": features.frechet(x, d.test) if ok else math.nan})
            if kind == "none":
                clean[D, s] = x
    return pd.DataFrame(rows), clean


def d_label(D: float) -> str:
    return "∞" if math.isinf(D) else str(int(D))


def ordering(table: pd.DataFrame, kind: str, level, small: float, large: float = math.inf) -> tuple[float, float]:
    """Mean FD over seeds of D = small and D = large under one perturbation setting."""
    t = table[(table.perturbation == kind) & (table.level == level)]
    return float(t[t.D == small].fd.mean()), float(t[t.D == large].fd.mean())


def versus(table: pd.DataFrame, kind: str, level, small: float = 4) -> dict | None:
    """{"D=small": …, "D=∞": …}, the mean FDs the robustness claims compare under one
    perturbation setting; None when the run has no D = small or no such setting."""
    if small not in set(table.D) or level not in table[table.perturbation == kind].level.values:
        return None
    a, b = ordering(table, kind, level, small)
    return {f"D={small}": a, "D=∞": b}
