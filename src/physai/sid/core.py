"""Sparse invariant detection: conserved quantities as the null space of a linear system.

Liu, Sturm, Bharadwaj, Silva, Tegmark, "Discovering New Interpretable Conservation
Laws as Sparse Invariants", Phys. Rev. E 109, 023301 (2024), arXiv 2305.19525.

The method in four steps (the paper's method section):

1. Write a candidate conserved quantity H(x) = Σ_j θ_j b_j(x) over monomials b_j.
2. Conservation dH/dt = f·∇H = 0 at sampled states x_n is linear in θ:  G θ = 0 with
   G[n, j] = f(x_n)·∇b_j(x_n).  The conserved quantities span the null space of G.
3. The null space is read off the singular values of G: we cut at the largest gap of
   their logarithms (reported, so the count never hides behind a tolerance).
4. The null-space basis is made sparse, and readable, and we count how many of the
   invariants are functionally independent: the rank of their gradients at generic states.

Departure from the paper: the original sparsifies by an orthogonal rotation that
minimises the L1 norm (many random restarts of L-BFGS).  The default here is the
reduced row-echelon form of the null-space basis, which is deterministic, spans the same
space and gives every invariant its own leading monomial; `sparsify="l1"` runs the
paper's rotation instead.
"""
from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field
from typing import Callable

import numpy as np
import scipy.linalg

from . import basis as B
from .sparsify import SPARSIFIERS, format_polynomial

__all__ = ["SIDResult", "discover", "null_space_by_gap", "jacobian_rank"]


@dataclass
class SIDResult:
    """What `discover` found.

    n_invariants: dimension of the space of polynomial conserved quantities up to the
        degree (products and powers of invariants included).
    n_independent: how many of them are functionally independent.
    expressions: one sparse polynomial per basis vector of that space.
    independent_expressions: a functionally independent subset, simplest first.
    """

    n_invariants: int
    n_independent: int
    expressions: list[str]
    independent_expressions: list[str]
    coefficients: np.ndarray  # (n_invariants, M) sparse basis of the null space
    independent: list[int]  # rows of `coefficients` forming the independent subset
    singular_values: np.ndarray  # (M,) of the column-normalised G, descending, s[0] = 1
    gap_decades: float  # log10 size of the gap at which the null space was cut
    monomials: np.ndarray = dataclass_field(repr=False)  # (M, degree) padded index rows
    names: list[str] = dataclass_field(default_factory=list)
    degree: int = 0

    def evaluate(self, x: np.ndarray, independent_only: bool = False) -> np.ndarray:
        """Values of the discovered invariants at states x: shape (N, n)."""
        coeffs = self.coefficients[self.independent] if independent_only else self.coefficients
        return B.evaluate(self.monomials, np.atleast_2d(x)) @ coeffs.T


def null_space_by_gap(s: np.ndarray, min_gap_decades: float = 3.0) -> tuple[int, float]:
    """Rank of a matrix from its descending singular values: cut at the largest log gap.

    Returns (rank, gap in decades).  If no gap reaches `min_gap_decades` the matrix is
    taken to be of full rank (no conserved quantity); an exactly zero singular value
    counts as 1e-300 so that a null direction always sits below a gap.
    """
    if len(s) == 0 or s[0] == 0:
        return 0, 0.0
    logs = np.log10(np.maximum(s / s[0], 1e-300))
    if len(logs) < 2:
        return len(logs), 0.0
    gaps = logs[:-1] - logs[1:]
    k = int(np.argmax(gaps))
    if gaps[k] < min_gap_decades:
        return len(s), float(gaps[k])
    return k + 1, float(gaps[k])


def null_space_svd(G: np.ndarray, min_gap_decades: float = 3.0) -> tuple[np.ndarray, np.ndarray]:
    """Singular values of G (descending) and the right singular vectors below the gap.

    With more states than monomials, a QR factorisation G = QR first shrinks the problem
    to the square R, which has the same singular values and right singular vectors: the
    SVD of R then skips the N × M matrix of left singular vectors (a third faster for
    the 3-D fluid at degree 3).
    """
    if G.shape[0] > G.shape[1]:
        G = scipy.linalg.qr(G, mode="r", check_finite=False)[0][: G.shape[1]]
    _, s, vt = scipy.linalg.svd(G, full_matrices=False, check_finite=False)
    rank, _ = null_space_by_gap(s, min_gap_decades)
    return s, vt[rank:]


def jacobian_rank(jac: np.ndarray, min_gap_decades: float = 3.0) -> int:
    """Median over states of the rank of (P, d, k) Jacobians (functional independence).

    Each invariant's gradient is scaled to unit length first (rank is unchanged, and
    invariants of very different sizes stop masquerading as dependent); the rank at each
    state is then cut at the largest gap of the log singular values, as for G.
    """
    if jac.shape[-1] == 0:
        return 0
    norms = np.linalg.norm(jac, axis=1, keepdims=True)  # (P, 1, k)
    jac = jac / np.where(norms > 0, norms, 1.0)
    s = np.linalg.svd(jac, compute_uv=False)  # (P, min(d, k)), descending
    ranks = [null_space_by_gap(row, min_gap_decades)[0] for row in s]
    return int(np.median(ranks))


def _independent_subset(coeffs: np.ndarray, grads: np.ndarray) -> list[int]:
    """Greedy, simplest first (fewest terms): keep an invariant if it raises the rank."""
    jac = grads.transpose(0, 2, 1) @ coeffs.T  # (P, d, n): ∇ of each invariant at each state
    order = np.argsort(np.count_nonzero(coeffs, axis=1), kind="stable")
    kept: list[int] = []
    for i in order:
        if jacobian_rank(jac[:, :, kept + [int(i)]]) == len(kept) + 1:
            kept.append(int(i))
    return kept


def discover(
    field: Callable[[np.ndarray], np.ndarray],
    points: np.ndarray,
    degree: int,
    *,
    names: list[str] | None = None,
    sparsify: str = "rref",
    min_gap_decades: float = 3.0,
    n_check_points: int = 16,
    seed: int = 0,
) -> SIDResult:
    """Find the polynomial conserved quantities of dx/dt = field(x) up to `degree`.

    field: maps (N, d) states to their (N, d) time derivatives.
    points: (N, d) sample of states; N must be at least the number of monomials.
    degree: highest monomial degree of the basis (degree ≥ 1, no constant term).
    names: variable names for the printed polynomials (default x0, x1, ...).
    sparsify: "rref" (default, deterministic) or "l1" (the paper's L1 rotation).
    """
    points = np.asarray(points, dtype=float)
    if points.ndim != 2:
        raise ValueError(f"points must be an (N, d) array, got shape {points.shape}")
    if sparsify not in SPARSIFIERS:
        raise ValueError(f"unknown sparsify={sparsify!r}; choose one of {sorted(SPARSIFIERS)}")
    if not np.isfinite(points).all():
        raise ValueError(f"points has {int((~np.isfinite(points)).sum())} non-finite value(s) (NaN or inf)")
    if not np.any(points):
        raise ValueError("points are all zero: every monomial vanishes there, so nothing can be learned")
    if not min_gap_decades > 0:
        raise ValueError(f"min_gap_decades must be > 0 (a gap in decades of singular values), got {min_gap_decades}")
    if int(degree) != degree or degree < 1:
        raise ValueError(f"degree must be an integer ≥ 1 (no constant term), got {degree!r}")
    n_points, n_vars = points.shape
    names = list(names) if names is not None else [f"x{i}" for i in range(n_vars)]
    if len(names) != n_vars:
        raise ValueError(f"{len(names)} names given for {n_vars} variables")
    monomials = B.monomial_indices(n_vars, degree)
    if n_points < len(monomials):
        raise ValueError(
            f"{n_points} states cannot pin down {len(monomials)} monomial coefficients; "
            f"sample at least {len(monomials)} states (a few times more is safer)"
        )
    fx = np.asarray(field(points), dtype=float)
    if fx.shape != points.shape:
        raise ValueError(f"field returned shape {fx.shape}; expected {points.shape}")
    if not np.isfinite(fx).all():
        raise ValueError(f"field(points) has {int((~np.isfinite(fx)).sum())} non-finite value(s) (NaN or inf): "
                         "sample states where the dynamics are defined")

    # Step 2: G θ = 0.  Column scaling leaves the null space's dimension unchanged and
    # keeps monomials of very different sizes from faking small singular values.
    G = B.design_matrix(monomials, points, fx)  # (N, M)
    scale = np.linalg.norm(G, axis=0)
    # A column that is zero up to round-off is a monomial conserved on its own (xyz in the
    # toy): keep it at round-off size instead of blowing the round-off up to O(1).
    typical = np.median(scale)
    scale[scale <= 1e-12 * typical] = typical

    # Step 3: the null space sits below the largest gap of the log singular values.
    s, null = null_space_svd(G / scale, min_gap_decades)  # orthonormal rows, scaled coordinates
    rank, gap = null_space_by_gap(s, min_gap_decades)
    # The computed null space is accurate to about (largest null σ) / (smallest other σ);
    # coefficients below 100× that are noise.
    noise = s[rank] / s[rank - 1] if 0 < rank < len(s) else np.finfo(float).eps
    tol = float(np.clip(100 * noise, 1e-12, 1e-3))

    # Step 4: sparse basis, readable polynomials, functional independence.  Sparsify in
    # the scaled coordinates, where the basis is well conditioned (column scaling keeps
    # every zero a zero), then return to monomial coefficients with a leading 1.
    sparse = SPARSIFIERS[sparsify](null, tol=tol)
    if len(sparse) != len(null):
        raise RuntimeError(f"sparsification lost rank: {len(sparse)} rows from a {len(null)}-dim null space")
    coeffs = sparse / scale
    leading = coeffs[np.arange(len(coeffs)), np.argmax(coeffs != 0, axis=1)] if len(coeffs) else 1.0
    coeffs = coeffs / np.atleast_1d(leading)[:, None]
    # Generic check states: random, from the half of the sample nearest the origin, so
    # that heavy-tailed samples (the fluids') do not dominate the gradients.
    rng = np.random.default_rng(seed)
    inner = np.flatnonzero(np.linalg.norm(points, axis=1) <= np.median(np.linalg.norm(points, axis=1)))
    check = points[rng.choice(inner, size=min(n_check_points, len(inner)), replace=False)]
    independent = _independent_subset(coeffs, B.gradients(monomials, check)) if len(coeffs) else []
    monomial_labels = B.monomial_names(monomials, names)
    expressions = [format_polynomial(row, monomial_labels) for row in coeffs]
    return SIDResult(
        n_invariants=len(coeffs),
        n_independent=len(independent),
        expressions=expressions,
        independent_expressions=[expressions[i] for i in independent],
        coefficients=coeffs,
        independent=independent,
        singular_values=s / s[0],
        gap_decades=gap,
        monomials=monomials,
        names=names,
        degree=degree,
    )
