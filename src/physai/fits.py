"""Curve statistics several papers use: log-log (power-law) fits and first/last-step lookups.

One log-log fit for the book: the slope of log y on log x over the finite positive pairs
(a zero or a NaN — a run that never reached its threshold — is dropped, not propagated),
with the correlation of the logs so a reader can judge the fit.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def _logs(x, y) -> tuple[np.ndarray, np.ndarray]:
    """log x and log y over the pairs where both are finite and positive."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = np.isfinite(x) & np.isfinite(y) & (x > 0) & (y > 0)
    return np.log(x[ok]), np.log(y[ok])


def loglog_slope(x, y) -> tuple[float, float]:
    """Least-squares slope of log y on log x and the correlation, over finite positive pairs.

    (nan, nan) with fewer than three such pairs.
    """
    lx, ly = _logs(x, y)
    if len(lx) < 3:
        return float("nan"), float("nan")
    return float(np.polyfit(lx, ly, 1)[0]), float(np.corrcoef(lx, ly)[0, 1])


def loglog_line(x, y) -> tuple[float, float]:
    """(slope, intercept) of the least-squares line log y = slope·log x + intercept over the
    finite positive pairs — what a figure needs to draw the fitted power law; (nan, nan)
    with fewer than two such pairs."""
    lx, ly = _logs(x, y)
    if len(lx) < 2:
        return float("nan"), float("nan")
    slope, intercept = np.polyfit(lx, ly, 1)
    return float(slope), float(intercept)


def fit_power_law(x, y) -> tuple[float, float]:
    """Fit y = C·x^−a by least squares in log-log over finite positive pairs: (a, r²).

    Raises ValueError with fewer than three such pairs (a scaling exponent from two points
    is not a fit).
    """
    slope, r = loglog_slope(x, y)
    if np.isnan(slope):
        raise ValueError("need at least 3 positive finite points to fit a power law")
    return -slope, r**2


def first_step(history: pd.DataFrame, column: str, threshold: float) -> pd.Series:
    """Per model, the first logged step where `column` ≥ threshold (NaN if never)."""
    hit = history[history[column] >= threshold]
    return hit.groupby("model").step.min().reindex(sorted(history.model.unique()))


def last_row(history: pd.DataFrame) -> pd.DataFrame:
    """Each model's last logged row."""
    return history[history.step == history.step.max()].set_index("model")
