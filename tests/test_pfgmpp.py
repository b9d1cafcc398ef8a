"""PFGM++: the kernel (law, moments, r = σ√D, the D → ∞ limit), its two limits (PFGM's field at
D = 1, EDM's Gaussian target at D → ∞), weight quantisation and the sampler on known answers."""
import math

import numpy as np
import pytest
import torch
from scipy import stats

from physai.generative import edm, field, kernels, pfgmpp


def gen(seed=0):
    return torch.Generator().manual_seed(seed)


@pytest.mark.parametrize("N, D", [(8, 1), (8, 4), (64, 128), (64, 2048)])
def test_perturbation_radius_follows_the_kernel_with_r_sigma_sqrt_D(N, D):
    y = torch.randn(1, N).expand(20000, N)
    R = (pfgmpp.perturb(y, 0.7, D, gen()) - y).norm(dim=1).numpy()
    assert stats.kstest(R, lambda r: kernels.radial_cdf(r, N, D, 0.7 * math.sqrt(D))).pvalue > 1e-3


def test_the_kernel_sampler_is_the_shared_one():
    """PFGM++'s `perturb` (DESIGN.md §7's name) is the shared kernels.perturb GenPhys draws too."""
    assert pfgmpp.perturb is kernels.perturb


def test_second_moment_of_the_kernel():
    """E‖x − y‖² = r² (N/2)/(D/2 − 1) = σ² N D/(D − 2) for D > 2: → Nσ² as D → ∞."""
    N, D, sigma = 16, 12, 0.5
    x = pfgmpp.perturb(torch.zeros(200000, N), sigma, D, gen())
    assert (x**2).sum(1).mean().item() == pytest.approx(sigma**2 * N * D / (D - 2), rel=0.02)


def test_infinite_D_is_the_gaussian_and_large_D_approaches_it():
    x = pfgmpp.perturb(torch.zeros(20000, 8), 0.3, math.inf, gen())
    assert x.std().item() == pytest.approx(0.3, rel=0.02)
    R = pfgmpp.perturb(torch.zeros(20000, 8), 0.3, 1e6, gen(1)).norm(dim=1).numpy()
    assert stats.kstest(R, lambda r: stats.chi.cdf(r / 0.3, 8)).pvalue > 1e-3


def test_per_row_sigma():
    sigma = torch.tensor([0.01] * 500 + [10.0] * 500)
    x = pfgmpp.perturb(torch.zeros(1000, 4), sigma, 8, gen())
    assert x[:500].norm(dim=1).max() < 0.2 and x[500:].norm(dim=1).median() > 5


def test_D1_denoiser_is_pfgm_field():
    """x − E[y|x] at r is the x part of PFGM's c(x̃)E at z = r: one backward ODE for both."""
    charges = torch.randn(30, 5, generator=gen(), dtype=torch.float64)
    x = 2 * torch.randn(20, 5, generator=gen(1), dtype=torch.float64)
    r = 0.8
    e = field.mean_displacement(field.augment(x, r), charges)
    torch.testing.assert_close(x - pfgmpp.optimal_denoiser(x, r, charges, 1), e[:, :-1], rtol=1e-9, atol=1e-9)


def test_large_D_denoiser_tends_to_the_gaussian_one():
    charges = torch.randn(30, 5, generator=gen(), dtype=torch.float64)
    x = charges[:20] + 0.5 * torch.randn(20, 5, generator=gen(1), dtype=torch.float64)
    gauss = pfgmpp.optimal_denoiser(x, 0.5, charges, math.inf)
    gaps = [(pfgmpp.optimal_denoiser(x, 0.5, charges, D) - gauss).abs().max().item() for D in (4, 64, 1024, 1e6)]
    assert all(a > b for a, b in zip(gaps, gaps[1:])) and gaps[-1] < 1e-4


def test_quantisation_rounds_weight_matrices_only():
    net = edm.Denoiser(4, width=16, depth=2)
    q = pfgmpp.quantize_weights(net, 2)
    for (name, p), (_, p0) in zip(q.named_parameters(), net.named_parameters()):
        if name.endswith("weight") and p.ndim >= 2:
            assert len(torch.unique(p)) <= 4 and not torch.equal(p, p0)
        else:
            assert torch.equal(p, p0)
    fine = pfgmpp.quantize_weights(net, 16)
    assert all(torch.allclose(a, b, atol=1e-3) for a, b in zip(fine.parameters(), net.parameters()))


class EmpiricalDenoiser(torch.nn.Module):
    """The optimal denoiser of a few points, in Denoiser's interface."""

    def __init__(self, charges, D):
        super().__init__()
        self.charges, self.D, self.N = charges, D, charges.shape[1]

    def forward(self, x, sigma):
        return pfgmpp.optimal_denoiser(x, float(sigma), self.charges, self.D)


@pytest.mark.parametrize("D", [1, 4, 128, math.inf])
def test_heun_from_the_kernel_prior_lands_on_the_data(D):
    charges = torch.tensor([[2.0, 0.0, 0.0], [-2.0, 0.0, 1.0], [0.0, 2.0, -1.0]])
    x, nfe = pfgmpp.sample(EmpiricalDenoiser(charges, D), 300, D, steps=40, generator=gen())
    assert nfe == 79
    miss = torch.cdist(x, charges).min(1).values
    assert (miss < 0.05).float().mean() > 0.95  # D = 1: the prior's heavy tail starts a few lines very far out
    assert np.bincount(torch.cdist(x, charges).argmin(1).numpy(), minlength=3).min() > 50


def test_injected_noise_changes_the_samples_and_zero_does_not():
    den = edm.Denoiser(4, width=8, depth=1)
    a = pfgmpp.sample(den, 10, 8, steps=5, generator=gen())[0]
    b = pfgmpp.sample(den, 10, 8, steps=5, generator=gen())[0]
    c = pfgmpp.sample(den, 10, 8, steps=5, alpha=0.5, generator=gen())[0]
    assert torch.equal(a, b) and not torch.allclose(a, c)


def test_family_trains_as_one_batched_model_and_unstacks():
    from types import SimpleNamespace

    from physai.generative import data
    from physai.generative.pfgmpp import experiments as pe

    d = data.digits()
    cfg = SimpleNamespace(width=16, depth=1, batch_size=32, lr=1e-3, ema=0.9, steps=5, data_seed=0)
    models, history, _ = pe.train_family(d, [4, math.inf], [0, 1], cfg)
    assert set(models) == {(4, 0), (4, 1), (math.inf, 0), (math.inf, 1)}
    assert set(history.D) == {4, math.inf} and np.isfinite(history.loss).all()
    x = pfgmpp.sample(models[4, 0], 8, 4, steps=3, generator=gen())[0]
    assert x.shape == (8, 64) and torch.isfinite(x).all()


@pytest.mark.parametrize("sigma, D, match", [
    (-1.0, 4.0, "sigma must be finite and ≥ 0"),
    (float("nan"), 4.0, "sigma must be finite and ≥ 0"),
    (0.5, 0.0, "D .* must be > 0"),
])
def test_perturb_refuses_bad_noise_levels(sigma, D, match):
    from physai.generative.pfgmpp import perturb
    with pytest.raises(ValueError, match=match):
        perturb(torch.zeros(3, 4), sigma, D)


@pytest.mark.parametrize("kw, match", [
    (dict(sigma=-0.01), "sigma must be a finite number > 0"),
    (dict(sigma=0.0), "sigma must be a finite number > 0"),
    (dict(data_norm=0.0), "data_norm must be"),
    (dict(N=0), "N .* integer ≥ 1"),
])
def test_pfgm_hyperparameters_refuse_bad_input(kw, match):
    from physai.generative.pfgm.model import hyperparameters
    with pytest.raises(ValueError, match=match):
        hyperparameters(**{"data_norm": 20.0, "N": 64, **kw})
