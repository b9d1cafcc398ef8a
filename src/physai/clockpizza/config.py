"""Notebook 05 (clock and pizza) parameters per profile.

One grid of transformers, attention rate × width, trained stacked per width; the clock
(Model A, α = 1) and the pizza (Model B, α = 0) studied in detail are the grid's corners at
the widest width and the first seed.  The standard profile reduces p (59 → 31), the
widths (128 → 32, 64), the seeds (one per cell) and the steps (20 000 → 1 200: at p = 31
GS has settled by ~1 000 steps, measured here); the paper profile is the paper's set-up.
"""

PROFILES = {
    "smoke": {
        "p": 13, "widths": [16], "attn_rates": [0.0, 1.0], "seeds": [0], "steps": 60,
        "n_heads": 4, "train_fraction": 0.8, "lr": 1e-3, "weight_decay": 2.0, "log_every": 20,
        "gs_cut": 0.98, "n_circles": 1,
    },
    "standard": {
        "p": 31, "widths": [32, 64], "attn_rates": [0.0, 0.2, 0.4, 0.6, 0.8, 1.0], "seeds": [0], "steps": 1200,
        "n_heads": 4, "train_fraction": 0.8, "lr": 1e-3, "weight_decay": 2.0, "log_every": 50,
        "gs_cut": 0.98, "n_circles": 3,
    },
    "paper": {
        "p": 59, "widths": [32, 64, 128, 256, 512], "attn_rates": [round(0.1 * i, 1) for i in range(11)],
        "seeds": [0, 1, 2, 3, 4], "steps": 20000,
        "n_heads": 4, "train_fraction": 0.8, "lr": 1e-3, "weight_decay": 2.0, "log_every": 200,
        "gs_cut": 0.98, "n_circles": 3,
    },
}
