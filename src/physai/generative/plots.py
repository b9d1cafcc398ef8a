"""Figures the generative notebooks share: grids of image samples (one style: physai.plotting).

Each paper's own figures are in its subpackage's `plots` (pfgm, pfgmpp, genphys), which
re-exports these so a notebook imports one plots module.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch

from ..plotting import panels


def image_grid(images: torch.Tensor, shape: tuple[int, ...], nrow: int = 10, ax=None, title: str | None = None):
    """A grid of images in [−1, 1] (grey for one channel)."""
    x = images[: nrow * nrow].clamp(-1, 1).reshape(-1, *shape).cpu().numpy()
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
