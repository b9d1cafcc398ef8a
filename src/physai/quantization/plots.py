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
    ax.set(xlabel="subtask frequency", ylabel="step learned")
    if ok.any():  # a log axis needs at least one point (a capped or failed run may learn nothing)
        ax.set(xscale="log", yscale="log")
        ax.legend(fontsize="small")
    else:
        ax.text(0.5, 0.5, "no subtask learned", ha="center", va="center", transform=ax.transAxes)
    fig.colorbar(points, ax=ax, label="rank")
    return fig


def plot_scaling(run, plateau: np.ndarray, alpha_n: float, predicted_n: dict[str, float],
                 window: tuple[float, float], alpha_s: float, predicted_s: dict[str, float],
                 points: tuple | None = None, continued=None):
    """Left: final mean test loss against parameters (filled: the size-limited widths,
    the ones fitted; open: still falling), with the fit and the predictions (slopes only,
    drawn through the fit's centre); `points` (parameters, final mean loss), one per entry
    of `plateau`, replaces `run`'s final losses there (the plateau run's). Right: mean
    test loss against step for every width of `run`, the step-law fit on the widest over
    `window`, and the predictions.  `continued` (a run with steps, mean, widths: the plateau run)
    adds a third panel, its mean loss against step to its end, with its last quarter shaded."""
    fig, axes = panels(2 if continued is None else 3, panel=(3.8, 3.0))
    left, right = axes[0], axes[1]
    n, final = (np.asarray(run.parameters, float), run.mean[-1]) if points is None else \
        (np.asarray(points[0], float), np.asarray(points[1], float))
    plateau = np.asarray(plateau, bool)
    c = colors(1)[0]
    left.loglog(n[plateau], final[plateau], "o", color=c, zorder=3, label="size-limited (fitted)")
    left.loglog(n[~plateau], final[~plateau], "o", mfc="none", color=c, zorder=3, label="not size-limited")
    use = n[plateau] if plateau.sum() >= 2 else n
    centre = np.exp(np.mean(np.log(use))), np.exp(np.mean(np.log(final[np.isin(n, use)])))

    def through_centre(ax, x, x0, y0, exponent, style, label):
        ax.plot(x, y0 * (x / x0) ** -exponent, style, lw=1, label=label)

    if np.isfinite(alpha_n):
        through_centre(left, use, *centre, alpha_n, "-", f"fit α_N = {alpha_n:.2f}")
    for (label, value), style in zip(predicted_n.items(), ("--", ":")):
        if np.isfinite(value):
            through_centre(left, use, *centre, value, style, f"{label} {value:.2f}")
    left.set(xlabel="parameters N", ylabel="final mean test loss", title="parameters")
    left.legend(fontsize="x-small")
    s = np.asarray(run.steps, float)
    for j, (width, color) in enumerate(zip(run.widths, colors(len(run.widths)))):
        right.loglog(s[1:], run.mean[1:, j], color=color, lw=1, label=f"width {width}")
    inside = (s >= window[0]) & (s <= window[1])
    if inside.sum() >= 2:
        x = s[inside]
        y = run.mean[inside, -1]
        x0, y0 = np.exp(np.mean(np.log(x))), np.exp(np.mean(np.log(y)))
        through_centre(right, x, x0, y0, alpha_s, "k-", f"fit α_S = {alpha_s:.2f}")
        for (label, value), style in zip(predicted_s.items(), ("k--", "k:")):
            through_centre(right, x, x0, y0 * 1.4, value, style, f"{label} {value:.2f}")
    right.set(xlabel="step S", ylabel="mean test loss", title="steps")
    right.legend(fontsize="x-small", ncol=2)
    if continued is not None:
        _plot_continued(axes[2], continued)
    return fig


def _plot_continued(ax, run):
    """The plateau run's mean test loss against step (linear axis, from step 1000), each
    width's last quarter shaded (where its plateau test fits its line)."""
    s = np.asarray(run.steps, float)
    keep = s >= min(1000.0, s[-1] / 10)
    for j, (width, color) in enumerate(zip(run.widths, colors(len(run.widths) + 1))):
        ax.plot(s[keep], run.mean[keep, j], color=color, lw=1, label=f"width {width}")
    ax.axvspan(0.75 * s[-1], s[-1], color="0.9", zorder=0, label="last quarter")
    ax.set(yscale="log", xlabel="step S", ylabel="mean test loss", title="plateau run")
    ax.legend(fontsize="x-small")


def plot_width_emergence(parameters, final: np.ndarray, emerging: np.ndarray, mean_final: np.ndarray,
                         show: int = 12):
    """Fig. 2 (bottom, parameters): final test loss on single subtasks against parameter
    count (the first `show` of those learned by the widest network but not the narrowest,
    coloured by frequency rank) and the frequency-weighted mean (black)."""
    fig, (ax,) = panels(1, panel=(4.4, 3.2))
    n = np.asarray(parameters, float)
    picked = np.asarray(emerging)[:show]
    for i, color in zip(picked, colors(len(picked))):
        ax.plot(n, final[:, i], "o-", color=color, lw=1, ms=3, label=f"subtask {i + 1}")
    ax.plot(n, mean_final, "k-", lw=2.5, label="mean (all subtasks)")
    ax.axhline(np.log(2), color="0.6", lw=0.8, ls="--")
    ax.set(xscale="log", xlabel="parameters N", ylabel="final test loss (nats)", title="emergence with size")
    ax.set_xticks(n, [f"{p / 1000:.1f}k" if p < 1e4 else f"{p / 1000:.0f}k" for p in n], minor=False)
    ax.set_xticks([], minor=True)  # one label per width, no overlapping minor labels
    ax.legend(fontsize="xx-small", ncol=2)
    return fig


def plot_data_scaling(run, alpha_d: float, predicted: dict[str, float]):
    """Fig. 2 (top right), multi-epoch: left, the mean test loss of each training-set size
    over training (the dot: its best, the early-stopped loss); right, the best test loss
    against D with the fit and the predicted slopes drawn through its centre."""
    fig, (curves, law) = panels(2, panel=(3.8, 3.0))
    s = np.maximum(np.asarray(run.steps, float), 1)
    for k, (d, color) in enumerate(zip(run.sizes, colors(len(run.sizes)))):
        curves.plot(s, run.mean[:, k], color=color, lw=1, label=f"D = {d:,}")
        curves.plot(max(run.best_step[k], 1), run.best[k], "o", color=color, ms=4)
    curves.set(xscale="log", xlabel="step", ylabel="mean test loss", title="training on fixed sets")
    curves.legend(fontsize="x-small")
    d = np.asarray(run.sizes, float)
    law.loglog(d, run.best, "o", color=colors(1)[0], zorder=3, label="best test loss")
    x0, y0 = np.exp(np.mean(np.log(d))), np.exp(np.mean(np.log(run.best)))
    law.plot(d, y0 * (d / x0) ** -alpha_d, "-", lw=1, label=f"fit α_D = {alpha_d:.2f}")
    for (label, value), style in zip(predicted.items(), ("--", ":")):
        if np.isfinite(value):
            law.plot(d, y0 * (d / x0) ** -value, style, lw=1, label=f"{label} {value:.2f}")
    law.set(xlabel="training samples D", ylabel="best mean test loss", title="data")
    law.legend(fontsize="x-small")
    return fig


def plot_qdg(truth: np.ndarray, rows: dict[str, tuple[np.ndarray, np.ndarray]]):
    """One row per affinity (title -> (affinity matrix, clusters found)).  Left: the
    affinity matrix with samples grouped by their true subtask.  Right: how the clusters
    found split each subtask (counts)."""
    import pandas as pd

    fig, axes = panels(2 * len(rows), ncols=2, panel=(3.6, 3.2))
    order = np.argsort(truth, kind="stable")
    for (title, (affinity, clusters)), mat, table in zip(rows.items(), axes[0::2], axes[1::2]):
        image = mat.imshow(affinity[np.ix_(order, order)], cmap="magma", vmin=0, vmax=1)
        mat.set(xlabel="sample (grouped by subtask)", ylabel="sample", title=title)
        fig.colorbar(image, ax=mat, shrink=0.8)
        counts = pd.crosstab(truth, clusters)
        table.imshow(counts.to_numpy(), cmap="Blues")
        table.set(xlabel="cluster found", ylabel="true subtask (rank)", title=f"clusters vs subtasks ({title})",
                  xticks=range(counts.shape[1]), yticks=range(counts.shape[0]))
        table.set_yticklabels(counts.index)
    return fig
