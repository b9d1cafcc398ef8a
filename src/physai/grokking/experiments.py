"""Runs of the toy model: one showcase run, many training sets, the phase diagram."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..batched import BatchedConfig, train_batched
from .model import ToyModels, accuracy_metrics, task_tensors, template_mse
from .representation import lambda3, predicted_accuracy, rqi
from .task import AdditionTask

PHASES = ("comprehension", "grokking", "memorization", "confusion")


def per_group(models: ToyModels, emb_value, dec_value) -> dict:
    """Per-parameter values (learning rate, weight decay): one for the embeddings, one for
    the decoder's weights and biases."""
    return {n: (emb_value if n == "emb" else dec_value) for n in models.params}


def overall_accuracy(train: np.ndarray, train_acc: float, test_acc: float) -> float:
    """Accuracy over all samples from the train and test accuracies (what Â predicts)."""
    n_train, n = int(train.sum()), len(train)
    return (n_train * train_acc + (n - n_train) * test_acc) / n


def train_toy(task: AdditionTask, train_masks: np.ndarray, seeds, *, steps: int, width: int,
              emb_lr=1e-3, dec_lr=1e-4, dec_wd=0.0, log_every: int = 100, snapshot_every: int = 0,
              device="cpu", desc="toy models"):
    """Train one toy model per (training mask, seed) row, all at once.

    dec_lr and dec_wd may be per-model sequences (the phase diagram).  Returns the history
    (model, step, loss, train_acc, test_acc, rqi) and, if snapshot_every > 0, embeddings
    {step: (K, p, d) array}.
    """
    models = ToyModels(seeds, p=task.p, width=width, out_dim=task.out_dim, device=device)
    snapshots: dict[int, np.ndarray] = {}
    if snapshot_every:
        snapshots[0] = models.params["emb"].detach().cpu().numpy().copy()

    def snapshot(step, m):
        if snapshot_every and step % snapshot_every == 0:
            snapshots[step] = m.params["emb"].detach().cpu().numpy().copy()

    history = train_batched(models, template_mse, task_tensors(task, train_masks, device),
                            BatchedConfig(steps=steps, log_every=log_every),
                            lr=per_group(models, emb_lr, dec_lr), weight_decay=per_group(models, 0.0, dec_wd),
                            metrics=accuracy_metrics(task, device), callback=snapshot, desc=desc)
    return history, snapshots, models


def first_step(history: pd.DataFrame, column: str, threshold: float) -> pd.Series:
    """Per model, the first logged step where `column` ≥ threshold (NaN if never)."""
    hit = history[history[column] >= threshold]
    return hit.groupby("model").step.min().reindex(sorted(history.model.unique()))


def classify_phases(history: pd.DataFrame, threshold: float = 0.9, grok_delay: int = 1000) -> pd.Series:
    """Phase per model (Sec. 5): comprehension, grokking, memorization or confusion.

    Grokking: test accuracy reaches the threshold at least `grok_delay` steps after
    training accuracy does; comprehension: within that delay; memorization: only train;
    confusion: neither.
    """
    train, test = first_step(history, "train_acc", threshold), first_step(history, "test_acc", threshold)
    phase = pd.Series("confusion", index=train.index)
    phase[train.notna() & test.isna()] = "memorization"
    both = train.notna() & test.notna()
    phase[both & (test - train >= grok_delay)] = "grokking"
    phase[both & (test - train < grok_delay)] = "comprehension"
    return phase


def accuracy_vs_prediction(task: AdditionTask, train_masks: np.ndarray, embeddings: np.ndarray,
                           history: pd.DataFrame, step: int) -> pd.DataFrame:
    """Measured accuracy (all samples) vs Â from each model's embeddings at `step` (Fig. 3c)."""
    at = history[history.step == step].set_index("model")
    rows = []
    for k, train in enumerate(train_masks):
        _, a_hat = predicted_accuracy(task, embeddings[k], train)
        rows.append({"model": k, "n_train": int(train.sum()), "train_fraction": train.mean(),
                     "accuracy": overall_accuracy(train, at.train_acc[k], at.test_acc[k]), "predicted": a_hat})
    return pd.DataFrame(rows)


def representation_time(task: AdditionTask, train_masks: np.ndarray, history: pd.DataFrame,
                        threshold: float = 0.95) -> pd.DataFrame:
    """Steps to RQI ≥ threshold vs the effective theory's λ₃ per training set (Fig. 4)."""
    steps = first_step(history, "rqi", threshold)
    return pd.DataFrame({"model": steps.index, "n_train": train_masks.sum(1),
                         "lambda3": [lambda3(task, m) for m in train_masks], "steps": steps.values})


def effective_descent_time(task: AdditionTask, train: np.ndarray, lr: float = 1e-2, seed: int = 0,
                           threshold: float = 0.95, max_steps: int = 200_000) -> float:
    """Steps of plain gradient descent on ℓ_eff (1-D embeddings) until RQI ≥ threshold.

    The theory's own dynamics: E ← E − lr ∇ℓ_eff with ℓ_eff = |A E|² / |E − Ē|², from
    U(−1/2, 1/2) embeddings.  NaN if not reached.
    """
    rows = task.constraint_matrix[task.training_parallelograms(train)]
    H = rows.T @ rows
    e = np.random.default_rng(seed).uniform(-0.5, 0.5, task.p)
    for step in range(1, max_steps + 1):
        c = e - e.mean()
        z = c @ c
        loss = c @ H @ c / z
        e = e - lr * (2 * H @ c / z - 2 * loss * c / z)
        if step % 10 == 0 and rqi(e[:, None]) >= threshold:
            return float(step)
    return float("nan")


def prediction_along_training(task: AdditionTask, train: np.ndarray, snapshots: dict, history: pd.DataFrame,
                              model: int = 0) -> pd.DataFrame:
    """Measured accuracy on all samples vs Â at every snapshot of one model (Fig. 3, in time)."""
    at = history[history.model == model].set_index("step")
    rows = []
    for step, emb in sorted(snapshots.items()):
        if step not in at.index:
            continue
        rows.append({"step": step, "accuracy": overall_accuracy(train, at.train_acc[step], at.test_acc[step]),
                     "predicted": predicted_accuracy(task, emb[model], train)[1], "train_acc": at.train_acc[step]})
    return pd.DataFrame(rows)


def loglog_slope(x, y) -> tuple[float, float]:
    """Least-squares slope of log y on log x and the correlation, over finite positive pairs."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = np.isfinite(x) & np.isfinite(y) & (x > 0) & (y > 0)
    if ok.sum() < 3:
        return float("nan"), float("nan")
    lx, ly = np.log(x[ok]), np.log(y[ok])
    return float(np.polyfit(lx, ly, 1)[0]), float(np.corrcoef(lx, ly)[0, 1])


def goldilocks_fraction(phases: np.ndarray, reach: int = 2) -> float:
    """Fraction of grokking cells with both a comprehension and a memorization cell within
    `reach` grid steps (Chebyshev distance): grokking as a band between the two (Fig. 5)."""
    cells = np.argwhere(phases == "grokking")
    if len(cells) == 0:
        return 0.0
    hits = 0
    for r, c in cells:
        window = phases[max(r - reach, 0): r + reach + 1, max(c - reach, 0): c + reach + 1]
        hits += ("comprehension" in window) and ("memorization" in window)
    return hits / len(cells)


def transformer_phases(p: int, train_fraction: float, lrs, wds, *, steps: int, width: int, seed: int = 0,
                       log_every: int = 50) -> tuple[np.ndarray, pd.DataFrame]:
    """The phase diagram repeated for a transformer on a + b mod p (the paper's transformer
    experiments): one run per (learning rate, weight decay) cell of the grid lrs × wds, all
    trained as one stacked model (notebook 05's one-layer transformer, standard attention,
    the clock-and-pizza code's AdamW settings otherwise).  Returns the (len(lrs), len(wds)) array of phases and the history."""
    from ..clockpizza.experiments import addition_split, train_transformers

    grid_lr, grid_wd = np.meshgrid(np.asarray(lrs, float), np.asarray(wds, float), indexing="ij")
    K = grid_lr.size
    _, history = train_transformers(addition_split(p, train_fraction, seed), width, [1.0] * K, [seed] * K,
                                    steps=steps, lr=grid_lr.ravel().tolist(), weight_decay=grid_wd.ravel().tolist(),
                                    log_every=log_every, desc="transformer phase diagram")
    return classify_phases(history).to_numpy().reshape(grid_lr.shape), history
