"""The α × width grid of Zhong et al. (2023), and scoring its transformers.

The transformer and its stacked trainer are the core's (`physai.modular`: every
(attention rate, seed) pair of one width trains as one vmapped model, with the original's
AdamW lr 1e-3, weight decay 2.0, betas (0.9, 0.98), warm-up and float64 cross-entropy);
here: the paper's scores per run, Q per circle, the pizza share and the transition.
"""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import torch

from ..batched import BatchedModels
from ..fits import last_row
from ..modular import (ModAddTransformer, TableSplit, circle_frequency, circularity, embedding_pcs,
                       train_transformers)
from .metrics import clock_template, distance_irrelevance, explained_variance, gradient_symmetricity, pizza_template


def score(model: ModAddTransformer) -> dict:
    """The paper's scores of one trained model: GS, DI (on the correct logit), circularity."""
    return {"gs": gradient_symmetricity(model, model.p),
            "di": distance_irrelevance(model.correct_logits().numpy()),
            "circularity": circularity(model.W_E.detach().numpy())}


def score_all(models: BatchedModels, history: pd.DataFrame) -> pd.DataFrame:
    """One row per stacked model: its settings, final accuracies and scores."""
    last = last_row(history)
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


def train_grid(split: TableSplit, widths, attn_rates, seeds, *, steps: int, **kw):
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
