"""Families of networks trained from scaled initialisations, free or on a fixed-norm sphere.

One call trains every (init scale α, weight decay γ, constrained?) member of a family as
one stacked model (physai.batched).  The initial weights are the default initialisation
× α (Sec. 3 of Omnigrok); a constrained member is projected back to its initial norm after
every step (the paper's "fixed weight norm" runs, Figs. 2, 6), an unconstrained one moves
freely under AdamW's decoupled weight decay (applied once: no extra L2 term in the loss).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from torch import nn

from ..batched import BatchedConfig, BatchedModels, train_batched
from ..datasets import Task
from ..fits import first_step
from ..train import accuracy_metric, minibatches
from .norm import project_norm_, weight_norm

LOSSES = ("mse", "cross_entropy")


def relu_mlp(widths: Sequence[int]) -> nn.Module:
    """The paper's image network: Linear + ReLU layers, e.g. 784-200-200-10 (here 64-200-200-10)."""
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(widths) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def _loss(kind: str):
    if kind not in LOSSES:
        raise ValueError(f"unknown loss {kind!r}; choose one of {list(LOSSES)}")
    if kind == "mse":
        return lambda model, batch: ((model(batch[0]) - batch[1]) ** 2).mean()
    return lambda model, batch: F.cross_entropy(model(batch[0]), batch[1].argmax(-1))


def _accuracy(x: torch.Tensor, y: torch.Tensor, mse_threshold: float | None):
    """Argmax accuracy for classification; for regression (mse_threshold set) the fraction
    of samples whose mean squared error is below the threshold (the teacher-student notebooks)."""
    if mse_threshold is None:
        return accuracy_metric(x, y)
    return lambda model, *_: (((model(x) - y) ** 2).mean(-1) < mse_threshold).float().mean()


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

    Returns (models, history); the history has per logged step: loss (on the step's batch),
    train_loss, test_loss, train_acc, test_acc, norm, and each member's alpha,
    weight_decay, constrained and seed.
    """
    K = len(alphas)
    per = {name: (list(v) if isinstance(v, (list, tuple, np.ndarray)) else [v] * K)
           for name, v in (("weight_decay", weight_decay), ("constrained", constrained),
                           ("seed", list(seeds) if seeds is not None else 0))}
    for name, values in per.items():
        if len(values) != K:
            raise ValueError(f"{name}: expected one value or {K} (one per alpha), got {len(values)}")
    models = BatchedModels.build(make_model, seeds=per["seed"], init_scale=list(alphas))
    initial = weight_norm(models.params)
    target = torch.where(torch.tensor(per["constrained"]), initial, torch.tensor(float("nan")))
    loss_fn = _loss(loss)
    norms: dict[int, np.ndarray] = {0: initial.numpy()}

    def after_step(step, m):
        if bool(torch.tensor(per["constrained"]).any()):
            project_norm_(m.params, target)
        if step % log_every == 0 or step == steps:
            norms[step] = weight_norm(m.params).numpy()

    def full(x, y):
        return lambda model, *_: loss_fn(model, (x, y))

    metrics = {"train_loss": full(task.x_train, task.y_train), "test_loss": full(task.x_test, task.y_test),
               "train_acc": _accuracy(task.x_train, task.y_train, mse_threshold),
               "test_acc": _accuracy(task.x_test, task.y_test, mse_threshold)}
    history = train_batched(models, loss_fn, _minibatches(task, batch_size, per["seed"][0]),
                            BatchedConfig(steps, "adamw", log_every), lr=lr, weight_decay=per["weight_decay"],
                            metrics=metrics, callback=after_step, betas=betas, desc=desc)
    history["norm"] = [norms.get(s, np.full(K, np.nan))[k] for s, k in zip(history.step, history.model)]
    for name, values in (("alpha", list(alphas)), *per.items()):
        history[name] = history.model.map(dict(enumerate(values)))
    return models, history


def grokking_gaps(history: pd.DataFrame, threshold: float = 0.9) -> pd.DataFrame:
    """Per model: the first logged steps where train and test accuracy reach `threshold`
    and the gap between them (the grokking delay; NaN when test never gets there)."""
    train, test = first_step(history, "train_acc", threshold), first_step(history, "test_acc", threshold)
    info = history.drop_duplicates("model").set_index("model")[["alpha", "weight_decay", "constrained", "seed"]]
    return info.assign(train_step=train, test_step=test, gap=test - train)
