"""Figures for notebook 06: singular-value spectra, independence spectra, invariants along trajectories."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..plotting import colors, panels
from .core import SIDResult


def plot_spectra(results: dict[str, SIDResult], ncols: int = 3):
    """One panel per system: log singular values of G, the null space shaded below the gap."""
    fig, axes = panels(len(results), ncols=ncols)
    for ax, (label, res) in zip(axes, results.items()):
        s = res.singular_values
        rank = len(s) - res.n_invariants
        index = np.arange(1, len(s) + 1)
        ax.semilogy(index[:rank], s[:rank], ".", ms=3, color=colors(2)[0], label="constrained")
        ax.semilogy(index[rank:], np.maximum(s[rank:], 1e-18), ".", ms=3, color=colors(2)[1],
                    label=f"null space: {res.n_invariants}")
        if 0 < rank < len(s):
            ax.axvline(rank + 0.5, color="0.5", lw=0.8, ls="--")
        ax.set(title=f"{label}\ngap {res.gap_decades:.1f} decades", xlabel="index i",
               ylabel="σ_i / σ_1", ylim=(1e-18, 3))
        ax.legend(loc="lower left", fontsize="small")
    return fig


def plot_independence(results: dict[str, SIDResult], ncols: int = 3):
    """One panel per system: singular values of the invariants' unit-gradient Jacobian.

    The median over check states (points) with their range (band); the count c is the
    number above the largest gap (dashed), as in the original code's "c = 14" panel.
    The dotted line is the null basis' accuracy: values below it are zero, and a count
    of "all independent" needs its gap above that line.
    """
    fig, axes = panels(len(results), ncols=ncols)
    for ax, (label, res) in zip(axes, results.items()):
        spectrum = np.maximum(res.independence_spectrum, 1e-18)  # (P, r)
        index = np.arange(1, spectrum.shape[1] + 1)
        c = res.n_independent
        ax.fill_between(index, spectrum.min(axis=0), spectrum.max(axis=0), color="0.85", step="mid")
        ax.semilogy(index[:c], np.median(spectrum[:, :c], axis=0), "o", ms=3, color=colors(2)[0],
                    label=f"independent: c = {c}")
        if c < len(index):
            ax.semilogy(index[c:], np.median(spectrum[:, c:], axis=0), "o", ms=3, color=colors(2)[1],
                        label="dependent")
            ax.axvline(c + 0.5, color="0.5", lw=0.8, ls="--")
        ax.axhline(res.accuracy, color="0.4", lw=0.8, ls=":", label="basis accuracy")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        verdict = " (uncertain)" if res.count_uncertain else ""
        ax.set(title=f"{label}\ngap {res.independence_gap_decades:.1f} decades{verdict}", xlabel="index i",
               ylabel="s_i / s_1", ylim=(1e-18, 3))
        ax.legend(loc="center left", fontsize="small")
    return fig


def plot_drift(drifts: dict[str, pd.DataFrame], ncols: int = 2):
    """Relative change of each independent invariant along a trajectory, and of one state
    variable (grey, dashed) for contrast."""
    fig, axes = panels(len(drifts), ncols=ncols, panel=(4.2, 2.8))
    for ax, (label, frame) in zip(axes, drifts.items()):
        invariants = [c for c in frame.columns[1:] if "not conserved" not in c]
        for c in invariants:
            ax.semilogy(frame.t, np.maximum(frame[c], 1e-18), lw=1, alpha=0.8)
        contrast = frame.columns[-1]
        ax.semilogy(frame.t, np.maximum(frame[contrast], 1e-18), color="0.4", ls="--", label=contrast)
        ax.set(title=f"{label}: {len(invariants)} invariants", xlabel="time t",
               ylabel="|H(t) − H(0)| / size of terms", ylim=(1e-18, 10))
        ax.legend(loc="center right", fontsize="small")
    return fig


def plot_cost(table: pd.DataFrame):
    """Seconds and peak memory against the number of monomials, one point per case."""
    fig, axes = panels(2, panel=(3.6, 2.8))
    for ax, column, label in zip(axes, ["seconds", "peak_mb"], ["time in SID (s)", "peak memory (MB)"]):
        for k, (system, rows) in enumerate(table.groupby("system", sort=False)):
            ax.plot(rows.monomials, rows[column], "o-", color=colors(len(table.system.unique()))[k],
                    label=system)
        ax.set(xlabel="monomials in the basis", ylabel=label, xscale="log",
               yscale="log" if column == "seconds" else "linear")
    axes[0].legend(fontsize="small")
    return fig
