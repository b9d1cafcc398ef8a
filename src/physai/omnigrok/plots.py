"""Figures for notebook 02: LU landscapes, learning curves, generalisation time against γ."""
from __future__ import annotations

import numpy as np
import pandas as pd

from matplotlib.ticker import NullFormatter

from ..fits import loglog_line
from ..plotting import colors, panels


def _alpha_ticks(ax, alphas) -> None:
    """Label a log α axis at the α values themselves (few) instead of crowded minor ticks."""
    alphas = sorted(set(float(a) for a in alphas))
    if len(alphas) <= 8:
        ax.set_xticks(alphas, [f"{a:g}" for a in alphas])
    ax.xaxis.set_minor_formatter(NullFormatter())


def plot_landscape(last: pd.DataFrame, test_column: str = "test_loss", marker: float | None = None):
    """Final train loss (the L) and a test quantity (the U, or an inverted U for accuracy)
    against the init scale α of runs held on their sphere; `marker`: an α to mark (the teacher's)."""
    fig, (left, right) = panels(2, panel=(3.8, 2.8))
    last = last.sort_values("alpha")
    left.loglog(last.alpha, last.train_loss, "o-", color=colors(2)[0])
    left.set(xlabel="weight norm / default norm (α)", ylabel="final train loss", title="train: an L")
    if test_column == "test_loss":
        right.loglog(last.alpha, last.test_loss, "o-", color=colors(2)[1])
        right.set(ylabel="final test loss", title="test: a U")
    else:
        right.semilogx(last.alpha, last[test_column], "o-", color=colors(2)[1])
        right.set(ylabel="final test accuracy", ylim=(0, 1.02), title="test: an inverted U")
    right.set(xlabel="weight norm / default norm (α)")
    for ax in (left, right):
        _alpha_ticks(ax, last.alpha)
    if marker is not None:
        for ax in (left, right):
            ax.axvline(marker, color="0.5", ls="--", lw=0.8, label="teacher's norm")
        right.legend(fontsize="small")
    return fig


def plot_runs(history: pd.DataFrame, labels: dict[int, str], log_x: bool = True, norm: bool = True):
    """One panel per run: train (dashed) and test accuracy against step; a last panel with
    every run's weight norm when `norm`."""
    n = len(labels) + int(norm)
    fig, axes = panels(n, ncols=min(n, 4), panel=(3.0, 2.6))
    palette = colors(len(labels))
    for ax, (model, label), color in zip(axes, labels.items(), palette):
        run = history[(history.model == model) & (history.step > 0)]
        ax.plot(run.step, run.train_acc, "--", color=color, lw=1, label="train")
        ax.plot(run.step, run.test_acc, color=color, lw=1.5, label="test")
        ax.set(xlabel="step", ylabel="accuracy", ylim=(0, 1.02), title=label, xscale="log" if log_x else "linear")
        ax.title.set_fontsize("small")
        ax.legend(fontsize="x-small", loc="lower right")
    if norm:
        ax = axes[len(labels)]
        for (model, label), color in zip(labels.items(), palette):
            run = history[history.model == model]
            ax.plot(run.step, run.norm, color=color, label=label)
        ax.set(xlabel="step", ylabel="weight norm", title="weight norm")
        ax.title.set_fontsize("small")
        ax.legend(fontsize="x-small")
    return fig


def plot_time_vs_decay(history: pd.DataFrame, times: pd.DataFrame, slope: float):
    """Left: test accuracy against step for each weight decay γ. Right: the step where test
    accuracy reaches the threshold against γ, log-log, with the fitted power law."""
    fig, (curves, scaling) = panels(2, panel=(3.8, 2.8))
    gammas = sorted(times.weight_decay.unique())
    for gamma, color in zip(gammas, colors(len(gammas))):
        model = times.index[times.weight_decay == gamma][0]
        run = history[(history.model == model) & (history.step > 0)]
        curves.semilogx(run.step, run.test_acc, color=color, label=f"γ = {gamma:g}")
        curves.semilogx(run.step, run.train_acc, "--", color=color, lw=0.8)
    curves.set(xlabel="step", ylabel="accuracy (MSE < threshold)", ylim=(0, 1.02))
    curves.legend(fontsize="x-small")
    t = times.test_step.to_numpy(float)
    g = times.weight_decay.to_numpy(float)
    scaling.loglog(g, t, "o", color=colors(1)[0], label="measured")
    ok = np.isfinite(t)
    line = loglog_line(g, t)  # (slope, intercept) of log t on log g
    if np.isfinite(line[0]):
        fit = np.exp(np.polyval(line, np.log(g)))
        scaling.loglog(g, fit, "-", color="0.4", lw=1, label=f"fit: slope {slope:.2f}")
        scaling.loglog(g, t[ok][0] * g[ok][0] / g, ":", color="0.6", lw=1, label="slope −1")
    scaling.set(xlabel="weight decay γ", ylabel="steps to generalise")
    _alpha_ticks(scaling, g)
    scaling.legend(fontsize="x-small")
    return fig
