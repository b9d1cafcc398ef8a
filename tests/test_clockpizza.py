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
    pizza.load_state_dict(clock.state_dict())  # same weights, only the attention rate differs
    assert not torch.allclose(pizza(tokens), clock(tokens))
    correct = clock.correct_logits()
    assert correct[1, 2].item() == pytest.approx(clock(tokens)[0, 3].item(), abs=1e-6)  # [a, b]: logit of a + b
    with pytest.raises(ValueError, match="multiple"):
        ModAddTransformer(P, 30, 4)
