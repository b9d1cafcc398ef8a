"""The toy task of Liu et al. 2022 (Sec. 3): addition of p numbers, pairs (i, j) with i ≤ j.

Each pair's answer i + j is a fixed random template Y_{i+j} ∈ R^30; the model embeds
each number, adds the two embeddings and decodes the sum to a template (MSE).  The
parallelograms of the task are the pairs of samples with the same answer: they are what
a good representation must close (E_i + E_j = E_m + E_n).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

import numpy as np


@dataclass(frozen=True)
class AdditionTask:
    p: int = 10  # numbers 0..p-1; p(p+1)/2 = 55 samples for p = 10
    out_dim: int = 30  # template dimension
    template_seed: int = 0

    @cached_property
    def pairs(self) -> np.ndarray:
        """(S, 2) samples (i, j), i ≤ j, in lexicographic order."""
        return np.array([(i, j) for i in range(self.p) for j in range(i, self.p)])

    @cached_property
    def sums(self) -> np.ndarray:
        return self.pairs.sum(axis=1)

    @cached_property
    def templates(self) -> np.ndarray:
        """(2p − 1, out_dim) random N(0, 1) targets Y_k, one per possible sum k."""
        return np.random.default_rng(self.template_seed).standard_normal((2 * self.p - 1, self.out_dim))

    @cached_property
    def sample_parallelograms(self) -> np.ndarray:
        """(P, 2) index pairs (a, b), a < b, of samples with equal sums: E_i + E_j = E_m + E_n."""
        return np.array([(a, b) for a, b in combinations(range(len(self.pairs)), 2)
                         if self.sums[a] == self.sums[b]])

    @cached_property
    def constraint_matrix(self) -> np.ndarray:
        """(P, p) rows e_i + e_j − e_m − e_n, one per sample parallelogram (paper's Eq. 5)."""
        rows = np.zeros((len(self.sample_parallelograms), self.p))
        for r, (a, b) in enumerate(self.sample_parallelograms):
            for k in self.pairs[a]:
                rows[r, k] += 1
            for k in self.pairs[b]:
                rows[r, k] -= 1
        return rows

    @classmethod
    def original(cls, seed: int = 58, n_train: int = 45, p: int = 10, out_dim: int = 30):
        """The original code's task and split for `seed` (toy/train_add.py draws the templates
        and then the training set from numpy's legacy generator seeded with `seed`)."""
        rs = np.random.RandomState(seed)
        task = cls(p=p, out_dim=out_dim, template_seed=seed)
        templates = rs.normal(0, 1, size=(2 * p - 1, out_dim))
        object.__setattr__(task, "templates", templates)  # cached_property slot, set once
        train = np.zeros(p * (p + 1) // 2, dtype=bool)
        train[rs.choice(len(train), n_train, replace=False)] = True
        return task, train

    def ideal_test_accuracy(self, train: np.ndarray) -> float:
        """Best test accuracy any representation allows: test samples whose sum is trained."""
        trained = set(self.sums[train])
        return float(np.mean([self.sums[s] in trained for s in np.flatnonzero(~train)]))

    def split(self, n_train: int, seed: int) -> np.ndarray:
        """Boolean mask over samples: n_train of them, drawn uniformly, for training."""
        if not 0 < n_train <= len(self.pairs):
            raise ValueError(f"n_train must be in 1..{len(self.pairs)}, got {n_train}")
        mask = np.zeros(len(self.pairs), dtype=bool)
        mask[np.random.default_rng(seed).choice(len(self.pairs), n_train, replace=False)] = True
        return mask

    def training_parallelograms(self, train: np.ndarray) -> np.ndarray:
        """Rows of `constraint_matrix` whose two samples are both in the training set: P₀(D)."""
        a, b = self.sample_parallelograms.T
        return train[a] & train[b]
