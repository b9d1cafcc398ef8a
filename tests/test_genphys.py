"""GenPhys: the dispersion analyser (known relations, the paper's verdicts) and the Yukawa kernel."""
import numpy as np
import pytest
import sympy as sp
from scipy import stats

from physai.generative.genphys import (D, PROCESSES, analyse, dispersion, eps, k, m, sample_yukawa_kernel, t, u,
                                       verdict_table, x, yukawa_flux, yukawa_flux_from_green)


@pytest.mark.parametrize("pde, expected", [
    (D(u, t) - D(u, x, 2), {-sp.I * k**2}),                          # diffusion
    (D(u, t, 2) + D(u, x, 2), {sp.I * k, -sp.I * k}),                 # Laplace in (t, x)
    (D(u, t, 2) - D(u, x, 2), {k, -k}),                               # wave
    (sp.I * D(u, t) + D(u, x, 2), {k**2}),                            # Schrödinger
    (D(u, t, 2) + D(u, x, 2) - m**2 * u, {sp.I * sp.sqrt(k**2 + m**2), -sp.I * sp.sqrt(k**2 + m**2)}),
])
def test_known_dispersion_relations(pde, expected):
    got = dispersion(pde)
    assert {sp.simplify(b) for b in got} == {sp.simplify(e) for e in expected}


def test_the_papers_verdict_table_is_reproduced():
    for analysis, (_, _, _, paper) in zip(verdict_table(), PROCESSES):
        assert analysis.verdict == paper, analysis.name


@pytest.mark.parametrize("damping", [0.5, 2.0, 4.0])
def test_damped_wave_smooths_only_below_half_the_damping(damping):
    name, pde, _, _ = [p for p in PROCESSES if p[0] == "damped wave"][0]
    a = analyse(name, pde, {eps: damping}, k_max=5.0, n=20001)
    assert a.verdict == "conditionally"
    assert a.region[0] == 0.0 and a.region[1] == pytest.approx(damping / 2, abs=1e-3)


def test_mass_rate_separates_density_flows_from_processes_with_sources():
    table = {a.name: a for a in verdict_table()}
    assert table["diffusion"].density_flow == "yes"
    assert table["Poisson (z as time)"].density_flow == "yes"
    assert table["Yukawa / screened Poisson"].mass_rate == pytest.approx(-1.0)  # −m with m = 1
    assert table["Yukawa / screened Poisson"].density_flow == "with a source term"


def test_growing_branches_are_discarded():
    a = analyse("Poisson", D(u, t, 2) + D(u, x, 2))
    assert sp.simplify(a.branch + sp.I * k) == 0  # the decaying branch, not e^{+kz}


def test_bad_input():
    with pytest.raises(ValueError, match="ω"):
        dispersion(D(u, x, 2))  # no time derivative: no dispersion relation
    with pytest.raises(ValueError, match="linear"):
        dispersion(D(u, t) - u**2)


# --- the Yukawa kernel -----------------------------------------------------------------


@pytest.mark.parametrize("N, m", [(1, 0.5), (1, 2.0), (2, 0.5), (2, 2.0)])
def test_closed_form_kernel_matches_the_greens_function_integral(N, m):
    x = np.random.default_rng(0).normal(0, 1.5, (6, N))
    np.testing.assert_allclose(yukawa_flux(x, 0.7, m, N), yukawa_flux_from_green(x, 0.7, m, N), rtol=1e-6)


def test_kernel_is_nig_and_loses_flux_exp_minus_mz():
    z, m = 0.8, 1.5
    xs = np.linspace(-60, 60, 400_001)[:, None]
    flux = yukawa_flux(xs, z, m, 1)
    assert np.trapezoid(flux, xs[:, 0]) == pytest.approx(np.exp(-m * z) / 2, rel=1e-4)
    nig = stats.norminvgauss(a=m * z, b=0, scale=z).pdf(xs[::1000, 0])
    np.testing.assert_allclose(flux[::1000] * 2 * np.exp(m * z), nig, rtol=1e-8, atol=1e-14)


def test_massless_limit_is_the_poisson_kernel():
    x = np.array([[0.3, -1.0], [2.0, 0.5]])
    np.testing.assert_allclose(yukawa_flux(x, 1.0, 1e-7, 2), yukawa_flux(x, 1.0, 0.0, 2), rtol=1e-6)


def test_sampler_draws_the_kernel():
    z, m = 0.6, 2.0
    draws = sample_yukawa_kernel(20_000, z, m, 1, np.random.default_rng(1))[:, 0]
    assert stats.kstest(draws, stats.norminvgauss(a=m * z, b=0, scale=z).cdf).pvalue > 0.01
