"""Multitask sparse parity (Michaud et al. 2023, Sec. 3).

n_tasks subtasks, each the parity of its own k of the n data bits; an input is a control
part saying which subtask to solve (one-hot in the paper, a task id here — a network's
first layer applied to a one-hot vector is an embedding lookup) and n random bits.
Subtask i is drawn with the Zipfian frequency p_i ∝ i^−(α+1).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from math import comb

import numpy as np
import torch

from .theory import zipf_frequencies


@dataclass
class MultitaskSparseParity:
    n_tasks: int
    n_bits: int
    k: int
    alpha: float
    seed: int = 0
    subsets: torch.Tensor = field(init=False, repr=False)
    frequencies: np.ndarray = field(init=False, repr=False)

    def __post_init__(self):
        if not 0 < self.k <= self.n_bits:
            raise ValueError(f"need 0 < k ≤ n_bits, got k = {self.k}, n_bits = {self.n_bits}")
        if comb(self.n_bits, self.k) < self.n_tasks:
            raise ValueError(f"only {comb(self.n_bits, self.k)} distinct {self.k}-bit subsets of {self.n_bits} bits "
                             f"for {self.n_tasks} subtasks: raise n_bits or lower n_tasks")
        rng = np.random.default_rng(self.seed)
        chosen: set[tuple[int, ...]] = set()
        while len(chosen) < self.n_tasks:  # distinct subsets: two subtasks never coincide
            chosen.add(tuple(sorted(rng.choice(self.n_bits, self.k, replace=False).tolist())))
        order = rng.permutation(len(chosen))
        self.subsets = torch.tensor(sorted(chosen), dtype=torch.long)[torch.as_tensor(order)]
        self.frequencies = zipf_frequencies(self.n_tasks, self.alpha)

    def labels(self, tasks: torch.Tensor, bits: torch.Tensor) -> torch.Tensor:
        """Parity (0/1) of each sample's subtask bits."""
        return bits.gather(1, self.subsets[tasks]).sum(1) % 2

    def sample(self, batch: int, generator: torch.Generator | None = None,
               tasks: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(task ids, bits as 0/1 integers, labels) for `batch` samples; tasks drawn with the
        Zipfian frequencies unless given."""
        if tasks is None:
            probs = torch.as_tensor(self.frequencies, dtype=torch.float64)
            tasks = torch.multinomial(probs, batch, replacement=True, generator=generator)
        bits = torch.randint(0, 2, (len(tasks), self.n_bits), generator=generator)
        return tasks, bits, self.labels(tasks, bits)
