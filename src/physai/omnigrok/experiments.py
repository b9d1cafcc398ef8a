"""Families of networks trained from scaled initialisations, free or on a fixed-norm sphere.

One call trains every (init scale α, weight decay γ, constrained?) member of a family as
one stacked model (physai.batched).  The initial weights are the default initialisation
× α (Sec. 3 of Omnigrok); a constrained member is projected back to its initial norm after
every step (the paper's "fixed weight norm" runs, Figs. 2, 6), an unconstrained one moves
freely under AdamW's decoupled weight decay (applied once: no extra L2 term in the loss).
"""
from __future__ import annotations

import math
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Sequence

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn

from ..batched import BatchedConfig, BatchedModels, train_batched
from ..datasets import Task
from ..fits import first_step
from ..runtime import second_process
from ..train import minibatches
from .models import mlp
from .norm import project_norm_, weight_norm

LOSSES = ("mse", "cross_entropy")


def relu_mlp(widths: Sequence[int]) -> nn.Module:
    """The paper's image network: Linear + ReLU layers, e.g. 784-200-200-10 (here 64-100-100-10)."""
    return mlp(widths, "relu")


# Losses and metrics reduce over the last axes only, so that one definition serves a single
# model under vmap (outputs (n, out)) and a natively stacked one (outputs (K, n, out)).

def _loss(kind: str):
    if kind not in LOSSES:
        raise ValueError(f"unknown loss {kind!r}; choose one of {list(LOSSES)}")
    if kind == "mse":
        return lambda model, batch: ((model(batch[0]) - batch[1]) ** 2).mean((-2, -1))
    # cross-entropy against one-hot rows: −Σ_c y_c log softmax(z)_c, averaged over samples
    return lambda model, batch: -(F.log_softmax(model(batch[0]), -1) * batch[1]).sum(-1).mean(-1)


def _accuracy(x: torch.Tensor, y: torch.Tensor, mse_threshold: float | None):
    """Argmax accuracy for classification; for regression (mse_threshold set) the fraction
    of samples whose mean squared error is below the threshold (the teacher-student notebooks)."""
    if mse_threshold is None:
        labels = y.argmax(-1)
        return lambda model, *_: (model(x).argmax(-1) == labels).float().mean(-1)
    return lambda model, *_: (((model(x) - y) ** 2).mean(-1) < mse_threshold).float().mean(-1)


def _minibatches(task: Task, batch_size: int | None, seed: int):
    """physai.train's sampler as train_batched's step -> batch (the full set when batch_size is None)."""
    batches = minibatches((task.x_train, task.y_train), batch_size, torch.Generator().manual_seed(seed))
    return lambda step: next(batches)


def train_family(make_model, task: Task, alphas: Sequence[float], *, steps: int, lr: float,
                 weight_decay: float | Sequence[float] = 0.0, constrained: bool | Sequence[bool] = False,
                 seeds: Sequence[int] | None = None, batch_size: int | None = None, loss: str = "mse",
                 mse_threshold: float | None = None, log_every: int = 100, betas=(0.9, 0.999),
                 desc: str = "family"):
    """Train one model per entry of alphas (with matching weight_decay, constrained, seeds).

    make_model: a zero-argument nn.Module factory (trained through vmap, physai.batched), or
    a builder with `.build(seeds, init_scale)` returning natively stacked models
    (`models.MLPFamily`: the same numbers, faster).
    Returns (models, history); the history has per logged step: loss (on the step's batch),
    train_loss, test_loss, train_acc, test_acc (left out for a one-column regression target
    without mse_threshold: an argmax over one column means nothing), norm, norm_ratio (the
    norm over the member's default-initialisation norm ‖w₀‖ = initial norm / α: the α its
    current norm corresponds to), and each member's alpha, weight_decay, constrained and seed.
    """
    K = len(alphas)
    per = {name: (list(v) if isinstance(v, (list, tuple, np.ndarray)) else [v] * K)
           for name, v in (("weight_decay", weight_decay), ("constrained", constrained),
                           ("seed", list(seeds) if seeds is not None else 0))}
    for name, values in per.items():
        if len(values) != K:
            raise ValueError(f"{name}: expected one value or {K} (one per alpha), got {len(values)}")
    if hasattr(make_model, "build"):
        models = make_model.build(per["seed"], list(alphas))
    else:
        models = BatchedModels.build(make_model, seeds=per["seed"], init_scale=list(alphas))
    initial = weight_norm(models.params)
    target = torch.where(torch.tensor(per["constrained"]), initial, torch.tensor(float("nan")))
    loss_fn = _loss(loss)
    norms: dict[int, np.ndarray] = {0: initial.numpy()}
    any_constrained = any(per["constrained"])

    def after_step(step, m):
        if any_constrained:
            project_norm_(m.params, target)
        if step % log_every == 0 or step == steps:
            norms[step] = weight_norm(m.params).numpy()

    def full(x, y):
        return lambda model, *_: loss_fn(model, (x, y))

    metrics = {"train_loss": full(task.x_train, task.y_train), "test_loss": full(task.x_test, task.y_test)}
    if task.y_train.shape[-1] > 1 or mse_threshold is not None:
        metrics |= {"train_acc": _accuracy(task.x_train, task.y_train, mse_threshold),
                    "test_acc": _accuracy(task.x_test, task.y_test, mse_threshold)}
    # train_batched flushes denormals while it runs (physai.runtime.flush_denormals: the digits
    # family was 5x slower without, issue 21)
    history = train_batched(models, loss_fn, _minibatches(task, batch_size, per["seed"][0]),
                            BatchedConfig(steps, "adamw", log_every), lr=lr, weight_decay=per["weight_decay"],
                            metrics=metrics, callback=after_step, betas=betas, desc=desc)
    history["norm"] = [norms.get(s, np.full(K, np.nan))[k] for s, k in zip(history.step, history.model)]
    default_norm = (initial / torch.tensor(list(alphas), dtype=initial.dtype)).numpy()  # ‖w₀‖ per member
    history["norm_ratio"] = history.norm / history.model.map(dict(enumerate(default_norm)))
    for name, values in (("alpha", list(alphas)), *per.items()):
        history[name] = history.model.map(dict(enumerate(values)))
    return models, history


def _history_only(*args, **kwargs) -> pd.DataFrame:
    return train_family(*args, **kwargs)[1]


def train_family_elsewhere(*args, pool: ProcessPoolExecutor | None = None, **kwargs) -> Future:
    """`train_family(*args, **kwargs)` in another process, returning a Future whose result()
    is the history: on two cores a second family trains meanwhile in this process.  Without
    `pool`, a fresh `second_process()` that exits once the family is trained; with one, the
    family queues behind those already submitted to it.  The same numbers as in-process
    (tested); the model factory must be picklable (a class or functools.partial, not a lambda)."""
    own = pool is None
    pool = second_process() if own else pool
    future = pool.submit(_history_only, *args, **kwargs)
    if own:
        pool.shutdown(wait=False)  # the worker exits once the family is trained
    return future


def join_families(*histories: pd.DataFrame) -> pd.DataFrame:
    """Histories of families trained apart as one: the models of each are renumbered after
    those of the ones before (model ids 0 … K₁−1, K₁ … K₁+K₂−1, …); runs may differ in length."""
    out, offset = [], 0
    for h in histories:
        out.append(h.assign(model=h.model + offset))
        offset += int(h.model.max()) + 1
    return pd.concat(out, ignore_index=True)


def final_rows(history: pd.DataFrame) -> pd.DataFrame:
    """Each model's own last logged row (runs of different lengths), indexed by model."""
    return history.loc[history.groupby("model").step.idxmax()].set_index("model")


def grokking_gaps(history: pd.DataFrame, threshold: float = 0.9) -> pd.DataFrame:
    """Per model: the first logged steps where train and test accuracy reach `threshold`
    and the gap between them (the grokking delay; NaN when test never gets there)."""
    train, test = first_step(history, "train_acc", threshold), first_step(history, "test_acc", threshold)
    info = history.drop_duplicates("model").set_index("model")[["alpha", "weight_decay", "constrained", "seed"]]
    return info.assign(train_step=train, test_step=test, gap=test - train)


def norm_ratio_at(history: pd.DataFrame, column: str, threshold: float) -> pd.Series:
    """Per model, its norm in units of ‖w₀‖ (`norm_ratio`) at the first logged step where
    `column` reaches threshold (NaN if never): where on the norm axis a run fitted its
    training set (train_acc) or generalised (test_acc), the quantity Fig. 1's LU picture is about."""
    steps = first_step(history, column, threshold)
    at = history.set_index(["model", "step"]).norm_ratio
    return pd.Series({m: at.get((m, s), np.nan) if np.isfinite(s) else np.nan for m, s in steps.items()},
                     name=f"norm_ratio at {column} ≥ {threshold:g}")


def zone_edges(alphas: Sequence[float], accuracy: Sequence[float], threshold: float = 0.9) -> tuple[float, float]:
    """The Goldilocks zone measured on spheres (Fig. 1b's U, as accuracy an inverted U):
    the α below and above the best sphere where the held runs' test accuracy crosses
    threshold, interpolated linearly in log α between neighbouring spheres; NaN on a side
    where no sphere falls below threshold (the zone is open there), both NaN if none reaches it."""
    a = np.asarray(alphas, float)
    acc = np.asarray(accuracy, float)
    order = np.argsort(a)
    a, acc = np.log(a[order]), acc[order]
    best = int(np.nanargmax(acc))
    if not acc[best] >= threshold:
        return math.nan, math.nan

    def crossing(i_in: int, i_out: int) -> float:  # i_in ≥ threshold, i_out below it
        t = (acc[i_in] - threshold) / (acc[i_in] - acc[i_out])
        return float(np.exp(a[i_in] + t * (a[i_out] - a[i_in])))

    lo = next((crossing(i + 1, i) for i in range(best - 1, -1, -1) if acc[i] < threshold), math.nan)
    hi = next((crossing(i - 1, i) for i in range(best + 1, len(a)) if acc[i] < threshold), math.nan)
    return lo, hi


def nearest_alpha(grid: Sequence[float], target: float) -> float:
    """The α of `grid` nearest `target` on a log scale (NaN target: NaN)."""
    if not np.isfinite(target):
        return math.nan
    grid = np.asarray(grid, float)
    return float(grid[np.argmin(np.abs(np.log(grid) - np.log(target)))])


def catch_up_delay(history: pd.DataFrame, model: int, reference: int, fit_loss: float = 0.1,
                   tolerance: float = 1.1, best: bool = False) -> float:
    """Regression's grokking delay (the paper's QM9 runs, Fig. 5, track losses, not accuracy):
    steps from `model` fitting its training set (train_loss ≤ fit_loss) to its test loss first
    coming within `tolerance` × the `reference` run's test loss at the same logged step, or,
    with `best`, × the lowest test loss the reference reaches in the whole run (a fixed target,
    so an overfitting reference does not lower the bar). NaN if it never fits or never catches up."""
    runs = history.pivot(index="step", columns="model", values=["train_loss", "test_loss"])
    train, test, ref = runs["train_loss"][model], runs["test_loss"][model], runs["test_loss"][reference]
    if best:
        ref = ref.min()
    fitted = train.index[train <= fit_loss]
    if not len(fitted):
        return math.nan
    caught = test.index[(test <= tolerance * ref) & (test.index >= fitted[0])]
    return float(caught[0] - fitted[0]) if len(caught) else math.nan


def held_nearest(history: pd.DataFrame, gaps: pd.DataFrame, free: int, held: Sequence[int],
                 threshold: float = 0.9) -> dict:
    """Removing grokking by holding the norm (the original's constrained transformer, Fig. 8):
    the free run's norm (units of ‖w₀‖) when its test accuracy first reached threshold — the
    LU picture's w_c — the held run whose α is nearest it (log scale), and both runs' gaps."""
    target = norm_ratio_at(history, "test_acc", threshold).get(free, math.nan)
    alphas = gaps.alpha[list(held)]
    chosen = nearest_alpha(alphas.to_numpy(), target)
    model = int(alphas.index[alphas == chosen][0]) if np.isfinite(chosen) else None
    return {"free norm at generalisation": float(target), "held α": chosen, "held model": model,
            "held gap": float(gaps.gap[model]) if model is not None else math.nan,
            "free gap": float(gaps.gap[free])}
