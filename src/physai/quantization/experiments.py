"""Training many widths on multitask sparse parity, and reading off when each subtask is learned."""
from __future__ import annotations

import math
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch
from tqdm import tqdm

from ..fits import fit_power_law
from ..runtime import progress_enabled, second_process
from ..train import TrainConfig, make_optimizer
from .data import MultitaskSparseParity
from .model import MultiWidthMLP, per_width_loss

LEARNED_LOSS = math.log(2) / 2  # half the loss of a coin flip


@dataclass
class WidthRun:
    """Per-subtask test losses of every width over training: losses[e, j, i] at eval step
    steps[e], width widths[j], subtask i; mean[e, j] is the frequency-weighted mean loss."""
    steps: np.ndarray
    widths: list[int]
    parameters: list[int]
    losses: np.ndarray
    mean: np.ndarray
    model: MultiWidthMLP | None = None  # the trained networks, for QDG
    optimizer: torch.optim.Optimizer | None = None  # their AdamW, for training on (`continue_widths`)


def eval_set(data: MultitaskSparseParity, per_task: Sequence[int] | int, seed: int = 1):
    """A fixed test set with per_task[i] samples of subtask i (an int: the same for all)."""
    counts = np.broadcast_to(np.asarray(per_task), (data.n_tasks,)).copy()
    tasks = torch.repeat_interleave(torch.arange(data.n_tasks), torch.as_tensor(counts))
    return data.sample(len(tasks), torch.Generator().manual_seed(seed), tasks=tasks)


def eval_steps(steps: int, n: int) -> np.ndarray:
    """About n evaluation steps, half log-spaced (early emergence), half linear (late)."""
    log = np.geomspace(1, steps, n // 2)
    lin = np.linspace(0, steps, n - n // 2)
    return np.unique(np.round(np.concatenate([log, lin])).astype(int))


@torch.no_grad()
def per_task_losses(model: MultiWidthMLP, test, n_tasks: int) -> np.ndarray:
    """(n_widths, n_tasks) mean cross-entropy of every width on every subtask."""
    tasks, bits, labels = test
    logits = model(tasks, bits)
    n_widths = logits.shape[1]
    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, 2), labels.repeat_interleave(n_widths),
                                             reduction="none").reshape(-1, n_widths)
    total = torch.zeros(n_tasks, n_widths).index_add_(0, tasks, loss)
    return (total / torch.bincount(tasks, minlength=n_tasks)[:, None]).T.numpy()


def train_widths(data: MultitaskSparseParity, widths: Sequence[int], *, steps: int, batch: int, lr: float,
                 n_evals: int = 80, per_task: Sequence[int] | int = 32, seed: int = 0) -> WidthRun:
    """Train every width on one shared stream of fresh batches (AdamW) and record the
    per-subtask test loss at about n_evals steps (Sec. 3, Fig. 2)."""
    torch.manual_seed(seed)
    model = MultiWidthMLP(data.n_tasks, data.n_bits, widths)
    opt = make_optimizer(model.parameters(), TrainConfig(lr=lr, weight_decay=0.0, fused=True))  # fused: 3x faster step on CPU
    test = eval_set(data, per_task, seed + 1)
    stream = torch.Generator().manual_seed(seed + 2)
    at = set(eval_steps(steps, n_evals).tolist())
    return _train_recording(data, model, opt, test, stream, steps=steps, batch=batch,
                            record=lambda step: step in at, desc="widths")


def _train_recording(data: MultitaskSparseParity, model: MultiWidthMLP, opt: torch.optim.Optimizer,
                     test, stream: torch.Generator, *, steps: int, batch: int, record, desc: str,
                     start: int = 0) -> WidthRun:
    """The one training loop of `train_widths` and `continue_widths`: `steps` AdamW steps on
    fresh batches from `stream`, the per-subtask test loss read at every step where
    `record(step)` (steps counted on from `start`)."""
    recorded, losses = [], []
    for step in tqdm(range(steps + 1), desc=desc, disable=not progress_enabled(), mininterval=1.0):
        if record(step):
            recorded.append(start + step)
            losses.append(per_task_losses(model, test, data.n_tasks))
        if step == steps:
            break
        tasks, bits, labels = data.sample(batch, stream)
        opt.zero_grad()
        per_width_loss(model(tasks, bits), labels).sum().backward()
        opt.step()
    losses = np.stack(losses)
    return WidthRun(np.array(recorded), list(model.widths), model.parameters_per_width(), losses,
                    losses @ data.frequencies, model, opt)


def narrower_copy(model: MultiWidthMLP, opt: torch.optim.Optimizer, keep: int,
                  lr: float) -> tuple[MultiWidthMLP, torch.optim.Optimizer]:
    """The first `keep` widths of a block-diagonal `model` as a model of their own, with
    their slice of `opt`'s AdamW state (step count and both moments): training it on is
    training those widths on, as if the wider blocks were still beside them (the blocks
    share no weight and Adam is element-wise), at the cost of the narrow blocks alone."""
    widths = model.widths[:keep]
    cols = sum(widths)
    part = MultiWidthMLP(model.control.shape[0], model.bits.shape[0], widths, model.readout.shape[1])
    cut = {"control": (slice(None), slice(0, cols)), "bits": (slice(None), slice(0, cols)),
           "bias": (slice(0, cols),), "readout": (slice(0, cols),), "readout_bias": (slice(0, keep),)}
    new_opt = make_optimizer(part.parameters(), TrainConfig(lr=lr, weight_decay=0.0, fused=True))
    for name, index in cut.items():
        src, dst = getattr(model, name), getattr(part, name)
        with torch.no_grad():
            dst.copy_(src[index])
        state = opt.state.get(src, {})
        if state:
            new_opt.state[dst] = {k: (v.clone() if k == "step" else v[index].clone(memory_format=torch.contiguous_format))
                                  for k, v in state.items()}
    return part, new_opt


def continue_widths(data: MultitaskSparseParity, run: WidthRun, keep: int, *, steps: int, batch: int, lr: float,
                    every: int, per_task: Sequence[int] | int = 32, seed: int = 0) -> WidthRun:
    """The plateau run (emergence against parameters, α_N): the first `keep` widths of
    `run` trained on from their state at its end (`narrower_copy`: same weights and AdamW
    state) for `steps` more steps on fresh batches (a stream of its own), the per-subtask
    test loss (the same test set as `train_widths`') read every `every` steps, the first
    reading at the run's last step (it repeats the run's last evaluation).  Steps count on
    from the run's last; `joined(run, result)` gives the whole history."""
    model, opt = narrower_copy(run.model, run.optimizer, keep, lr)
    test = eval_set(data, per_task, seed + 1)
    stream = torch.Generator().manual_seed(seed + 4)
    return _train_recording(data, model, opt, test, stream, steps=steps, batch=batch,
                            record=lambda step: step % every == 0 or step == steps, desc="plateau run",
                            start=int(run.steps[-1]))


def joined(run: WidthRun, more: WidthRun) -> WidthRun:
    """`run`'s history of `more`'s widths followed by `more`'s (its first reading, at the run's
    last step, dropped): one history from step 0 to the end of the continuation."""
    keep = len(more.widths)
    tail = more.steps > run.steps[-1]
    return WidthRun(np.concatenate([run.steps, more.steps[tail]]), more.widths, more.parameters,
                    np.concatenate([run.losses[:, :keep], more.losses[tail]]),
                    np.concatenate([run.mean[:, :keep], more.mean[tail]]), more.model, more.optimizer)


def learned_steps(steps: np.ndarray, losses: np.ndarray, threshold: float = LEARNED_LOSS,
                  before: float = 0.9) -> np.ndarray:
    """For each curve (last axis: time), the first step from which the loss stays below
    threshold to the end, NaN if never or only after `before` × the last step (a subtask
    caught at the very end of training is not counted as learned)."""
    below = np.asarray(losses) < threshold
    stays = np.flip(np.logical_and.accumulate(np.flip(below, -1), -1), -1)  # below from here on
    first = np.where(stays.any(-1), stays.argmax(-1), -1)
    out = np.where(first >= 0, np.asarray(steps)[np.maximum(first, 0)], np.nan).astype(float)
    out[out > before * steps[-1]] = np.nan
    return out


def order_of_learning(learned: np.ndarray, frequencies: np.ndarray) -> tuple[float, float, int]:
    """Over the learned subtasks: Spearman correlation between frequency and learning step
    (the paper: strongly negative — frequent subtasks first), the log-log slope of learning
    step against frequency (≈ −1: a subtask is learned after a fixed number of its samples),
    and how many were learned."""
    from scipy.stats import spearmanr

    ok = np.isfinite(learned)
    if ok.sum() < 3:
        return float("nan"), float("nan"), int(ok.sum())
    rho = spearmanr(frequencies[ok], learned[ok]).statistic
    exponent, _ = fit_power_law(frequencies[ok], np.maximum(learned[ok], 1))
    return float(rho), -exponent, int(ok.sum())


def slope_interval(learned: np.ndarray, frequencies: np.ndarray, n_boot: int = 2000, level: float = 0.9,
                   seed: int = 0) -> tuple[float, float]:
    """Bootstrap interval (percentile, `level`) of `order_of_learning`'s log-log slope of
    learning step against frequency: the learned subtasks resampled with replacement
    `n_boot` times (a fixed generator: the same interval every run).  NaNs with fewer than
    3 learned subtasks."""
    ok = np.isfinite(learned)
    if ok.sum() < 3:
        return float("nan"), float("nan")
    x, y = np.log(frequencies[ok]), np.log(np.maximum(learned[ok], 1))
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(x), (n_boot, len(x)))
    xs, ys = x[picks], y[picks]
    xc, yc = xs - xs.mean(1, keepdims=True), ys - ys.mean(1, keepdims=True)
    den = (xc * xc).sum(1)
    slopes = (xc * yc).sum(1)[den > 0] / den[den > 0]  # a resample of one repeated frequency has no slope
    tail = (1 - level) / 2 * 100
    return float(np.percentile(slopes, tail)), float(np.percentile(slopes, 100 - tail))


def abruptness(steps: np.ndarray, curves: np.ndarray, learned: np.ndarray, window: float = 0.05,
               factor: float | None = None) -> np.ndarray:
    """For each learned curve, the share of its total drop (first to last loss) that happens
    within ± window × the run's length of its learning step — or, given `factor`, between
    step/factor and step·factor (a window of fixed width on a log-step axis): near 1 for an
    abrupt drop.

    The share is clipped to [0, 1] (a curve that overshoots inside the window — rises above
    its first loss or dips below its last — counts as an abrupt drop, never more), and a
    curve whose window reaches past the run's first or last evaluation gets NaN: its window
    would be one-sided (a subtask learned near the end of training), so it is not scored."""
    steps = np.asarray(steps, float)
    out = np.full(len(curves), np.nan)
    half = window * steps[-1]
    for i, (curve, at) in enumerate(zip(curves, learned)):
        if not np.isfinite(at) or curve[0] - curve[-1] <= 0:
            continue
        lo, hi = (at / factor, at * factor) if factor else (at - half, at + half)
        if lo < steps[0] or hi > steps[-1]:
            continue
        share = (np.interp(lo, steps, curve) - np.interp(hi, steps, curve)) / (curve[0] - curve[-1])
        out[i] = min(max(share, 0.0), 1.0)
    return out


def sample_gradients(model: MultiWidthMLP, width_index: int, tasks, bits, labels) -> np.ndarray:
    """Per-sample gradients of width `width_index`'s loss (Sec. 5, QDG), one row per sample,
    with torch.func: with respect to that block's weights, its readout, and the control
    row of the sample's own subtask (the only control row the sample touches)."""
    from torch.func import grad, vmap

    start = sum(model.widths[:width_index])
    cols = slice(start, start + model.widths[width_index])
    weights = (model.bits[:, cols].detach(), model.bias[cols].detach(), model.readout[cols].detach(),
               model.readout_bias[width_index].detach())

    def loss(w_bits, bias, readout, readout_bias, control_row, x, y):
        hidden = torch.relu(control_row + x.float() @ w_bits + bias)
        return torch.nn.functional.cross_entropy((hidden @ readout + readout_bias)[None], y[None])

    grads = vmap(grad(loss, argnums=(0, 1, 2, 3, 4)), in_dims=(None, None, None, None, 0, 0, 0))(
        *weights, model.control[tasks][:, cols].detach(), bits, labels)
    return torch.cat([g.reshape(len(tasks), -1) for g in grads], 1).numpy()


AFFINITIES = ("angular", "abs", "signed", "abs-grad")


def gradient_similarity(gradients: np.ndarray, kind: str = "angular") -> np.ndarray:
    """Affinity of samples for QDG (Sec. 5), from the cosine similarity C of their gradients:

    - "angular": the paper's 1 − arccos(C)/π (1 for parallel gradients, 0 for opposite);
    - "abs": |C| (ours: here a sample's gradient flips sign with its label, the inputs and
      hidden activations being non-negative, so opposite gradients mean the same subtask);
    - "signed": (1 + C)/2, a linear map of the signed similarity;
    - "abs-grad": the cosine similarity of the element-wise absolute gradients |g|, the
      second affinity the original clustering code computes beside the angular one.
    """
    if kind not in AFFINITIES:
        raise ValueError(f"unknown affinity {kind!r}; choose one of {list(AFFINITIES)}")
    g = np.abs(gradients) if kind == "abs-grad" else gradients
    unit = g / np.maximum(np.linalg.norm(g, axis=1, keepdims=True), 1e-12)
    cos = np.clip(unit @ unit.T, -1.0, 1.0)
    if kind == "angular":
        return 1 - np.arccos(cos) / np.pi
    if kind == "signed":
        return (1 + cos) / 2
    return np.abs(cos) if kind == "abs" else cos


def qdg_clusters(gradients: np.ndarray, n_clusters: int, kind: str = "angular", seed: int = 0) -> np.ndarray:
    """Quanta discovery from gradients (Sec. 5): spectral clustering of the samples on
    their gradient affinity (`gradient_similarity(gradients, kind)`)."""
    from sklearn.cluster import SpectralClustering

    affinity = gradient_similarity(gradients, kind)
    return SpectralClustering(n_clusters, affinity="precomputed", random_state=seed).fit_predict(affinity)


def half_drop_step(steps: np.ndarray, curve: np.ndarray) -> float:
    """The first step at which a falling curve has covered half of its total drop."""
    curve = np.asarray(curve, float)
    halfway = curve[0] - (curve[0] - curve[-1]) / 2
    return float(np.asarray(steps)[np.argmax(curve <= halfway)])


def step_fit_window(learned: np.ndarray, skip: int = 3) -> tuple[float, float]:
    """Where the step-scaling law L ∝ S^−α_S applies for one network: from the learning step
    of its `skip`-th learned subtask (the first few are learned together, before any law)
    to that of its last (after it the network has stopped acquiring quanta: out of capacity
    or out of training time)."""
    done = np.sort(learned[np.isfinite(learned)])
    if len(done) <= skip:
        raise ValueError(f"only {len(done)} subtasks learned: need more than {skip} to fit a step law")
    return float(done[skip - 1]), float(done[-1])


def fit_step_scaling(steps: np.ndarray, mean_loss: np.ndarray, learned: np.ndarray,
                     skip: int = 3) -> tuple[float, float, tuple[float, float]]:
    """(α_S, r², window): mean loss ∝ S^−α_S fitted over `step_fit_window(learned, skip)`
    (Sec. 3, Fig. 2); NaNs when too few subtasks were learned or the window holds fewer
    than 3 evaluations (a run too short for a step law)."""
    nothing = (float("nan"), float("nan"), (float("nan"), float("nan")))
    if np.isfinite(learned).sum() <= skip:
        return nothing
    window = step_fit_window(learned, skip)
    steps = np.asarray(steps)
    inside = (steps >= window[0]) & (steps <= window[1])
    if inside.sum() < 3:
        return nothing
    return (*fit_power_law(steps[inside], np.asarray(mean_loss)[inside]), window)


def solved_samples(model: MultiWidthMLP, width_index: int, data: MultitaskSparseParity, tasks: Sequence[int],
                   per_task: int, max_loss: float = 0.1, seed: int = 3, tries: int = 20):
    """For QDG: `per_task` samples of each subtask in `tasks` that width `width_index`
    solves (loss < max_loss), as (task ids, bits, labels).  Raises if a subtask is not
    solved often enough — QDG is meant for behaviours the model has learned."""
    if len(tasks) == 0:
        raise ValueError("no subtasks given: QDG needs learned subtasks (none were learned in this run)")
    gen = torch.Generator().manual_seed(seed)
    picked = []
    for task in tasks:
        ids = torch.full((per_task * tries,), int(task))
        t, b, y = data.sample(len(ids), gen, tasks=ids)
        with torch.no_grad():
            loss = torch.nn.functional.cross_entropy(model(t, b)[:, width_index], y, reduction="none")
        good = torch.nonzero(loss < max_loss).flatten()[:per_task]
        if len(good) < per_task:
            raise ValueError(f"width {model.widths[width_index]} solves only {len(good)} of {len(ids)} samples of "
                             f"subtask {task}: pick learned subtasks for QDG")
        picked.append((t[good], b[good], y[good]))
    return tuple(torch.cat(parts) for parts in zip(*picked))


def train_emergence(data: MultitaskSparseParity, width: int, *, steps: int, batch: int, lr: float,
                    n_evals: int = 80, per_task: Sequence[int] | int = 32, seed: int = 0) -> WidthRun:
    """The emergence run (Fig. 2, bottom): one network of `width` on `data`, its per-subtask
    test losses over training; `train_widths` with a single width, returned without the
    network (so that it travels back from another process)."""
    run = train_widths(data, [width], steps=steps, batch=batch, lr=lr, n_evals=n_evals, per_task=per_task, seed=seed)
    run.model = run.optimizer = None
    return run


def elsewhere(*calls: tuple) -> list[Future]:
    """Each call (fn, kwargs), one after the other, in one spawned process with one torch
    thread (as every process here), as Futures: on two cores they train while this process
    trains something else.  Same numbers as in-process (tested); each fn must be a
    module-level function."""
    pool = second_process()
    futures = [pool.submit(fn, **kwargs) for fn, kwargs in calls]
    pool.shutdown(wait=False)  # the worker exits once the last call returns
    return futures
