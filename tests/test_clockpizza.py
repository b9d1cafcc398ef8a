"""Clock and pizza: the metrics on constructed logits/models with known answers, and the grid's scoring
(the transformer, the split and the circles are tested in test_modular.py)."""
import numpy as np
import pytest
import torch

from physai.clockpizza import distance_irrelevance, gradient_symmetricity

P = 13
A, B = np.meshgrid(np.arange(P), np.arange(P), indexing="ij")


def test_di_is_zero_when_the_logit_depends_on_the_distance_only():
    logits = np.abs(np.cos(np.pi * 3 * (A - B) / P))  # a pizza-like |cos(w(a − b)/2)|
    assert distance_irrelevance(logits) == pytest.approx(0, abs=1e-12)


def test_di_is_one_when_the_logit_ignores_the_distance():
    logits = np.sin(2 * np.pi * 2 * (A + B) / P) + 0.3 * ((A + B) % P)  # a function of a + b only
    assert distance_irrelevance(logits) == pytest.approx(1, abs=1e-12)


def test_di_of_noise_is_near_one_and_shape_is_checked():
    rng = np.random.default_rng(0)
    assert 0.9 < distance_irrelevance(rng.normal(size=(59, 59))) <= 1.0
    with pytest.raises(ValueError, match="square"):
        distance_irrelevance(np.zeros((3, 4)))


class _Sym(torch.nn.Module):
    """logit_c = f(E_a + E_b): gradients w.r.t. both embeddings coincide."""

    def __init__(self, symmetric=True):
        super().__init__()
        g = torch.Generator().manual_seed(0)
        self.E = torch.randn(P, 8, generator=g)
        self.W = torch.randn(8, P, generator=g)
        self.M = torch.randn(8, 8, generator=g)
        self.symmetric = symmetric

    def embed(self, tokens):
        return self.E[tokens]

    def forward_from_embeddings(self, e):
        if self.symmetric:
            return torch.tanh(e[:, 0] + e[:, 1]) @ self.W
        return ((e[:, 0] @ self.M) * e[:, 1]) @ self.W  # a bilinear (clock-like) product


def test_gs_is_one_for_a_symmetric_model_and_lower_for_a_bilinear_one():
    assert gradient_symmetricity(_Sym(True), P, n_triples=50) == pytest.approx(1, abs=1e-6)
    assert gradient_symmetricity(_Sym(False), P, n_triples=50) < 0.5


# ── templates ────────────────────────────────────────────────────────────────────────────
from physai.clockpizza.metrics import clock_template, explained_variance, pizza_template  # noqa: E402


def test_each_template_explains_itself_and_not_the_other():
    p, k = 31, 3
    clock, pizza = clock_template(p, k), pizza_template(p, k)
    assert explained_variance(clock, clock) == pytest.approx(1) and explained_variance(pizza, pizza) == pytest.approx(1)
    assert explained_variance(2.5 * pizza + 1.0, pizza) == pytest.approx(1)  # scale and offset free
    # the two overlap (~0.8 over the whole (a, b, c) cube), but each explains itself far better
    assert explained_variance(pizza, clock) < 0.9 and explained_variance(clock, pizza) < 0.9


def test_the_pizza_template_depends_on_a_minus_b_through_the_correct_logit():
    p, k = 31, 3
    a, b = np.meshgrid(np.arange(p), np.arange(p), indexing="ij")
    correct = pizza_template(p, k)[a, b, (a + b) % p]  # θ = 0 at the correct answer
    np.testing.assert_allclose(correct, 2 * np.abs(np.cos(np.pi * k * (a - b) / p)), atol=1e-12)
    assert distance_irrelevance(correct) == pytest.approx(0, abs=1e-12)
    assert distance_irrelevance(clock_template(p, k)[a, b, (a + b) % p] + 0.1 * ((a + b) % p)) == pytest.approx(1)


# ── experiments ──────────────────────────────────────────────────────────────────────────────
from physai.clockpizza.experiments import pizza_fraction, score_all, template_scores  # noqa: E402
from physai.modular import addition_split, train_transformers  # noqa: E402


def test_every_stacked_model_is_scored():
    models, history = train_transformers(addition_split(7, 0.8), 8, [0.0, 1.0], [0, 1], steps=20, log_every=10)
    scores = score_all(models, history)
    assert list(scores.attn_rate) == [0.0, 1.0] and scores[["gs", "di", "circularity"]].notna().all().all()
    assert len(template_scores(models.unstack(0), n_circles=1)) == 1


def test_runs_train_stack_by_stack_and_the_detail_runs_carry_what_the_notebook_plots(tmp_path, monkeypatch):
    from physai.clockpizza import experiments as cp
    stack = dict(steps=20, precision="fp32", train_fraction=0.8, split_seed=0, n_heads=4, lr=1e-3, log_every=10,
                 n_circles=1)
    points = (cp.run_points(7, 8, [0.0, 1.0], [0], **stack)
              + cp.run_points(7, 16, [0.0], [0, 1], weight_decays=[2.0, 4.0], detail=True, **stack))
    monkeypatch.setattr(cp, "cache_dir", lambda name: tmp_path / name)
    runs = cp.train_runs(points, cache="grid")
    assert len(runs) == 6 and len(list((tmp_path / "grid").glob("*.json"))) == 2  # one chunk per width
    assert runs[["gs", "di", "circularity", "norm", "test_loss"]].notna().all().all()
    detail = runs[runs.detail].iloc[0]
    assert np.array(detail.W_E).shape == (7, 16) and np.array(detail.correct_logits).shape == (7, 7)
    assert detail.history["step"][-1] == 20 and len(detail.templates) == 1
    assert runs[runs.d_model == 16].weight_decay.tolist() == [2.0, 4.0, 2.0, 4.0]
    again = cp.train_runs(points, cache="grid")  # read back from the cache
    assert again.gs.tolist() == runs.gs.tolist()


def test_pizza_fraction_is_the_share_of_runs_above_the_cut_per_cell():
    import pandas as pd
    scores = pd.DataFrame({"d_model": [32, 32, 32, 64], "attn_rate": [0.0, 0.0, 0.0, 1.0],
                           "gs": [0.99, 0.985, 0.5, 0.981]})
    shares = pizza_fraction(scores, gs_cut=0.98).set_index(["d_model", "attn_rate"]).pizza_share
    assert shares[(32, 0.0)] == pytest.approx(2 / 3) and shares[(64, 1.0)] == 1.0
    assert pizza_fraction(scores, gs_cut=0.99).pizza_share.sum() == 0  # strictly above the cut


def test_transition_rate_interpolates_the_first_crossing():
    import pandas as pd

    from physai.clockpizza.experiments import transition_rate
    scores = pd.DataFrame({"d_model": [32] * 3 + [64] * 3, "attn_rate": [0.0, 0.5, 1.0] * 2,
                           "gs": [0.99, 0.97, 0.3, 0.99, 0.99, 0.985]})
    rates = transition_rate(scores, 0.98)
    assert rates[32] == pytest.approx(0.25) and np.isnan(rates[64])
