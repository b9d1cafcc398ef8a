"""GenPhys: the dispersion analyser (known relations, the paper's verdicts) and the pictures."""
import numpy as np
import pytest
import sympy as sp

from physai.generative.genphys.dispersion import (D, PROCESSES, analyse, detail_left, dispersion, eps, evolve_profile,
                                                  k, m, t, u, verdict_table, x)


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


def test_pictures_smooth_only_for_smoothing_processes():
    xs = np.linspace(-10, 10, 512, endpoint=False)
    profile = sum(np.exp(-(xs - c) ** 2 / 0.02) for c in (-3, 0.5, 4))
    for a in verdict_table():
        left = detail_left(profile, xs[1] - xs[0], a, 2.0, 5.0)
        if a.verdict == "yes":
            assert left < 1e-2, a.name
        elif a.verdict == "no":
            assert left > 0.99, a.name
    wave = [a for a in verdict_table() if a.name == "wave"][0]
    moved = evolve_profile(profile, xs[1] - xs[0], wave, [0.0, 1.0])
    np.testing.assert_allclose(moved[0], profile, atol=1e-10)
