"""The runs of Zhong et al. (2023) — the α × width grid and the two models studied closely —
and scoring their transformers.

The transformer and its stacked trainer are the core's (`physai.modular`: the runs of one
stack train as one vmapped model, with the original's AdamW lr 1e-3, betas (0.9, 0.98),
warm-up and float64 cross-entropy; weight decay per run); the grid runs through the core's
sweep engine (`physai.sweep.run_chunked`).  Here: the paper's scores per run, Q per
circle, the pizza share and the transition.
"""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import torch

from ..batched import BatchedModels
from ..fits import last_row
from ..modular import (ModAddTransformer, TableSplit, addition_split, circle_frequency, circularity,
                       cross_entropy64, embedding_pcs, train_transformers)
from ..sweep import cache_dir, default_backend, run_chunked, shared_settings
from .metrics import clock_template, distance_irrelevance, explained_variance, gradient_symmetricity, pizza_template


def score(model: ModAddTransformer) -> dict:
    """The paper's scores of one trained model: GS, DI (on the correct logit), circularity."""
    return {"gs": gradient_symmetricity(model, model.p),
            "di": distance_irrelevance(model.correct_logits().numpy()),
            "circularity": circularity(model.W_E.detach().numpy())}


def parameter_norm(model: torch.nn.Module) -> float:
    """‖θ‖₂ over all weights (the quantity the released run tables' norm column reports)."""
    return float(torch.sqrt(sum((p.detach().double() ** 2).sum() for p in model.parameters())))


def score_all(models: BatchedModels, history: pd.DataFrame) -> pd.DataFrame:
    """One row per stacked model: its settings, final accuracies and scores."""
    last = last_row(history)
    rows = []
    for k in range(models.K):
        row = last.loc[k]
        rows.append({"model": k, "attn_rate": float(row.attn_rate), "seed": int(row.seed), "d_model": int(row.d_model),
                     "train_acc": float(row.train_acc), "test_acc": float(row.test_acc), **score(models.unstack(k))})
    return pd.DataFrame(rows)


# ── the runs as a chunked sweep (physai.sweep.run_chunked) ──────────────────────────────────
# A point is one run: its attention rate, seed and weight decay, and the settings of its
# stack.  Points sharing STACK_KEYS train as one stacked model; a chunk returns, per run,
# the scores and (for `detail` runs, the two models studied closely) the embedding, the
# correct logits, Q per circle and the training curves: plain numbers, so chunks cache as
# JSON and a paper-profile grid resumes after an interruption.

STACK_KEYS = ("p", "d_model", "steps", "precision", "train_fraction", "split_seed", "n_heads", "lr", "log_every",
              "n_circles", "stack")


def run_points(p: int, d_model: int, attn_rates, seeds, *, weight_decays=(2.0,), detail: bool = False,
               alone: bool = False, **stack) -> list[dict]:
    """Every (attention rate, seed, weight decay) at one (p, width) as sweep points.

    alone: each run its own chunk (for p = 59, d = 128 a run alone is faster than under
    vmap); otherwise the runs of one (p, width) stack into one chunk.
    """
    points = []
    for rate in attn_rates:
        for seed in seeds:
            for wd in weight_decays:
                label = f"α={float(rate):g} seed={int(seed)} wd={float(wd):g}" if alone else "shared"
                points.append({"p": p, "d_model": d_model, "attn_rate": float(rate), "seed": int(seed),
                               "weight_decay": float(wd), "detail": detail, "stack": label, **stack})
    return points


def _run_record(model: ModAddTransformer, history: pd.DataFrame, split: TableSplit, point: dict) -> dict:
    last = history.iloc[-1]
    with torch.no_grad():
        test_loss = float(cross_entropy64(model, (split.x_test, split.y_test)))
    record = {"train_acc": float(last.train_acc), "test_acc": float(last.test_acc), "test_loss": test_loss,
              "norm": parameter_norm(model), **score(model)}
    if point["detail"]:
        record.update(history={c: history[c].tolist() for c in ("step", "loss", "train_acc", "test_acc")},
                      W_E=model.W_E.detach().tolist(), correct_logits=model.correct_logits().tolist(),
                      templates=template_scores(model, point["n_circles"]).to_dict("records"))
    return record


def train_stack(points: list[dict]) -> list[dict]:
    """One chunk: its runs trained as one stacked model (`physai.modular.train_transformers`),
    one record per point, in order."""
    run = shared_settings(points, STACK_KEYS)
    split = addition_split(run["p"], run["train_fraction"], run["split_seed"])
    models, history = train_transformers(
        split, run["d_model"], [pt["attn_rate"] for pt in points], [pt["seed"] for pt in points],
        steps=run["steps"], n_heads=run["n_heads"], lr=run["lr"], weight_decay=[pt["weight_decay"] for pt in points],
        log_every=run["log_every"], precision=run["precision"], desc=f"p = {run['p']}, d = {run['d_model']}")
    return [_run_record(models.unstack(k), history[history.model == k], split, point)
            for k, point in enumerate(points)]


def train_runs(points: list[dict], *, chunk_size: int | None = None, backend: str = "inprocess",
               workers: int = 2, cache: str | None = None) -> pd.DataFrame:
    """All runs, stack by stack, through physai.sweep.run_chunked: one row per point, in order
    (identical points train once).

    Points of one stack (STACK_KEYS; `run_points(alone=True)` gives each run its own) that
    come one after another form a chunk, cut to chunk_size if given.
    backend: the profile's choice ("processes": one chunk per core), unless
    $PHYSAI_SWEEP_BACKEND or $RAY_ADDRESS says otherwise.  cache: a folder under data/cache/.
    """
    def same_run(point: dict) -> tuple:
        return tuple(sorted((k, v) for k, v in point.items() if k != "detail"))

    unique: dict[tuple, dict] = {}  # a run two sets share (a corner that is also a grid cell) trains once
    for point in points:
        run = unique.setdefault(same_run(point), dict(point))
        run["detail"] = run["detail"] or point["detail"]
    table = run_chunked(train_stack, list(unique.values()), cache_dir(cache) if cache else None,
                        chunk_size=chunk_size, group_by=STACK_KEYS, backend=default_backend(backend),
                        workers=workers, desc="transformer stacks",
                        depends_on=(shared_settings, _run_record, score, parameter_norm, template_scores,
                                    circle_logits, train_transformers, ModAddTransformer, gradient_symmetricity,
                                    distance_irrelevance, circularity))
    rows = {same_run(run): row for run, row in zip(unique.values(), table.to_dict("records"))}
    return pd.DataFrame([{**rows[same_run(point)], "detail": point["detail"]} for point in points])


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
