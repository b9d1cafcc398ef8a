"""Figures for notebook 03: the theory's curves, emergence, order of learning, scaling, QDG."""
from __future__ import annotations

import numpy as np

from ..plotting import colors, panels
from .theory import tail_loss, zipf_frequencies


def plot_theory(alpha: float, n_quanta: int):
    """Left: Zipfian use frequencies p_k ∝ k^−(α+1). Right: the loss after learning the n
    most frequent quanta (the unlearned tail) for n_quanta quanta and for (nearly) infinitely
    many, against the asymptotic n^−α."""
    fig, (freq, tail) = panels(2, panel=(3.6, 2.8))
    k = np.arange(1, n_quanta + 1)
    p = zipf_frequencies(n_quanta, alpha)
    freq.loglog(k, p, color=colors(1)[0])
    freq.set(xlabel="quantum rank k", ylabel="use frequency $p_k$", title=f"Zipf: $p_k ∝ k^{{-{alpha + 1:g}}}$")
    n = np.unique(np.geomspace(1, n_quanta - 1, 60).astype(int))
    many = zipf_frequencies(10**6, alpha)
    c = colors(3)
    tail.loglog(n, tail_loss(many, n), color=c[0], label="10⁶ quanta")
    tail.loglog(n, tail_loss(p, n), color=c[1], label=f"{n_quanta} quanta")
    tail.loglog(n, tail_loss(many, n[:1]) * (n / n[0]) ** -alpha, "--", color="0.5", lw=0.8, label=f"$n^{{-{alpha:g}}}$")
    tail.set(xlabel="quanta learned n", ylabel="loss ∝ unlearned tail", title="the loss law")
    tail.legend(fontsize="small")
    return fig


def _log_edges(steps: np.ndarray) -> np.ndarray:
    """Cell edges for a log-step heat map: geometric midpoints, the first step shifted off 0."""
    s = np.maximum(np.asarray(steps, float), 0.5)
    mid = np.sqrt(s[1:] * s[:-1])
    return np.concatenate([[s[0] / 1.5], mid, [s[-1] * 1.1]])


def plot_emergence(steps, losses: np.ndarray, mean: np.ndarray, show: int = 60, curves=(0, 4, 9, 19)):
    """Left: one network's test loss on each of its `show` most frequent subtasks (rows, by
    rank) over training (log step axis). Right: a few of those curves and the
    frequency-weighted mean loss, which falls smoothly."""
    fig, (heat, lines) = panels(2, panel=(4.2, 3.2))
    mesh = heat.pcolormesh(_log_edges(steps), np.arange(show + 1) + 0.5, losses[:, :show].T,
                           cmap="viridis", vmin=0, vmax=np.log(2) * 1.1, shading="flat")
    heat.set(xscale="log", xlabel="step", ylabel="subtask rank (by frequency)", title="loss per subtask")
    heat.invert_yaxis()
    fig.colorbar(mesh, ax=heat, label="test loss (nats)")
    s = np.maximum(np.asarray(steps, float), 1)
    for i, color in zip(curves, colors(len(curves))):
        lines.plot(s, losses[:, i], color=color, lw=1, label=f"subtask {i + 1}")
    lines.plot(s, mean, color="k", lw=2, label="mean (all subtasks)")
    lines.set(xscale="log", xlabel="step", ylabel="test loss (nats)", title="abrupt parts, smooth sum")
    lines.legend(fontsize="x-small")
    return fig


def plot_order(learned: np.ndarray, frequencies: np.ndarray, slope: float):
    """Learning step of each learned subtask against its frequency (log-log), with the
    fitted power law and slope −1 (learned after a fixed number of its own samples)."""
    fig, (ax,) = panels(1, panel=(3.8, 3.0))
    ok = np.isfinite(learned)
    rank = np.arange(1, len(learned) + 1)[ok]
    points = ax.scatter(frequencies[ok], learned[ok], c=rank, cmap="viridis", s=18, zorder=3)
    if ok.sum() >= 2:
        f = np.geomspace(frequencies[ok].min(), frequencies[ok].max(), 20)
        anchor = np.exp(np.mean(np.log(learned[ok]) - slope * np.log(frequencies[ok])))
        ax.plot(f, anchor * f**slope, color=colors(2)[1], label=f"fit: slope {slope:.2f}")
        anchor1 = np.exp(np.mean(np.log(learned[ok]) + np.log(frequencies[ok])))
        ax.plot(f, anchor1 / f, "--", color="0.5", lw=0.8, label="slope −1")
    ax.set(xscale="log", yscale="log", xlabel="subtask frequency", ylabel="step learned")
    ax.legend(fontsize="small")
    fig.colorbar(points, ax=ax, label="rank")
    return fig


def plot_scaling(run, alpha_n: float, predicted_n: dict[str, float], window: tuple[float, float],
                 alpha_s: float, predicted_s: dict[str, float]):
    """Left: final mean test loss against parameters, with the fit and the predictions
    (slopes only, drawn through the fit's centre). Right: mean test loss against step for
    every width, the step-law fit on the widest over `window`, and the predictions."""
    fig, (left, right) = panels(2, panel=(3.8, 3.0))
    n = np.asarray(run.parameters, float)
    final = run.mean[-1]
    left.loglog(n, final, "o", color=colors(1)[0], zorder=3, label="trained widths")
    centre = np.exp(np.mean(np.log(n))), np.exp(np.mean(np.log(final)))

    def through_centre(ax, x, x0, y0, exponent, style, label):
        ax.plot(x, y0 * (x / x0) ** -exponent, style, lw=1, label=label)

    through_centre(left, n, *centre, alpha_n, "-", f"fit α_N = {alpha_n:.2f}")
    for (label, value), style in zip(predicted_n.items(), ("--", ":")):
        through_centre(left, n, *centre, value, style, f"{label} {value:.2f}")
    left.set(xlabel="parameters N", ylabel="final mean test loss", title="parameters")
    left.legend(fontsize="x-small")
    s = np.asarray(run.steps, float)
    for j, (width, color) in enumerate(zip(run.widths, colors(len(run.widths)))):
        right.loglog(s[1:], run.mean[1:, j], color=color, lw=1, label=f"width {width}")
    inside = (s >= window[0]) & (s <= window[1])
    x = s[inside]
    y = run.mean[inside, -1]
    x0, y0 = np.exp(np.mean(np.log(x))), np.exp(np.mean(np.log(y)))
    through_centre(right, x, x0, y0, alpha_s, "k-", f"fit α_S = {alpha_s:.2f}")
    for (label, value), style in zip(predicted_s.items(), ("k--", "k:")):
        through_centre(right, x, x0, y0 * 1.4, value, style, f"{label} {value:.2f}")
    right.set(xlabel="step S", ylabel="mean test loss", title="steps")
    right.legend(fontsize="x-small", ncol=2)
    return fig


def plot_qdg(similarity: np.ndarray, truth: np.ndarray, clusters: np.ndarray, title: str):
    """Left: the gradient-similarity matrix with samples grouped by their true subtask.
    Right: how the clusters found split each subtask (counts)."""
    import pandas as pd

    fig, (mat, table) = panels(2, panel=(3.6, 3.2))
    order = np.argsort(truth, kind="stable")
    image = mat.imshow(similarity[np.ix_(order, order)], cmap="magma", vmin=0, vmax=1)
    mat.set(xlabel="sample (grouped by subtask)", ylabel="sample", title=title)
    fig.colorbar(image, ax=mat, shrink=0.8)
    counts = pd.crosstab(truth, clusters)
    table.imshow(counts.to_numpy(), cmap="Blues")
    table.set(xlabel="cluster found", ylabel="true subtask (rank)", title="clusters vs subtasks",
              xticks=range(counts.shape[1]), yticks=range(counts.shape[0]))
    table.set_yticklabels(counts.index)
    return fig
