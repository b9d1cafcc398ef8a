"""The picture of the network (the paper's signature figure) and the other BIMT figures."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch
from matplotlib.collections import LineCollection

from ..plotting import colors, panels
from .model import BioMLP

BLUE, RED = colors(4)[0], colors(4)[3]


def draw_network(ax, model: BioMLP, title: str = "", inputs: Sequence[str] | None = None,
                 outputs: Sequence[str] | None = None, rel: float = 0.01) -> None:
    """Neurons as dots at their places (layer l at height l), every weight of at least rel ×
    its layer's largest as a line whose width ∝ |w| (blue positive, red negative).
    inputs/outputs: names of the task's features, written at the places they now occupy."""
    fold_offset = 0.12
    heights = np.arange(len(model.shape), dtype=float)

    def xy(layer):
        x = model.position(layer)[:, 0].numpy()
        if layer == 0 and model.in_fold > 1:
            return [(xx, heights[0] - fold_offset * (model.in_fold - 1) / 2 + fold_offset * f)
                    for f in range(model.in_fold) for xx in x]
        return [(xx, heights[layer]) for xx in x]

    with torch.no_grad():
        for i, layer in enumerate(model.layers):
            w = layer.weight.numpy()
            scale = np.abs(w).max() or 1.0
            src, dst = xy(i), xy(i + 1)
            rows, cols = np.nonzero(np.abs(w) >= rel * scale)
            segments = [(src[c], dst[r]) for r, c in zip(rows, cols)]
            strength = np.abs(w[rows, cols]) / scale
            ax.add_collection(LineCollection(segments, linewidths=2.0 * strength,
                                             colors=[BLUE if v > 0 else RED for v in w[rows, cols]], alpha=0.8))
    for layer in range(len(model.shape)):
        pts = np.array(xy(layer))
        ax.scatter(pts[:, 0], pts[:, 1], s=6, color="k", zorder=3)
    if inputs is not None:
        for place, feature in enumerate(model.in_perm.tolist()):
            ax.annotate(inputs[feature], (model.position(0)[place, 0].item(), heights[0] - 0.35), ha="center",
                        va="top", fontsize="x-small")
    if outputs is not None:
        for place, feature in enumerate(model.out_perm.tolist()):
            ax.annotate(outputs[feature], (model.position(len(model.shape) - 1)[place, 0].item(), heights[-1] + 0.2),
                        ha="center", va="bottom", fontsize="x-small")
    ax.set(xlim=(-0.03, 1.03), ylim=(-0.8, heights[-1] + 0.8), title=title)
    ax.title.set_fontsize("small")
    ax.axis("off")


def plot_networks(models: dict[str, BioMLP], inputs=None, outputs=None, ncols: int = 4, panel=(2.6, 2.6)):
    """One picture per model (e.g. before / after training, BIMT / plain L1); inputs and
    outputs: feature names shared by all, or a dict of them per title."""
    fig, axes = panels(len(models), ncols=ncols, panel=panel)
    for ax, (title, model) in zip(axes, models.items()):
        names = [n.get(title) if isinstance(n, dict) else n for n in (inputs, outputs)]
        draw_network(ax, model, title, *names)
    return fig


def receptive_field_mosaic(model: BioMLP, side: int) -> np.ndarray:
    """Each first-hidden-layer neuron's incoming weights as a side × side image, placed at
    the neuron's own cell of its square grid (NaN gutters between cells)."""
    w = model.layers[0].weight.detach().numpy()
    by_pixel = np.empty_like(w)
    by_pixel[:, model.in_perm.numpy()] = w  # the weight of place q reads pixel in_perm[q]
    n = w.shape[0]
    m = int(round(np.sqrt(n)))
    mosaic = np.full((m * (side + 1), m * (side + 1)), np.nan)
    pos = model.position(1).numpy()
    cols, rows = (np.rint(pos[:, i] * m - 0.5).astype(int) for i in (0, 1))
    for neuron in range(n):
        r, c = rows[neuron] * (side + 1), cols[neuron] * (side + 1)
        mosaic[r:r + side, c:c + side] = by_pixel[neuron].reshape(side, side)
    return mosaic


def plot_receptive_fields(models: dict[str, BioMLP], side: int):
    """Image classification with neurons on grids: one mosaic of receptive fields per model."""
    fig, axes = panels(len(models), panel=(3.4, 3.4))
    for ax, (title, model) in zip(axes, models.items()):
        mosaic = receptive_field_mosaic(model, side)
        vmax = np.nanmax(np.abs(mosaic)) or 1.0
        image = ax.imshow(mosaic, cmap="RdBu_r", vmin=-vmax, vmax=vmax)
        ax.set(title=title, xticks=[], yticks=[])
        fig.colorbar(image, ax=ax, shrink=0.7, label="weight")
    return fig
