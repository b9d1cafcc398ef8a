"""Notebook 08's figures: PFGM++'s robustness panels; plus the shared sample grids."""
from __future__ import annotations

import pandas as pd
import seaborn as sns

from ...plotting import panels
from ..plots import image_grid, sample_grids
from .experiments import d_label

__all__ = ["image_grid", "robustness", "sample_grids"]


def robustness(table: pd.DataFrame, floor: float):
    """PFGM++'s robustness panels: clean FD per D, then FD against noise α, weight bits and NFE."""
    t = table.copy()
    t["D "] = [d_label(D) for D in t.D]
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
        ax.set(title=kind, xlabel=xlabel, ylabel="Fréchet distance (log)", yscale="log")
    axes[-1].legend(title="D", fontsize="small")
    return fig
