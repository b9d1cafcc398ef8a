"""Training the transformers of Zhong et al. (2023) as stacked models, and scoring them.

One call trains every (attention rate, seed) pair of one width as a single vmapped model
(`physai.batched`); the settings are the original's (fjzzq2002/pizza, code/train-main.py):
AdamW lr 1e-3, weight decay 2.0, betas (0.9, 0.98), lr warm-up min(step/10, 1), full batch,
cross-entropy in float64 (float32 log-softmax underflows once the loss nears 1e-7 and
makes the loss jump, which wrecks the circles).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

from ..batched import BatchedConfig, BatchedModels, train_batched
from .metrics import (circle_frequency, circularity, clock_template, distance_irrelevance,
                      embedding_pcs, explained_variance, gradient_symmetricity, pizza_template)
from .model import ModAddTransformer


@dataclass(frozen=True)
class AdditionSplit:
    """All p² pairs (a, b) with label (a + b) mod p, split into train and test."""
    p: int
    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor


def addition_split(p: int, train_fraction: float = 0.8, seed: int = 0) -> AdditionSplit:
    """A random train_fraction of the p² pairs for training (the paper: 80 %)."""
    if not 0 < train_fraction < 1:
        raise ValueError(f"train_fraction must lie in (0, 1), got {train_fraction}")
    a, b = torch.meshgrid(torch.arange(p), torch.arange(p), indexing="ij")
    x = torch.stack([a.flatten(), b.flatten()], 1)
    y = (x[:, 0] + x[:, 1]) % p
    order = torch.randperm(p * p, generator=torch.Generator().manual_seed(seed))
    n = int(train_fraction * p * p)
    return AdditionSplit(p, x[order[:n]], y[order[:n]], x[order[n:]], y[order[n:]])


def cross_entropy64(model, batch) -> torch.Tensor:
    x, y = batch
    return F.cross_entropy(model(x).double(), y)


def warm_up(step: int, steps: int = 10) -> float:
    """The original's learning-rate warm-up: lr × min(step/10, 1)."""
    return min(step / steps, 1.0)


def train_transformers(split: AdditionSplit, d_model: int, attn_rates, seeds, *, steps: int,
                       n_heads: int = 4, lr: float | Sequence[float] = 1e-3,
                       weight_decay: float | Sequence[float] = 2.0, log_every: int = 100,
                       desc: str = "transformers"):
    """Train one transformer per (attention rate, seed) pair at one width, all at once.

    lr and weight_decay: one value, or one per model (a learning-rate × weight-decay phase
    diagram, notebook 01).  Returns the stacked models and the history (model, step, loss,
    train_acc, test_acc).
    """
    attn_rates, seeds = list(attn_rates), list(seeds)
    if len(attn_rates) != len(seeds):
        raise ValueError(f"need one seed per attention rate, got {len(attn_rates)} rates and {len(seeds)} seeds")
    members = []
    for rate, seed in zip(attn_rates, seeds):
        torch.manual_seed(int(seed))
        members.append(ModAddTransformer(split.p, d_model, n_heads, attn_rate=rate))
    models = BatchedModels(members)

    def accuracy(x, y):
        return lambda model, *_: (model(x).argmax(-1) == y).float().mean()

    history = train_batched(
        models, cross_entropy64, (split.x_train, split.y_train), BatchedConfig(steps, "adamw", log_every),
        lr=lr, weight_decay=weight_decay, betas=(0.9, 0.98), lr_schedule=warm_up,
        metrics={"train_acc": accuracy(split.x_train, split.y_train), "test_acc": accuracy(split.x_test, split.y_test)},
        desc=desc)
    history["attn_rate"] = history.model.map(dict(enumerate(attn_rates)))
    history["seed"] = history.model.map(dict(enumerate(seeds)))
    history["d_model"] = d_model
    return models, history


def score(model: ModAddTransformer) -> dict:
    """The paper's scores of one trained model: GS, DI (on the correct logit), circularity."""
    return {"gs": gradient_symmetricity(model, model.p),
            "di": distance_irrelevance(model.correct_logits().numpy()),
            "circularity": circularity(model.W_E.detach().numpy())}


def score_all(models: BatchedModels, history: pd.DataFrame) -> pd.DataFrame:
    """One row per stacked model: its settings, final accuracies and scores."""
    last = history[history.step == history.step.max()].set_index("model")
    rows = []
    for k in range(models.K):
        row = last.loc[k]
        rows.append({"model": k, "attn_rate": float(row.attn_rate), "seed": int(row.seed), "d_model": int(row.d_model),
                     "train_acc": float(row.train_acc), "test_acc": float(row.test_acc), **score(models.unstack(k))})
    return pd.DataFrame(rows)


def circle_logits(model: ModAddTransformer, components: tuple[int, int]) -> tuple[np.ndarray, int]:
    """(p, p, p) logits of the model with its embedding reduced to two principal components
    (one circle), and that circle's frequency k (App. C: Q_clock, Q_pizza per circle)."""
    W_E = model.W_E.detach().numpy()
    pcs, pca = embedding_pcs(W_E, max(components) + 1)
    kept = np.zeros_like(pcs)
    kept[:, components] = pcs[:, components]
    reduced = copy.deepcopy(model)
    with torch.no_grad():
        reduced.W_E.copy_(torch.as_tensor(pca.inverse_transform(kept), dtype=reduced.W_E.dtype))
        p = model.p
        a, b = torch.meshgrid(torch.arange(p), torch.arange(p), indexing="ij")
        logits = reduced(torch.stack([a.flatten(), b.flatten()], 1)).reshape(p, p, p)
    return logits.numpy(), circle_frequency(pcs[:, components])


def template_scores(model: ModAddTransformer, n_circles: int = 3) -> pd.DataFrame:
    """Q_clock and Q_pizza (Table 1) for each of the first n_circles circles of the embedding."""
    rows = []
    for i in range(n_circles):
        logits, k = circle_logits(model, (2 * i, 2 * i + 1))
        rows.append({"circle": i + 1, "frequency": k,
                     "q_clock": explained_variance(logits, clock_template(model.p, k)),
                     "q_pizza": explained_variance(logits, pizza_template(model.p, k))})
    return pd.DataFrame(rows)


def pizza_fraction(scores: pd.DataFrame, gs_cut: float = 0.98) -> pd.DataFrame:
    """Share of runs with GS > gs_cut (the paper's pizza criterion, Fig. 6) per (width, α)."""
    return (scores.assign(pizza=scores.gs > gs_cut)
            .groupby(["d_model", "attn_rate"]).pizza.mean().rename("pizza_share").reset_index())


def train_grid(split: AdditionSplit, widths, attn_rates, seeds, *, steps: int, **kw):
    """The phase diagram's runs (Fig. 6): every (α, seed) at one width trained as one stacked
    model, one width after another.  Returns {width: stacked models}, the history of all
    runs and one row of scores per run."""
    cells = [(rate, seed) for rate in attn_rates for seed in seeds]
    stacks, histories, scores = {}, [], []
    for width in widths:
        models, history = train_transformers(split, width, [c[0] for c in cells], [c[1] for c in cells],
                                             steps=steps, desc=f"d = {width}", **kw)
        stacks[width] = models
        histories.append(history)
        scores.append(score_all(models, history))
    return stacks, pd.concat(histories, ignore_index=True), pd.concat(scores, ignore_index=True)


def transition_rate(scores: pd.DataFrame, gs_cut: float = 0.98) -> pd.Series:
    """Per width, the attention rate where the mean GS first falls below gs_cut, linearly
    interpolated between grid points (NaN if it never does): the pizza → clock transition."""
    out = {}
    for width, frame in scores.groupby("d_model"):
        gs = frame.groupby("attn_rate").gs.mean()
        rates, values = gs.index.to_numpy(float), gs.to_numpy(float)
        below = np.flatnonzero(values <= gs_cut)
        if len(below) == 0:
            out[width] = np.nan
        elif below[0] == 0:
            out[width] = rates[0]
        else:
            i = below[0]
            out[width] = rates[i - 1] + (values[i - 1] - gs_cut) / (values[i - 1] - values[i]) * (rates[i] - rates[i - 1])
    return pd.Series(out, name="transition_rate").rename_axis("d_model")
