"""Quantization model: the theory's laws and the multitask sparse-parity generator."""
import numpy as np
import pytest
import torch

from physai.quantization import MultitaskSparseParity, predicted_exponents, zipf_frequencies
from physai.quantization.theory import fit_power_law, local_tail_exponent, tail_loss


def test_zipf_frequencies_use_the_papers_alpha():
    p = zipf_frequencies(100, 0.5)
    assert p.sum() == pytest.approx(1) and np.all(np.diff(p) < 0)
    assert p[0] / p[1] == pytest.approx(2 ** 1.5)  # p_k ∝ k^−(α+1)
    with pytest.raises(ValueError, match="α > 0"):
        zipf_frequencies(10, 0.0)


def test_tail_loss_limits_and_its_exponent_is_alpha_for_many_quanta():
    p = zipf_frequencies(10, 0.5)
    assert tail_loss(p, [0, 10]).tolist() == pytest.approx([1.0, 0.0])
    many = zipf_frequencies(2_000_000, 0.5)
    assert local_tail_exponent(many, 10, 1000) == pytest.approx(0.5, abs=0.02)
    # a finite set of quanta cuts the tail off: it falls faster than n^−α near the end
    assert local_tail_exponent(zipf_frequencies(500, 0.5), 3, 32) > 0.5


def test_predicted_exponents():
    e = predicted_exponents(0.5)
    assert e["alpha_N"] == 0.5 and e["alpha_S"] == pytest.approx(1 / 3) and e["alpha_D"] == e["alpha_S"]


def test_power_law_fit_recovers_the_exponent():
    x = np.logspace(1, 4, 12)
    a, r2 = fit_power_law(x, 3.0 * x ** -0.41)
    assert a == pytest.approx(0.41) and r2 == pytest.approx(1.0)
    noisy = 3.0 * x ** -0.41 * np.exp(np.random.default_rng(0).normal(0, 0.05, x.size))
    assert fit_power_law(noisy, noisy)[1] == pytest.approx(1.0)  # y = x: slope −1, perfect fit
    assert fit_power_law(x, noisy)[0] == pytest.approx(0.41, abs=0.03)
    with pytest.raises(ValueError, match="at least 3"):
        fit_power_law([1, 2], [1, 2])


def test_sparse_parity_subsets_are_distinct_and_labels_are_parities():
    data = MultitaskSparseParity(n_tasks=50, n_bits=12, k=3, alpha=0.5, seed=1)
    subsets = {tuple(s) for s in data.subsets.tolist()}
    assert len(subsets) == 50 and all(len(set(s)) == 3 for s in subsets)
    tasks, bits, labels = data.sample(256, torch.Generator().manual_seed(0))
    for t, b, y in zip(tasks.tolist(), bits.tolist(), labels.tolist()):
        assert y == sum(b[i] for i in data.subsets[t].tolist()) % 2
    assert set(bits.unique().tolist()) <= {0, 1} and 0.4 < labels.float().mean() < 0.6


def test_sparse_parity_draws_subtasks_with_zipf_frequencies():
    data = MultitaskSparseParity(n_tasks=20, n_bits=10, k=3, alpha=0.5)
    tasks, _, _ = data.sample(200_000, torch.Generator().manual_seed(0))
    share = torch.bincount(tasks, minlength=20).numpy() / 200_000
    np.testing.assert_allclose(share, data.frequencies, atol=0.005)
    given = torch.tensor([3, 3, 7])
    assert torch.equal(data.sample(3, tasks=given)[0], given)


def test_too_few_subsets_is_a_clear_error():
    with pytest.raises(ValueError, match="distinct 3-bit subsets"):
        MultitaskSparseParity(n_tasks=500, n_bits=12, k=3, alpha=0.5)
    with pytest.raises(ValueError, match="0 < k"):
        MultitaskSparseParity(n_tasks=5, n_bits=4, k=5, alpha=0.5)
