"""Figures for notebook 02: LU landscapes, learning curves, generalisation time against γ,
the Goldilocks zone crossed by a free run, data-size runs and the tabular stand-in's losses."""
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


def plot_runs(history: pd.DataFrame, labels: dict[int, str], log_x: bool = True, norm: bool = True,
              ncols: int = 4):
    """One panel per run: train (dashed) and test accuracy against step; a last panel with
    every run's weight norm when `norm`."""
    n = len(labels) + int(norm)
    fig, axes = panels(n, ncols=min(n, ncols), panel=(3.0, 2.6))
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


def plot_goldilocks(free: pd.DataFrame, held_last: pd.DataFrame, zone: tuple[float, float], threshold: float = 0.9):
    """The LU picture's prediction (Fig. 1): a free run generalises when weight decay brings
    its norm into the Goldilocks zone.  x: weight norm / default norm (log); grey: the
    spheres' final test accuracy and the zone where it is ≥ threshold (shaded); lines: free
    runs' test accuracy along their norm trajectories (right to left as the norm decays),
    a circle where the run fitted its training set, a star where it generalised."""
    fig, (ax,) = panels(1, panel=(6.0, 3.2))
    held_last = held_last.sort_values("alpha")
    ax.semilogx(held_last.alpha, held_last.test_acc, "s--", color="0.45", lw=1, label="spheres: final test accuracy")
    lo, hi = zone
    left = lo if np.isfinite(lo) else held_last.alpha.min()
    if np.isfinite(hi):
        ax.axvspan(left, hi, color="0.9", zorder=0, label=f"Goldilocks zone (test ≥ {threshold:g} on the sphere)")
        ax.axvline(hi, color="0.5", lw=0.8)
    for (model, run), color in zip(free.groupby("model"), colors(free.model.nunique())):
        run = run[run.step > 0]
        ax.plot(run.norm_ratio, run.test_acc, color=color, lw=1.2, label=f"free α = {run.alpha.iloc[0]:g}, seed {run.seed.iloc[0]}")
        for column, marker in (("train_acc", "o"), ("test_acc", "*")):
            hit = run[run[column] >= threshold]
            if len(hit):
                ax.plot(hit.norm_ratio.iloc[0], hit.test_acc.iloc[0], marker, color=color, ms=8, mec="k", mew=0.6)
    ax.set(xlabel="weight norm / default norm", ylabel="test accuracy", ylim=(0, 1.02))
    _alpha_ticks(ax, held_last.alpha)
    ax.legend(fontsize="x-small", loc="lower left")
    return fig


def plot_data_size(runs: dict[str, pd.DataFrame]):
    """One panel per training-set size: train (dashed) and test accuracy of each seed's free
    run against step (log), with the 90 % line."""
    fig, axes = panels(len(runs), panel=(3.8, 2.8))
    for ax, (label, history) in zip(axes, runs.items()):
        for (model, run), color in zip(history.groupby("model"), colors(history.model.nunique())):
            run = run[run.step > 0]
            ax.semilogx(run.step, run.train_acc, "--", color=color, lw=0.9)
            ax.semilogx(run.step, run.test_acc, color=color, lw=1.4, label=f"seed {run.seed.iloc[0]}")
        ax.axhline(0.9, color="0.6", lw=0.8, ls=":")
        ax.set(xlabel="step", ylabel="accuracy", ylim=(0, 1.02), title=label)
        ax.title.set_fontsize("small")
        ax.legend(fontsize="x-small", loc="lower right")
    return fig


def plot_losses(history: pd.DataFrame, groups: dict[str, dict[int, str]]):
    """Regression runs: one panel per group of runs, train (dashed) and test (solid) MSE
    against step, log-log."""
    fig, axes = panels(len(groups), panel=(3.8, 2.8))
    for ax, (title, labels) in zip(axes, groups.items()):
        for (model, label), color in zip(labels.items(), colors(len(labels))):
            run = history[(history.model == model) & (history.step > 0)]
            ax.loglog(run.step, run.train_loss, "--", color=color, lw=0.9)
            ax.loglog(run.step, run.test_loss, color=color, lw=1.4, label=label)
        ax.axhline(1.0, color="0.6", lw=0.8, ls=":")  # predicting the mean: test MSE ≈ 1
        ax.set(xlabel="step", ylabel="MSE (standardised target)", title=title)
        ax.title.set_fontsize("small")
        ax.legend(fontsize="x-small")
    return fig
