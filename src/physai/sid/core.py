"""Sparse invariant detection: conserved quantities as the null space of a linear system.

Liu, Sturm, Bharadwaj, Silva, Tegmark, "Discovering New Interpretable Conservation
Laws as Sparse Invariants", Phys. Rev. E 109, 023301 (2024), arXiv 2305.19525.

The method in four steps (the paper's method section):

1. Write a candidate conserved quantity H(x) = Σ_j θ_j b_j(x) over monomials b_j.
2. Conservation dH/dt = f·∇H = 0 at sampled states x_n is linear in θ:  G θ = 0 with
   G[n, j] = f(x_n)·∇b_j(x_n).  The conserved quantities span the null space of G.
3. The null space is read off the singular values of G: we cut at the largest gap of
   their logarithms (reported, so the count never hides behind a tolerance).
4. How many invariants are functionally independent: the rank of their gradients at
   generic states, read off the same way (the paper's "c" panel), on the orthonormal
   null-space basis, which is accurate to the size of the null singular values.  Only
   then is the basis made sparse, for reading: sparsification is presentation and never
   changes a count, and every sparse invariant is checked to be conserved.

Departure from the paper: the original sparsifies by an orthogonal rotation that
minimises the L1 norm (many random restarts of L-BFGS).  The default here is a reduced
row-echelon form on pivots chosen by QR with column pivoting (`sparsify.pivoted_rref`):
deterministic, the same span, every invariant with its own pivot monomial, and pivots
large enough not to amplify the basis' error.  `sparsify="l1"` runs the paper's rotation.
"""
from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field
from typing import Callable

import numpy as np
import scipy.linalg

from . import basis as B
from .sparsify import SPARSIFIERS, format_polynomial

__all__ = ["SIDResult", "NullSpace", "discover", "null_space", "null_space_by_gap", "jacobian_rank",
           "independence_spectrum", "count_independent", "conservation_residual"]


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
    # (P, r) per check state, singular values of the invariants' unit gradients, s / s_1
    independence_spectrum: np.ndarray = dataclass_field(default_factory=lambda: np.zeros((0, 0)), repr=False)
    independence_gap_decades: float = float("nan")  # gap under the n_independent-th value (nan: no invariant)
    accuracy: float = 0.0  # of the orthonormal null basis (largest null σ / smallest other): the spectrum's floor
    residuals: np.ndarray = dataclass_field(default_factory=lambda: np.zeros(0))  # (n,) sparse rows' residuals
    reference_residual: float = 0.0  # the same residual for the orthonormal null-space basis
    min_gap_decades: float = 3.0
    monomials: np.ndarray = dataclass_field(default=None, repr=False)  # (M, degree) padded index rows
    names: list[str] = dataclass_field(default_factory=list)
    degree: int = 0

    @property
    def count_uncertain(self) -> bool:
        """True when the independent count stands less than `min_gap_decades` clear of the rest."""
        return bool(self.independence_gap_decades < self.min_gap_decades)

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


def _unit_gradients(jac: np.ndarray) -> np.ndarray:
    """Each invariant's gradient scaled to unit length (rank is unchanged, and invariants
    of very different sizes stop masquerading as dependent)."""
    norms = np.linalg.norm(jac, axis=1, keepdims=True)  # (P, 1, k)
    return jac / np.where(norms > 0, norms, 1.0)


def jacobian_rank(jac: np.ndarray, min_gap_decades: float = 3.0) -> int:
    """Median over states of the rank of (P, d, k) Jacobians (functional independence).

    The rank at each state is cut at the largest gap of the log singular values of the
    unit gradients, as for G.
    """
    if jac.shape[-1] == 0:
        return 0
    s = np.linalg.svd(_unit_gradients(jac), compute_uv=False)  # (P, min(d, k)), descending
    ranks = [null_space_by_gap(row, min_gap_decades)[0] for row in s]
    return int(np.median(ranks))


def independence_spectrum(coefficients: np.ndarray, grads: np.ndarray) -> np.ndarray:
    """Singular values of the invariants' gradient Jacobian at each check state, s / s_1.

    coefficients: (n, M) a basis of the invariants; grads: (P, M, d) monomial gradients.
    Returns (P, min(d, n)), descending: the spectrum whose rank counts the functionally
    independent invariants (the original code's "c" panel, per state).
    """
    if len(coefficients) == 0:
        return np.zeros((len(grads), 0))
    jac = grads.transpose(0, 2, 1) @ coefficients.T  # (P, d, n): ∇ of each invariant at each state
    s = np.linalg.svd(_unit_gradients(jac), compute_uv=False)  # (P, min(d, n))
    return s / np.where(s[:, :1] > 0, s[:, :1], 1.0)


def count_independent(spectrum: np.ndarray, floor: float,
                      min_gap_decades: float = 3.0) -> tuple[int, float]:
    """(independent count, its gap in decades) from per-state Jacobian spectra.

    The gradients are known only to the accuracy `floor` of the null-space basis, so
    singular values below it are zero: each state's spectrum is clipped at the floor and
    followed by it (so that "all independent" also needs a gap above the noise), and
    its rank is cut at the largest log gap.  The count is the median rank over states;
    the gap is the median over states of log10(s_c / s_(c+1)) at that count c — how far
    the smallest counted direction stands above the next one or the noise.
    """
    if spectrum.shape[1] == 0:
        return 0, float("nan")
    padded = np.concatenate([np.maximum(spectrum, floor), np.full((len(spectrum), 1), floor)], axis=1)
    ranks = [min(null_space_by_gap(row, min_gap_decades)[0], spectrum.shape[1]) for row in padded]
    count = int(np.median(ranks))
    if count == 0:
        return 0, float("nan")
    gaps = np.log10(padded[:, count - 1] / padded[:, count])
    return count, float(np.median(gaps))


def conservation_residual(coefficients: np.ndarray, monomials: np.ndarray, states: np.ndarray,
                          fx: np.ndarray) -> np.ndarray:
    """How far each invariant is from conserved at `states`: the worst relative cancellation.

    r_i = max_n |Σ_j θ_ij f·∇b_j| / Σ_j |θ_ij| Σ_a |f_a ∂_a b_j|, at x_n: the net dH/dt
    over the size of its terms — 1 for a generic function, round-off for a conserved
    quantity, whose terms cancel (even within one monomial: xyz in the toy).
    Scale-free, so invariants of any size and states of any size compare.
    """
    net = np.abs(B.design_matrix(monomials, states, fx) @ coefficients.T)  # (N, n)
    # the product rule's terms in absolute value: Σ_a |f_a| |∂_a b_j| = G of |x|, |f|
    size = B.design_matrix(monomials, np.abs(states), np.abs(fx)) @ np.abs(coefficients).T
    ratio = np.divide(net, size, out=np.zeros_like(net), where=size > 0)
    return ratio.max(axis=0) if len(ratio) else np.zeros(len(coefficients))


def _independent_subset(coeffs: np.ndarray, grads: np.ndarray, limit: int) -> list[int]:
    """Greedy, simplest first (fewest terms): keep an invariant if it raises the rank,
    until `limit` (the count of the accurate basis) are kept."""
    jac = grads.transpose(0, 2, 1) @ coeffs.T  # (P, d, n): ∇ of each invariant at each state
    order = np.argsort(np.count_nonzero(coeffs, axis=1), kind="stable")
    kept: list[int] = []
    for i in order:
        if len(kept) == limit:
            break
        if jacobian_rank(jac[:, :, kept + [int(i)]]) == len(kept) + 1:
            kept.append(int(i))
    return kept


def _check_states(points: np.ndarray, n: int, seed: int) -> np.ndarray:
    """Generic states at which to test independence: random, from the half of the sample
    nearest the origin, so that heavy-tailed samples (the fluids') do not dominate."""
    radius = np.linalg.norm(points, axis=1)
    inner = np.flatnonzero(radius <= np.median(radius))
    rng = np.random.default_rng(seed)
    return points[rng.choice(inner, size=min(n, len(inner)), replace=False)]


def _validate(field, points, degree, names, sparsify, min_gap_decades) -> tuple[np.ndarray, list[str]]:
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
    names = list(names) if names is not None else [f"x{i}" for i in range(points.shape[1])]
    if len(names) != points.shape[1]:
        raise ValueError(f"{len(names)} names given for {points.shape[1]} variables")
    return points, names


def _field_at(field, points: np.ndarray, what: str) -> np.ndarray:
    fx = np.asarray(field(points), dtype=float)
    if fx.shape != points.shape:
        raise ValueError(f"field returned shape {fx.shape}; expected {points.shape}")
    if not np.isfinite(fx).all():
        raise ValueError(f"field({what}) has {int((~np.isfinite(fx)).sum())} non-finite value(s) (NaN or inf): "
                         "sample states where the dynamics are defined")
    return fx


def _leading_one(coeffs: np.ndarray) -> np.ndarray:
    """Rows scaled so that their first non-zero coefficient (lowest monomial) is 1."""
    if len(coeffs) == 0:
        return coeffs
    leading = coeffs[np.arange(len(coeffs)), np.argmax(coeffs != 0, axis=1)]
    return coeffs / leading[:, None]


@dataclass
class NullSpace:
    """Steps 2–3 of SID: the null space of G, orthonormal in G's scaled coordinates."""

    monomials: np.ndarray  # (M, degree) padded index rows
    singular_values: np.ndarray  # (M,) of the scaled G, descending
    basis: np.ndarray  # (n, M) orthonormal rows, scaled coordinates
    scale: np.ndarray  # (M,) column scales: monomial coefficients are basis / scale
    gap_decades: float
    noise: float  # accuracy of `basis`: largest null σ / smallest other σ

    @property
    def coefficients(self) -> np.ndarray:
        """The accurate basis as monomial coefficients, (n, M)."""
        return self.basis / self.scale


def null_space(fx: np.ndarray, points: np.ndarray, degree: int, min_gap_decades: float = 3.0) -> NullSpace:
    """G θ = 0 for the monomials up to `degree` at `points` with derivatives `fx`."""
    monomials = B.monomial_indices(points.shape[1], degree)
    if len(points) < len(monomials):
        raise ValueError(
            f"{len(points)} states cannot pin down {len(monomials)} monomial coefficients; "
            f"sample at least {len(monomials)} states (a few times more is safer)"
        )
    # Scaling rows (states) and columns (monomials) leaves the null space unchanged.
    # Rows to unit norm, so that a few huge states of a heavy-tailed sample (the
    # original's fluid states) do not set the column scales; then columns to unit norm,
    # so that monomials of very different sizes do not fake small singular values.
    # Without the row step the column norms of the original-style 3-D fluid sample span
    # 9 decades and the null space is 1000× less accurate (issue 22).
    G = B.design_matrix(monomials, points, fx)  # (N, M)
    rows = np.linalg.norm(G, axis=1, keepdims=True)  # (N, 1)
    G = G / np.where(rows > 0, rows, 1.0)
    scale = np.linalg.norm(G, axis=0)
    # A column that is zero up to round-off is a monomial conserved on its own (xyz in the
    # toy): keep it at round-off size instead of blowing the round-off up to O(1).
    typical = np.median(scale)
    scale[scale <= 1e-12 * typical] = typical
    s, basis = null_space_svd(G / scale, min_gap_decades)
    rank, gap = null_space_by_gap(s, min_gap_decades)
    eps = np.finfo(float).eps
    noise = float(max(s[rank] / s[rank - 1], eps)) if 0 < rank < len(s) else eps
    return NullSpace(monomials, s, basis, scale, gap, noise)


def discover(
    field: Callable[[np.ndarray], np.ndarray],
    points: np.ndarray,
    degree: int,
    *,
    names: list[str] | None = None,
    sparsify: str = "pivoted",
    min_gap_decades: float = 3.0,
    n_check_points: int = 16,
    verify_points: np.ndarray | None = None,
    residual_tol: float = 1e-6,
    seed: int = 0,
) -> SIDResult:
    """Find the polynomial conserved quantities of dx/dt = field(x) up to `degree`.

    field: maps (N, d) states to their (N, d) time derivatives.
    points: (N, d) sample of states; N must be at least the number of monomials.
    degree: highest monomial degree of the basis (degree ≥ 1, no constant term).
    names: variable names for the printed polynomials (default x0, x1, ...).
    sparsify: "pivoted" (default: row reduction on well-conditioned pivots), "rref" (row
        reduction in monomial order, fragile) or "l1" (the paper's L1 rotation).
    verify_points: states not used in the fit, on which every sparse invariant must be
        conserved (default: `points` themselves, a weaker check).
    residual_tol: a sparse invariant whose terms cancel in dH/dt to worse than this
        relative residual (`conservation_residual`) is not conserved: RuntimeError.
    """
    points, names = _validate(field, points, degree, names, sparsify, min_gap_decades)
    fx = _field_at(field, points, "points")
    ns = null_space(fx, points, degree, min_gap_decades)  # steps 2-3

    # Step 4a: functional independence, on the accurate (orthonormal) basis.
    grads = B.gradients(ns.monomials, _check_states(points, n_check_points, seed))  # (P, M, d)
    spectrum = independence_spectrum(ns.coefficients, grads)
    n_independent, independence_gap = count_independent(spectrum, ns.noise, min_gap_decades)

    # Step 4b: a sparse basis for reading, computed in the scaled coordinates where the
    # basis is well conditioned (scaling keeps every zero a zero), checked for conservation.
    sparse = SPARSIFIERS[sparsify](ns.basis, tol=float(np.clip(100 * ns.noise, 1e-12, 1e-3)))
    if len(sparse) != len(ns.basis) or (len(sparse) and np.linalg.matrix_rank(sparse) != len(sparse)):
        raise RuntimeError(f"sparsification lost rank: {len(sparse)} rows from a {len(ns.basis)}-dim null space")
    coeffs = _leading_one(sparse / ns.scale)
    labels = B.monomial_names(ns.monomials, names)
    expressions = [format_polynomial(row, labels) for row in coeffs]
    check = points if verify_points is None else np.asarray(verify_points, dtype=float)
    fcheck = fx if verify_points is None else _field_at(field, check, "verify_points")
    residuals = conservation_residual(coeffs, ns.monomials, check, fcheck)
    reference = float(conservation_residual(ns.coefficients, ns.monomials, check, fcheck).max(initial=0.0))
    _raise_if_not_conserved(residuals, reference, residual_tol, expressions, sparsify)

    independent = _independent_subset(coeffs, grads, n_independent) if len(coeffs) else []
    if len(independent) != n_independent:
        raise RuntimeError(f"the sparse basis reaches {len(independent)} independent invariants where the "
                           f"orthonormal basis has {n_independent}: the sparsification is inconsistent")
    s = ns.singular_values
    return SIDResult(
        n_invariants=len(coeffs), n_independent=n_independent, expressions=expressions,
        independent_expressions=[expressions[i] for i in independent], coefficients=coeffs,
        independent=independent, singular_values=s / s[0], gap_decades=ns.gap_decades,
        independence_spectrum=spectrum, independence_gap_decades=independence_gap, accuracy=ns.noise,
        residuals=residuals, reference_residual=reference, min_gap_decades=min_gap_decades,
        monomials=ns.monomials, names=names, degree=degree,
    )


def _raise_if_not_conserved(residuals: np.ndarray, reference: float, tol: float, expressions: list[str],
                            sparsify: str) -> None:
    """Fail loudly when a sparse invariant is not conserved (issue 22: amplified error)."""
    bad = np.flatnonzero(residuals > tol)
    if len(bad) == 0:
        return
    worst = int(bad[np.argmax(residuals[bad])])
    raise RuntimeError(
        f"{len(bad)} of {len(residuals)} sparse invariants (sparsify={sparsify!r}) are not conserved on the "
        f"check states: relative residual up to {residuals[worst]:.1e} > {tol:g} (the orthonormal null-space "
        f"basis: {reference:.1e}); worst: {expressions[worst][:120]}. The sparsifier amplified the null "
        f"space's error; try sparsify='pivoted', or more states if the orthonormal basis fails too."
    )
