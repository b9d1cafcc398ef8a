"""Running SID on the paper's systems: one case, many cases, trajectories."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
from scipy.integrate import solve_ivp
from tqdm import tqdm

from ..runtime import peak_rss_mb, progress_enabled, run_isolated
from . import basis as B
from .core import SIDResult, discover
from .systems import get_system


def run_case(system: str, degree: int, n_points: int, seed: int = 0):
    """Sample states of `system` and run SID; returns (SIDResult, seconds in discover)."""
    sys_ = get_system(system)
    points = sys_.sample(n_points, np.random.default_rng(seed))
    start = time.perf_counter()
    result = discover(sys_.field, points, degree, names=list(sys_.names))
    return result, time.perf_counter() - start


def run_cases(cases, seed: int = 0, isolate: bool = True):
    """Run every (system, degree, n_points) case.

    Returns ({(system, degree): SIDResult}, a table of counts, time and peak memory).
    With isolate=True each case runs in a fresh process and `peak_mb` is that process's
    high-water mark (Python and numpy themselves take about 100 MB of it).
    """
    results, rows = {}, []
    for system, degree, n_points in tqdm(cases, desc="SID cases", disable=not progress_enabled()):
        if isolate:
            (result, seconds), _, peak = run_isolated(run_case, system, degree, n_points, seed)
        else:
            (result, seconds), peak = run_case(system, degree, n_points, seed), peak_rss_mb()
        results[system, degree] = result
        rows.append({
            "system": system, "degree": degree, "states": n_points,
            "monomials": len(result.monomials),
            "n_invariants": result.n_invariants, "n_independent": result.n_independent,
            "paper_independent": get_system(system).paper_counts.get(degree),
            "gap_decades": round(result.gap_decades, 1),
            "seconds": round(seconds, 2), "peak_mb": round(peak),
        })
    return results, pd.DataFrame(rows)


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


def check_counts(card, table: pd.DataFrame, system: str, kind: str):
    """Check one declared count claim (`<system>-<kind>`): the counts by degree, exactly.

    kind "independent" compares the functionally independent counts (the paper's), "raw"
    the null-space dimensions; a profile that skips some of the paper's degrees makes the
    claim not testable rather than wrong.
    """
    degrees, raw, independent = counts_by_degree(table, system)
    wanted = sorted(get_system(system).paper_counts)
    if degrees != wanted:
        return card.not_testable(f"{system}-{kind}", f"this profile runs degrees {degrees}; the paper's are {wanted}")
    ours = independent if kind == "independent" else raw
    note = f"raw null-space dimensions {raw}" if kind == "independent" else ""
    return card.check(f"{system}-{kind}", ours, reason=note)
