"""One look for every figure in the book, and the few helpers several notebooks need."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns

PALETTE = "colorblind"
PANEL = (3.4, 2.8)  # inches per panel: legible in the book's content column


def use_style() -> None:
    """seaborn 'ticks' with the colour-blind palette; call once at the top of a notebook."""
    sns.set_theme(context="notebook", style="ticks", palette=PALETTE, font_scale=0.9)
    plt.rcParams.update({
        "figure.dpi": 110,
        "savefig.dpi": 150,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": "medium",
        "legend.frameon": False,
        "figure.constrained_layout.use": True,
    })


def panels(n: int, ncols: int | None = None, panel: tuple[float, float] = PANEL, **kw):
    """A figure of n panels in rows of ncols; returns (fig, flat array of n axes)."""
    ncols = min(n, ncols or n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel[0] * ncols, panel[1] * nrows), squeeze=False, **kw)
    for ax in axes.flat[n:]:
        ax.remove()
    return fig, axes.flat[:n]


def colors(n: int) -> list:
    return sns.color_palette(PALETTE, n)
