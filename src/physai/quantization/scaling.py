"""Scaling laws and emergence measured on trained networks (Michaud et al. 2023, Sec. 3, Figs. 2–3).

Parameters: which widths have plateaued (their loss is set by N, not by training time)
and α_N fitted on them.  Emergence against parameters: how much of a subtask's drop
happens at one doubling of width.  Data: one width trained for many epochs on fixed
training sets of several sizes D, best test loss, and α_D.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch

from ..batched import BatchedConfig, train_batched
from ..fits import fit_power_law
from .claims import PLATEAU_DROP
from .data import MultitaskSparseParity
from .experiments import LEARNED_LOSS, eval_set
from .model import StackedParityMLP, stacked_loss
from .theory import finite_size_exponents


def quarter_drop(steps: np.ndarray, mean: np.ndarray, quarter: float = 0.25) -> np.ndarray:
    """Per width (columns of mean, (n_evals, n_widths)): the relative fall of its mean loss
    across the last `quarter` of training, read off a straight line fitted (least squares,
    loss against step) to every evaluation at or after (1 − quarter) × the last step:
    (line at the quarter's start − line at the last step) / line at the quarter's start.
    Positive: still falling.  One noisy evaluation moves it far less than a two-point
    difference would.  NaN (undecided, so `plateaued` is False) when fewer than two
    evaluations fall in the quarter, as in a run capped to a few steps."""
    steps, mean = np.asarray(steps, float), np.atleast_2d(np.asarray(mean, float).T).T
    start = (1 - quarter) * steps[-1]
    inside = steps >= start
    if inside.sum() < 2:
        return np.full(mean.shape[1], np.nan)
    x = steps[inside]
    slope, intercept = np.polyfit(x, mean[inside], 1)  # each (n_widths,)
    at_start, at_end = intercept + slope * start, intercept + slope * steps[-1]
    return (at_start - at_end) / at_start


def plateaued(steps: np.ndarray, mean: np.ndarray, quarter: float = 0.25, drop: float = PLATEAU_DROP) -> np.ndarray:
    """Per width: True when its mean loss, fitted by a line over the last quarter's
    evaluations (`quarter_drop`), fell by less than `drop` across the quarter — its loss is
    set by its size, no longer by training time.  For comparison, a loss on the step law
    L ∝ S^−α_S (α_S ≈ 0.33–0.4) falls 9–11 % over the last quarter."""
    return quarter_drop(steps, mean, quarter) < drop


def parameter_scaling(parameters: Sequence[int], final_mean: np.ndarray, learned_counts: Sequence[int],
                      use: np.ndarray, alpha: float, frequencies: np.ndarray) -> dict:
    """α_N (Eq. 4) fitted on the final mean loss of the widths in `use`, and the
    finite-size prediction: the tail's local exponent over the n learned by the narrowest
    and the widest of them.  NaNs when fewer than 3 widths are used."""
    use = np.asarray(use, bool)
    out = {"widths used": int(use.sum()), "fitted": float("nan"), "r2": float("nan"),
           "finite-size prediction": float("nan")}
    if use.sum() < 3:
        return out
    n = np.asarray(parameters, float)[use]
    out["fitted"], out["r2"] = fit_power_law(n, np.asarray(final_mean)[use])
    counts = np.asarray(learned_counts)[use]
    out["finite-size prediction"] = finite_size_exponents(frequencies, alpha, max(int(counts[0]), 1),
                                                          int(counts[-1]))["alpha_N"]
    return out


def largest_step_share(curve: np.ndarray) -> float:
    """The share of a falling curve's total drop (first value − last) that happens at its
    single largest step between neighbouring points (at most 1); NaN if it does not fall."""
    curve = np.asarray(curve, float)
    total = curve[0] - curve[-1]
    if not total > 0:
        return float("nan")
    return float(min(np.max(curve[:-1] - curve[1:]) / total, 1.0))


def width_emergence(final: np.ndarray, threshold: float = LEARNED_LOSS) -> tuple[np.ndarray, np.ndarray]:
    """Emergence against parameters (Fig. 2, bottom): final (n_widths, n_tasks) per-subtask
    losses, widths ascending.  For the subtasks the widest network has learned (loss below
    threshold) and the narrowest has not: their indices and `largest_step_share` of each
    one's loss across widths (1: the whole drop at one doubling of width)."""
    final = np.asarray(final, float)
    emerging = np.flatnonzero((final[-1] < threshold) & (final[0] >= threshold))
    return emerging, np.array([largest_step_share(final[:, i]) for i in emerging])


def smooth_excess(parameters: Sequence[float], shares: np.ndarray, mean: np.ndarray) -> dict:
    """emergence-N (round 5): read largest-doubling shares against a smooth power law on the same
    ladder.  s₀ is `largest_step_share` of L ∝ N^−a at these parameter counts, a fitted to the
    ladder's mean loss `mean`; a share s becomes e = (s − s₀)/(1 − s₀): 0 as smooth as that power
    law, 1 a step at one doubling, whatever the ladder's length (a smooth curve's share alone
    falls with the number of doublings).  Returns the exponent, s₀, the mean's share, the
    excesses of `shares` and of the mean (NaN where the mean does not fall)."""
    n, mean = np.asarray(parameters, float), np.asarray(mean, float)
    try:
        exponent = fit_power_law(n, mean)[0]
    except ValueError:  # too few widths (fewer than 3) or a non-positive loss
        exponent = np.nan
    s0 = largest_step_share(n ** -exponent) if np.isfinite(exponent) and exponent > 0 else np.nan
    mean_share = largest_step_share(mean)
    excess = lambda s: (np.asarray(s, float) - s0) / (1 - s0)  # noqa: E731
    return {"exponent": float(exponent), "s0": float(s0), "mean share": mean_share,
            "excess": excess(shares), "mean excess": float(excess(mean_share))}


def ladder_emergence(parameters: Sequence[float], final: np.ndarray, mean: np.ndarray) -> dict:
    """Emergence against parameters on one ladder of widths (rows of `final`, (widths, n_tasks),
    ascending): `width_emergence`'s subtasks and shares, their median and quartiles, the mean's
    share, and `smooth_excess` of both (the median excess is emergence-N's statistic)."""
    emerging, share = width_emergence(final)
    out = smooth_excess(parameters, share, mean)
    pick = lambda x, q: float(np.nanpercentile(x, q)) if np.isfinite(x).any() else np.nan  # noqa: E731
    out.update(subtasks=len(emerging), median=pick(share, 50), quartiles=(pick(share, 25), pick(share, 75)),
               median_excess=pick(out["excess"], 50))
    return out


def plateau_ladder(widths: Sequence[int], plateau: np.ndarray) -> np.ndarray:
    """Indices of the size-limited widths (emergence against parameters and α_N): from the narrowest,
    consecutive doublings of width that have all plateaued (their final loss is set by
    their size, not by training time); the ladder stops at the first width that is still
    falling or is not twice the previous one (a width still limited by training time makes
    every wider one so too: capacity grows with N, the quanta learnable in S steps do not)."""
    widths, plateau = list(widths), np.asarray(plateau, bool)
    ladder = []
    for j, w in enumerate(widths):
        if not plateau[j] or (ladder and w != 2 * widths[ladder[-1]]):
            break
        ladder.append(j)
    return np.array(ladder, int)


def time_emergence(steps: np.ndarray, losses: np.ndarray, n_points: int,
                   threshold: float = LEARNED_LOSS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The width statistic computed along training time at one fixed width (its control):
    losses (n_evals, n_tasks) read (interpolated) at n_points steps spaced by doublings and
    ending at the last, S/2^(n_points−1) … S/2, S.  For the subtasks learned (loss below
    threshold) at the last of these and not at the first: their indices, `largest_step_share`
    of each (1: the whole drop between two neighbouring doublings of steps), and the points."""
    steps, losses = np.asarray(steps, float), np.asarray(losses, float)
    at = steps[-1] / 2.0 ** np.arange(n_points - 1, -1, -1)
    curves = np.stack([np.interp(at, steps, losses[:, i]) for i in range(losses.shape[1])], 1)  # (n_points, n_tasks)
    emerging = np.flatnonzero((curves[-1] < threshold) & (curves[0] >= threshold))
    return emerging, np.array([largest_step_share(curves[:, i]) for i in emerging]), at


@dataclass
class DataRun:
    """Data scaling: model k trained on a fixed set of sizes[k] samples.  losses[e, k, i]: its
    test loss on subtask i at steps[e], mean[e, k] the frequency-weighted mean; best[k] the
    minimum of the mean over training, reached at best_step[k]; losses_at_best[k] the
    per-subtask test losses there.  With several seeds the models are seed-major (model
    r·len(sizes) + k: seed seeds[r], size sizes[k]); `replica(r)` is one seed's run."""
    sizes: list[int]
    steps: np.ndarray
    mean: np.ndarray
    best: np.ndarray
    best_step: np.ndarray
    losses_at_best: np.ndarray
    losses: np.ndarray | None = None
    seeds: tuple[int, ...] = (0,)

    def replica(self, r: int) -> "DataRun":
        """Seed seeds[r]'s models only, as a one-seed DataRun."""
        k = slice(r * len(self.sizes), (r + 1) * len(self.sizes))
        return DataRun(self.sizes, self.steps, self.mean[:, k], self.best[k], self.best_step[k],
                       self.losses_at_best[k], None if self.losses is None else self.losses[:, k],
                       (self.seeds[r],))


def train_data_sizes(data: MultitaskSparseParity, sizes: Sequence[int], width: int, *, steps: int, batch: int,
                     lr: float, eval_every: int, per_task: Sequence[int] | int = 32, seed: int = 0,
                     seeds: Sequence[int] | None = None) -> DataRun:
    """Fig. 2 (top right), multi-epoch: one network of `width` per training-set size D,
    each on its own fixed set of D samples (drawn with the Zipfian frequencies), minibatches
    drawn from it with replacement, AdamW as in the scaling run; all K trained at once as a
    stacked model (physai.batched).  For each seed in `seeds` (default: [seed]) the models
    start from that seed's initialisation, shared by its sizes, and its sets are drawn from
    that seed: within a seed the runs differ by their data only, across seeds by the
    initialisation, the sets and the minibatch order.  The test loss (one fixed test set)
    is read every `eval_every` steps; the best over training is the early-stopped loss."""
    sizes = [int(d) for d in sizes]
    seeds = [int(s) for s in (seeds if seeds is not None else [seed])]
    every = sizes * len(seeds)  # seed-major: model r·len(sizes) + k
    K, n_tasks = len(every), data.n_tasks
    sets = []
    for s in seeds:
        gen = torch.Generator().manual_seed(s + 10)
        sets += [(t, b.to(torch.uint8), y) for t, b, y in (data.sample(d, gen) for d in sizes)]  # fixed sets
    test_tasks, test_bits, test_labels = eval_set(data, per_task, seed + 1)
    counts = torch.bincount(test_tasks, minlength=n_tasks)[None, :]
    stream = torch.Generator().manual_seed(seed + 2)

    def draw(step):
        """Each model's minibatch from its own set, stacked: (K, batch) tasks and labels, (K, batch, n) bits."""
        picks = [torch.randint(0, d, (batch,), generator=stream) for d in every]
        return tuple(torch.stack([s[j][i] for s, i in zip(sets, picks)]) for j in range(3))

    @torch.no_grad()
    def per_task_losses(model) -> np.ndarray:
        logits = model(test_tasks.expand(K, -1), test_bits.expand(K, -1, -1))  # (K, n_test, 2)
        loss = torch.nn.functional.cross_entropy(logits.transpose(1, 2), test_labels.expand(K, -1), reduction="none")
        total = torch.zeros(K, n_tasks).index_add_(1, test_tasks, loss)
        return (total / counts).numpy()

    model = StackedParityMLP(n_tasks, data.n_bits, width, seeds=[s for s in seeds for _ in sizes])
    recorded, losses = [0], [per_task_losses(model)]

    def record(step, models):
        if step % eval_every == 0 or step == steps:
            recorded.append(step)
            losses.append(per_task_losses(models))

    train_batched(model, stacked_loss, draw, BatchedConfig(steps=steps, optimizer="adamw", log_every=steps),
                  lr=lr, weight_decay=0.0, per_model_data=True, callback=record, desc="data sizes")
    losses = np.stack(losses)  # (n_evals, K, n_tasks)
    mean = losses @ data.frequencies
    best = mean.argmin(0)
    return DataRun(sizes, np.array(recorded), mean, mean[best, range(K)], np.array(recorded)[best],
                   losses[best, range(K)], losses, tuple(seeds))


def data_scaling(run: DataRun, alpha: float, frequencies: np.ndarray, threshold: float = LEARNED_LOSS,
                 min_learned: int = 0, min_sets: int = 2) -> dict:
    """α_D (Eq. 5) fitted on the best test loss against D, and the finite-size prediction:
    the tail's local exponent over the n learned (at the best step) with the smallest and
    the largest set fitted, divided by α + 1 (a quantum is learned once seen a fixed number
    of times: n ∝ D^{1/(α+1)}).

    The fit starts at the smallest set whose best step has at least `min_learned` subtasks
    learned (below it the network sits at guessing, where neither the law nor its
    prediction applies) and takes every larger set; with fewer than `min_sets` sets from
    there, the fit and the prediction are NaN.  "sets used": the sizes fitted."""
    learned = (run.losses_at_best < threshold).sum(1)
    enough = np.flatnonzero(learned >= min_learned)
    first = int(enough[0]) if len(enough) else len(learned)
    use = slice(first, None)
    out = {"fitted": float("nan"), "r2": float("nan"), "finite-size prediction": float("nan"),
           "learned": learned.tolist(), "sets used": [int(d) for d in run.sizes[use]]}
    if len(out["sets used"]) < max(min_sets, 2):
        return out
    out["fitted"], out["r2"] = fit_power_law(run.sizes[use], run.best[use])
    out["finite-size prediction"] = finite_size_exponents(frequencies, alpha, max(int(learned[first]), 1),
                                                          int(learned[-1]))["alpha_S"]
    return out
