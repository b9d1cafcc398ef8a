"""Turning a null-space basis into sparse, readable polynomials.

Any invertible recombination of the null-space basis spans the same conserved
quantities; these functions pick one that a person can read.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np


def rref(null: np.ndarray, tol: float = 1e-8) -> np.ndarray:
    """Reduced row-echelon form of an (n, M) orthonormal basis, pivots on the earliest monomials.

    Partial pivoting within each column; an entry below `tol` (the basis' numerical
    noise, see `discover`) is never a pivot, and entries below tol × the row's largest
    are zeroed at the end.  Each row then has a leading 1 on its own monomial and zeros
    on every other row's leading monomial: the sparse basis that names the invariants
    by their lowest terms.
    """
    a = np.array(null, dtype=float)
    n_rows, n_cols = a.shape
    row = 0
    for col in range(n_cols):
        if row == n_rows:
            break
        pivot = row + int(np.argmax(np.abs(a[row:, col])))
        if abs(a[pivot, col]) <= tol:
            continue
        a[[row, pivot]] = a[[pivot, row]]
        a[row] /= a[row, col]
        others = np.arange(n_rows) != row
        a[others] -= np.outer(a[others, col], a[row])
        row += 1
    a[np.abs(a) < tol * np.abs(a).max(axis=1, keepdims=True)] = 0.0
    return a[:row]


def l1_rotation(null: np.ndarray, tol: float = 1e-8, restarts: int = 5, max_iter: int = 300,
                seed: int = 0) -> np.ndarray:
    """The paper's sparsifier: the rotation Q of an orthonormal basis minimising Σ|Q V|.

    Q is parametrised by the Cayley transform Q = (I − A)(I + A)⁻¹ of a skew matrix A, as
    in the original code; L-BFGS from several random starts, best kept.  Rows are scaled
    to a largest coefficient of 1 for display.  Costly beyond a few dozen invariants.
    """
    import torch  # local: the rest of SID is numpy only

    n = null.shape[0]
    if n == 0:
        return np.zeros_like(null)
    if n > 40:
        raise ValueError(f"l1 sparsification of {n} invariants is too slow; use sparsify='rref'")
    v = torch.tensor(np.linalg.qr(null.T)[0].T, dtype=torch.float64)  # orthonormal rows
    eye = torch.eye(n, dtype=torch.float64)
    gen = torch.Generator().manual_seed(seed)
    best, best_loss = v, float(v.abs().sum())
    for _ in range(restarts):
        w = (0.1 * torch.randn(n, n, generator=gen, dtype=torch.float64)).requires_grad_()
        opt = torch.optim.LBFGS([w], max_iter=max_iter, line_search_fn="strong_wolfe")

        def rotated() -> torch.Tensor:
            a = (w - w.T) / 2
            return torch.linalg.solve(eye + a, eye - a, left=False) @ v

        def closure() -> torch.Tensor:
            opt.zero_grad()
            loss = rotated().abs().sum()
            loss.backward()
            return loss

        opt.step(closure)
        with torch.no_grad():
            candidate = rotated()
        if float(candidate.abs().sum()) < best_loss:
            best, best_loss = candidate, float(candidate.abs().sum())
    out = best.numpy()
    out = out / np.abs(out).max(axis=1, keepdims=True)
    out[np.abs(out) < max(tol, 1e-6)] = 0.0
    return out


SPARSIFIERS = {"rref": rref, "l1": l1_rotation}


def _nice(c: float, max_denominator: int = 12, tol: float = 1e-6) -> str:
    """A coefficient as a small fraction when it is one (to tol), else 4 significant digits."""
    frac = Fraction(c).limit_denominator(max_denominator)
    if abs(float(frac) - c) <= tol * max(1.0, abs(c)):
        return str(frac)
    return f"{c:.4g}"


def format_polynomial(coefficients: np.ndarray, monomials: list[str], rel_tol: float = 1e-6) -> str:
    """'x0 + x1 - 1/2*x2**2'-style text of one coefficient row over named monomials."""
    scale = np.abs(coefficients).max() if coefficients.size else 0.0
    terms = []
    for c, name in zip(coefficients, monomials):
        if scale == 0 or abs(c) < rel_tol * scale:
            continue
        text = _nice(abs(float(c)))
        body = name if text == "1" else f"{text}*{name}"
        sign = "-" if c < 0 else "+"
        terms.append((sign, body))
    if not terms:
        return "0"
    first_sign, first = terms[0]
    out = ("-" if first_sign == "-" else "") + first
    for sign, body in terms[1:]:
        out += f" {sign} {body}"
    return out
