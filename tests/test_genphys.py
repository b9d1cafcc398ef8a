"""GenPhys: the dispersion analyser (known relations, the paper's verdicts) and the pictures."""
import numpy as np
import pytest
import sympy as sp

from physai.generative.genphys.claims import BEYOND_VERDICTS, TALK_VERDICTS
from physai.generative.genphys.dispersion import (BANDS, D, LOG_SCAN, PROCESSES, Process, analyse, detail_left,
                                                  dispersion, eps, evolve_profile, k, k0, m, paper_verdict,
                                                  s_generative, t, u, verdict_table, x)


@pytest.mark.parametrize("pde, expected", [
    (D(u, t) - D(u, x, 2), {-sp.I * k**2}),                          # diffusion
    (D(u, t, 2) + D(u, x, 2), {sp.I * k, -sp.I * k}),                 # Laplace in (t, x)
    (D(u, t, 2) - D(u, x, 2), {k, -k}),                               # wave
    (sp.I * D(u, t) + D(u, x, 2), {k**2}),                            # Schrödinger
    (D(u, t, 2) + D(u, x, 2) - m**2 * u, {sp.I * sp.sqrt(k**2 + m**2), -sp.I * sp.sqrt(k**2 + m**2)}),
    (D(u, t, 2) + D(u, x, 2) + k0**2 * u, {sp.sqrt(k0**2 - k**2), -sp.sqrt(k0**2 - k**2)}),  # Helmholtz
])
def test_known_dispersion_relations(pde, expected):
    got = dispersion(pde)
    assert {sp.simplify(b) for b in got} == {sp.simplify(e) for e in expected}


def test_the_talks_verdict_column_is_reproduced_in_order():
    talk = [p for p in PROCESSES if p.talk is not None]
    assert [p.talk for p in talk] == TALK_VERDICTS
    assert [s_generative(p)[0] for p in talk] == TALK_VERDICTS
    assert [s_generative(p)[0] for p in PROCESSES if p.talk is None] == BEYOND_VERDICTS


def test_the_weak_criterion_makes_the_damped_wave_unconditional():
    """Im ω(k) < Im ω(0) holds for the damped wave's slow branch at every ε; the monotone criterion
    (last round's) makes large ε the condition, as the registered one does through positivity
    (see the tests below).  Helmholtz is conditional under every criterion."""
    damped = next(p for p in PROCESSES if p.name == "damped wave")
    helm = next(p for p in PROCESSES if p.name.startswith("Helmholtz"))
    assert s_generative(damped, "bulk")[0] == "yes"
    assert s_generative(damped)[0] == "conditionally yes (large ε)"
    assert s_generative(helm, "bulk")[0] == s_generative(helm)[0] == "conditionally yes (small k)"
    with pytest.raises(ValueError, match="criterion"):
        analyse("x", damped.pde, {eps: 1.0}, criterion="sideways")


def test_scan_patterns():
    diff = Process("diffusion with a parameter", D(u, t) - m * D(u, x, 2), {m: 1.0}, (0.5, 1.0))
    assert s_generative(diff)[0] == "yes"
    wave = Process("wave", D(u, t, 2) - m * D(u, x, 2), {m: 1.0}, (0.5, 1.0))
    assert s_generative(wave)[0] == "no"


@pytest.mark.parametrize("k_0", [0.5, 2.0])
def test_helmholtz_decays_only_above_its_wavenumber(k_0):
    helm = next(p for p in PROCESSES if p.name.startswith("Helmholtz"))
    a = analyse(helm.name, helm.pde, {k0: k_0}, k_max=5.0, n=20001)
    assert a.verdict == "conditionally" and a.mass_rate == 0.0
    assert a.region[0] == pytest.approx(k_0, abs=1e-3) and a.region[1] == 5.0
    below = analyse(helm.name, helm.pde, {k0: 0.05}, k_min=0.1)
    assert below.verdict == "yes"  # every mode of the band {0} ∪ [0.1, 10] decays, faster and faster


@pytest.mark.parametrize("damping", [0.5, 2.0, 4.0])
def test_damped_wave_smooths_only_below_half_the_damping(damping):
    name, pde = [(p.name, p.pde) for p in PROCESSES if p.name == "damped wave"][0]
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


def _process(name):
    return next(p for p in PROCESSES if p.name.startswith(name))


def test_log_scan_and_bands():
    assert len(LOG_SCAN) == 25 and LOG_SCAN[0] == pytest.approx(1e-3) and LOG_SCAN[-1] == pytest.approx(1e3)
    assert len(BANDS) == 6 and all(lo < hi for lo, hi in BANDS)


@pytest.mark.parametrize("k_max", [1.0, 10.0])
def test_paper_criterion_on_the_damped_wave_needs_no_oscillation_on_the_band(k_max):
    """Slow branch ω = (−iε + √(4k² − ε²))/2: the weak inequality holds at every ε > 0, the modes
    oscillate (Re ω ≠ 0) for k > ε/2, so both conditions hold on [k_min, k_max] iff ε ≥ 2 k_max."""
    damped = _process("damped wave")
    for e, ok in [(2.2 * k_max, "yes"), (1.8 * k_max, "conditionally"), (0.5, "conditionally")]:
        assert analyse("", damped.pde, {eps: e}, k_max=k_max, k_min=0.1, criterion="paper").verdict == ok
        assert analyse("", damped.pde, {eps: e}, k_max=k_max, k_min=0.1, criterion="bulk").verdict == "yes"


def test_paper_criterion_on_helmholtz_and_positivity_leaves_the_bulk_out():
    """ω = ±√(k₀² − q²): real (oscillating, no decay) below k₀, so both conditions hold on
    {0} ∪ [k_min, k_max] iff k₀ < k_min; the bulk's own oscillation (ω(0) = ±k₀) is not counted."""
    helm = _process("Helmholtz")
    assert analyse("", helm.pde, {k0: 0.05}, k_min=0.1, criterion="paper").verdict == "yes"
    assert analyse("", helm.pde, {k0: 0.5}, k_min=0.1, criterion="paper").verdict == "conditionally"
    assert analyse("", helm.pde, {k0: 20.0}, k_min=0.1, criterion="paper").verdict == "no"


def test_complex_diffusion_smooths_but_is_not_a_positive_density_flow():
    cd = _process("Schrödinger, complex")
    assert paper_verdict(cd) == "no"  # Re ω = k²: every mode rotates
    assert s_generative(cd, "bulk", scan=LOG_SCAN)[0] == "yes"


@pytest.mark.parametrize("band", BANDS)
def test_paper_verdicts_of_the_closed_forms_on_every_band(band):
    """The registered criterion against what the closed forms give, band by band."""
    expect = {"diffusion": "yes", "Poisson (z as time)": "yes", "wave": "no",
              "damped wave": "conditionally yes (large ε)", "Helmholtz (z as time)": "conditionally yes (small k)",
              "Yukawa / screened Poisson": "yes", "Schrödinger": "no", "Klein–Gordon": "no"}
    for name, verdict in expect.items():
        assert paper_verdict(_process(name), *band) == verdict, name


def test_verdicts_rule_needs_every_band():
    from physai.generative.genphys.claims import CLAIMS

    rule = CLAIMS["verdicts"].rule
    assert rule.verdict({"column": TALK_VERDICTS, "bands agreeing": 6, "bands": 6}) == "reproduced"
    assert rule.verdict({"column": TALK_VERDICTS, "bands agreeing": 5, "bands": 6}) == "partly"
    weak = TALK_VERDICTS[:3] + ["yes"] + TALK_VERDICTS[4:]
    assert rule.verdict({"column": weak, "bands agreeing": 0, "bands": 6}) == "partly"
    assert rule.verdict({"column": ["maybe"] * 7, "bands agreeing": 0, "bands": 6}) == "not reproduced"


# --- Round 5: the two conditions checked numerically (the paper row `table`) ---------------

from physai.generative.genphys import dispersion as _dsp  # noqa: E402


def _proc(name):
    return next(p for p in PROCESSES if p.name.startswith(name))


@pytest.mark.parametrize("name, values, positive", [
    ("diffusion", {}, True),                       # a Gaussian
    ("Poisson", {}, True),                         # the Poisson (Cauchy) kernel
    ("wave", {}, True),                            # a box (d'Alembert), blurred: no Gibbs ringing
    ("damped wave", {eps: 0.01}, True),            # the telegraph kernel (Goldstein–Kac) at small ε
    ("damped wave", {eps: 100.0}, True),           # and at large ε
    ("Yukawa", {m: 3.0}, True),
    ("Schrödinger", {}, False),                    # rotates through negative values
    ("Klein–Gordon", {m: 10.0}, False),            # J₀(m√(t² − x²)) changes sign
    ("Helmholtz", {k0: 1.0}, False),               # cos(k₀ z) for the slow modes
    ("Helmholtz", {k0: 0.001}, True),              # k₀ T_max ≪ 1: Poisson-like
])
def test_kernel_sign_known_cases(name, values, positive):
    worst = _dsp.kernel_min(_proc(name).pde, values)
    assert (worst >= -_dsp.KERNEL_TOL) == positive, worst


def test_kernel_hat_is_the_causal_greens_function_for_the_wave():
    ks = np.array([0.0, 0.5, 2.0])
    got = _dsp.kernel_hat(_proc("wave").pde, ks, 1.5, {})
    assert np.allclose(got, np.where(ks > 0, np.sin(ks * 1.5) / np.where(ks > 0, ks, 1), 1.5))


def test_kernel_verdicts_and_controls():
    assert _dsp.kernel_verdict(_proc("Helmholtz"), "both")[0] == "conditionally yes (small k)"
    assert _dsp.kernel_verdict(_proc("wave"), "positivity")[0] == "yes"   # the control calls the wave yes
    assert _dsp.kernel_verdict(_proc("wave"), "both")[0] == "no"
    assert _dsp.kernel_verdict(_proc("damped wave"), "both")[0] == "yes"  # the talk: conditionally (large ε)


def test_table_rule_counts_rows():
    from physai.generative.genphys.claims import CLAIMS, _hits_verdict
    assert [_hits_verdict(h) for h in (7, 6, 5, 0)] == ["reproduced", "partly", "not reproduced", "not reproduced"]
    rule = CLAIMS["table"].rule
    assert rule.verdict({"hits": 5, "column": []}) == "not reproduced"


def test_column_value_and_sink_dropped_control():
    import pandas as pd
    from physai.generative.genphys import experiments as ge
    table = pd.DataFrame({"talk": ["yes", "no", "(ours)"], "c": ["yes", "yes", "no"]})
    assert ge.column_value(table, "c") == {"column": ["yes", "yes"], "hits": 1}
    tv = pd.DataFrame({"m": [0.0, 1.0, 15.0] * 3, "seed": [0] * 3 + [1] * 3 + [2] * 3,
                       "tv": [0.1, 0.1, 0.3, 0.05, 0.06, 0.2, 0.07, 0.07, 0.25]})
    v15 = ge.sink_dropped_value(tv, m=15.0)
    assert v15["per seed"] == [0.2, 0.15, 0.18] and v15["m=15"] == pytest.approx(0.25)
    assert ge.sink_dropped_value(tv)["paired"] == pytest.approx(0.0033, abs=1e-4)


# --- Round 6: the kernel in N dimensions (radial Hankel transform) -------------------------

@pytest.mark.parametrize("t_", [0.01, 1.0, 10.0])
def test_radial_transform_heat_kernel_is_gaussian_in_64_dimensions(t_):
    ks, rs, M = _dsp.radial_matrix(64)
    s = 1.0 / _dsp.K_MAX
    prof = np.exp(-ks**2 * t_) @ M
    assert np.allclose(prof / prof[0], np.exp(-rs**2 / (4 * t_ + 2 * s * s)), atol=1e-5)


@pytest.mark.parametrize("t_", [0.5, 3.0, 10.0])
def test_radial_transform_3d_wave_is_the_blurred_shell(t_):
    ks, rs, M = _dsp.radial_matrix(3)
    s = 1.0 / _dsp.K_MAX
    prof = _dsp.kernel_hats(_proc("wave").pde, ks, np.array([t_]), {})[0].real @ M
    r = np.where(rs > 0, rs, 1e-9)
    ref = (np.exp(-(r - t_) ** 2 / (2 * s * s)) - np.exp(-(r + t_) ** 2 / (2 * s * s))) / r  # δ(r − t)/(4πrt), blurred
    assert np.allclose(prof / np.abs(prof).max(), ref / np.abs(ref).max(), atol=1e-4)


def test_kernel_hats_match_kernel_hat():
    ks = np.linspace(0, 20, 101)
    ts = np.array([0.1, 1.0, 5.0])
    p = _proc("damped wave")
    got = _dsp.kernel_hats(p.pde, ks, ts, {eps: 2.0})
    assert np.allclose(got, [_dsp.kernel_hat(p.pde, ks, float(t_), {eps: 2.0}) for t_ in ts])


def test_kernel_sign_depends_on_dimension():
    wave = _dsp.kernel_min_nd(_proc("wave").pde, {}, dims=(1, 2, 3, 5, 64))
    assert min(wave[1], wave[2], wave[3]) >= -_dsp.KERNEL_TOL  # box, 1/√(t² − r²), shell: non-negative
    assert wave[5] < -0.1 and wave[64] < -0.1                   # derivatives of the shell: signed
    heat = _dsp.kernel_min_nd(_proc("diffusion").pde, {}, dims=(64,))
    assert heat[64] >= -_dsp.KERNEL_TOL


def test_shuffled_share_and_null_control():
    from physai.generative.genphys import experiments as ge
    from physai.generative.genphys.claims import CLAIMS
    assert ge.shuffled_share(TALK_VERDICTS) == pytest.approx(12 / 5040)  # 3! · 2! orderings give the talk's
    assert CLAIMS["table"].rule.verdict({"column": ["yes"] * 7, "hits": 3}) == "not reproduced"
