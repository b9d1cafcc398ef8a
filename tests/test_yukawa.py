"""The Yukawa generative model: NIG kernel, its m → 0 limit, the exact-posterior sampler, the pictures."""
import math

import numpy as np
import pytest
import torch
from scipy import stats

from physai.generative import genphys, yukawa


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
    flux = genphys.yukawa_flux(x.numpy(), 1.3, m, 3) / (math.exp(-m * 1.3) / 2)
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


def test_pictures_smooth_only_for_smoothing_processes():
    xs = np.linspace(-10, 10, 512, endpoint=False)
    profile = sum(np.exp(-(xs - c) ** 2 / 0.02) for c in (-3, 0.5, 4))
    for a in genphys.verdict_table():
        left = genphys.detail_left(profile, xs[1] - xs[0], a, 2.0, 5.0)
        if a.verdict == "yes":
            assert left < 1e-2, a.name
        elif a.verdict == "no":
            assert left > 0.99, a.name
    wave = [a for a in genphys.verdict_table() if a.name == "wave"][0]
    moved = genphys.evolve_profile(profile, xs[1] - xs[0], wave, [0.0, 1.0])
    np.testing.assert_allclose(moved[0], profile, atol=1e-10)
