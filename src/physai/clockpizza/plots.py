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
    """Left: mean GS per (width, α), the pizza cells (GS > gs_cut) marked; right: GS
    against α per width, the cut dashed."""
    fig, (heat, lines) = panels(2, panel=(4.4, 3.0))
    grid = scores.groupby(["d_model", "attn_rate"]).gs.mean().unstack()
    sns.heatmap(grid, ax=heat, cmap="coolwarm_r", vmin=0, vmax=1, annot=True, fmt=".2f",
                annot_kws={"fontsize": 7}, cbar_kws={"label": "gradient symmetricity"})
    heat.set(xlabel="attention rate α", ylabel="width d", title="pizza (blue) → clock (red)")
    heat.set_xticklabels([f"{a:g}" for a in grid.columns])
    heat.invert_yaxis()
    for (width, frame), color in zip(scores.groupby("d_model"), colors(scores.d_model.nunique())):
        mean = frame.groupby("attn_rate").gs.mean()
        lines.plot(mean.index, mean.values, "o-", color=color, label=f"d = {width}")
        lines.scatter(frame.attn_rate, frame.gs, s=8, color=color, alpha=0.4)
    lines.axhline(gs_cut, color="0.4", ls="--", lw=0.8, label=f"GS = {gs_cut:g}")
    lines.set(xlabel="attention rate α", ylabel="gradient symmetricity", ylim=(0, 1.02))
    lines.legend(fontsize="small")
    return fig
