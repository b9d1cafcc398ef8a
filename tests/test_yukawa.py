"""The Yukawa kernel (closed form, Green's-function integral, NIG sampler) and the Yukawa generative
model: its m → 0 limit, the NIG perturbation, the exact-posterior sampler, the denoiser."""
import math

import numpy as np
import pytest
import torch
from scipy import stats

from physai.generative.genphys import yukawa


def gen(seed=0):
    return torch.Generator().manual_seed(seed)


def test_z_of_sigma_inverts_sigma_eff():
    z = torch.tensor([1e-3, 0.5, 3.0, 200.0])
    for m in (0.0, 0.3, 5.0):
        torch.testing.assert_close(yukawa.z_of_sigma(yukawa.sigma_eff(z, m), m), z, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("m", [0.0, 0.5, 2.0])
def test_log_kernel_is_the_normalised_flux(m):
    x = torch.randn(6, 3, generator=gen(), dtype=torch.float64)
    ours = yukawa.log_kernel(x, 1.3, m).exp().numpy()
    flux = yukawa.yukawa_flux(x.numpy(), 1.3, m, 3) / (math.exp(-m * 1.3) / 2)
    np.testing.assert_allclose(ours, flux, rtol=1e-10)


def test_kernel_is_continuous_at_m_zero():
    x = torch.randn(6, 4, generator=gen(), dtype=torch.float64)
    np.testing.assert_allclose(yukawa.log_kernel(x, 0.7, 1e-7).numpy(), yukawa.log_kernel(x, 0.7, 0.0).numpy(),
                               atol=1e-5)


@pytest.mark.parametrize("m", [0.5, 3.0])
def test_perturbation_is_normal_inverse_gaussian(m):
    z = 1.2
    x = yukawa.perturb(torch.zeros(3000, 1), z, m, gen()).double().numpy()[:, 0]  # scipy's NIG cdf is slow
    assert stats.kstest(x, stats.norminvgauss(a=m * z, b=0, scale=z).cdf).pvalue > 1e-3


def test_exact_posterior_flow_lands_on_the_data():
    data = torch.tensor([[1.0, 0.0], [-1.0, 0.5], [0.0, -1.5]])
    x, nfe = yukawa.sample(lambda x, z: yukawa.posterior_mean(x, float(z), 1.0, data), 200, 6.0, 1.0,
                           steps=40, N=2, generator=gen())
    assert nfe == 79 and (torch.cdist(x, data).min(1).values < 0.02).float().mean() > 0.95


def test_denoiser_is_the_identity_without_noise():
    den = yukawa.Denoiser(4, m=1.0, width=8, depth=1, sigma_data=0.5, data_ms=10.0)
    x = torch.randn(3, 4)
    torch.testing.assert_close(den(x, torch.tensor(1e-6)), x, atol=1e-4, rtol=1e-4)
    assert torch.isfinite(yukawa.loss(den, torch.randn(16, 4), gen()))


# --- the Yukawa kernel -----------------------------------------------------------------


@pytest.mark.parametrize("N, m", [(1, 0.5), (1, 2.0), (2, 0.5), (2, 2.0)])
def test_closed_form_kernel_matches_the_greens_function_integral(N, m):
    x = np.random.default_rng(0).normal(0, 1.5, (6, N))
    np.testing.assert_allclose(yukawa.yukawa_flux(x, 0.7, m, N), yukawa.yukawa_flux_from_green(x, 0.7, m, N), rtol=1e-6)


def test_kernel_is_nig_and_loses_flux_exp_minus_mz():
    z, m = 0.8, 1.5
    xs = np.linspace(-60, 60, 400_001)[:, None]
    flux = yukawa.yukawa_flux(xs, z, m, 1)
    assert np.trapezoid(flux, xs[:, 0]) == pytest.approx(np.exp(-m * z) / 2, rel=1e-4)
    nig = stats.norminvgauss(a=m * z, b=0, scale=z).pdf(xs[::1000, 0])
    np.testing.assert_allclose(flux[::1000] * 2 * np.exp(m * z), nig, rtol=1e-8, atol=1e-14)


def test_massless_limit_is_the_poisson_kernel():
    x = np.array([[0.3, -1.0], [2.0, 0.5]])
    np.testing.assert_allclose(yukawa.yukawa_flux(x, 1.0, 1e-7, 2), yukawa.yukawa_flux(x, 1.0, 0.0, 2), rtol=1e-6)


def test_sampler_draws_the_kernel():
    z, m = 0.6, 2.0
    draws = yukawa.sample_yukawa_kernel(20_000, z, m, 1, np.random.default_rng(1))[:, 0]
    assert stats.kstest(draws, stats.norminvgauss(a=m * z, b=0, scale=z).cdf).pvalue > 0.01


@pytest.mark.parametrize("z, m, match", [
    (-0.5, 1.0, "z .* must be finite and > 0"),
    (0.5, -1.0, "m .* must be finite and ≥ 0"),
    (float("nan"), 1.0, "z .* must be finite and > 0"),
])
def test_yukawa_perturbation_refuses_bad_heights_and_masses(z, m, match):
    import torch
    from physai.generative.genphys import yukawa
    with pytest.raises(ValueError, match=match):
        yukawa.perturb(torch.zeros(3, 4), z, m)


# --- the sink as a birth/death step, the preconditioning variants, the split ------------------


@pytest.mark.parametrize("N, m", [(2, 0.5), (8, 2.0)])
def test_sink_rate_averages_to_m_over_one_charges_flux(N, m):
    """A charge's flux through the plane at z falls as e^{−mz}: its flux-weighted sink rate is m."""
    z = 0.7
    x = yukawa.perturb(torch.zeros(20000, N, dtype=torch.float64), z, m, gen(1)).double()
    rate = yukawa.sink_rate(x, z, m, torch.zeros(1, N, dtype=torch.float64))
    assert float(rate.mean()) == pytest.approx(m, abs=4 * float(rate.std()) / len(rate) ** 0.5)
    assert torch.all(yukawa.sink_rate(x, z, 0.0, torch.zeros(1, N)) == 0)


def test_birth_death_moves_the_exact_flow_towards_equal_shares():
    data = torch.tensor([[-1.0], [0.0], [0.3], [1.0]])

    def tv(sink):
        x, nfe, ess = yukawa.sample_exact(data, 3000, 6.0, 1.0, steps=25, sink=sink, generator=gen())
        shares = np.bincount(torch.cdist(x, data).argmin(1).numpy(), minlength=4) / len(x)
        return 0.5 * np.abs(shares - 0.25).sum(), ess, nfe

    dropped, ess_dropped, nfe = tv(False)
    kept, ess, _ = tv(True)
    assert nfe == 49 and ess_dropped == pytest.approx(1.0) and 0 < ess < 0.99
    assert dropped > 0.15 and kept < dropped / 1.5


def test_sink_is_a_no_op_without_mass():
    data = torch.tensor([[1.0, 0.0], [-1.0, 0.5]])
    a, _, ess = yukawa.sample_exact(data, 100, 4.0, 0.0, steps=10, sink=True, generator=gen())
    b, _, _ = yukawa.sample_exact(data, 100, 4.0, 0.0, steps=10, sink=False, generator=gen())
    assert ess == pytest.approx(1.0) and torch.equal(a, b)


def test_preconditioning_variants():
    x = torch.randn(5, 4) * 10
    z = torch.tensor(2.0)
    edm_den = yukawa.Denoiser(4, 1.0, 8, 1, precond="edm")
    torch.testing.assert_close(edm_den.scale(x, z), yukawa.sigma_eff(z, 1.0).expand(5))
    evident = yukawa.Denoiser(4, 1.0, 8, 1, data_ms=0.5)
    assert torch.all(evident.scale(x, z) >= edm_den.scale(x, z))
    with pytest.raises(ValueError, match="precond"):
        yukawa.Denoiser(4, 1.0, 8, 1, precond="sideways")


def test_validation_split_is_disjoint_and_stratified():
    from physai.generative import data
    from physai.generative.genphys import experiments as ge
    d = data.digits()
    fit, final = ge.validation_split(d, 0.2, 0)
    assert len(fit.train) + len(fit.test) == len(d.train) and torch.equal(final.test, d.test)
    assert torch.cdist(fit.train, fit.test).min() >= 0  # shapes agree
    rows = {tuple(r) for r in fit.train.tolist()}
    assert sum(tuple(r) in rows for r in fit.test.tolist()) <= 5  # the digits set holds a few exact duplicates
    assert np.abs(np.bincount(fit.test_labels) / len(fit.test_labels) - np.bincount(d.train_labels) / len(d.train_labels)).max() < 0.01


def test_quality_over_seeds_reads_every_seed():
    from physai.generative import data, metrics, pipeline
    d = data.digits()
    features = metrics.ClassifierFeatures(d.train, d.train_labels, max_iter=30)
    runs = [("real", lambda s: (d.train[torch.randperm(len(d.train), generator=gen(s))[:300]], 0))]
    table, samples = pipeline.quality_over_seeds(runs, d, features, [0, 1, 2])
    row = table.iloc[0]
    assert row.seeds == 3 and row["fd min"] <= row.fd <= row["fd max"] and row["fd min"] < row["fd max"]
    assert row.out_of_range == 0 and row["smallest class"] > 0.05 and samples["real"].shape == (300, 64)


class _Exact(torch.nn.Module):
    """The exact posterior mean as a 'network' (for the diagnosis functions)."""

    def __init__(self, data, m):
        super().__init__()
        self.data, self.m, self.N = data, m, data.shape[1]

    def forward(self, x, z):
        return yukawa.posterior_mean(x, float(z), self.m, self.data)


@pytest.mark.parametrize("m", [0.0, 1.0])
def test_denoiser_gap_of_the_exact_denoiser_is_zero(m):
    from physai.generative.genphys import experiments as ge

    data = torch.randn(30, 4, generator=gen(1))
    gap = ge.denoiser_gap(_Exact(data, m), data, [0.01, 1.0, 10.0], n=20)
    assert gap["net − exact"].max() < 1e-6
    assert gap["exact − y"].iloc[-1] > gap["exact − y"].iloc[0]  # more to denoise at more noise
    path = ge.trajectory_gap(_Exact(data, m), data, 5.0, 4, n=20)
    assert path["net − exact"].max() < 1e-6
    np.testing.assert_allclose(path["net path RMS"], path["exact path RMS"], rtol=1e-6)
    if m > 0:  # the training inputs' RMS at z: √(mean square + z/m)
        assert path["training RMS"].iloc[0] == pytest.approx(math.sqrt(float((data.double() ** 2).mean()) + 5.0))
    else:
        assert path["training RMS"].isna().all()


def test_sink_dropped_value():
    import pandas as pd

    from physai.generative.genphys import experiments as ge
    from physai.generative.genphys.claims import CLAIMS

    tv = pd.DataFrame({"m": [0.0, 1.0] * 3, "seed": [0, 0, 1, 1, 2, 2], "tv": [0.09, 0.09, 0.05, 0.06, 0.07, 0.12]})
    v = ge.sink_dropped_value(tv, np.full(10, 0.1), 300)
    assert {k: v[k] for k in ("m=1", "m=0", "spread", "per seed")} == {
        "m=1": 0.09, "m=0": 0.07, "spread": 0.06, "per seed": [0.0, 0.01, 0.05]}
    assert v["paired"] == pytest.approx(0.02)
    # 300 labels from ten equal classes: TV ≈ 0.5·Σ E|p̂ − p| ≈ 0.5·10·√(2/π)·√(0.09/300) ≈ 0.069
    assert 0.06 < v["resolution"] < 0.075
    rule = CLAIMS["sink-dropped"].rule
    assert rule.verdict(v) == "reproduced"  # the scorecard reads it as 'holds' for an ours row
    assert rule.verdict({**v, "paired": 0.09}) == "not reproduced"


def test_tv_resolution_shrinks_as_one_over_root_n():
    from physai.generative.genphys import experiments as ge

    shares = np.array([0.3, 0.2, 0.5])
    assert ge.tv_resolution(shares, 400) == pytest.approx(ge.tv_resolution(shares, 100) / 2, rel=0.1)
    assert ge.tv_resolution(np.array([1.0, 0.0]), 50) == 0.0  # one class: every draw is exact


def test_poisson_start_lands_charges_on_a_line_in_equal_shares():
    """The known answer (a quarter on each charge) with the weighted Poisson start: the lateral paths'
    e^{+mL} sink gain is offset by their e^{-mL} start weight, so the weights stay even."""
    data = torch.tensor([[-1.0], [0.0], [0.3], [1.0]])
    g = gen(3)
    start, start_logw = yukawa.start_from_poisson(data, 3000, 6.0, 1.0, g)
    x, _, ess = yukawa.sample_exact(data, 3000, 6.0, 1.0, steps=25, start=start, start_logw=start_logw, generator=g)
    shares = np.bincount(torch.cdist(x, data).argmin(1).numpy(), minlength=4) / len(x)
    assert 0.5 * np.abs(shares - 0.25).sum() < 0.05 and ess > 0.5
    _, logw0 = yukawa.start_from_poisson(data, 50, 6.0, 0.0, gen())
    assert logw0.abs().max() < 1e-12  # at m = 0 the start is already the flux density


def test_resampling_along_the_path_keeps_the_law_without_jitter():
    data = torch.tensor([[-1.0], [1.0]])
    x, nfe, ess = yukawa.sample_exact(data, 500, 4.0, 1.0, steps=8, generator=gen(), resample_below=0.9)
    assert nfe == 15 and torch.cdist(x, data).min(1).values.max() < 0.05  # still lands on the charges
