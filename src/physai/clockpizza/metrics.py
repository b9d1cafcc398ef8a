"""The paper's scores for telling a clock from a pizza (Zhong et al. 2023, Sec. 4).

- Gradient symmetricity: the mean cosine similarity between the gradients of the output
  logit c with respect to the two input embeddings, over (a, b, c) triples.  The pizza's
  logit depends on E_a + E_b symmetrically (≈ 1); the clock multiplies them (lower).
- Distance irrelevance: how little the correct logit depends on the distance a − b:
  the standard deviation of the correct logit over pairs with the same (a − b) mod p,
  averaged over distances, divided by its standard deviation over all pairs (the
  original's eval-main.ipynb, population standard deviations).  Clock ≈ 1, pizza ≈ 0.
"""
from __future__ import annotations

import random

import numpy as np
import torch

from ..modular import circle_frequency, embedding_pcs


def distance_irrelevance(correct_logits) -> float:
    """DI of a (p, p) array whose [a, b] entry is the logit of the correct answer (a + b) mod p."""
    L = np.asarray(correct_logits, dtype=float)
    p = L.shape[0]
    if L.shape != (p, p):
        raise ValueError(f"expected a square (p, p) array, got shape {L.shape}")
    a, b = np.meshgrid(np.arange(p), np.arange(p), indexing="ij")
    by_distance = np.zeros((p, p))
    by_distance[(a + b) % p, (a - b) % p] = L  # rows: a + b, columns: a − b
    return float(np.mean(np.std(by_distance, axis=0)) / np.std(L))


def gradient_symmetricity(model, p: int, n_triples: int = 100, seed: int = 42) -> float:
    """GS: mean cosine similarity of ∂logit_c/∂E_a and ∂logit_c/∂E_b over the first n_triples
    (a, b, c) of all p³ triples shuffled with random.Random(seed) (the original's choice).

    `model` needs `embed(tokens) -> (B, 2, d)` and `forward_from_embeddings(e) -> (B, p)`.
    """
    triples = [(a, b, c) for a in range(p) for b in range(p) for c in range(p)]
    random.Random(seed).shuffle(triples)
    sims = []
    for a, b, c in triples[:n_triples]:
        e = model.embed(torch.tensor([[a, b]])).detach().requires_grad_(True)
        grad, = torch.autograd.grad(model.forward_from_embeddings(e)[0, c], e)
        sims.append(torch.nn.functional.cosine_similarity(grad[0, 0], grad[0, 1], dim=0).item())
    return float(np.mean(sims))


# ── the two templates (Sec. 4.2, App. C; the original's eval-main.ipynb) ────────────────────
# (the circles themselves — principal components, frequencies, circularity — are the
# core's, physai.modular: BIMT measures them too)

def clock_template(p: int, k: int) -> np.ndarray:
    """(p, p, p) logits of the clock at frequency k: cos(w(a + b − c)), w = 2πk/p (Sec. 4.1)."""
    a, b, c = np.meshgrid(*(np.arange(p),) * 3, indexing="ij")
    return np.cos(2 * np.pi * k / p * (a + b - c))


def pizza_template(p: int, k: int) -> np.ndarray:
    """(p, p, p) logits of the pizza at frequency k (Sec. 4.2, Alg. 2): with s = E_a + E_b on
    the unit circle at angles wa, wb and u the direction at angle wc/2, |u·s| − |u⊥·s|
    = 2|cos(w(a − b)/2)| (|cos θ| − |sin θ|), θ = w(a + b − c)/2."""
    a, b, c = np.meshgrid(*(np.arange(p),) * 3, indexing="ij")
    w = 2 * np.pi * k / p
    theta, half_gap = w * (a + b - c) / 2, np.abs(np.cos(w * (a - b) / 2))
    return 2 * half_gap * (np.abs(np.cos(theta)) - np.abs(np.sin(theta)))


def explained_variance(logits, template) -> float:
    """Share of the (standardised) logits' variance explained by the (standardised) template,
    1 − Var(L − T)/Var(L): the paper's Q_clock and Q_pizza (Table 1).  Can be negative."""
    def standard(x):
        x = np.asarray(x, dtype=float).ravel()
        return (x - x.mean()) / x.std()

    L, T = standard(logits), standard(template)
    return float(1 - np.var(L - T) / np.var(L))


def leading_frequency(W_E) -> int:
    """The frequency of the embedding's leading circle (principal components 1 and 2)."""
    pcs, _ = embedding_pcs(W_E, 2)
    return circle_frequency(pcs)
