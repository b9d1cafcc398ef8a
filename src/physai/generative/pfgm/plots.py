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

__all__ = ["batch_cosine", "field_lines", "image_grid", "quality_vs_nfe", "sample_grids", "uniformity"]


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
