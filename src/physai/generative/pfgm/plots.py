"""Notebook 07's figures: PFGM's field lines (Fig. 1), their uniformity, the batch field and
quality against NFE; plus the shared sample grids."""
from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
import seaborn as sns
import torch

from ...plotting import PANEL, colors
from ..plots import image_grid, sample_grids

__all__ = ["batch_cosine", "benchmark", "collapse", "field_lines", "image_grid", "quality_vs_nfe", "sample_grids",
           "step_rules", "uniformity"]


def field_lines(charges: torch.Tensor, traced: dict, R: float, ax=None):
    """PFGM Figure 1: 2-D data on the z = 0 plane, field lines rising to the hemisphere of radius R."""
    ax = ax or plt.figure(figsize=(4.6, 4.2)).add_subplot(projection="3d")
    paths = traced["paths"].cpu().numpy()
    for p in paths:
        inside = np.linalg.norm(p, axis=1) <= R * 1.001
        ax.plot(*p[inside].T, lw=0.7, color=colors(2)[0], alpha=0.8)
    ends = traced["crossings"][R].cpu().numpy()
    ax.scatter(*ends[::4].T, s=1.5, color=colors(3)[2], alpha=0.5)
    charges = charges.cpu()
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


def quality_vs_nfe(table: pd.DataFrame, floor, ax=None):
    """FD against NFE for every method/sampler, with the real-vs-real floor."""
    ax = ax or plt.subplots(figsize=(1.6 * PANEL[0], 1.2 * PANEL[1]))[1]
    curves = table[table.sampler != "RK45"]
    sns.lineplot(curves, x="nfe", y="fd", hue="method", style="sampler", markers=True, dashes=True, ax=ax)
    for row in table[table.sampler == "RK45"].itertuples():
        ax.scatter(row.nfe, row.fd, marker="*", s=120, color="k", zorder=5)
        ax.annotate(f"{row.method} RK45", (row.nfe, row.fd), textcoords="offset points", xytext=(5, 5),
                    fontsize="small")
    ax.axhspan(floor.mean - floor.sd, floor.mean + floor.sd, color="grey", alpha=0.3, label="real vs real")
    ax.set(xscale="log", yscale="log", xlabel="function evaluations (NFE)", ylabel="Fréchet distance (features)")
    ax.legend(fontsize="small", ncols=2)
    return ax


def collapse(density: torch.Tensor, paths: torch.Tensor, ends_2d: torch.Tensor, ends_z: torch.Tensor, axes=None):
    """PFGM Figure 2: the backward flow without the extra dimension (left) and with it (right), on one 2-D density."""
    axes = axes if axes is not None else plt.subplots(1, 2, figsize=(2 * PANEL[0], PANEL[1]), sharey=True)[1]
    c = colors(3)
    for ax, ends, title in ((axes[0], ends_2d, "without z: 2-D field"), (axes[1], ends_z, "with z: PFGM")):
        ax.scatter(*density.cpu().T, s=2, color="lightgrey", label="density")
        ax.scatter(*ends.cpu().T, s=3, color=c[2], label="end points")
        ax.set(xlabel="$x_1$", title=title, xlim=(-1.5, 2.5), ylim=(-1.2, 1.7))
    for p in paths.cpu():
        axes[0].plot(*p.T, lw=0.5, color=c[0], alpha=0.6)
    axes[0].set_ylabel("$x_2$")
    axes[1].legend(fontsize="small", markerscale=3)
    return axes


def benchmark(table: pd.DataFrame, floor, ax=None):
    """FD against NFE on the exact field/denoiser: the median over prior seeds, the band from min to max."""
    ax = ax or plt.subplots(figsize=(1.6 * PANEL[0], 1.2 * PANEL[1]))[1]
    curves = table[table.sampler != "RK45"]
    keys = list(curves.groupby(["method", "sampler"]).groups)
    for (method, sampler), col in zip(keys, colors(len(keys))):
        g = curves[(curves.method == method) & (curves.sampler == sampler)].groupby("nfe").fd
        med, lo, hi = g.median(), g.min(), g.max()
        ax.plot(med.index, med, "o-", color=col, label=f"{method} {sampler}", ms=3)
        ax.fill_between(med.index, lo, hi, color=col, alpha=0.2)
    rk = table[table.sampler == "RK45"]
    if len(rk):
        ax.scatter(rk.nfe.median(), rk.fd.median(), marker="*", s=120, color="k", zorder=5, label="PFGM RK45")
    ax.axhspan(floor.mean - floor.sd, floor.mean + floor.sd, color="grey", alpha=0.3, label="real vs real")
    ax.set(xscale="log", yscale="log", xlabel="function evaluations (NFE)", ylabel="Fréchet distance (features)")
    ax.legend(fontsize="x-small", ncols=2)
    return ax


def step_rules(table: pd.DataFrame, floor, ax=None):
    """PFGM's Euler sampler, FD against NFE: the two step rules, on the exact field and on the network."""
    ax = ax or plt.subplots(figsize=(1.4 * PANEL[0], 1.1 * PANEL[1]))[1]
    styles = {"z": "-", "ln z": "--"}
    cols = dict(zip(["exact field", "network"], colors(2)))
    for (field, rule), g in table.groupby(["field", "rule"]):
        g = g.sort_values("nfe")
        ax.plot(g.nfe, g.fd, "o" + styles[rule], color=cols[field], ms=3, label=f"{field}, Δ{rule} steps")
    ax.axhspan(floor.mean - floor.sd, floor.mean + floor.sd, color="grey", alpha=0.3, label="real vs real")
    ax.set(xscale="log", yscale="log", xlabel="Euler steps (NFE)", ylabel="Fréchet distance (features)")
    ax.legend(fontsize="x-small")
    return ax
