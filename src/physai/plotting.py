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


def plot_circles(embeddings: dict[str, np.ndarray], n_circles: int):
    """Rows: models; columns: principal-component pairs (1, 2), (3, 4), … of the token
    embeddings, each token a dot labelled by its value and coloured by k·a mod p (its angle
    on a perfect circle of frequency k, given in the title): the circles of notebooks 04, 05."""
    from .modular import circle_frequency, embedding_pcs

    fig, axes = plt.subplots(len(embeddings), n_circles, figsize=(2.6 * n_circles, 2.7 * len(embeddings)),
                             squeeze=False, layout="constrained")
    for row, (name, W_E) in zip(axes, embeddings.items()):
        pcs, _ = embedding_pcs(W_E, 2 * n_circles)
        for i, ax in enumerate(row):
            x, y = pcs[:, 2 * i], pcs[:, 2 * i + 1]
            k = circle_frequency(pcs[:, 2 * i:2 * i + 2])
            ax.scatter(x, y, s=14, c=(k * np.arange(len(x))) % len(x), cmap="twilight")  # colour = angle k·a
            for token, (u, v) in enumerate(zip(x, y)):
                ax.annotate(str(token), (u, v), fontsize=5, ha="center", va="bottom")
            ax.set(title=f"{name}\nPC {2 * i + 1}–{2 * i + 2}, k = {k}", xticks=[], yticks=[], aspect="equal")
            ax.title.set_fontsize("small")
    return fig
