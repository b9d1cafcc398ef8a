"""The picture of the network (the paper's signature figure) and the other BIMT figures."""
from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
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


def receptive_field_mosaic(model: BioMLP, side: int, rel: float = 0.05) -> np.ndarray:
    """Each first-hidden-layer neuron's incoming weights as a side × side image, placed at
    the neuron's own cell of its square grid, each on its own scale (÷ its largest |w|: a
    few strong neurons would otherwise wash out the rest).  Neurons whose importance
    (Σ|in| + Σ|out|) is below rel × the layer's largest — the ones training switched off —
    and the gutters between cells are NaN (blank)."""
    from .swap import importance

    w = model.layers[0].weight.detach().numpy()
    by_pixel = np.empty_like(w)
    by_pixel[:, model.in_perm.numpy()] = w  # the weight of place q reads pixel in_perm[q]
    score = importance(model, 1).numpy()
    n = w.shape[0]
    m = int(round(np.sqrt(n)))
    mosaic = np.full((m * (side + 1), m * (side + 1)), np.nan)
    pos = model.position(1).numpy()
    cols, rows = (np.rint(pos[:, i] * m - 0.5).astype(int) for i in (0, 1))
    for neuron in np.nonzero(score >= rel * score.max())[0]:
        r, c = rows[neuron] * (side + 1), cols[neuron] * (side + 1)
        field = by_pixel[neuron].reshape(side, side)
        mosaic[r:r + side, c:c + side] = field / (np.abs(field).max() or 1.0)
    return mosaic


def plot_receptive_fields(models: dict[str, BioMLP], side: int):
    """Image classification with neurons on grids: one mosaic of receptive fields per model."""
    fig, axes = panels(len(models), panel=(3.2, 3.4))
    for ax, (title, model) in zip(axes, models.items()):
        mosaic = receptive_field_mosaic(model, side)
        image = ax.imshow(mosaic, cmap="RdBu_r", vmin=-1, vmax=1)
        n_on = int(np.isfinite(mosaic).sum() // (side * side))
        ax.set(title=f"{title}\n{n_on} of {model.shape[1]} neurons active", xticks=[], yticks=[],
               xlabel="hidden layer 1: neuron's place (x)", ylabel="place (y)")
        ax.title.set_fontsize("small")
    fig.colorbar(image, ax=list(axes), shrink=0.6, label="weight ÷ the neuron's largest |w|")
    return fig


def plot_frequency_circles(embedding: np.ndarray, title: str = "", max_circles: int = 3):
    """The embedding's principal components paired by their dominant frequency k (two
    components at one k are a circle; two at different k are not, whatever their rank):
    one panel per frequency with two components, tokens labelled by a and coloured by k·a mod p."""
    from ..modular import embedding_pcs, frequency_power

    n = min(embedding.shape)
    p = embedding.shape[0]
    pcs, pca = embedding_pcs(embedding, n)
    freq = [int(np.argmax(frequency_power(pcs[:, i]))) + 1 for i in range(n)]
    pairs = {}
    for i, k in enumerate(freq):
        pairs.setdefault(k, []).append(i)
    circles = [(k, idx[:2]) for k, idx in pairs.items() if len(idx) >= 2][:max_circles]
    fig, axes = panels(max(len(circles), 1), panel=(2.8, 2.9))
    for ax, (k, (i, j)) in zip(axes, circles):
        ax.scatter(pcs[:, i], pcs[:, j], s=14, c=(k * np.arange(p)) % p, cmap="twilight")  # colour = angle k·a
        for token in range(p):
            ax.annotate(str(token), (pcs[token, i], pcs[token, j]), fontsize=5, ha="center", va="bottom")
        share = pca.explained_variance_ratio_[[i, j]].sum()
        ax.set(title=f"{title}k = {k}: PC {i + 1} vs PC {j + 1} ({share:.0%} of variance)",
               xlabel=f"PC {i + 1}", ylabel=f"PC {j + 1}", xticks=[], yticks=[], aspect="equal")
        ax.title.set_fontsize("small")
    return fig, freq


def _short(name: str) -> str:
    return (name.replace(", left cosets", " (L)").replace(", right cosets", " (R)").replace(" keeping ", " ")
            .replace(" fixing ", " fix "))


def plot_coset_neurons(networks: dict[str, tuple[np.ndarray, list]], labels: Sequence[str]):
    """S4 (Fig. 6, right), one panel per network: each active embedding neuron is a row, its
    value for each of the 24 elements (scaled to the row's largest |value|), labelled with
    the subgroup whose cosets explain most of its variance and that share; ★ marks a coset
    neuron (share ≥ structure.COSET_CUT)."""
    from .structure import COSET_CUT

    n_rows = max(len(fits) for _, fits in networks.values())
    fig, axes = panels(len(networks), panel=(3.7, 0.17 * n_rows + 1.6))
    for ax, (title, (embedding, fits)) in zip(axes, networks.items()):
        rows = embedding.T / np.maximum(np.abs(embedding.T).max(1, keepdims=True), 1e-12)
        image = ax.imshow(rows, cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto", interpolation="nearest")
        ax.set_yticks(range(len(fits)), [f"{'★ ' if r2 >= COSET_CUT else ''}{_short(name)} {r2:.2f}"
                                         for name, r2 in fits], fontsize=5)
        ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=4.5)
        ax.set(title=title, xlabel="element (image of 1234, sign)")
        ax.title.set_fontsize("small")
    fig.colorbar(image, ax=list(axes), shrink=0.5, label="value ÷ the neuron's largest")
    return fig
