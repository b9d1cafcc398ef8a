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


def precondition_factor(D: float, N: int, clip: float, precondition) -> float:
    """The variance factor k a run is preconditioned at: its own (clipped) kernel's if
    `precondition` is True, 1 (σ, the original's) if False, and the kernel β-clipped at
    `precondition` if it is a number (an unclipped run preconditioned as the clipped one)."""
    if isinstance(precondition, bool):
        return float(pfgmpp.variance_factor(D, N, clip)) if precondition else 1.0
    return float(pfgmpp.variance_factor(D, N, float(precondition)))


def train_family(d: ImageData, Ds: list[float], seeds: list[int], cfg,
                 ablations: tuple = ()) -> tuple[dict, pd.DataFrame, float]:
    """One EDM denoiser per (D, seed), all trained at once as a batched model.

    Every model sees the same minibatch and the same σ draws each step; only its kernel
    (and its initial weights, per seed) differ, so quality differences are D's doing.  The
    perturbation is the original's (β clipped at cfg.beta_clip, `model.training_perturb`);
    with cfg.kernel_precondition each model is preconditioned, and its loss weighted, at its
    kernel's spread σ·√k (`model.KernelDenoiser`), else at σ as the original does.
    `ablations`: extra runs (name, D, seed, clip, precondition[, target]) trained in the same
    batch, keyed by name; precondition True: at the run's own kernel, False: at σ, a number:
    at the kernel β-clipped at that number (`precondition_factor`); target "field" regresses
    PFGM's target, the posterior mean over the whole training set (`model.posterior_mean`,
    in float32), instead of the clean datum.
    Returns ({(D, seed) or name: EMA denoiser}, history (columns D, seed, run), seconds).
    """
    clip = getattr(cfg, "beta_clip", pfgmpp.BETA_CLIP)
    matched = getattr(cfg, "kernel_precondition", True)
    runs = [((D, s), D, s, clip, matched, "data") for D in Ds for s in seeds]
    runs += [(*a[:5], a[5] if len(a) > 5 else "data") for a in ablations]
    sigma_data = float(d.train.std())
    ks = [precondition_factor(D, d.dim, c, m) for _, D, _, c, m, _ in runs]
    order = iter(ks)
    with torch.device("cpu"):  # initial weights made on the CPU (the same on every device), then moved
        models = BatchedModels.build(
            lambda: pfgmpp.KernelDenoiser(d.dim, cfg.width, cfg.depth, sigma_data, next(order)),
            seeds=[run[2] for run in runs], device=d.train.device)
    ema = EMA(models, cfg.ema)
    g = torch.Generator().manual_seed(cfg.data_seed)  # the minibatches, then each step's σ and noise
    batches = minibatches((d.train,), cfg.batch_size, g)

    groups = _kernel_groups([(D, c) for _, D, _, c, _, _ in runs])
    field = [k for k, run in enumerate(runs) if run[5] != "data"]

    def batch(step):
        (y,) = next(batches)
        sigma = edm.sample_sigma(cfg.batch_size, g, y.device)
        noise = _group_noise(y, sigma, groups, len(runs), g)
        spread = torch.stack([sigma * math.sqrt(k) for k in ks])
        K = len(runs)
        target = y.expand(K, *y.shape).clone()
        for D in {runs[k][1] for k in field}:  # PFGM's target: one posterior mean for every field run of a D
            rows = [k for k in field if runs[k][1] == D]
            x = (y + noise[rows]).reshape(-1, y.shape[1])
            target[rows] = pfgmpp.posterior_mean(x, sigma.repeat(len(rows)), d.train, D,
                                                 torch.float32).reshape(len(rows), *y.shape)
        return y.expand(K, *y.shape), noise, sigma.expand(K, -1), spread, target

    def loss(model, b):
        y, n, sigma, spread, target = b
        return edm.weighted_loss(model(y + n, sigma), target, spread, sigma_data)

    start = time.perf_counter()
    history = train_batched(models, loss, batch, BatchedConfig(cfg.steps, "adam", max(cfg.steps // 40, 1),
                                                               fused=getattr(cfg, "fused_adam", False)),
                            lr=cfg.lr, per_model_data=True, callback=lambda step, m: ema.update(m),
                            desc="PFGM++ family")
    seconds = time.perf_counter() - start
    history["D"] = [runs[k][1] for k in history.model]
    history["seed"] = [runs[k][2] for k in history.model]
    history["run"] = [runs[k][0] if isinstance(runs[k][0], str) else "" for k in history.model]
    return {run[0]: ema.model.unstack(k).eval() for k, run in enumerate(runs)}, history, seconds


def _kernel_groups(kernels_: list[tuple[float, float]]) -> dict[tuple[float, float], list[int]]:
    """The runs' indices grouped by training kernel (D, β clip), in first-seen order."""
    groups: dict[tuple[float, float], list[int]] = {}
    for k, key in enumerate(kernels_):
        groups.setdefault(key, []).append(k)
    return groups


def _group_noise(y: torch.Tensor, sigma: torch.Tensor, groups: dict, K: int,
                 g: torch.Generator) -> torch.Tensor:
    """(K, n, N) training displacements: one `model.training_perturb` call per kernel group
    (every run of a group gets its own independent draw), not one per run: the same law, a
    third of the per-step overhead at 16 runs."""
    noise = torch.empty(K, *y.shape, device=y.device)
    for (D, c), rows in groups.items():
        m = len(rows)
        x = pfgmpp.training_perturb(y.repeat(m, 1), sigma.repeat(m), D, g, c)
        noise[rows] = (x - y.repeat(m, 1)).reshape(m, *y.shape)
    return noise


OOR_TOL = metrics.HALF_GREY_LEVEL  # half a grey level of the 8×8 digits (the generative notebooks' tolerance)


def robustness(denoisers: dict, d: ImageData, features: metrics.ClassifierFeatures, cfg,
               seed: int = 0, resample: tuple = (), compared: tuple = (),
               only: dict | None = None) -> tuple[pd.DataFrame, dict]:
    """FD of every (D, seed) model under each perturbation; the samples of the clean runs.

    Perturbations (PFGM++ Sec. 6): none (Heun, cfg.steps_clean steps); injected noise
    α·σ·n before every step; the scale control α·σ·√k·n (the same size relative to each
    kernel's spread σ√k); weights rounded to `bits` (`model.quantize_weights`: the original's
    set); fewer Heun steps.  out_of_range ignores excursions within half a grey level (1/16).
    Every run samples with sampling seed 0 (generator seed `seed`); the settings in `resample`
    ((kind, level) pairs) are sampled again with sampling seeds 1 … cfg.sampling_seeds − 1
    (generator seeds seed + j) for the D in `compared`, and the clean setting for every D:
    the sampler's own noise, for the rows that are scored; a (kind, level, D) triple resamples
    that setting for that D alone.  `only` ({kind: D values}) runs a kind for those D alone
    (e.g. weight bits for the two compared models).  Column `sampling_seed`.
    """
    settings = ([("none", 0)] + [("noise α", a) for a in cfg.alphas]
                + [("noise α·√k", a) for a in getattr(cfg, "relative_alphas", [])]
                + [("weight bits", b) for b in cfg.bits]
                + [("NFE", 2 * s - 1) for s in cfg.few_steps])
    n_sampling = int(getattr(cfg, "sampling_seeds", 1))
    pairs = {tuple(r) for r in resample if len(r) == 2}
    triples = {tuple(r) for r in resample if len(r) == 3}
    only = only or {}
    rows, clean = [], {}
    family = {key: den for key, den in denoisers.items() if isinstance(key, tuple)}
    for (D, s), den in tqdm(family.items(), desc="samplers", disable=not progress_enabled()):
        for kind, level in settings:
            if kind in only and D not in only[kind]:
                continue
            net, steps, alpha = den, cfg.steps_clean, 0.0
            if kind == "noise α":
                alpha = level
            elif kind == "noise α·√k":
                alpha = level * math.sqrt(pfgmpp.variance_factor(D, d.dim, getattr(cfg, "beta_clip", pfgmpp.BETA_CLIP)))
            elif kind == "weight bits":
                net = pfgmpp.quantize_weights(den, level)
            elif kind == "NFE":
                steps = (level + 1) // 2
            again = kind == "none" or (D in compared and (kind, level) in pairs) or (kind, level, D) in triples
            for j in range(n_sampling if again else 1):
                x, nfe = pfgmpp.sample(net, cfg.n_samples, D, steps=steps, alpha=alpha,
                                       generator=torch.Generator().manual_seed(seed + j))
                ok = bool(torch.isfinite(x).all())
                rows.append({"D": D, "seed": s, "sampling_seed": j, "perturbation": kind, "level": level, "nfe": nfe,
                             "fd": features.frechet(x, d.test) if ok else math.nan,
                             "out_of_range": metrics.out_of_range(x, tol=OOR_TOL) if ok else math.nan})
                if kind == "none" and j == 0:
                    clean[D, s] = x
    return pd.DataFrame(rows), clean


def d_label(D: float) -> str:
    return "∞" if math.isinf(D) else str(int(D))


def ordering(table: pd.DataFrame, kind: str, level, small: float, large: float = math.inf) -> tuple[float, float]:
    """Mean FD over seeds of D = small and D = large under one perturbation setting."""
    t = table[(table.perturbation == kind) & (table.level == level)]
    return float(t[t.D == small].fd.mean()), float(t[t.D == large].fd.mean())


def _with_sampling_seed(table: pd.DataFrame) -> pd.DataFrame:
    return table if "sampling_seed" in table else table.assign(sampling_seed=0)


def degradation(table: pd.DataFrame) -> pd.DataFrame:
    """The table with `clean` (the same model's unperturbed FD at the same sampling seed) and
    `delta` = fd − clean."""
    table = _with_sampling_seed(table)
    clean = table[table.perturbation == "none"].set_index(["D", "seed", "sampling_seed"]).fd
    out = table.copy()
    out["clean"] = [clean[D, s, j] for D, s, j in zip(out.D, out.seed, out.sampling_seed)]
    out["delta"] = out.fd - out.clean
    return out


def less_degraded(table: pd.DataFrame, kind: str, levels=None, small: float = 4) -> dict | None:
    """What the robustness rules read: each model's degradation Δ = perturbed − clean FD,
    averaged over `levels` (all of the kind's levels if None), for D = small and D = ∞, on the
    sampling seeds both were run at: the mean over training and sampling seeds, the spread
    (the larger of the two models' max − min of per-training-seed Δ, each a mean over
    sampling seeds), the difference Δ(∞) − Δ(small) of the means over training seeds per
    sampling seed, and their clean FDs; None when the run lacks either D or the levels."""
    t = degradation(table)
    part = t[t.perturbation == kind]
    if levels is not None:
        part = part[part.level.isin(list(levels))]
    if small not in set(part.D) or math.inf not in set(part.D) or part.empty:
        return None
    common = set(part[part.D == small].sampling_seed) & set(part[part.D == math.inf].sampling_seed)
    part = part[part.sampling_seed.isin(common)]
    clean = t[t.perturbation == "none"].groupby("D").fd.mean()
    cell = part.groupby(["D", "seed", "sampling_seed"]).delta.mean()
    per_seed = cell.groupby(["D", "seed"]).mean()
    per_sampling = cell.groupby(["D", "sampling_seed"]).mean()
    spread = max(float(per_seed[D].max() - per_seed[D].min()) for D in (small, math.inf))
    label = d_label(small)
    return {"small D": label, f"Δ D={label}": round(float(per_seed[small].mean()), 3),
            "Δ D=∞": round(float(per_seed[math.inf].mean()), 3), "spread": round(spread, 3),
            "Δ(∞) − Δ(small) per sampling seed": [round(float(per_sampling[math.inf][j] - per_sampling[small][j]), 3)
                                                  for j in sorted(common)],
            f"clean D={label}": round(float(clean[small]), 3), "clean D=∞": round(float(clean[math.inf]), 3)}


def sweet_spot(table: pd.DataFrame) -> dict:
    """What sweet-spot reads, from the clean runs: the intermediate D (1 < D < ∞) with the
    lowest mean FD ("best D", None if the run has none), its mean and worst training seed, and
    for each end of the family in the run (D = 1, D = ∞) its mean, its best training seed and,
    per sampling seed, the difference of the two models' means over training seeds (end − best
    D); each training seed's FD is the mean over its sampling seeds."""
    c = _with_sampling_seed(table)
    c = c[c.perturbation == "none"]
    per_seed = c.groupby(["D", "seed"]).fd.mean()
    means = per_seed.groupby("D").mean()
    inner = means.drop(index=[D for D in (1, math.inf) if D in means.index])
    if not len(inner):
        return {"best D": None}
    best = inner.idxmin()
    per_sampling = c.groupby(["D", "sampling_seed"]).fd.mean()
    out = {"best D": d_label(best), "FD": round(float(means[best]), 3),
           "best D worst seed": round(float(per_seed[best].max()), 3)}
    for end in (1, math.inf):
        if end not in means.index:
            continue
        lab = f"D={d_label(end)}"
        common = sorted(set(per_sampling[best].index) & set(per_sampling[end].index))
        out[lab] = round(float(means[end]), 3)
        out[f"{lab} best seed"] = round(float(per_seed[end].min()), 3)
        out[f"{lab} − best D per sampling seed"] = [round(float(per_sampling[end][j] - per_sampling[best][j]), 3)
                                                    for j in common]
    return out


def rigidity(table: pd.DataFrame) -> dict | None:
    """What rigid-small reads, from the clean runs: D = 1's mean and best training seed, each
    larger D's worst training seed, and D = 1's mean over training seeds minus each larger D's,
    per sampling seed (each training seed's FD the mean over its sampling seeds).  None if the
    run has no D = 1 or nothing larger."""
    c = _with_sampling_seed(table)
    c = c[c.perturbation == "none"]
    if 1 not in set(c.D) or len(set(c.D)) < 2:
        return None
    per_seed = c.groupby(["D", "seed"]).fd.mean()
    per_sampling = c.groupby(["D", "sampling_seed"]).fd.mean()
    larger = sorted(D for D in set(c.D) if D > 1)
    gaps = [round(float(per_sampling[1][j] - per_sampling[D][j]), 3) for D in larger
            for j in sorted(set(per_sampling[1].index) & set(per_sampling[D].index))]
    return {"D=1": round(float(per_seed[1].mean()), 3), "D=1 best seed": round(float(per_seed[1].min()), 3),
            "larger D worst seed": {f"D={d_label(D)}": round(float(per_seed[D].max()), 3) for D in larger},
            "D=1 − larger D per sampling seed": gaps}


def versus(table: pd.DataFrame, kind: str, level, small: float = 4) -> dict | None:
    """{"D=small": …, "D=∞": …}, the mean FDs the robustness claims compare under one
    perturbation setting; None when the run has no D = small or no such setting."""
    if small not in set(table.D) or level not in table[table.perturbation == kind].level.values:
        return None
    a, b = ordering(table, kind, level, small)
    return {f"D={small}": a, "D=∞": b}
