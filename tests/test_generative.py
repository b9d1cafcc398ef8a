"""The shared generative code (kernels, the Poisson field, the diffusion baselines, the EMA,
the metrics, the image data) and PFGM's perturbation, prior and ODE (physai.generative.pfgm)
— each against a known answer."""
import math

import numpy as np
import pytest
import torch
from scipy import stats

from physai.generative import data, edm, field, kernels, metrics, samplers
from physai.generative.pfgm import model as pfgm


def gen(seed=0):
    return torch.Generator().manual_seed(seed)


# --- kernels ------------------------------------------------------------------------------

@pytest.mark.parametrize("N, D", [(64, 1), (2, 4), (8, 128), (64, math.inf)])
def test_radial_sampler_matches_the_analytic_law(N, D):
    R = kernels.sample_radius(20000, N, D, 1.5, gen()).numpy()
    assert stats.kstest(R, lambda r: kernels.radial_cdf(r, N, D, 1.5)).pvalue > 1e-3


def test_radial_law_is_not_what_a_clipped_beta_gives():
    """The check above has power: the clip at 1 − 1e-3 (some code's) is detected at N = 64, D = 1."""
    rng = np.random.default_rng(0)
    beta = np.minimum(rng.beta(32, 0.5, 20000), 1 - 1e-3)
    R = np.sqrt(beta / (1 - beta))
    assert stats.kstest(R, lambda r: kernels.radial_cdf(r, 64, 1, 1.0)).pvalue < 1e-6


def test_kernel_tends_to_the_gaussian_as_D_grows():
    """r = σ√D: the KS distance to χ_N·σ shrinks with D (PFGM++ Prop. 3.1's limit)."""
    N, sigma = 16, 0.7
    grid = np.linspace(0.01, 8, 400)
    gaussian = kernels.radial_cdf(grid, N, math.inf, sigma)
    dist = [np.abs(kernels.radial_cdf(grid, N, D, sigma * math.sqrt(D)) - gaussian).max() for D in (1, 16, 256, 4096)]
    assert all(a > b for a, b in zip(dist, dist[1:])) and dist[-1] < 0.01


def test_radial_pdf_integrates_to_the_cdf():
    R = np.linspace(0, 5, 5001)
    pdf = kernels.radial_pdf(R, 8, 3, 1.0)
    assert np.trapezoid(pdf, R) == pytest.approx(kernels.radial_cdf(5.0, 8, 3, 1.0), abs=1e-4)


# --- the Poisson field --------------------------------------------------------------------

def test_mean_displacement_points_along_the_direct_sum():
    charges = torch.randn(40, 5, generator=gen(), dtype=torch.float64)
    points = torch.cat([3 * torch.randn(30, 5, generator=gen(1), dtype=torch.float64),
                        torch.rand(30, 1, generator=gen(2), dtype=torch.float64) + 0.05], 1)
    cos = field.cosine(field.mean_displacement(points, charges), field.direct_field(points, charges))
    assert cos.min() > 1 - 1e-10


def test_field_is_radial_far_away_and_normalised_target_is_bounded():
    charges = torch.randn(100, 3, generator=gen())
    far = 1e4 * kernels.uniform_directions(50, 4, gen(1))
    far[:, -1] = far[:, -1].abs()
    assert field.cosine(field.mean_displacement(far, charges), far).min() > 1 - 1e-3
    target = field.normalized_field(far, charges, gamma=5.0)
    assert (target.norm(dim=1) < math.sqrt(3)).all()
    assert (target[:, -1] < 0).all()  # towards the data plane


def test_field_lines_of_one_charge_end_uniformly_on_the_hemisphere():
    out = field.trace_field_lines(torch.zeros(1, 2), 1024, [2.0, 8.0])
    assert field.hemisphere_ks(out["crossings"][8.0]) < 0.01
    with pytest.raises(ValueError, match="N = 2"):
        field.trace_field_lines(torch.zeros(1, 3), 8, [1.0])


def test_hemisphere_ks_detects_a_non_uniform_distribution():
    d = kernels.uniform_directions(4000, 3, gen())
    d[:, -1] = d[:, -1].abs()
    assert field.hemisphere_ks(d) < 0.03
    d[:, -1] = d[:, -1] ** 0.5  # pushed towards the pole
    assert field.hemisphere_ks(d / d.norm(dim=1, keepdim=True)) > 0.1


# --- PFGM ---------------------------------------------------------------------------------

def test_hyperparameters_follow_the_original_rule():
    h = pfgm.hyperparameters(6.77, 64)  # digits in [−1, 1]
    assert h.M == 261 and h.z_max == pytest.approx(17.9, abs=0.05) and h.upper_norm == pytest.approx(179, abs=1)


def test_perturbation_grows_with_m_and_lives_above_the_plane():
    y = torch.zeros(5000, 16)
    h = pfgm.hyperparameters(4.0, 16)
    p = pfgm.perturb(y, h, generator=gen())
    assert p.shape == (5000, 17) and (p[:, -1] >= 0).all()
    assert p[:, :-1].norm(dim=1).max() > 50 * p[:, :-1].norm(dim=1).min()


def test_prior_follows_the_radial_law():
    h = pfgm.Hyper(M=100, z_max=20.0, upper_norm=1e9)
    R = pfgm.sample_prior(20000, 64, h, gen()).norm(dim=1).numpy()
    R = R[R > 1.0]  # the prior clips radii below 1 up to 1
    ks = stats.kstest(R, lambda r: (kernels.radial_cdf(r, 64, 1, 20.0) - kernels.radial_cdf(1.0, 64, 1, 20.0))
                      / (1 - kernels.radial_cdf(1.0, 64, 1, 20.0)))
    assert ks.pvalue > 1e-3


class ExactField(torch.nn.Module):
    """The exact normalised field of given charges, in PFGMNet's interface."""

    def __init__(self, charges, gamma=0.0):
        super().__init__()
        self.charges, self.gamma, self.N = charges, gamma, charges.shape[1]

    def forward(self, x, z):
        return field.normalized_field(field.augment(x, z), self.charges, self.gamma)


@pytest.mark.parametrize("solver", ["heun", "rk45"])
def test_backward_ode_in_ln_z_follows_a_single_charges_straight_field_line(solver):
    """One charge at y0: the field line from (x0, z0) is straight, x(z) − y0 = (x0 − y0)·z/z0."""
    y0 = torch.tensor([[0.5, -1.0, 2.0]])
    x0 = torch.tensor([[3.0, 1.0, -2.0]])
    z0, z1 = 10.0, 1e-2
    drift = pfgm.drift_ln_z(ExactField(y0), gamma=0.0)
    if solver == "rk45":
        x, _ = samplers.rk45(drift, x0, math.log(z0), math.log(z1), 1e-8, 1e-8)
    else:
        x, _ = samplers.heun(drift, x0, np.linspace(math.log(z0), math.log(z1), 200).tolist())
    expected = y0 + (x0 - y0) * z1 / z0
    assert torch.allclose(x, expected, atol=1e-4)


def test_sampling_with_the_exact_field_recovers_the_data():
    charges = torch.tensor([[2.0, 0.0], [-2.0, 0.0], [0.0, 2.0]])
    h = pfgm.Hyper(M=100, z_max=40.0, upper_norm=400.0)
    x, nfe = pfgm.sample(ExactField(charges), 300, h, solver="heun", steps=200, z_min=1e-3, gamma=0.0,
                         generator=gen())
    assert nfe == 399
    assert metrics.nearest_distance(x, charges).max() < 0.05
    counts = np.bincount(torch.cdist(x, charges).argmin(1).numpy(), minlength=3)
    assert counts.min() > 60  # each charge receives about a third of the flux


@pytest.mark.parametrize("solver", ["euler", "heun"])
def test_the_originals_dz_steps_follow_a_straight_field_line_exactly(solver):
    """Known answer: one charge's line is straight, x(z) − y0 = (x0 − y0)·z/z0.  A step of Δz
    along dx/dz = (x − y0)/z lands on it exactly, however coarse the grid (10 steps here); a
    step of Δ ln z overshoots by Δ/(1 − e^{−Δ}) per step (the former rule)."""
    y0 = torch.tensor([[0.5, -1.0, 2.0]], dtype=torch.float64)
    x0 = torch.tensor([[3.0, 1.0, -2.0]], dtype=torch.float64)
    z0, z1, steps = 10.0, 1e-2, 10
    h = pfgm.Hyper(M=0, z_max=z0, upper_norm=1e9)
    net = pfgm.EmpiricalField(y0, 0.0)
    x, nfe = pfgm.sample(net, 1, h, solver=solver, steps=steps, gamma=0.0, z_min=z1, x=x0.clone())
    expected = y0 + (x0 - y0) * z1 / z0
    torch.testing.assert_close(x, expected, atol=1e-4, rtol=0)  # 1e-5 regulariser of v_z
    assert nfe == (steps if solver == "euler" else 2 * steps - 1)
    old, _ = pfgm.sample(net, 1, h, solver="euler", steps=steps, gamma=0.0, z_min=z1, rule="ln z", x=x0.clone())
    delta = math.log(z0 / z1) / steps
    assert torch.allclose(old - y0, (x0 - y0) * (1 - delta) ** steps, atol=1e-4)  # ∏(1 − Δ), not e^{−ΣΔ}
    assert (old - y0).norm() < 0.1 * (expected - y0).norm()  # lands ~100× too close: each step overshoots
    with pytest.raises(ValueError, match="step rule"):
        pfgm.sample(net, 1, h, solver="euler", steps=2, rule="t", x=x0.clone())


class WrongVz(torch.nn.Module):
    """A field whose z-component is 10× too large: what z_exp's substitution is for."""

    def __init__(self, inner):
        super().__init__()
        self.inner, self.N = inner, inner.N

    def forward(self, x, z):
        v = self.inner(x, z)
        return torch.cat([v[:, :-1], 10 * v[:, -1:]], 1)


@pytest.mark.parametrize("solver", ["euler", "heun", "rk45"])
def test_z_exp_substitutes_the_z_component_for_every_solver(solver):
    """Below z_exp (and with γ > 0, as the original) v_z is replaced by the geometry's value:
    with a wrong v_z the line is still followed; without the substitution it is not."""
    y0 = torch.tensor([[0.0, 0.0]], dtype=torch.float64)
    x0 = torch.tensor([[1.0, 2.0]], dtype=torch.float64)
    h = pfgm.Hyper(M=0, z_max=0.05, upper_norm=1e9)  # z ≪ ‖x − y0‖ throughout: the substitution is exact there
    net = WrongVz(pfgm.EmpiricalField(y0, 1.0))
    kw = dict(solver=solver, steps=20, gamma=1.0, z_min=1e-3, rtol=1e-7)
    expected = y0 + (x0 - y0) * 1e-3 / 0.05
    fixed, _ = pfgm.sample(net, 1, h, z_exp=1.0, x=x0.clone(), **kw)
    wrong, _ = pfgm.sample(net, 1, h, x=x0.clone(), **kw)
    assert (fixed - expected).norm() < 1e-2 * (x0 - y0).norm()
    assert (wrong - expected).norm() > 0.5


def test_empirical_denoiser_limits():
    from physai.generative.pfgm.benchmark import EmpiricalDenoiser

    y = torch.tensor([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    den = EmpiricalDenoiser(y)
    x = torch.tensor([[3.5, 0.3], [-0.2, 0.1]])
    torch.testing.assert_close(den(x, torch.tensor(1e-3)), y[[1, 0]])  # σ → 0: the nearest datum
    torch.testing.assert_close(den(x, torch.tensor(1e4)), y.mean(0).expand(2, 2), atol=1e-3, rtol=0)  # σ → ∞: the mean


def test_nfe_to_reach_interpolates_in_log_log():
    import pandas as pd
    from physai.generative.pfgm.benchmark import nfe_to_reach, speedup

    curve = pd.DataFrame({"nfe": [10, 100, 1000], "fd": [10.0, 1.0, 0.5]})
    assert nfe_to_reach(curve, 10 ** 0.5) == pytest.approx(10 ** 1.5)  # FD ∝ 1/NFE between 10 and 100
    assert nfe_to_reach(curve, 20.0) == 10 and nfe_to_reach(curve, 0.1) == math.inf
    table = pd.DataFrame({"method": ["VP-SDE"] * 3 + ["PFGM"] * 3, "sampler": ["EM"] * 3 + ["Euler"] * 2 + ["RK45"],
                          "nfe": [10, 100, 1000, 10, 100, 60], "fd": [10.0, 1.0, 0.5, 1.0, 0.5, 0.9]})
    out = speedup(table)  # target 0.55: the SDE needs ~870 NFE, PFGM's Euler ~87
    assert out["pfgm_sampler"] == "Euler" and out["speedup"] == pytest.approx(10.0, rel=1e-6)
    out = speedup(table, target=1.0)  # a given target (the converged level): SDE 100, PFGM's Euler 10
    assert out["target"] == 1.0 and out["nfe_pfgm"] == 10 and out["speedup"] == pytest.approx(10.0)
    assert speedup(table, target=0.95)["nfe_pfgm"] < 60  # Euler crosses 0.95 just after 10 NFE, before RK45
    assert math.isnan(speedup(table, target=0.1)["speedup"])  # neither reaches it: undecided, not a failure
    assert speedup(table.assign(fd=table.fd.where(table.method == "VP-SDE", 9.0)), target=1.0)["speedup"] == 0


def test_degradation_is_each_samplers_fd_minus_its_own_converged_fd():
    import pandas as pd
    from physai.generative.pfgm.benchmark import degradation

    rows = []
    for seed, base in ((0, 0.5), (1, 0.6)):
        rows += [{"method": "PFGM", "sampler": "RK45", "nfe": 98, "fd": base, "seed": seed}]
        rows += [{"method": "PFGM", "sampler": "Euler", "nfe": k, "fd": base + 1 / k, "seed": seed} for k in (10, 50)]
        rows += [{"method": "VP-ODE", "sampler": "Euler", "nfe": k, "fd": base - 0.1 + 2 / k, "seed": seed}
                 for k in (10, 50)]
    out = degradation(pd.DataFrame(rows), [10], 50)
    assert out.loc[(10, 0), "PFGM"] == pytest.approx(0.1) and out.loc[(10, 1), "VP-ODE"] == pytest.approx(0.2 - 0.04)


def test_smooth_sheet_field_tends_to_point_charges_and_matches_monte_carlo():
    from physai.generative import field
    from physai.generative.pfgm import experiments as ex

    centres = torch.randn(4, 2, generator=gen(1))
    x, z = torch.randn(6, 2, generator=gen(2)), 0.05 + 2 * torch.rand(6, generator=gen(3))
    pts, q = field.augment(x, z), field.augment(centres, 0.0)
    d = pts[:, None] - q[None]
    point = (d / d.norm(dim=-1, keepdim=True) ** 3).mean(1)
    torch.testing.assert_close(ex.SmoothSheetField(centres, 1e-4, quad=200)(x, z), -point, rtol=1e-3, atol=1e-5)
    charges = (centres[:, None] + 0.3 * torch.randn(4, 50000, 2, generator=gen(4))).reshape(-1, 2)
    d = pts[:, None] - field.augment(charges, 0.0)[None]
    mc = -(d / d.norm(dim=-1, keepdim=True) ** 3).mean(1)
    torch.testing.assert_close(ex.SmoothSheetField(centres, 0.3, quad=48)(x, z), mc, rtol=0.06, atol=1e-2)  # MC noise


def test_smooth_sheet_field_at_the_notebooks_quadrature_keeps_the_direction():
    """collapse-2d's with-z arm runs at quad = 24 (γ = 0: only the field's direction moves the flow):
    against a 400-point quadrature, the direction within 1e-4 (1 − cosine, ≈ 0.8°) at the moons' width
    and z from the sampler's z_min to z_max, near and far from the data; the magnitude within 5 %."""
    from physai.generative.pfgm import experiments as ex

    centres = torch.randn(50, 2, generator=gen(5), dtype=torch.float64)
    x = 3 * torch.randn(300, 2, generator=gen(6), dtype=torch.float64)
    x[:60] *= 20
    z = torch.exp(torch.empty(300, dtype=torch.float64).uniform_(math.log(1e-3), math.log(40), generator=gen(7)))
    ref = ex.SmoothSheetField(centres, 0.1, quad=400)(x, z)
    f = ex.SmoothSheetField(centres, 0.1, quad=24)(x, z)
    assert float(1 - torch.nn.functional.cosine_similarity(f, ref, dim=1).min()) < 1e-4
    assert float(((f - ref).norm(dim=1) / ref.norm(dim=1)).max()) < 0.05
    coarse = ex.SmoothSheetField(centres, 0.1, quad=6)(x, z)  # the test can fail: too few points lose the direction
    assert float(1 - torch.nn.functional.cosine_similarity(coarse, ref, dim=1).min()) > 1e-4


def test_batch_field_seeds_reads_each_seed_at_its_worst_radius():
    from physai.generative.pfgm import experiments as ex
    from physai.generative.pfgm import model as pfgm

    y = torch.randn(60, 8, generator=gen(8))
    hyper = pfgm.hyperparameters(float(y.norm(dim=1).mean()), 8, 0.01, 0.03)
    ms = [0.0, hyper.M / 2, hyper.M]
    out = ex.batch_field_seeds(y, hyper, 40, 32, ms, seeds=[0, 1, 2])
    assert list(out.seed) == [0, 1, 2]
    one = ex.batch_field_cosine(y, hyper, [1, 40], 32, ms, seed=1)
    assert out.cosine_1.iloc[1] == pytest.approx(one[one.batch == 1].cosine.min())
    assert out.cosine_b.iloc[1] == pytest.approx(one[one.batch == 40].cosine.min())
    assert out.error_ratio.iloc[1] == pytest.approx((1 - out.cosine_b.iloc[1]) / (1 - out.cosine_1.iloc[1]))
    assert (out.error_ratio < 1).all()  # a 40-datum batch is nearer the full field than the point's own datum
    assert out.cosine_b.nunique() == 3  # each seed a fresh draw


def test_still_falling_reads_the_last_two_quarters_of_the_loss():
    import pandas as pd
    from physai.generative.pfgm.experiments import still_falling

    steps = np.arange(0, 1001, 25)
    assert still_falling(pd.DataFrame({"step": steps, "loss": 1 / (1 + steps)}))
    assert not still_falling(pd.DataFrame({"step": steps, "loss": 1 + 0.01 * np.cos(steps)}))


def test_the_2d_flow_without_z_collapses_and_the_augmented_flow_does_not():
    """Known answer: one Gaussian kernel's 2-D field is radial, so its lines run into the centre;
    with the extra dimension the exact field's flow lands on the charges, spread like the density."""
    from physai.generative.pfgm import experiments as ex
    from physai.generative.pfgm.benchmark import coverage_ratio

    centre = torch.zeros(1, 2)
    ends, _ = ex.flow_without_z(centre, 0.3, 200, radius=10.0)
    assert ends.norm(dim=1).max() < 1e-2
    draw = lambda k, s: 0.3 * torch.randn(k, 2, generator=gen(s))  # noqa: E731
    ref, fresh, charges = draw(400, 1), draw(300, 2), draw(300, 3)
    with_z = ex.flow_with_z(charges, 300)
    assert coverage_ratio(ends[:300], ref, fresh) > 5
    assert coverage_ratio(with_z, ref, fresh) < 1.5


def test_unknown_solver_names_the_choices():
    with pytest.raises(ValueError, match="euler"):
        pfgm.sample(ExactField(torch.zeros(1, 2)), 2, pfgm.Hyper(1, 1.0, 1.0), solver="rk4")


# --- diffusion baselines ------------------------------------------------------------------

class GaussianDenoiser(torch.nn.Module):
    """The exact denoiser of data ~ N(0, s² I): D(x; σ) = x s²/(s² + σ²)."""

    def __init__(self, N, s):
        super().__init__()
        self.N, self.s, self.sigma_data = N, s, s

    def forward(self, x, sigma):
        sigma = torch.as_tensor(sigma, dtype=x.dtype)
        return x * self.s**2 / (self.s**2 + sigma**2)


def test_edm_sampler_with_the_exact_denoiser_returns_the_data_distribution():
    x, nfe = edm.sample(GaussianDenoiser(8, 0.5), 4000, steps=18, generator=gen())
    assert nfe == 35 and x.std().item() == pytest.approx(0.5, rel=0.1)  # 18 steps: ~5 % too wide
    x, nfe = edm.sample(GaussianDenoiser(8, 0.5), 4000, steps=100, generator=gen())
    assert x.std().item() == pytest.approx(0.5, rel=0.02)


@pytest.mark.parametrize("stochastic", [True, False])
def test_vp_samplers_with_the_exact_denoiser_return_the_data_distribution(stochastic):
    x, nfe = edm.sample_vp(GaussianDenoiser(8, 0.5), 4000, steps=500, stochastic=stochastic, generator=gen())
    assert nfe == 500
    assert x.std().item() == pytest.approx(0.5, rel=0.05)


def test_sigma_steps_and_preconditioning_limits():
    s = edm.sigma_steps(18)
    assert s[0] == pytest.approx(80) and s[-2] == pytest.approx(0.002) and s[-1] == 0
    den = edm.Denoiser(4, width=8, depth=1)
    x = torch.randn(3, 4)
    assert torch.allclose(den(x, torch.tensor(1e-6)), x, atol=1e-5)  # c_skip → 1, c_out → 0


def test_edm_loss_is_finite_and_differentiable():
    den = edm.Denoiser(4, width=8, depth=1)
    loss = edm.loss(den, torch.randn(16, 4), generator=gen())
    loss.backward()
    assert torch.isfinite(loss) and all(p.grad is not None for p in den.parameters())


def test_weighted_loss_is_edm_eq_2():
    """edm.loss = λ(σ)·‖D(y + n; σ) − y‖² summed over coordinates, averaged over the batch."""
    den = edm.Denoiser(4, width=8, depth=1)
    y = torch.randn(16, 4, generator=gen(1))
    g = gen(2)
    sigma = edm.sample_sigma(16, g)
    x = y + edm.gaussian_noise(y, sigma, g)
    by_hand = (edm.loss_weight(sigma, den.sigma_data)[:, None] * (den(x, sigma) - y) ** 2).sum(1).mean()
    assert torch.equal(edm.loss(den, y, generator=gen(2)), by_hand)


def test_ema_of_a_stacked_model_is_each_models_ema():
    """One EMA (physai.train's) over K stacked models (physai.batched) averages each as an EMA of its own module would."""
    from physai.batched import BatchedModels
    from physai.train import EMA

    make = lambda: edm.Denoiser(3, width=8, depth=1)  # noqa: E731
    stacked = BatchedModels.build(make, seeds=[0, 1])
    singles = [stacked.unstack(k) for k in range(2)]
    emas, ema = [EMA(m, 0.9) for m in singles], EMA(stacked, 0.9)
    for step in range(3):
        with torch.no_grad():
            for p in stacked.params.values():
                p.add_(0.1 * (step + 1))
            for m in singles:
                for p in m.parameters():
                    p.add_(0.1 * (step + 1))
        ema.update(stacked)
        for e, m in zip(emas, singles):
            e.update(m)
    for k, e in enumerate(emas):
        for (name, a), b in zip(ema.model.unstack(k).named_parameters(), e.model.parameters()):
            torch.testing.assert_close(a, b, rtol=0, atol=0, msg=name)
    assert not any(p.requires_grad for p in ema.model.params.values())


# --- metrics ------------------------------------------------------------------------------

def test_frechet_distance_known_answers():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(5000, 3))
    assert metrics.frechet_distance(a, a) == pytest.approx(0, abs=1e-6)
    assert metrics.frechet_distance(a, a + [2, 0, 0]) == pytest.approx(4, rel=1e-3)
    assert metrics.frechet_distance(a, 3 * a) == pytest.approx(3 * (3 - 1) ** 2, rel=0.05)


def test_sliced_wasserstein_and_memorisation():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(2000, 4))
    assert metrics.sliced_wasserstein(a, a) == pytest.approx(0, abs=1e-12)
    assert metrics.sliced_wasserstein(a, a + 1.0) > 0.3
    train, held = a[:1000], a[1000:]
    assert metrics.memorisation_ratio(train + 1e-3, train, held) < 0.01
    assert metrics.memorisation_ratio(rng.normal(size=(1000, 4)), train, held) == pytest.approx(1, abs=0.15)


def test_digit_features_separate_digits_from_noise():
    d = data.digits()
    feats = metrics.ClassifierFeatures(d.train, d.train_labels)
    assert (feats.predict(d.test) == d.test_labels).mean() > 0.9
    floor = feats.frechet(d.train[: len(d.test)], d.test)
    noise = torch.rand(len(d.test), 64) * 2 - 1
    assert feats.frechet(noise, d.test) > 20 * floor


def test_fd_floor_shrinks_with_sample_size_and_reports_its_spread():
    d = data.digits()
    feats = metrics.ClassifierFeatures(d.train, d.train_labels)
    small, large = (metrics.fd_floor(feats, d.train, d.test, n, draws=5) for n in (200, 1000))
    assert small.mean > large.mean > 0  # FD's finite-sample bias falls with n
    assert small.sd > 0 and len(small.values) == 5
    assert metrics.fd_floor(feats, d.train, d.test, 200, draws=5) == small  # seeded
    with pytest.raises(ValueError, match="between 2 and"):
        metrics.fd_floor(feats, d.train, d.test, len(d.train) + 1)
    iid = metrics.fd_floor(feats, d.train, d.test, len(d.train) + 1, draws=3, replace=True)  # with replacement: any n
    assert len(iid.values) == 3 and iid.sd > 0


def test_out_of_range_counts_pixels_the_clipped_features_cannot_see():
    x = torch.tensor([[-1.0, 0.0, 1.0, 1.5], [-2.0, 0.5, 0.2, 0.1]])
    assert metrics.out_of_range(x) == pytest.approx(2 / 8)
    assert metrics.out_of_range(x.clamp(-1, 1)) == 0
    assert metrics.out_of_range(x - 0.01, tol=1 / 16) == pytest.approx(2 / 8)  # −1.01 is within half a grey level
    assert metrics.out_of_range(torch.full((2, 2), -1.001)) == 1 and metrics.out_of_range(torch.full((2, 2), -1.001),
                                                                                           tol=1 / 16) == 0


def test_half_grey_level_is_half_of_one_of_the_digits_16_levels_on_the_minus_one_to_one_scale():
    levels = data.digits().train.unique()
    assert len(levels) == 17 and metrics.HALF_GREY_LEVEL == pytest.approx(float(levels[1] - levels[0]) / 2)


# --- data ---------------------------------------------------------------------------------

def test_digits_split_and_scale():
    d = data.digits()
    assert d.dim == 64 and len(d.train) + len(d.test) == 1797
    assert d.train.min() == -1 and d.train.max() == 1
    assert 6 < d.data_norm < 8


def test_cifar10_images_are_scaled_to_plus_minus_one(tmp_path):
    """The core reads the batches (tests/test_datasets.py); here they become ImageData in [−1, 1]."""
    from physai.datasets import cifar10_arrays, write_cifar10_like

    root = write_cifar10_like(tmp_path / "cifar-10-batches-py", n_per_batch=3)
    d = data.cifar10(root)
    assert d.train.shape == (15, 3072) and d.test.shape == (3, 3072) and d.shape == (3, 32, 32)
    assert -1 <= d.train.min() and d.train.max() <= 1
    torch.testing.assert_close(d.train, torch.from_numpy(cifar10_arrays(root)[0] / 127.5 - 1.0), rtol=0, atol=0)


def test_per_point_batches_give_the_same_field_as_a_shared_batch():
    charges = torch.randn(30, 4, generator=gen())
    points = torch.cat([torch.randn(6, 4, generator=gen(1)), torch.rand(6, 1, generator=gen(2))], 1)
    shared = field.mean_displacement(points, charges)
    per_point = field.mean_displacement(points, charges.expand(6, 30, 4))
    assert torch.allclose(shared, per_point, atol=1e-5)


def test_rk45_gives_up_on_a_stiff_problem_with_nans():
    x, nfe = samplers.rk45(lambda x, t: -1e6 * x, torch.ones(2, 3), 0.0, 1.0, max_nfe=50)
    assert torch.isnan(x).all() and nfe == 50
