"""Monomial bases and their directional derivatives, fully vectorised.

SID (Liu et al. 2024, Sec. II) writes a candidate conserved quantity as
H(x) = Σ_j θ_j b_j(x) over a basis of monomials b_j and asks that its time
derivative vanish: dH/dt = Σ_j θ_j f(x)·∇b_j(x) = 0.  This module builds the
basis and the design matrix G[n, j] = f(x_n)·∇b_j(x_n) without a Python loop
over monomials or samples.

A monomial of degree ≤ D is stored as a row of D variable indices, padded
with the index d that points at an appended column of ones; x₀x₂ in three
variables at D = 3 is the row (0, 2, 3).  The product rule then gives the
directional derivative slot by slot:

    f·∇(x_a x_b x_c) = f_a x_b x_c + x_a f_b x_c + x_a x_b f_c,

with f padded by a zero so the padding slots contribute nothing.
"""
from __future__ import annotations

from itertools import combinations_with_replacement

import numpy as np


def monomial_indices(n_vars: int, degree: int) -> np.ndarray:
    """All monomials of degree 1..`degree` in `n_vars` variables, as padded index rows.

    Ordered by degree, then lexicographically, so the readable low-degree terms come
    first.  Returns an int array of shape (M, degree); the pad index is `n_vars`.
    """
    if n_vars < 1 or degree < 1:
        raise ValueError(f"need n_vars >= 1 and degree >= 1, got {n_vars=}, {degree=}")
    rows = []
    for k in range(1, degree + 1):
        for combo in combinations_with_replacement(range(n_vars), k):
            rows.append(combo + (n_vars,) * (degree - k))
    return np.array(rows, dtype=np.int64)  # (M, degree)


def monomial_names(indices: np.ndarray, names: list[str]) -> list[str]:
    """Human-readable names such as 'x0**2*x3' for the padded index rows."""
    n_vars = len(names)
    out = []
    for row in indices:
        powers: dict[int, int] = {}
        for i in row:
            if i < n_vars:
                powers[int(i)] = powers.get(int(i), 0) + 1
        out.append("*".join(names[i] if p == 1 else f"{names[i]}**{p}" for i, p in powers.items()))
    return out


def _padded(x: np.ndarray, pad_value: float) -> np.ndarray:
    return np.concatenate([x, np.full((x.shape[0], 1), pad_value, dtype=x.dtype)], axis=1)


def evaluate(indices: np.ndarray, x: np.ndarray) -> np.ndarray:
    """b_j(x_n) for every state and monomial: shape (N, M)."""
    x1 = _padded(np.asarray(x, dtype=float), 1.0)  # (N, d+1)
    out = x1[:, indices[:, 0]]
    for slot in range(1, indices.shape[1]):
        out = out * x1[:, indices[:, slot]]
    return out


def design_matrix(indices: np.ndarray, x: np.ndarray, fx: np.ndarray) -> np.ndarray:
    """G[n, j] = f(x_n)·∇b_j(x_n) (SID's linear system G θ = 0), shape (N, M)."""
    x1 = _padded(np.asarray(x, dtype=float), 1.0)  # (N, d+1), last column ones
    f1 = _padded(np.asarray(fx, dtype=float), 0.0)  # (N, d+1), padding slot has no derivative
    n_slots = indices.shape[1]
    G = np.zeros((x1.shape[0], indices.shape[0]))
    for slot in range(n_slots):  # product rule: differentiate one slot, keep the others
        term = f1[:, indices[:, slot]]
        for other in range(n_slots):
            if other != slot:
                term = term * x1[:, indices[:, other]]
        G += term
    return G


def gradients(indices: np.ndarray, x: np.ndarray) -> np.ndarray:
    """∇b_j(x_p) for a few states: shape (P, M, d)."""
    x = np.asarray(x, dtype=float)
    n_points, n_vars = x.shape
    x1 = _padded(x, 1.0)
    n_monomials, n_slots = indices.shape
    grad = np.zeros((n_points, n_monomials, n_vars + 1))
    cols = np.arange(n_monomials)
    for slot in range(n_slots):
        others = np.ones((n_points, n_monomials))
        for other in range(n_slots):
            if other != slot:
                others = others * x1[:, indices[:, other]]
        # within one slot each monomial hits one variable, so no index collides
        grad[:, cols, indices[:, slot]] += others
    return grad[:, :, :n_vars]
