"""Representation quality, predicted accuracy and the effective theory (Liu et al. 2022).

- RQI (Sec. 3.2): the fraction of the task's parallelograms i + n = j + m that the
  standardised embeddings close, |E_i + E_n − E_j − E_m|² < tol.
- Â (Sec. 3.2, Fig. 3): accuracy predicted from the representation alone: a test sample
  counts as correct when a closed parallelogram links it to a training sample.
- The effective loss (Sec. 4, Eq. 6) ℓ_eff = Σ_{P₀(D)} |E_i + E_j − E_m − E_n|² / Σ_k |E_k|²
  over the training parallelograms; its Hessian's smallest non-trivial eigenvalue λ₃
  sets the time to form the representation (Fig. 4).
- r_c (Sec. 4, Table 1): a training set forces the linear representation when its
  parallelogram constraints leave only the two trivial directions (shift and scale).
"""
from __future__ import annotations

import numpy as np

from .task import AdditionTask

RQI_TOL = 0.01  # a parallelogram is closed when mean (E_i + E_n − E_j − E_m)² < RQI_TOL (original code)


def standardize(embeddings: np.ndarray) -> np.ndarray:
    """Zero mean, unit (unbiased) standard deviation per embedding dimension."""
    e = np.asarray(embeddings, dtype=float)
    return (e - e.mean(axis=0)) / e.std(axis=0, ddof=1)


def number_parallelograms(p: int) -> np.ndarray:
    """(Q, 4) quadruples (i, n, j, m), i < j ≤ m < n, i + n = j + m, as in the original."""
    return np.array([(i, n, j, m) for i in range(p) for j in range(i + 1, p) for m in range(j, p)
                     for n in range(m + 1, p) if i + n == j + m])


def rqi(embeddings: np.ndarray, tol: float = RQI_TOL) -> float:
    """Representation quality index of an addition table's (p, d) embeddings (DESIGN.md §7).

    The fraction of parallelograms i + n = j + m whose standardised embeddings close:
    mean over dimensions of (E_i + E_n − E_j − E_m)² < tol.
    """
    e = standardize(embeddings)
    q = number_parallelograms(len(e))
    gaps = e[q[:, 0]] + e[q[:, 1]] - e[q[:, 2]] - e[q[:, 3]]  # (Q, d)
    return float(np.mean((gaps**2).mean(axis=1) < tol))


def closed_sample_parallelograms(task: AdditionTask, embeddings: np.ndarray, tol: float = RQI_TOL) -> np.ndarray:
    """Which of the task's sample parallelograms the standardised embeddings close."""
    e = standardize(embeddings)
    a, b = task.sample_parallelograms.T
    gaps = e[task.pairs[a]].sum(axis=1) - e[task.pairs[b]].sum(axis=1)  # (P, d)
    return (gaps**2).mean(axis=1) < tol


def predicted_accuracy(task: AdditionTask, embeddings: np.ndarray, train: np.ndarray,
                       tol: float = RQI_TOL) -> tuple[float, float]:
    """(Â on the test set, Â on all samples) from the representation alone (Fig. 3).

    A test sample is predicted correct when a closed parallelogram links it to a
    training sample; training samples count as correct (the decoder fits them).
    """
    closed = closed_sample_parallelograms(task, embeddings, tol)
    a, b = task.sample_parallelograms[closed].T
    reachable = train.copy()
    reachable[a[train[b]]] = True
    reachable[b[train[a]]] = True
    test = ~train
    test_acc = float(reachable[test].mean()) if test.any() else 1.0
    return test_acc, float(reachable.mean())


def forces_linear(task: AdditionTask, train: np.ndarray) -> bool:
    """Do the training parallelograms leave only the trivial null space (dimension 2)?"""
    rows = task.constraint_matrix[task.training_parallelograms(train)]
    rank = np.linalg.matrix_rank(rows) if len(rows) else 0
    return task.p - rank == 2


def p_linear(task: AdditionTask, n_train: int, n_sets: int, seed: int = 0) -> float:
    """Probability that a random training set of n_train samples forces the linear structure."""
    rng = np.random.default_rng(seed)
    hits = 0
    for _ in range(n_sets):
        train = np.zeros(len(task.pairs), dtype=bool)
        train[rng.choice(len(task.pairs), n_train, replace=False)] = True
        hits += forces_linear(task, train)
    return hits / n_sets


def critical_fraction(task: AdditionTask, sizes: np.ndarray, probabilities: np.ndarray) -> float:
    """Training fraction where P(linear) crosses 1/2, by linear interpolation in size."""
    sizes, probabilities = np.asarray(sizes, float), np.asarray(probabilities, float)
    above = np.flatnonzero(probabilities >= 0.5)
    if len(above) == 0 or above[0] == 0:
        return float("nan")
    k = above[0]
    n = sizes[k - 1] + (0.5 - probabilities[k - 1]) * (sizes[k] - sizes[k - 1]) / (probabilities[k] - probabilities[k - 1])
    return float(n / len(task.pairs))


def effective_loss(task: AdditionTask, embeddings: np.ndarray, train: np.ndarray) -> float:
    """ℓ_eff = Σ_{P₀(D)} |E_i + E_j − E_m − E_n|² / Σ_k |E_k − Ē|² (Eq. 6, centred)."""
    e = np.asarray(embeddings, dtype=float)
    e = e - e.mean(axis=0)
    rows = task.constraint_matrix[task.training_parallelograms(train)]
    return float(((rows @ e) ** 2).sum() / (e**2).sum())


def lambda3(task: AdditionTask, train: np.ndarray) -> float:
    """Smallest non-trivial eigenvalue of AᵀA over the training parallelograms.

    Up to the normalisation Σ|E|², this is the Hessian of ℓ_eff: its two zero modes are
    the shift and the scale of a linear representation; λ₃ is the slowest rate at which
    gradient descent removes any other deformation.  Zero if the set does not force the
    linear structure.
    """
    rows = task.constraint_matrix[task.training_parallelograms(train)]
    eig = np.linalg.eigvalsh(rows.T @ rows) if len(rows) else np.zeros(task.p)
    return float(eig[2]) if eig[2] > 1e-9 else 0.0
