"""Clock and pizza: the metrics on constructed logits/models with known answers, and the model."""
import numpy as np
import pytest
import torch

from physai.clockpizza import distance_irrelevance, gradient_symmetricity
from physai.clockpizza.model import ModAddTransformer

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


def test_model_shapes_and_the_attention_rate():
    torch.manual_seed(0)
    clock, pizza = ModAddTransformer(P, 32, 4, attn_rate=1.0), ModAddTransformer(P, 32, 4, attn_rate=0.0)
    tokens = torch.tensor([[1, 2], [3, 4]])
    assert clock(tokens).shape == (2, P) and clock.correct_logits().shape == (P, P)
    pizza.load_state_dict(clock.state_dict())
    assert pizza.attn_rate.item() == 1.0  # α is a buffer: stacked models can each have their own
    pizza.attn_rate.fill_(0.0)  # same weights, only the attention rate differs
    assert not torch.allclose(pizza(tokens), clock(tokens))
    correct = clock.correct_logits()
    assert correct[1, 2].item() == pytest.approx(clock(tokens)[0, 3].item(), abs=1e-6)  # [a, b]: logit of a + b
    with pytest.raises(ValueError, match="multiple"):
        ModAddTransformer(P, 30, 4)


# ── circles and templates ────────────────────────────────────────────────────────────────────
from physai.clockpizza.metrics import (circle_frequency, circularity, clock_template, explained_variance,  # noqa: E402
                                       frequency_power, pizza_template)


def test_frequency_power_finds_a_pure_cosine_at_any_phase():
    a = np.arange(P)
    power = frequency_power(np.cos(2 * np.pi * 4 * a / P + 0.7))
    assert power.argmax() + 1 == 4 and power.max() == pytest.approx(1, abs=1e-12)
    assert power.sum() == pytest.approx(1, abs=1e-12)


def test_embeddings_on_circles_have_circularity_one_and_noise_does_not():
    a = np.arange(59)
    rng = np.random.default_rng(1)
    circles = np.stack([np.cos(2 * np.pi * 5 * a / 59), np.sin(2 * np.pi * 5 * a / 59),
                        0.5 * np.cos(2 * np.pi * 17 * a / 59), 0.5 * np.sin(2 * np.pi * 17 * a / 59)], 1)
    W_E = circles @ np.linalg.qr(rng.normal(size=(32, 4)))[0].T  # rotated into 32 dimensions
    assert circularity(W_E) == pytest.approx(1, abs=1e-9)
    assert circle_frequency(circles[:, :2] @ rng.normal(size=(2, 2))) == 5
    assert circularity(rng.normal(size=(59, 32))) < 0.3


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
from physai.clockpizza.experiments import (addition_split, pizza_fraction, score_all,  # noqa: E402
                                           template_scores, train_transformers)


def test_the_split_covers_every_pair_once_with_correct_labels():
    split = addition_split(11, 0.8, seed=3)
    x = torch.cat([split.x_train, split.x_test])
    assert len(split.x_train) == int(0.8 * 121) and len({tuple(r) for r in x.tolist()}) == 121
    assert torch.equal(torch.cat([split.y_train, split.y_test]), (x[:, 0] + x[:, 1]) % 11)
    with pytest.raises(ValueError, match="train_fraction"):
        addition_split(11, 1.0)


def test_stacked_training_runs_and_scores_every_model():
    split = addition_split(7, 0.8)
    models, history = train_transformers(split, 8, [0.0, 1.0], [0, 1], steps=20, log_every=10)
    assert set(history.attn_rate) == {0.0, 1.0} and history.step.max() == 20
    assert models.buffers["attn_rate"].tolist() == [0.0, 1.0]
    scores = score_all(models, history)
    assert list(scores.attn_rate) == [0.0, 1.0] and scores[["gs", "di", "circularity"]].notna().all().all()
    assert set(pizza_fraction(scores).pizza_share) <= {0.0, 1.0}
    assert len(template_scores(models.unstack(0), n_circles=1)) == 1
    with pytest.raises(ValueError, match="one seed per attention rate"):
        train_transformers(split, 8, [0.0, 1.0], [0], steps=1)


def test_transition_rate_interpolates_the_first_crossing():
    import pandas as pd

    from physai.clockpizza.experiments import transition_rate
    scores = pd.DataFrame({"d_model": [32] * 3 + [64] * 3, "attn_rate": [0.0, 0.5, 1.0] * 2,
                           "gs": [0.99, 0.97, 0.3, 0.99, 0.99, 0.985]})
    rates = transition_rate(scores, 0.98)
    assert rates[32] == pytest.approx(0.25) and np.isnan(rates[64])
