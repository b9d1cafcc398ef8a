"""Notebook 03 (quantization model) parameters per profile.

Standard: the cheapest honest configuration measured here (500 subtasks, n = 16 data bits,
k = 3, α = 0.5, widths 8…256 as one block-diagonal model, lr 3e-3, batch 1000, 15k steps:
~140 s on one core; with n = 16 the per-subtask drops are only weakly abrupt, n = 32
needs ~40k steps).  Paper: the paper's sparse-parity setting (n_tasks 500, n = 100, batch
20 000, widths up to 500) for a GPU.
"""

_COMMON = {"n_tasks": 500, "k": 3, "alpha": 0.5, "lr": 3e-3, "n_evals": 80,
           "eval_frequent": 64, "eval_rare": 16, "n_frequent": 100, "qdg_tasks": 10, "qdg_samples": 40}

PROFILES = {
    "smoke": {**_COMMON, "n_tasks": 40, "n_bits": 8, "widths": [8, 16, 32], "batch": 200, "steps": 1000, "lr": 2e-2,
              "n_evals": 20, "n_frequent": 10, "qdg_tasks": 3, "qdg_samples": 10},
    "standard": {**_COMMON, "n_bits": 16, "widths": [8, 16, 32, 64, 128, 256], "batch": 1000, "steps": 15_000},
    "paper": {**_COMMON, "n_bits": 100, "widths": [8, 16, 32, 64, 128, 256, 500], "batch": 20_000,
              "steps": 100_000},
}
