"""The quantization hypothesis' scaling laws (Michaud et al. 2023, Sec. 2).

Quanta k = 1, 2, … are used with Zipfian frequencies p_k ∝ k^−(α+1).  A model that has
learned the n most frequent quanta has an expected loss ∝ the unlearned tail,
L(n) ∝ Σ_{k>n} p_k ∼ n^−α.  With n ∝ N (parameters), n ∝ D^{1/(α+1)} (data: a quantum is
learned once it has been seen enough times) and the same for steps S, the loss scales as
N^−α_N, D^−α_D and S^−α_S with α_N = α, α_D = α_S = α/(α+1) (Eqs. 3–6).

Convention: α here is the paper's exponent; the original code's `alpha` is the Zipf
exponent of the frequencies, i.e. the paper's α + 1.
"""
from __future__ import annotations

import numpy as np

from ..fits import fit_power_law


def zipf_frequencies(n_quanta: int, alpha: float) -> np.ndarray:
    """p_k ∝ k^−(α+1) for k = 1 … n_quanta, normalised to sum to 1 (paper's α)."""
    if n_quanta < 1 or alpha <= 0:
        raise ValueError(f"need n_quanta ≥ 1 and α > 0, got {n_quanta} and {alpha}")
    k = np.arange(1, n_quanta + 1, dtype=float)
    p = k ** -(alpha + 1)
    return p / p.sum()


def tail_loss(frequencies, n_learned) -> np.ndarray:
    """The loss (up to a constant per unlearned sample) after learning the n most frequent
    quanta: the total frequency of the rest, Σ_{k>n} p_k, for each n in n_learned."""
    p = np.asarray(frequencies, dtype=float)
    tail = np.concatenate([np.cumsum(p[::-1])[::-1], [0.0]])
    return tail[np.asarray(n_learned, dtype=int)]


def predicted_exponents(alpha: float) -> dict[str, float]:
    """The asymptotic scaling exponents of the quantization model (Eqs. 3–6)."""
    return {"alpha_N": alpha, "alpha_D": alpha / (alpha + 1), "alpha_S": alpha / (alpha + 1)}


def local_tail_exponent(frequencies, n_lo: int, n_hi: int) -> float:
    """−(log-log slope) of the tail loss over n = n_lo … n_hi: what α_N is *at this range*
    for a finite number of quanta (the tail is cut off, so it falls faster than n^−α)."""
    n = np.arange(n_lo, n_hi + 1)
    return fit_power_law(n, tail_loss(frequencies, n))[0]


def finite_size_exponents(frequencies, alpha: float, n_lo: int, n_hi: int) -> dict[str, float]:
    """The exponents the model predicts over n = n_lo … n_hi quanta learned, for this finite
    set of quanta: α_N is the tail's local exponent there, and α_S = α_N/(α + 1) because the
    number learned after S steps still grows as S^{1/(α+1)} (a quantum is learned after a
    fixed number of its own samples, S·p_n ∝ 1).  Many quanta: the asymptotic values.
    NaN when the range holds fewer than 3 values of n."""
    if n_hi - n_lo < 2:
        return {"alpha_N": float("nan"), "alpha_S": float("nan")}
    local = local_tail_exponent(frequencies, n_lo, n_hi)
    return {"alpha_N": local, "alpha_S": local / (alpha + 1)}
