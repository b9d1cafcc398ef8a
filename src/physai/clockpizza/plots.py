"""Figures for notebook 05: training curves, logit maps, spectra, the phase diagram (the circles:
`physai.plotting.plot_circles`)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ..plotting import colors, panels
from ..modular import frequency_power

NAMES = {0.0: "Model B (α = 0)", 1.0: "Model A (α = 1)"}


def plot_training(history: pd.DataFrame):
    """Train and test accuracy (left) and loss (right) of the two models against step."""
    fig, (acc, loss) = panels(2, panel=(4.0, 2.8))
    for (rate, frame), color in zip(history.groupby("attn_rate"), colors(2)):
        label = NAMES.get(rate, f"α = {rate:g}")
        acc.plot(frame.step, frame.train_acc, color=color, ls="--", lw=1, label=f"{label}, train")
        acc.plot(frame.step, frame.test_acc, color=color, lw=1.5, label=f"{label}, test")
        loss.semilogy(frame.step, frame.loss, color=color, label=label)
    acc.set(xlabel="step", ylabel="accuracy", ylim=(0, 1.02))
    loss.set(xlabel="step", ylabel="training loss (cross-entropy)")
    acc.legend(fontsize="x-small")
    loss.legend(fontsize="small")
    return fig


def by_sum_and_difference(correct_logits: np.ndarray, k: int = 1) -> np.ndarray:
    """Re-index a (p, p) [a, b] array as [(a + b) mod p, j] where row j holds the distance
    a − b with k(a − b) ≡ j (mod p): a function of k(a − b), such as the pizza's
    |cos(πk(a − b)/p)|, then varies smoothly along j (the paper's Fig. 4 orders rows so)."""
    p = len(correct_logits)
    a, b = np.meshgrid(np.arange(p), np.arange(p), indexing="ij")
    out = np.empty_like(correct_logits)
    out[(a + b) % p, (k * (a - b)) % p] = correct_logits
    return out


def plot_logit_maps(correct: dict[str, np.ndarray], k: int):
    """The correct logit of each model over (a, b) (left) and over (a + b, k(a − b)) (right):
    a clock's map is constant down each column of the right panel (it depends on a + b
    only), a pizza's varies along it, as |cos(πk(a − b)/p)| for its circle of frequency k."""
    fig, axes = plt.subplots(len(correct), 2, figsize=(7.2, 3.1 * len(correct)), squeeze=False,
                             layout="constrained")
    for (left, right), (name, logits) in zip(axes, correct.items()):
        for ax, grid, (xl, yl) in ((left, logits, ("b", "a")),
                                   (right, by_sum_and_difference(logits, k).T,
                                    ("(a + b) mod p", f"{k}·(a − b) mod p"))):
            sns.heatmap(grid, ax=ax, cmap="viridis", xticklabels=False, yticklabels=False,
                        cbar_kws={"label": "correct logit"})
            ax.set(xlabel=xl, ylabel=yl, title=name)
            ax.title.set_fontsize("small")
    return fig


def plot_spectra(embeddings: dict[str, np.ndarray]):
    """Share of the token embeddings' variance at each frequency k (summed over dimensions)."""
    fig, ax = panels(1, panel=(6.0, 2.6))
    ax = ax[0]
    width = 0.8 / len(embeddings)
    for i, ((name, W_E), color) in enumerate(zip(embeddings.items(), colors(len(embeddings)))):
        W = W_E - W_E.mean(0)
        power = sum(frequency_power(W[:, j]) * np.sum(W[:, j] ** 2) for j in range(W.shape[1])) / np.sum(W**2)
        k = np.arange(1, len(power) + 1)
        ax.bar(k + (i - (len(embeddings) - 1) / 2) * width, power, width=width, color=color, label=name)
    ax.set(xlabel="frequency k", ylabel="share of embedding variance")
    ax.legend(fontsize="small")
    return fig


def plot_phase_diagram(scores: pd.DataFrame, gs_cut: float):
    """Fig. 6 at our scale.  Left: mean GS per (width, α), the colour scale centred at the
    pizza cut (blue above it: pizzas); middle: mean DI per cell; right: GS of every run
    against α per width (unfitted runs hollow), the cut dashed."""
    from matplotlib.colors import TwoSlopeNorm

    fig, (gs_heat, di_heat, lines) = panels(3, panel=(4.0, 3.0))
    fitted = scores[scores.fitted]
    for ax, column, cmap, label, norm in (
            (gs_heat, "gs", "coolwarm_r", f"mean GS (white: the cut {gs_cut:g})", TwoSlopeNorm(gs_cut, 0.0, 1.0)),
            (di_heat, "di", "viridis", "mean DI (clock ≈ 1, pizza lower)", None)):
        grid = fitted.groupby(["d_model", "attn_rate"])[column].mean().unstack()
        if grid.empty:  # (the smoke profile: nothing trained long enough to fit)
            ax.text(0.5, 0.5, "no fitted run", ha="center", va="center", transform=ax.transAxes)
            continue
        sns.heatmap(grid, ax=ax, cmap=cmap, norm=norm, vmin=None if norm else 0, vmax=None if norm else 1,
                    annot=True, fmt=".2f", annot_kws={"fontsize": 7}, cbar_kws={"label": label})
        ax.set(xlabel="attention rate α", ylabel="width d")
        ax.set_xticklabels([f"{a:g}" for a in grid.columns])
        ax.invert_yaxis()
    gs_heat.set_title("pizza (blue) → clock (red)", fontsize="small")
    di_heat.set_title("distance irrelevance", fontsize="small")
    for (width, frame), color in zip(scores.groupby("d_model"), colors(scores.d_model.nunique())):
        mean = frame[frame.fitted].groupby("attn_rate").gs.mean()
        lines.plot(mean.index, mean.values, "o-", color=color, label=f"d = {width}")
        for fitted_runs, face in ((frame[frame.fitted], color), (frame[~frame.fitted], "none")):
            lines.scatter(fitted_runs.attn_rate, fitted_runs.gs, s=14, facecolors=face, edgecolors=color, alpha=0.6)
    lines.axhline(gs_cut, color="0.4", ls="--", lw=0.8, label=f"GS = {gs_cut:g}")
    lines.set(xlabel="attention rate α", ylabel="GS of each run", ylim=(0, 1.02))
    lines.legend(fontsize="small")
    return fig


def plot_corner_scores(corners: pd.DataFrame, tables: dict[str, tuple[float, float, float]]):
    """GS and DI of every Model A and Model B seed (dots) against the authors' released runs:
    `tables` maps a model name to (lower quartile, median, upper quartile) of their DI."""
    fig, (gs_ax, di_ax) = panels(2, panel=(3.6, 2.8))
    names = corners.attn_rate.map(NAMES)
    for ax, column in ((gs_ax, "gs"), (di_ax, "di")):
        sns.stripplot(x=names, y=corners[column], hue=names, ax=ax, size=7, jitter=0.08, legend=False,
                      palette=colors(2), order=sorted(NAMES.values()))
        ax.set(xlabel="", ylabel={"gs": "gradient symmetricity", "di": "distance irrelevance"}[column], ylim=(0, 1.05))
    for i, name in enumerate(sorted(NAMES.values())):
        if name in tables:
            low, median, high = tables[name]
            di_ax.fill_between([i - 0.3, i + 0.3], low, high, color="0.85", zorder=0,
                               label="authors' runs: quartiles" if i == 0 else None)
            di_ax.hlines(median, i - 0.3, i + 0.3, color="0.3", lw=1.5, label="authors' runs: median" if i == 0 else None)
    di_ax.legend(fontsize="x-small", loc="lower right")
    return fig
