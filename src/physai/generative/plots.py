"""Figures for the generative notebooks (one style: physai.plotting)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
import seaborn as sns
import torch

from ..plotting import PANEL, colors, panels


def field_lines(charges: torch.Tensor, traced: dict, R: float, ax=None):
    """PFGM Figure 1: 2-D data on the z = 0 plane, field lines rising to the hemisphere of radius R."""
    ax = ax or plt.figure(figsize=(4.6, 4.2)).add_subplot(projection="3d")
    paths = traced["paths"].numpy()
    for p in paths:
        inside = np.linalg.norm(p, axis=1) <= R * 1.001
        ax.plot(*p[inside].T, lw=0.7, color=colors(2)[0], alpha=0.8)
    ends = traced["crossings"][R].numpy()
    ax.scatter(*ends[::4].T, s=1.5, color=colors(3)[2], alpha=0.5)
    ax.scatter(charges[:, 0], charges[:, 1], 0 * charges[:, 0], s=12, color="k", depthshade=False)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", zlabel="$z$", xlim=(-R, R), ylim=(-R, R), zlim=(0, R))
    ax.view_init(elev=22, azim=-60)
    return ax


def uniformity(ks: pd.DataFrame, slope: float, ax=None):
    """KS distance of the field-line end points from uniform against the hemisphere's radius."""
    ax = ax or plt.subplots(figsize=PANEL)[1]
    ax.loglog(ks.R, ks.ks, "o-", label=f"measured (slope {slope:.2f})")
    ax.loglog(ks.R, ks.ks.iloc[0] * ks.R.iloc[0] / ks.R, "--", color="grey", label="$\\propto 1/R$")
    ax.set(xlabel="hemisphere radius $R$", ylabel="KS distance from uniform")
    ax.set_xticks(list(ks.R))
    ax.xaxis.set_major_formatter(mticker.ScalarFormatter())
    ax.xaxis.set_minor_formatter(mticker.NullFormatter())
    ax.yaxis.set_minor_formatter(mticker.NullFormatter())
    ax.legend()
    return ax


def batch_cosine(table: pd.DataFrame, ax=None):
    """Mean cosine between batch and full-data fields against the point's radius, one line per batch size."""
    ax = ax or plt.subplots(figsize=(1.3 * PANEL[0], PANEL[1]))[1]
    sns.lineplot(table, x="radius", y="cosine", hue="batch", marker="o", palette="viridis",
                 hue_norm=plt.matplotlib.colors.LogNorm(), ax=ax)
    ax.set(xscale="log", xlabel="median norm of the perturbed point", ylabel="cosine(batch field, full field)")
    ax.legend(title="batch size", fontsize="small")
    return ax


def image_grid(images: torch.Tensor, shape: tuple[int, ...], nrow: int = 10, ax=None, title: str | None = None):
    """A grid of images in [−1, 1] (grey for one channel)."""
    x = images[: nrow * nrow].clamp(-1, 1).reshape(-1, *shape).numpy()
    if len(shape) == 3:  # (C, H, W) → (H, W, C)
        x = x.transpose(0, 2, 3, 1)
    n, h, w = x.shape[:3]
    rows = int(np.ceil(n / nrow))
    canvas = np.zeros((rows * (h + 1), nrow * (w + 1), *x.shape[3:]))
    for i, img in enumerate(x):
        r, c = divmod(i, nrow)
        canvas[r * (h + 1): r * (h + 1) + h, c * (w + 1): c * (w + 1) + w] = (img + 1) / 2
    ax = ax or plt.subplots(figsize=(3.2, 3.2))[1]
    ax.imshow(canvas, cmap="gray_r" if len(shape) == 2 else None, vmin=0, vmax=1)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


def sample_grids(samples: dict[str, torch.Tensor], shape: tuple[int, ...], nrow: int = 10):
    """One image grid per named sample set, side by side."""
    fig, axes = panels(len(samples), panel=(3.0, 3.1))
    for ax, (name, x) in zip(axes, samples.items()):
        image_grid(x, shape, nrow, ax=ax, title=name)
    return fig


def quality_vs_nfe(table: pd.DataFrame, floor: float, ax=None):
    """FD against NFE for every method/sampler, with the real-vs-real floor."""
    ax = ax or plt.subplots(figsize=(1.6 * PANEL[0], 1.2 * PANEL[1]))[1]
    curves = table[table.sampler != "RK45"]
    sns.lineplot(curves, x="nfe", y="fd", hue="method", style="sampler", markers=True, dashes=True, ax=ax)
    for row in table[table.sampler == "RK45"].itertuples():
        ax.scatter(row.nfe, row.fd, marker="*", s=120, color="k", zorder=5)
        ax.annotate(f"{row.method} RK45", (row.nfe, row.fd), textcoords="offset points", xytext=(5, 5),
                    fontsize="small")
    ax.axhline(floor, color="grey", ls=":", label="real vs real")
    ax.set(xscale="log", yscale="log", xlabel="function evaluations (NFE)", ylabel="Fréchet distance (features)")
    ax.legend(fontsize="small", ncols=2)
    return ax


def robustness(table: pd.DataFrame, floor: float):
    """PFGM++'s robustness panels: clean FD per D, then FD against noise α, weight bits and NFE."""
    t = table.copy()
    t["D "] = ["∞" if np.isinf(D) else str(int(D)) for D in t.D]
    order = list(dict.fromkeys(t.sort_values("D")["D "]))
    palette = dict(zip(order, sns.color_palette("viridis", len(order))))
    fig, axes = panels(4, ncols=4, panel=(2.9, 2.7))
    clean = t[t.perturbation == "none"]
    sns.pointplot(clean, x="D ", y="fd", order=order, hue="D ", palette=palette, errorbar=("pi", 100),
                  legend=False, ax=axes[0])
    axes[0].axhline(floor, color="grey", ls=":")
    axes[0].set(title="clean (35 NFE)", xlabel="D", ylabel="Fréchet distance")
    for ax, (kind, xlabel) in zip(axes[1:], [("noise α", "injected noise α"), ("weight bits", "weight bits"),
                                             ("NFE", "NFE")]):
        part = t[t.perturbation == kind]
        sns.lineplot(part, x="level", y="fd", hue="D ", hue_order=order, palette=palette, marker="o",
                     errorbar=("pi", 100), ax=ax, legend=ax is axes[-1])
        ax.axhline(floor, color="grey", ls=":")
        ax.set(title=kind, xlabel=xlabel, ylabel="", yscale="log")
    axes[-1].legend(title="D", fontsize="small")
    return fig


SHORT_NAMES = {"Poisson (z as time)": "Poisson", "Yukawa / screened Poisson": "Yukawa",
               "Schrödinger, complex diffusion (1 − iε)∇²": "Schrödinger, (1 − iε)∇²"}


def process_strips(analyses: list, grid: np.ndarray, evolved: list[np.ndarray], times: list[float]):
    """One row per process, one column per time: the evolved 1-D profile (real part)."""
    fig, axes = plt.subplots(len(analyses), len(times), figsize=(1.9 * len(times), 0.95 * len(analyses)),
                             sharex=True, squeeze=False)
    mark = {"yes": "✓", "conditionally": "~", "no": "✗"}
    for row, (a, ev) in enumerate(zip(analyses, evolved)):
        for col, t in enumerate(times):
            ax = axes[row, col]
            ax.plot(grid, ev[col], lw=0.8, color=colors(3)[0 if a.verdict == "yes" else 1 if a.verdict == "no" else 2])
            ax.set_yticks([])
            if row == 0:
                ax.set_title(f"t = {t:g}")
            if col == 0:
                ax.set_ylabel(f"{mark[a.verdict]} {SHORT_NAMES.get(a.name, a.name)}", rotation=0, ha="right",
                              va="center", fontsize="small")
    for ax in axes[-1]:
        ax.set_xlabel("x")
    return fig


def flow_strips(forward: list[tuple[float, torch.Tensor]], backward: list[tuple[float, torch.Tensor]]):
    """2-D samples at a few heights z: forward (data → prior) on top, backward (prior → data) below."""
    n = len(forward)
    fig, axes = plt.subplots(2, n, figsize=(2.0 * n, 4.1), squeeze=False)
    for row, (strip, color) in enumerate([(forward, colors(2)[0]), (backward, colors(2)[1])]):
        for ax, (z, pts) in zip(axes[row], strip):
            p = pts.numpy()
            ax.scatter(p[:, 0], p[:, 1], s=1.5, color=color, alpha=0.6)
            ax.set(xlim=(-4, 4), ylim=(-4, 4), xticks=[], yticks=[], title=f"z = {z:.2g}")
            ax.set_aspect("equal")
    axes[0, 0].set_ylabel("forward")
    axes[1, 0].set_ylabel("backward")
    return fig
