"""SID: known answers, limits and invariances (physai.sid)."""
from math import comb

import numpy as np
import pytest

from physai import profiles
from physai.sid import basis as B
from physai.sid import discover, null_space_by_gap
from physai.sid import sparsify as S
from physai.sid.core import conservation_residual, count_independent
from physai.sid.experiments import beyond, count_text, express, invariant_drift, named_jacobian, run_case
from physai.sid.sparsify import format_polynomial, pivoted_rref, rref
from physai.sid.systems import (REACTIONS, SPECIES, SYSTEMS, constraint_gradient, fluid_field, fluid_invariants,
                                fluid_volume, get_system, linear_invariants_symbolic, with_water)

rng = np.random.default_rng(0)


# --- the basis ----------------------------------------------------------------------

@pytest.mark.parametrize("d, D", [(1, 1), (3, 3), (12, 4), (24, 3)])
def test_number_of_monomials(d, D):
    assert len(B.monomial_indices(d, D)) == comb(d + D, D) - 1


def test_design_matrix_is_the_directional_derivative():
    x, f = rng.standard_normal((7, 4)), rng.standard_normal((7, 4))
    idx = B.monomial_indices(4, 3)
    h = 1e-6
    numeric = (B.evaluate(idx, x + h * f) - B.evaluate(idx, x - h * f)) / (2 * h)
    np.testing.assert_allclose(B.design_matrix(idx, x, f), numeric, rtol=1e-6, atol=1e-8)


def test_gradients_match_finite_differences():
    x = rng.standard_normal((3, 3))
    idx = B.monomial_indices(3, 3)
    grads = B.gradients(idx, x)  # (P, M, d)
    for i in range(3):
        e = np.zeros(3)
        e[i] = 1e-6
        numeric = (B.evaluate(idx, x + e) - B.evaluate(idx, x - e)) / 2e-6
        np.testing.assert_allclose(grads[:, :, i], numeric, rtol=1e-6, atol=1e-8)


def test_monomial_names():
    idx = B.monomial_indices(2, 2)
    assert B.monomial_names(idx, ["x", "y"]) == ["x", "y", "x**2", "x*y", "y**2"]


# --- null space and sparsification --------------------------------------------------

def oscillator(x):  # ẋ = y, ẏ = −x conserves x² + y²
    return np.stack([x[:, 1], -x[:, 0]], axis=1)


def test_gap_rule():
    assert null_space_by_gap(np.array([1, 0.5, 0.2, 1e-15, 1e-16]))[0] == 3
    rank, gap = null_space_by_gap(np.array([1, 0.1, 0.01]))
    assert rank == 3 and gap < 3  # no gap of 3 decades: full rank, no invariant
    assert null_space_by_gap(np.zeros(3)) == (0, 0.0)


def test_rref_has_leading_ones_and_spans_the_same_space():
    basis = np.linalg.qr(rng.standard_normal((6, 3)))[0].T  # (3, 6) orthonormal
    r = rref(basis)
    assert r.shape == (3, 6)
    np.testing.assert_allclose(r[:, :3], np.eye(3), atol=1e-12)
    assert np.linalg.matrix_rank(np.vstack([basis, r])) == 3


def test_pivoting_keeps_a_tiny_pivot_from_amplifying_the_error():
    """Issue 22: a pivot just above the tolerance multiplies the basis' error by 1/pivot."""
    a = np.array([[1e-7, 1.0, 0.0, 0.5, 0.0], [0.0, 0.0, 1.0, 0.0, 1.0]])
    basis = np.linalg.qr(a.T)[0].T  # (2, 5) orthonormal; column 0 is tiny but above tol
    noisy = np.linalg.qr((basis + 1e-12 * rng.standard_normal(basis.shape)).T)[0].T
    noisy *= np.sign(np.sum(noisy * basis, axis=1, keepdims=True))  # same orientation as basis

    def change(sparsifier):
        return np.abs(sparsifier(noisy, tol=1e-8) - sparsifier(basis, tol=1e-8)).max()

    assert change(rref) > 1e-6  # divided by the 1e-7 pivot: 1e-12 noise becomes > 1e-6
    assert change(pivoted_rref) < 1e-10
    assert np.linalg.matrix_rank(np.vstack([basis, pivoted_rref(basis)]), tol=1e-9) == 2


def test_a_sparse_invariant_that_is_not_conserved_stops_the_run(monkeypatch):
    def corrupt(null, tol):  # a sparsifier that, like a bad pivot, lets error in
        return pivoted_rref(null, tol) + 1e-3 * np.random.default_rng(0).standard_normal(null.shape)

    monkeypatch.setitem(S.SPARSIFIERS, "corrupt", corrupt)
    with pytest.raises(RuntimeError, match="not conserved"):
        discover(oscillator, rng.standard_normal((200, 2)), 2, sparsify="corrupt")


def test_independent_count_reports_its_gap_and_flags_a_weak_one():
    clear = np.tile([1.0, 0.3, 1e-14], (5, 1))  # (P, r): 2 independent, 13 decades clear
    assert count_independent(clear, floor=1e-13) == (2, pytest.approx(np.log10(0.3 / 1e-13)))
    assert count_independent(np.tile([1.0, 0.5], (5, 1)), floor=1e-13)[0] == 2  # all independent, above noise
    res = discover(oscillator, rng.standard_normal((200, 2)), 2)
    assert not res.count_uncertain and count_text(res) == "1"
    res.independence_gap_decades = 2.0  # as if the spectrum had no clear gap
    assert res.count_uncertain and "uncertain" in count_text(res)


def test_format_polynomial_snaps_small_fractions():
    assert format_polynomial(np.array([1.0, -0.5, 0.0, 1.23456]), ["x", "y", "z", "w"]) == \
        "x - 1/2*y + 1.235*w"


# --- known answers ------------------------------------------------------------------

def test_harmonic_oscillator_energy():
    res = discover(oscillator, rng.standard_normal((200, 2)), 2, names=["x", "y"])
    assert res.n_invariants == 1 and res.expressions == ["x**2 + y**2"]


def test_powers_of_an_invariant_count_in_the_raw_dimension_only():
    res = discover(oscillator, rng.standard_normal((200, 2)), 4)
    assert (res.n_invariants, res.n_independent) == (2, 1)  # H and H²


def test_a_contracting_system_has_no_invariant():
    res = discover(lambda x: -x * np.array([1.0, 2.0]), rng.standard_normal((200, 2)), 3)
    assert (res.n_invariants, res.n_independent) == (0, 0)


def test_toy_system():
    res = discover(SYSTEMS["toy"].field, rng.standard_normal((300, 3)), 3, names=["x", "y", "z"])
    assert (res.n_invariants, res.n_independent) == (4, 2)
    assert {"x + y + z", "x*y*z"} <= set(res.expressions)


def test_counts_do_not_depend_on_variable_order_or_field_speed():
    """Invariances: relabelling variables, and rescaling f by a positive function."""
    x = rng.standard_normal((400, 3))
    perm = [2, 0, 1]
    base = discover(SYSTEMS["toy"].field, x, 3)
    permuted = discover(lambda z: SYSTEMS["toy"].field(z[:, np.argsort(perm)])[:, perm], x[:, perm], 3)
    slowed = discover(lambda z: SYSTEMS["toy"].field(z) / (1 + (z**2).sum(1, keepdims=True)), x, 3)
    for other in (permuted, slowed):
        assert (other.n_invariants, other.n_independent) == (base.n_invariants, base.n_independent)


def test_discovered_invariants_are_constant_along_a_trajectory():
    res, _ = run_case("toy", 3, 300)
    drift = invariant_drift("toy", res, t_end=1.0)
    assert drift[res.independent_expressions].to_numpy().max() < 1e-9
    assert drift.iloc[:, -1].max() > 1e-3  # while the state itself moves


def test_fluid_invariants_hold_along_a_trajectory_even_those_zero_on_every_state():
    res, _ = run_case("fluid2d", 2, 600)
    drift = invariant_drift("fluid2d", res, t_end=1.0)
    assert drift[res.independent_expressions].to_numpy().max() < 1e-9


def test_l1_sparsifier_spans_the_same_invariants():
    x = rng.standard_normal((300, 3))
    a = discover(SYSTEMS["toy"].field, x, 3)
    b = discover(SYSTEMS["toy"].field, x, 3, sparsify="l1")
    assert b.n_invariants == a.n_invariants
    assert np.linalg.matrix_rank(np.vstack([a.coefficients, b.coefficients]), tol=1e-6) == a.n_invariants


def test_bad_input_gets_clear_errors():
    with pytest.raises(ValueError, match="at least 19 states"):
        discover(SYSTEMS["toy"].field, rng.standard_normal((10, 3)), 3)
    with pytest.raises(ValueError, match="rref"):
        discover(SYSTEMS["toy"].field, rng.standard_normal((50, 3)), 1, sparsify="lasso")
    with pytest.raises(ValueError, match="expected"):
        discover(lambda x: x[:, :2], rng.standard_normal((50, 3)), 1)
    with pytest.raises(ValueError, match="fluid3d"):
        get_system("fluid4d")


# --- the paper's systems --------------------------------------------------------------

@pytest.mark.parametrize("dim, sampler", [(2, "ours"), (3, "ours"), (2, "original"), (3, "original")])
def test_fluid_states_and_flow_keep_the_volume(dim, sampler):
    name = f"fluid{dim}d"
    x = SYSTEMS[name].sampler(sampler)(50, rng)
    v = x.reshape(50, dim + 1, dim, 2)[..., 1]
    assert np.abs(np.sum(constraint_gradient(x, dim) * v, axis=(1, 2))).max() < 1e-10  # dC/dt = 0
    f = fluid_field(x, dim, normalize=False).reshape(50, dim + 1, dim, 2)
    acc = f[..., 1]  # v̇ = λ∇C was built so that d²C/dt² = vᵀ(∇²C)v + ∇C·v̇ = 0

    def volume_at(t):  # positions q + v t + a t²/2, velocities irrelevant to C
        s = x.reshape(50, dim + 1, dim, 2).copy()
        s[..., 0] += v * t + 0.5 * acc * t**2
        return fluid_volume(s.reshape(50, -1), dim)

    h = 1e-3
    second = (volume_at(h) - 2 * volume_at(0) + volume_at(-h)) / h**2
    assert np.abs(second).max() < 1e-4 * (1 + np.abs(acc).max())


def test_the_original_sampler_is_heavy_tailed_and_ours_is_not():
    ours, original = (SYSTEMS["fluid3d"].sampler(how)(4000, np.random.default_rng(0)) for how in ("ours", "original"))
    assert np.abs(ours[:, -1]).max() < 10 < np.abs(original[:, -1]).max()  # the solved velocity component
    with pytest.raises(ValueError, match="original"):
        SYSTEMS["toy"].sampler("original")


@pytest.mark.parametrize("dim, expected", [(2, 8), (3, 14)])
def test_named_fluid_invariants_are_conserved_and_independent(dim, expected):
    from physai.sid.core import jacobian_rank
    x = SYSTEMS[f"fluid{dim}d"].sample(20, rng)
    named = fluid_invariants(dim)
    f = SYSTEMS[f"fluid{dim}d"].rhs(x)
    jac = named_jacobian(named, x)  # (P, d, k)
    rate = np.einsum("pd,pdk->pk", f, jac)  # dH/dt
    size = np.einsum("pd,pdk->pk", np.abs(f), np.abs(jac))
    assert (np.abs(rate) / size).max() < 1e-12
    assert jacobian_rank(jac) == expected


# The issue-22 regression: 14 independent at degree 3 on both ways of drawing states.
# Seed 9 of the original sampler is one on which the old pipeline (count on the sparse
# basis, row reduction in monomial order) reported 16 independent invariants.
FLUID3D_CASES = {"ours": 0, "original": 9}


@pytest.fixture(scope="module")
def fluid3d_degree3():
    return {how: run_case("fluid3d", 3, 4000, seed=seed, sampler=how)[0] for how, seed in FLUID3D_CASES.items()}


@pytest.mark.parametrize("sampler", list(FLUID3D_CASES))
def test_fluid3d_degree3_has_14_independent_on_either_sampler(fluid3d_degree3, sampler):
    res = fluid3d_degree3[sampler]
    assert (res.n_invariants, res.n_independent) == (60, 14)
    assert res.independence_gap_decades > 6 and not res.count_uncertain
    assert res.independent_expressions[:3] == ["vx0 + vx1 + vx2 + vx3", "vy0 + vy1 + vy2 + vy3",
                                               "vz0 + vz1 + vz2 + vz3"]


@pytest.mark.parametrize("sampler", list(FLUID3D_CASES))
def test_every_sparse_fluid3d_invariant_is_conserved_on_fresh_states(fluid3d_degree3, sampler):
    res = fluid3d_degree3[sampler]
    fresh = SYSTEMS["fluid3d"].sampler(sampler)(300, np.random.default_rng(12345))
    residual = conservation_residual(res.coefficients, res.monomials, fresh, SYSTEMS["fluid3d"].field(fresh))
    assert residual.shape == (60,) and residual.max() < 1e-9
    # the sum of all monomials is not conserved: the residual can fail
    assert conservation_residual(np.ones((1, len(res.monomials))), res.monomials, fresh,
                                 SYSTEMS["fluid3d"].field(fresh)).max() > 0.1


def test_the_two_beyond_degree_2_are_the_volume_and_its_rate(fluid3d_degree3):
    low, _ = run_case("fluid3d", 2, 4000)
    high = fluid3d_degree3["ours"]
    states = SYSTEMS["fluid3d"].sample(16, np.random.default_rng(3))
    new = beyond(high, low, states)
    readings = express(high, new, fluid_invariants(3), rng.standard_normal((300, 24)))
    assert sorted(r.lstrip("-") for r in readings) == ["C", "dC/dt"]


def test_fluid2d_degree2():
    res, _ = run_case("fluid2d", 2, 600)
    assert (res.n_invariants, res.n_independent) == (11, 8)
    assert "vx0 + vx1 + vx2" in res.expressions  # momentum


def test_chemistry_counts_numerically_and_symbolically():
    assert linear_invariants_symbolic(SPECIES, REACTIONS) == 3
    assert linear_invariants_symbolic(SPECIES + ("H2O",), with_water()) == 4
    for name, expected in [("chemistry", 3), ("chemistry_water", 4)]:
        res, _ = run_case(name, 1, 300)
        assert res.n_invariants == res.n_independent == expected
        assert "NO + NO2 + HNO3" in res.expressions and "HCHO + CO" in res.expressions


def test_paper_profile_carries_the_original_settings():
    cases = profiles.load("06_sid", "paper").cases
    assert ("toy", 3, 100) in cases  # toy.ipynb: 100 states
    assert [c for c in cases if c[0] == "fluid2d"] == [("fluid2d", d, 5000) for d in (1, 2, 3, 4)]
    assert [c for c in cases if c[0] == "fluid3d"] == [("fluid3d", d, 20000) for d in (1, 2, 3)]
    assert ("chemistry", 1, 10000) in cases and ("chemistry_water", 1, 10000) in cases
    for system, degree, _ in cases:  # every case has the paper's count to compare with
        assert degree in get_system(system).paper_counts


def test_count_claims_are_exact_and_untestable_when_degrees_are_missing():
    from physai import claims
    from physai.sid.experiments import check_counts, run_cases

    def registry(independent, raw):
        return claims.Registry("99_test", "t", [
            claims.ClaimSpec("fluid2d-independent", "paper", "s", claims.exact(independent), independent, "paper",
                             "Fig.", fails_if="any count but the paper's"),
            claims.ClaimSpec("fluid2d-raw", "method", "s", claims.exact(raw))])

    _, table = run_cases([("fluid2d", 1, 200), ("fluid2d", 2, 300)], isolate=False)
    card = registry([2, 8, 8, 8], [2, 11, 11, 11]).scorecard()
    assert check_counts(card, table, "fluid2d", "independent").verdict == claims.NOT_TESTABLE
    full = table.assign(degree=[1, 2]).iloc[[0, 1, 1, 1]].assign(degree=[1, 2, 3, 4])
    assert check_counts(card, full, "fluid2d", "raw").verdict == claims.HOLDS
    claim = check_counts(registry([2, 8, 8, 9], [0]).scorecard(), full, "fluid2d", "independent")
    assert claim.verdict == claims.PARTLY and claim.ours == [2, 8, 8, 8]


@pytest.mark.parametrize("change, match", [
    (dict(points="nan"), "points has 1 non-finite"),
    (dict(points="zero"), "all zero"),
    (dict(field="inf"), r"field\(points\) has .* non-finite"),
    (dict(min_gap_decades=-1.0), "min_gap_decades must be > 0"),
    (dict(degree=0), "degree must be an integer ≥ 1"),
])
def test_bad_input_fails_by_name_before_the_svd(change, match):
    import numpy as np
    from physai.sid import discover
    points = np.random.default_rng(0).normal(size=(50, 2))
    field = lambda x: np.stack([x[:, 1], -x[:, 0]], 1)  # noqa: E731  (a rotation: x² + y² conserved)
    kw = dict(min_gap_decades=3.0, degree=2)
    if change.get("points") == "nan":
        points[3, 1] = np.nan
    elif change.get("points") == "zero":
        points = np.zeros_like(points)
    elif change.get("field") == "inf":
        field = lambda x: np.full_like(x, np.inf)  # noqa: E731
    else:
        kw.update(change)
    with pytest.raises(ValueError, match=match):
        discover(field, points, **kw)
