"""Turning a null-space basis into sparse, readable polynomials.

Any invertible recombination of the null-space basis spans the same conserved
quantities; these functions pick one that a person can read.  A recombination that is
not orthogonal also multiplies the basis' numerical error (by up to the norm of its
inverse), so a sparsifier must choose one that stays well conditioned: `pivoted_rref`
(the default) does, plain `rref` in monomial order need not, and the paper's
`l1_rotation` is orthogonal and amplifies nothing.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np
import scipy.linalg


def rref(null: np.ndarray, tol: float = 1e-8) -> np.ndarray:
    """Reduced row-echelon form of an (n, M) orthonormal basis, pivots on the earliest monomials.

    Partial pivoting within each column; an entry below `tol` (the basis' numerical
    noise, see `discover`) is never a pivot, and entries below tol × the row's largest
    are zeroed at the end.  Each row then has a leading 1 on its own monomial and zeros
    on every other row's leading monomial: the sparse basis that names the invariants
    by their lowest terms.

    Fragile: a pivot just above `tol` is accepted, and dividing by it multiplies the
    basis' error by 1/pivot (issue 22: 7 of the 3-D fluid's 60 rows stopped being
    conserved).  Kept as the textbook reference; `pivoted_rref` is the default.
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


def well_conditioned_pivots(null: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """One pivot monomial per invariant, chosen by QR with (threshold) column pivoting.

    Businger–Golub pivoting picks, at each step, the column of the (n, M) basis with the
    largest norm after projecting out the columns already picked, which keeps the n × n
    block of pivot columns far from singular.  Among the columns within `threshold` of
    that largest norm we take the earliest monomial (the lowest degree), so that the
    invariants are still named by their simplest terms; threshold = 1 is plain QR with
    column pivoting.  Returns the pivot columns in ascending order.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    residual = np.array(null, dtype=float)  # columns: monomials as vectors in R^n
    pivots = []
    for _ in range(len(residual)):
        norms = np.linalg.norm(residual, axis=0)  # (M,) what each column adds to the picked ones
        p = int(np.flatnonzero(norms >= threshold * norms.max())[0])
        q = residual[:, p] / norms[p]
        residual -= np.outer(q, q @ residual)  # project the picked direction out of every column
        pivots.append(p)
    return np.sort(pivots)


def pivoted_rref(null: np.ndarray, tol: float = 1e-8, threshold: float = 0.5) -> np.ndarray:
    """Reduced row-echelon form on well-conditioned pivots: B = N_P⁻¹ N.

    N is the (n, M) orthonormal null-space basis and N_P its n pivot columns
    (`well_conditioned_pivots`).  Each row of B has a 1 on its own pivot monomial and 0
    on every other row's; B's error is at most ‖N_P⁻¹‖ times N's, and the pivoting keeps
    ‖N_P⁻¹‖ modest (it is returned by `amplification`).  Entries below `tol` × that
    amplification are indistinguishable from zero and set to it.
    """
    null = np.asarray(null, dtype=float)
    if len(null) == 0:
        return np.zeros_like(null)
    pivots = well_conditioned_pivots(null, threshold)
    block = null[:, pivots]  # (n, n) N_P
    out = scipy.linalg.solve(block, null, check_finite=False)  # (n, M)
    out[np.abs(out) < tol * amplification(null, pivots)] = 0.0
    out[:, pivots] = np.eye(len(pivots))  # exact, not 1 ± round-off
    return out


def amplification(null: np.ndarray, pivots: np.ndarray) -> float:
    """‖N_P⁻¹‖₂ = 1 / σ_min(N_P): how much recombining on these pivots multiplies N's error."""
    s = np.linalg.svd(np.asarray(null)[:, pivots], compute_uv=False)
    return float(np.inf if s[-1] == 0 else 1.0 / s[-1])


def l1_rotation(null: np.ndarray, tol: float = 1e-8, restarts: int = 5, max_iter: int = 300,
                seed: int = 0, max_invariants: int = 200) -> np.ndarray:
    """The paper's sparsifier: the rotation Q of an orthonormal basis minimising Σ|Q V|.

    Q is parametrised by the Cayley transform Q = (I − A)(I + A)⁻¹ of a skew matrix A, as
    in the original code; L-BFGS from several random starts, best kept.  Rows are scaled
    to a largest coefficient of 1 for display, and entries below `tol` (the basis' noise:
    an orthogonal Q does not amplify it) set to 0.  About 5 s for the 3-D fluid's 60
    invariants; L-BFGS on the non-smooth L1 norm stops short of exact zeros there, so the
    result is far denser than `pivoted_rref` (notebook 06 compares them).
    """
    import torch  # local: the rest of SID is numpy only

    n = null.shape[0]
    if n == 0:
        return np.zeros_like(null)
    if n > max_invariants:
        raise ValueError(f"l1 sparsification of {n} invariants is too slow (> {max_invariants}); "
                         "use sparsify='pivoted'")
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
    out[np.abs(out) < tol] = 0.0
    return out


SPARSIFIERS = {"pivoted": pivoted_rref, "rref": rref, "l1": l1_rotation}


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
