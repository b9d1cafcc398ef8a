"""Figures for notebook 01: learning curves, embeddings, Â, λ₃, r_c and the phase diagram."""
from __future__ import annotations

import matplotlib.colors as mcolors
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
import numpy as np
import pandas as pd

from ..plotting import colors, panels
from .experiments import PHASES


def plot_showcase(history: pd.DataFrame, snapshots: dict, along: pd.DataFrame):
    """(a) accuracies and RQI; (b) the 1-D embeddings over time; (c) Acc vs Â over time."""
    fig, (a, b, c) = panels(3, panel=(3.6, 2.9))
    h = history[history.model == 0]
    for col, label in [("train_acc", "train accuracy"), ("test_acc", "test accuracy"), ("rqi", "RQI")]:
        a.plot(h.step, h[col], label=label)
    a.set(xlabel="step", ylabel="value", title="learning and representation")
    a.legend(fontsize="small")
    steps = np.array(sorted(snapshots))
    emb = np.stack([snapshots[s][0, :, 0] for s in steps])  # (T, p)
    for i, color in enumerate(colors(emb.shape[1])):
        b.plot(steps, emb[:, i], color=color, lw=1)
        b.annotate(str(i), (steps[-1], emb[-1, i]), fontsize=7, xytext=(2, 0), textcoords="offset points")
    b.set(xlabel="step", ylabel="embedding E_i", title="embeddings line up")
    c.plot(along.step, along.accuracy, color="C0", label="Acc, all 55 samples")
    c.plot(along.step, along.predicted, color="C0", ls="--", label="Â, all 55 samples")
    c.plot(along.step, along.test_acc, color="C3", label="Acc, test samples")
    c.plot(along.step, along.predicted_test, color="C3", ls="--", label="Â, test samples")
    c.set(xlabel="step", ylabel="accuracy", title="predicted (Â) vs measured, whole run")
    c.legend(fontsize="x-small")
    return fig


def plot_trajectories(eff_steps: np.ndarray, eff_path: np.ndarray, snapshots: dict, model: int = 0):
    """Fig. 4(c, d): standardised 1-D embeddings over time, (c) under gradient descent on
    ℓ_eff, (d) in the network (its snapshots), from the same initial embeddings."""
    steps = np.array(sorted(snapshots))
    net = np.stack([snapshots[s][model, :, 0] for s in steps])
    net = (net - net.mean(1, keepdims=True)) / net.std(1, ddof=1, keepdims=True)
    fig, axes = panels(2, panel=(3.6, 2.9))
    for ax, x, y, title in [(axes[0], eff_steps, eff_path, "(c) gradient descent on ℓ_eff"),
                            (axes[1], steps, net, "(d) network, AdamW")]:
        for i, color in enumerate(colors(y.shape[1])):
            ax.plot(x, y[:, i], color=color, lw=1)
            ax.annotate(str(i), (x[-1], y[-1, i]), fontsize=7, xytext=(2, 0), textcoords="offset points")
        ax.set(xlabel="step", ylabel="standardised embedding", title=title)
    return fig


def plot_prediction_scatter(table: pd.DataFrame):
    """Acc vs Â after training, one point per (training set size, seed) (Fig. 3c)."""
    fig, (ax,) = panels(1, panel=(3.4, 3.2))
    sc = ax.scatter(table.predicted, table.accuracy, c=table.train_fraction, cmap="viridis", s=18)
    ax.plot([0, 1], [0, 1], color="0.5", ls="--", lw=1)
    ax.set(xlabel="Â (predicted from embeddings)", ylabel="Acc (measured)", xlim=(0, 1.02), ylim=(0, 1.02))
    fig.colorbar(sc, ax=ax, label="training fraction")
    return fig


def plot_lambda3(tables: dict, slopes: dict):
    """Steps to RQI ≥ 0.95 against 1/λ₃, one panel per dynamics (Fig. 4): `tables` maps a
    label to a table with columns lambda3 and steps; `slopes` the same labels to the fitted
    log–log slope of steps against λ₃."""
    fig, axes = panels(len(tables), panel=(3.2, 3.0))
    for ax, (label, table) in zip(axes, tables.items()):
        ok = table.steps.notna() & (table.lambda3 > 0)
        ax.loglog(1 / table.lambda3[ok], table.steps[ok], "o", ms=4)
        if ok.any():  # the theory's slope: steps ∝ 1/λ₃, through the points' geometric mean
            x = np.geomspace((1 / table.lambda3[ok]).min(), (1 / table.lambda3[ok]).max(), 2)
            scale = np.exp(np.mean(np.log(table.steps[ok] * table.lambda3[ok])))
            ax.loglog(x, scale * x, "--", color="grey", lw=1, label="steps ∝ 1/λ₃")
            ax.legend(fontsize=6, loc="upper left")
        for axis, values in ((ax.xaxis, 1 / table.lambda3[ok]), (ax.yaxis, table.steps[ok])):
            # labelled ticks at 10ⁿ on a wide range, more per decade on a narrow one
            span = np.log10(values.max() / values.min()) if len(values) else 3.0
            subs = (1.0,) if span >= 2 else (1.0, 2.0, 5.0) if span >= 0.8 else (1.0, 1.5, 2.0, 3.0, 5.0, 7.0)
            axis.set_major_locator(LogLocator(subs=subs))
            axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
            axis.set_minor_formatter(NullFormatter())
        ax.tick_params(labelsize=7)
        ax.set(xlabel="1 / λ₃", ylabel="steps to RQI ≥ 0.95",
               title=f"{label}\nslope {slopes[label]:.2f} ({int(ok.sum())} runs)")
        ax.title.set_fontsize(8)
    return fig


def plot_rc(rc: pd.DataFrame, generalised: pd.DataFrame, r_c: float):
    """P(training set forces the linear structure), and per training-set size the trained
    networks' mean final test accuracy and the share of them that generalise (≥ 0.9)."""
    fig, (ax,) = panels(1, panel=(4.6, 3.1))
    ax.plot(rc.fraction, rc.p_linear, label="P(linear forced), theory")
    ax.plot(generalised.fraction, generalised.test_acc, "o", label="networks: mean final test accuracy")
    ax.plot(generalised.fraction, generalised.share, "s", mfc="none", label="networks: share with test acc ≥ 0.9")
    ax.axvline(r_c, color="0.5", ls="--", lw=1)
    ax.axhline(0.5, color="0.8", lw=0.8)
    ax.set(xlabel="training fraction", ylabel="probability / accuracy", title=f"r_c = {r_c:.3f}")
    ax.legend(fontsize="x-small", loc="upper left")
    return fig


PHASE_COLORS = dict(zip(PHASES, ["#029e73", "#0173b2", "#de8f05", "#949494"]))


def plot_phases(phases: np.ndarray, lrs, wds, xlabel: str = "decoder learning rate",
                ylabel: str = "decoder weight decay"):
    """Phase of each cell of a grid (Fig. 6): phases[i, j] at lrs[i] (x) and wds[j] (y)."""
    fig, (ax,) = panels(1, panel=(5.0, 3.6))
    codes = np.vectorize(PHASES.index)(phases)
    cmap = mcolors.ListedColormap([PHASE_COLORS[p] for p in PHASES])
    ax.imshow(codes.T, origin="lower", aspect="auto", cmap=cmap, vmin=-0.5, vmax=len(PHASES) - 0.5)
    ax.set_xticks(range(len(lrs)), [f"{x:.1e}" for x in lrs], rotation=60, fontsize=7)
    ax.set_yticks(range(len(wds)), [f"{w:.1e}" if 0 < abs(w) < 1e-2 else f"{w:g}" for w in wds], fontsize=7)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.legend(handles=[Patch(color=PHASE_COLORS[p], label=p) for p in PHASES], fontsize="small",
              loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig
