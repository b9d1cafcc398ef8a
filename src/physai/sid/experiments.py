"""Running SID on the paper's systems: one case, many cases, trajectories."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
from scipy.integrate import solve_ivp
from tqdm import tqdm

from ..runtime import peak_rss_mb, progress_enabled, run_isolated
from . import basis as B
from .core import SIDResult, conservation_residual, discover, jacobian_rank, null_space
from .sparsify import SPARSIFIERS, format_polynomial
from .systems import get_system


N_VERIFY = 200  # fresh states on which every sparse invariant must be conserved


def run_case(system: str, degree: int, n_points: int, seed: int = 0, sampler: str = "ours", **kwargs):
    """Sample states of `system` and run SID; returns (SIDResult, seconds in discover).

    sampler: "ours" or "original" (how the original code draws states; fluids only).
    The sparse invariants are verified on N_VERIFY fresh states from the same sampler
    (a separate random stream); kwargs go to `discover`.
    """
    sys_ = get_system(system)
    sample = sys_.sampler(sampler)
    points = sample(n_points, np.random.default_rng(seed))
    fresh = sample(N_VERIFY, np.random.default_rng([seed, 1]))
    start = time.perf_counter()
    result = discover(sys_.field, points, degree, names=list(sys_.names), verify_points=fresh, **kwargs)
    return result, time.perf_counter() - start


def run_cases(cases, seed: int = 0, isolate: bool = True, sampler: str = "ours"):
    """Run every (system, degree, n_points) case, states drawn by `sampler`.

    Returns ({(system, degree): SIDResult}, a table of counts, gaps, residuals, time and
    peak memory).  `gap_decades` is the null space's gap in G's spectrum,
    `independence_gap` the gap under the independent count in the Jacobian's spectrum,
    `max_residual` the worst sparse invariant on fresh states (`conservation_residual`).
    With isolate=True each case runs in a fresh process and `peak_mb` is that process's
    high-water mark (Python and numpy themselves take about 100 MB of it).
    """
    results, rows = {}, []
    for system, degree, n_points in tqdm(cases, desc="SID cases", disable=not progress_enabled()):
        if isolate:
            (result, seconds), _, peak = run_isolated(run_case, system, degree, n_points, seed, sampler)
        else:
            (result, seconds), peak = run_case(system, degree, n_points, seed, sampler), peak_rss_mb()
        results[system, degree] = result
        rows.append({
            "system": system, "degree": degree, "states": n_points,
            "monomials": len(result.monomials),
            "n_invariants": result.n_invariants, "n_independent": result.n_independent,
            "paper_independent": get_system(system).paper_counts.get(degree),
            "gap_decades": round(result.gap_decades, 1),
            "independence_gap": round(result.independence_gap_decades, 1),
            "max_residual": float(f"{result.residuals.max(initial=0.0):.1e}"),
            "seconds": round(seconds, 2), "peak_mb": round(peak),
        })
    return results, pd.DataFrame(rows)


def count_text(result: SIDResult) -> str:
    """The independent count as the notebook prints it: a bare number only when certain."""
    if result.count_uncertain:
        return (f"{result.n_independent}? (uncertain: Jacobian gap {result.independence_gap_decades:.1f} "
                f"< {result.min_gap_decades:g} decades)")
    return str(result.n_independent)


def term_scale(result: SIDResult, states: np.ndarray, independent_only: bool = True) -> np.ndarray:
    """Typical size of each invariant's terms, mean over states of Σ_j |θ_j b_j(x)|.

    The yardstick for "has it changed": an invariant that vanishes on every valid state
    (dC/dt for the fluids) has no spread to compare with, but its terms have a size.
    """
    coeffs = result.coefficients[result.independent] if independent_only else result.coefficients
    return (np.abs(B.evaluate(result.monomials, states)) @ np.abs(coeffs).T).mean(axis=0)


def invariant_drift(system: str, result: SIDResult, t_end: float, seed: int = 1,
                    n_eval: int = 200) -> pd.DataFrame:
    """Integrate ẋ = f(x) from a sampled state; relative change of each invariant over time.

    Each independent invariant H_i is reported as |H_i(t) − H_i(0)| / S_i, with S_i the
    size of its terms over sampled states (`term_scale`), so a conserved quantity stays
    near round-off while a generic function of the state (the first variable, shown for
    contrast) moves by O(1).
    """
    sys_ = get_system(system)
    rng = np.random.default_rng(seed)
    x0 = sys_.sample(1, rng)[0]
    stiff = system.startswith("chemistry")
    sol = solve_ivp(lambda t, x: sys_.rhs(x[None])[0], (0, t_end), x0,
                    method="Radau" if stiff else "DOP853", rtol=1e-12, atol=1e-14 * np.abs(x0).min(),
                    t_eval=np.linspace(0, t_end, n_eval))
    states = sol.y.T  # (T, d)
    values = result.evaluate(states, independent_only=True)  # (T, k)
    reference = sys_.sample(500, rng)
    frame = pd.DataFrame(np.abs(values - values[0]) / term_scale(result, reference),
                         columns=result.independent_expressions)
    frame[f"{sys_.names[0]} (not conserved)"] = np.abs(states[:, 0] - states[0, 0]) / np.abs(reference[:, 0]).mean()
    frame.insert(0, "t", sol.t)
    return frame


def counts_by_degree(table: pd.DataFrame, system: str) -> tuple[list[int], list[int], list[int]]:
    """(degrees, raw null-space dimensions, independent counts) of one system, by degree."""
    rows = table[table.system == system].sort_values("degree")
    return rows.degree.tolist(), rows.n_invariants.tolist(), rows.n_independent.tolist()


def check_counts(card, table: pd.DataFrame, system: str, kind: str, claim_id: str | None = None,
                 min_gap_decades: float = 3.0):
    """Check one declared count claim (`<system>-<kind>`): the counts by degree, exactly.

    kind "independent" compares the functionally independent counts (the paper's), "raw"
    the null-space dimensions; a profile that skips some of the paper's degrees makes the
    claim not testable rather than wrong.  An independent count whose Jacobian gap is
    below `min_gap_decades` is uncertain: the claim is then not testable rather than
    decided by a number the spectrum does not support (claims.py, issue 22).
    """
    claim_id = claim_id or f"{system}-{kind}"
    degrees, raw, independent = counts_by_degree(table, system)
    wanted = sorted(get_system(system).paper_counts)
    if degrees != wanted:
        return card.not_testable(claim_id, f"this profile runs degrees {degrees}; the paper's are {wanted}")
    if kind == "independent":
        gaps = table[table.system == system].sort_values("degree").independence_gap.tolist()
        weak = [f"degree {d}: {g:.1f}" for d, g in zip(degrees, gaps) if g < min_gap_decades]
        if weak:
            return card.not_testable(claim_id, f"count uncertain, Jacobian gap below {min_gap_decades:g} decades "
                                               f"({'; '.join(weak)}); counts {independent}")
    ours = independent if kind == "independent" else raw
    note = f"raw null-space dimensions {raw}" if kind == "independent" else ""
    return card.check(claim_id, ours, reason=note)


def check_original_states(card, table: pd.DataFrame, system: str = "fluid3d", degree: int = 3,
                          claim_id: str = "fluid3d-original-states", min_gap_decades: float = 3.0):
    """The declared [raw, independent] counts on the original's states (`run_cases` with
    sampler="original"); not testable when the profile skips the case or the count is uncertain."""
    rows = table[(table.system == system) & (table.degree == degree)]
    if len(rows) == 0:
        return card.not_testable(claim_id, f"this profile does not run {system} at degree {degree} on the "
                                           "original's states")
    row = rows.iloc[0]
    if row.independence_gap < min_gap_decades:
        return card.not_testable(claim_id, f"count uncertain: Jacobian gap {row.independence_gap:.1f} decades; "
                                           f"counts [{row.n_invariants}, {row.n_independent}]")
    return card.check(claim_id, [int(row.n_invariants), int(row.n_independent)],
                      reason=f"{int(row.states)} states; gaps {row.gap_decades} / {row.independence_gap} decades")


# --- reading the invariants -------------------------------------------------------------

def beyond(high: SIDResult, low: SIDResult, states: np.ndarray) -> list[int]:
    """Rows of `high`'s sparse basis that are not functions of `low`'s invariants.

    Greedy on the Jacobian rank at `states`, simplest rows first, starting from the
    gradients of `low`'s independent invariants: for the 3-D fluid, what degree 3 adds
    to the 12 of degree 2.
    """
    base = _invariant_jacobian(low, states, independent_only=True)  # (P, d, k)
    rows = _invariant_jacobian(high, states)  # (P, d, n)
    order = np.argsort(np.count_nonzero(high.coefficients, axis=1), kind="stable")
    kept: list[int] = []
    for i in order:
        trial = np.concatenate([base, rows[:, :, kept + [int(i)]]], axis=2)
        if jacobian_rank(trial) == trial.shape[2]:
            kept.append(int(i))
    return kept


def _invariant_jacobian(result: SIDResult, states: np.ndarray, independent_only: bool = False) -> np.ndarray:
    coeffs = result.coefficients[result.independent] if independent_only else result.coefficients
    return B.gradients(result.monomials, states).transpose(0, 2, 1) @ coeffs.T  # (P, d, k)


def named_jacobian(named: dict, states: np.ndarray, h: float = 1e-30) -> np.ndarray:
    """Gradients of named functions by complex-step differentiation (exact to round-off
    for the polynomials here): (P, d, k)."""
    d = states.shape[1]
    steps = states[:, None, :] + 1j * h * np.eye(d)[None]  # (P, d, d): one step per variable
    flat = steps.reshape(-1, d)
    return np.stack([fn(flat).imag.reshape(len(states), d) / h for fn in named.values()], axis=2)


def same_span(result: SIDResult, named: dict, states: np.ndarray) -> dict:
    """Jacobian ranks of SID's independent invariants, of the named ones, and of both:
    all three equal means SID found exactly the functions the names describe."""
    ours = _invariant_jacobian(result, states, independent_only=True)
    theirs = named_jacobian(named, states)
    return {"SID": jacobian_rank(ours), "named": jacobian_rank(theirs),
            "together": jacobian_rank(np.concatenate([ours, theirs], axis=2))}


def express(result: SIDResult, rows: list[int], named: dict, states: np.ndarray, max_terms: int = 4,
            rtol: float = 1e-9) -> list[str]:
    """Each sparse row in words: a short combination of named functions and their products.

    Orthogonal matching pursuit over the named functions and their pairwise products, at
    `states`: use generic states (off the constraint surface too), where the polynomials
    must agree term by term and dC/dt, zero on every valid state, is still seen.  '' when
    no combination of `max_terms` terms matches to `rtol`.
    """
    library = _named_library(named, states)  # name -> (N,) values
    names, columns = list(library), np.stack(list(library.values()), axis=1)  # (N, L)
    columns = columns / np.linalg.norm(columns, axis=0)
    values = result.evaluate(states)[:, rows]  # (N, k)
    return [_pursuit(v, columns, names, library, max_terms, rtol) for v in values.T]


def _named_library(named: dict, states: np.ndarray) -> dict:
    single = {name: fn(states) for name, fn in named.items()}
    keys = list(single)
    pairs = {(f"{a}²" if a == b else f"{a}·{b}"): single[a] * single[b]
             for i, a in enumerate(keys) for b in keys[i:]}
    return {**single, **pairs}


def _pursuit(v: np.ndarray, columns: np.ndarray, names: list[str], library: dict, max_terms: int,
             rtol: float) -> str:
    chosen: list[int] = []
    residual = v
    for _ in range(max_terms):
        chosen.append(int(np.argmax(np.abs(columns.T @ residual))))
        raw = np.stack([library[names[i]] for i in chosen], axis=1)  # (N, t) unnormalised
        c, *_ = np.linalg.lstsq(raw, v, rcond=None)
        residual = v - raw @ c
        if np.linalg.norm(residual) <= rtol * np.linalg.norm(v):
            c = c / c[np.argmax(np.abs(c))]  # largest coefficient 1, as a sign-free reading
            return format_polynomial(c, [names[i] for i in chosen])
    return ""


def compare_sparsifiers(system: str, degree: int, n_points: int, seed: int = 0,
                        sparsifiers=("pivoted", "rref", "l1")) -> pd.DataFrame:
    """One null space, each sparsifier: nonzero coefficients, L1 size and conservation.

    `l1_size` is Σ|θ| with each row scaled to a largest coefficient of 1 (the paper's
    objective, comparable across methods); `max_residual` the worst row on fresh states.
    """
    sys_ = get_system(system)
    points = sys_.sample(n_points, np.random.default_rng(seed))
    fresh = sys_.sample(N_VERIFY, np.random.default_rng([seed, 1]))
    ns = null_space(sys_.field(points), points, degree)
    tol = float(np.clip(100 * ns.noise, 1e-12, 1e-3))
    rows = []
    for name in sparsifiers:
        start = time.perf_counter()
        sparse = SPARSIFIERS[name](ns.basis, tol=tol)
        seconds = time.perf_counter() - start
        shown = sparse / np.abs(sparse).max(axis=1, keepdims=True)
        residual = conservation_residual(sparse / ns.scale, ns.monomials, fresh, sys_.field(fresh))
        rows.append({"sparsify": name, "invariants": len(sparse), "nonzeros": int(np.count_nonzero(sparse)),
                     "l1_size": round(float(np.abs(shown).sum()), 1),
                     "max_residual": float(f"{residual.max(initial=0.0):.1e}"), "seconds": round(seconds, 2)})
    return pd.DataFrame(rows)
