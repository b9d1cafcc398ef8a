"""Notebook 09's figures: each process evolving a 1-D profile, and the Yukawa flow in 2-D;
plus the shared sample grids."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch

from ...plotting import colors
from ..plots import image_grid, sample_grids

__all__ = ["flow_strips", "image_grid", "process_strips", "sample_grids"]


SHORT_NAMES = {"Poisson (z as time)": "Poisson", "Yukawa / screened Poisson": "Yukawa",
               "Helmholtz (z as time)": "Helmholtz",
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
            p = pts.cpu().numpy()
            ax.scatter(p[:, 0], p[:, 1], s=1.5, color=color, alpha=0.6)
            ax.set(xlim=(-4, 4), ylim=(-4, 4), xticks=[], yticks=[], title=f"z = {z:.2g}")
            ax.set_aspect("equal")
    axes[0, 0].set_ylabel("forward")
    axes[1, 0].set_ylabel("backward")
    return fig
