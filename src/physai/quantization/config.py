"""Notebook 03 (quantization model) parameters per profile.

Standard: the cheapest honest configuration measured here (500 subtasks, n = 16 data bits,
k = 3, α = 0.5, widths 8…256 as one block-diagonal model, lr 3e-3, batch 1000, 15k steps:
~100–140 s on one core).  With n = 16 the per-subtask drops are only weakly abrupt, so the
emergence run is one width-256 network at n = 32 bits for 40k steps (~110 s), and the data
sweep trains width 128 on fixed sets of 3k…100k samples for 2k steps, 3 seeds stacked
(`data_seeds`; ~80 s on a busy machine; in a 3k-step run of the same three seeds, read every 250
steps, every set reached its best test loss by step 1750, in a 10k-step run of one seed by step
1250, and the first 2k steps are the same computation; on the 50-step grid of round 4 seed 1's
100k set has its best at step 1800, and the notebook prints each set's loss at step 2000
beside its best); its test loss is read every 50 steps
(`claims.DATA_EVAL_MAX`, at every profile; the original's data runs read it every 100).  The emergence run trains in a second
process meanwhile, then the data sweep.  The plateau run (emergence-N, alpha-N) trains the
widths below the widest on for `continue_steps` more steps (standard 15 000: ~70 s on one
core), evaluated every `continue_every`.  Paper: the paper's sparse-parity setting (n_tasks 500, n = 100, batch
20 000, widths up to 500) for a GPU.
"""

_COMMON = {"n_tasks": 500, "k": 3, "alpha": 0.5, "lr": 3e-3, "n_evals": 80,
           "eval_frequent": 64, "eval_rare": 16, "n_frequent": 100, "qdg_tasks": 10, "qdg_samples": 40,
           "data_seeds": 3}

PROFILES = {
    "smoke": {**_COMMON, "n_tasks": 40, "n_bits": 8, "widths": [8, 16, 32], "batch": 200, "steps": 1000, "lr": 2e-2,
              "n_evals": 20, "n_frequent": 10, "qdg_tasks": 3, "qdg_samples": 10,
              "emergence_bits": 10, "emergence_width": 32, "emergence_steps": 1000,
              "data_width": 16, "data_sizes": [500, 1000, 2000, 4000], "data_steps": 500, "data_eval_every": 25,
              "continue_steps": 1000, "continue_every": 50},
    "standard": {**_COMMON, "n_bits": 16, "widths": [8, 16, 32, 64, 128, 256], "batch": 1000, "steps": 15_000,
                 "emergence_bits": 32, "emergence_width": 256, "emergence_steps": 40_000,
                 "data_width": 128, "data_sizes": [3_000, 10_000, 30_000, 100_000], "data_steps": 2_000,
                 "data_eval_every": 50, "continue_steps": 15_000, "continue_every": 500},
    "paper": {**_COMMON, "n_bits": 100, "widths": [8, 16, 32, 64, 128, 256, 500], "batch": 20_000,
              "steps": 100_000, "emergence_bits": 100, "emergence_width": 500, "emergence_steps": 100_000,
              "data_width": 500, "data_sizes": [10_000, 30_000, 100_000, 300_000, 1_000_000], "data_steps": 100_000,
              "data_eval_every": 50, "continue_steps": 100_000, "continue_every": 2_000},
}
