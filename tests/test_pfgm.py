"""Notebook 07's round-5 rules (issue 23's next round): each sampler against its own converged output,
the quality ratio against a converged diffusion sampler, and the two-sided memorisation band."""
import math

import numpy as np
import pandas as pd
import pytest
import torch

from physai.claims import NOT_REPRODUCED, PARTLY, REPRODUCED
from physai.generative import metrics
from physai.generative.pfgm import benchmark as bm
from physai.generative.pfgm import claims
from physai.generative.pfgm import experiments as ex


class MeanFeatures:
    """A stand-in for ClassifierFeatures: FD of two sets is the squared distance of their means."""

    def frechet(self, a, b) -> float:
        return float(((a.mean(0) - b.mean(0)) ** 2).sum())


def _table(rows):
    return pd.DataFrame(rows, columns=["method", "sampler", "nfe", "fd_own"])


def test_fd_to_own_scores_each_method_against_its_own_converged_run():
    x = lambda v: torch.full((4, 2), float(v))  # noqa: E731
    table = pd.DataFrame({"method": ["PFGM", "PFGM", "VP-SDE", "VP-SDE"], "sampler": ["Euler", "RK45",
                          "Euler–Maruyama", "Euler–Maruyama"], "nfe": [10, 100, 20, 1000]})
    samples = {("PFGM", "Euler", 10): x(1), ("PFGM", "RK45", 100): x(0),
               ("VP-SDE", "Euler–Maruyama", 20): x(3), ("VP-SDE", "Euler–Maruyama", 1000): x(5)}
    own = bm.fd_to_own(table, samples, MeanFeatures())
    assert own.tolist() == [2.0, 0.0, 8.0, 0.0]


def test_speedup_own_reads_each_sampler_against_its_own_level():
    t = _table([("PFGM", "Euler", 5, 1.0), ("PFGM", "Euler", 10, 0.1), ("PFGM", "Heun", 9, 0.5),
                ("PFGM", "RK45", 100, 0.0),
                ("VP-SDE", "Euler–Maruyama", 20, 1.0), ("VP-SDE", "Euler–Maruyama", 200, 0.2),
                ("VP-SDE", "Euler–Maruyama", 1000, 0.0)])
    out = bm.speedup_own(t, level=0.2)
    assert out["nfe_sde"] == pytest.approx(200)
    assert out["pfgm_sampler"] == "Euler" and 5 < out["nfe_pfgm"] <= 10
    assert out["speedup"] == pytest.approx(out["nfe_sde"] / out["nfe_pfgm"])


def test_speedup_own_falls_back_to_the_converged_run():
    """Neither coarse run within the level: each sampler is charged its converged run's NFE."""
    t = _table([("PFGM", "Euler", 10, 1.0), ("PFGM", "RK45", 120, 0.0),
                ("VP-SDE", "Euler–Maruyama", 200, 1.0), ("VP-SDE", "Euler–Maruyama", 1000, 0.0)])
    out = bm.speedup_own(t, level=0.1)
    assert (out["nfe_pfgm"], out["pfgm_sampler"], out["nfe_sde"]) == (120, "RK45", 1000)


def test_euler_own_and_its_rule():
    t = _table([("PFGM", "Euler", 10, 0.3), ("VP-ODE", "Euler", 10, 0.1), ("PFGM", "Euler", 20, 0.05),
                ("VP-ODE", "Euler", 20, 0.08)]).assign(seed=0)
    own = bm.euler_own(t, [10, 20])
    wins = {n: bool((own.loc[n, "PFGM"] < own.loc[n, "VP-ODE"]).all()) for n in (10, 20)}
    assert wins == {10: False, 20: True}
    assert claims._euler(wins) == PARTLY


def test_independent_fd_is_positive_and_shrinks_with_n():
    y = torch.randn(500, 3, generator=torch.Generator().manual_seed(0))
    small, big = bm.independent_fd(MeanFeatures(), y, 20), bm.independent_fd(MeanFeatures(), y, 400)
    assert 0 < big[0] < small[0]


def test_quality_band():
    assert claims._ratio(1.04) == REPRODUCED
    assert claims._ratio(1.2) == PARTLY
    assert claims._ratio(1.38) == NOT_REPRODUCED


def test_no_copies_is_one_sided_and_the_band_is_ours_with_both_controls():
    rule = claims.CLAIMS["no-copies"].rule  # round 6: the paper row asks for novelty only
    assert rule.verdict(1.0) == REPRODUCED
    assert rule.verdict(1.48) == REPRODUCED       # off the data, but not copies
    assert rule.verdict(0.02) == NOT_REPRODUCED   # copies
    band = claims.CLAIMS["no-copies-band"]
    assert band.kind == "ours" and band.rule.uses_control
    controls = {"copies": 0.0, "noisy held-out": 1.34}
    assert band.rule.verdict(1.0, controls) == REPRODUCED
    assert band.rule.verdict(1.47, controls) == NOT_REPRODUCED
    assert band.rule.verdict(0.5, controls) == NOT_REPRODUCED
    assert band.rule.verdict(1.0, {"copies": 0.95, "noisy held-out": 1.34}) == NOT_REPRODUCED  # a control passes


def test_quality_gamma_and_euler_rules_are_registered_on_converged_and_trained_runs():
    assert "converged" in claims.CLAIMS["quality-gamma"].statement
    assert "trained" in claims.CLAIMS["euler-vs-vp-ode"].statement


class _Den(torch.nn.Module):
    """An exact denoiser of a small random data set (EDM's interface)."""

    def __init__(self):
        super().__init__()
        self.inner = bm.EmpiricalDenoiser(torch.randn(30, 4, generator=torch.Generator().manual_seed(1)))
        self.N = 4

    def forward(self, x, sigma):
        return self.inner(x, sigma)


def test_coupled_sde_at_the_fine_grid_is_the_core_sampler():
    from physai.generative import edm
    den = _Den()
    a, _ = edm.sample_vp(den, 16, steps=40, generator=torch.Generator().manual_seed(3))
    b, nfe = bm.sample_vp_coupled(den, 16, 40, 40, generator=torch.Generator().manual_seed(3))
    assert nfe == 40 and torch.allclose(a, b, atol=1e-5)


def test_coupled_sde_converges_to_its_fine_reference():
    den = _Den()
    g = lambda: torch.Generator().manual_seed(0)  # noqa: E731
    ref, _ = bm.sample_vp_coupled(den, 64, 400, 400, generator=g())
    err = [float((bm.sample_vp_coupled(den, 64, k, 400, generator=g())[0] - ref).norm(dim=1).median())
           for k in (10, 40, 200)]
    assert err[0] > err[1] > err[2]
    with pytest.raises(ValueError):
        bm.sample_vp_coupled(den, 4, 30, 400, generator=g())


def test_brownian_increments_sum_the_fine_path():
    fine = bm.brownian_increments(8, 8, (3,), torch.Generator().manual_seed(5))
    coarse = bm.brownian_increments(2, 8, (3,), torch.Generator().manual_seed(5))
    assert coarse.shape == (1, 3)
    assert torch.allclose(coarse[0], fine[:4].sum(0), atol=1e-6)


def test_heldout_ratio_spread_is_small_for_real_data():
    g = torch.Generator().manual_seed(0)
    train, test = torch.randn(300, 8, generator=g), torch.randn(200, 8, generator=g)
    sd = ex.heldout_ratio_spread(train, test, n_draws=10)
    assert 0 < sd < 0.1
    assert math.isclose(metrics.memorisation_ratio(test, train, test), 1.0)
    assert np.isfinite(sd)
