"""Notebook 05 (clock and pizza) parameters per profile.

Three sets of runs, all through one chunked sweep (`experiments.train_runs`; a run that two
sets share trains once):

- the **corners**: the two models studied closely, Model A (α = 1, the clock) and Model B
  (α = 0, the pizza), three seeds each;
- the **grid**: attention rate × width, the phase diagram (Fig. 6);
- the **weight-decay pair**: pizzas (α = 0) at weight decay 2 and 4, three seeds each.

The standard profile is reduced: p = 31, widths 32 and 64, one seed per grid cell, the
corners at width 64, 3 000 steps in float32 (the paper: p = 59, d = 128, 20 000 steps).  The
paper's p = 59 and d = 128 for the corners did not fit the 5-minute budget with enough
steps: three seeds each took 555 s at 3 000 steps (two p = 59 runs side by side train at
~24 steps/s each, even in bf16), and at 1 500 steps the clocks had not settled.  A grid run
enters the phase rows only once it fits (claims.FITTED).  Chunks go to two processes, one
per core.  The paper profile is the paper's set-up, cached chunk by chunk (resumable).
"""

_COMMON = {"n_heads": 4, "train_fraction": 0.8, "lr": 1e-3, "weight_decay": 2.0, "gs_cut": 0.98, "n_circles": 3,
           "workers": 2}

PROFILES = {
    "smoke": {
        **_COMMON, "n_circles": 1,
        "corner_p": 13, "corner_width": 16, "corner_seeds": [0, 1, 2], "corner_steps": 60, "corner_precision": "fp32",
        "p": 13, "widths": [16], "attn_rates": [0.0, 1.0], "seeds": [0], "steps": 60, "precision": "fp32",
        "wd_width": 16, "wd_values": [2.0, 4.0], "wd_seeds": [0, 1, 2],
        "log_every": 20, "chunk": None, "backend": "inprocess", "cache": None,
    },
    "standard": {
        **_COMMON,
        "corner_p": 31, "corner_width": 64, "corner_seeds": [0, 1, 2], "corner_steps": 3000,
        "corner_precision": "fp32",
        "p": 31, "widths": [32, 64], "attn_rates": [0.0, 0.2, 0.4, 0.6, 0.8, 1.0], "seeds": [0], "steps": 3000,
        "precision": "fp32",
        "wd_width": 32, "wd_values": [2.0, 4.0], "wd_seeds": [0, 1, 2],
        "log_every": 100, "chunk": None, "backend": "processes", "cache": None,
    },
    "paper": {
        **_COMMON,
        "corner_p": 59, "corner_width": 128, "corner_seeds": [0, 1, 2], "corner_steps": 20000,
        "corner_precision": "fp32",
        "p": 59, "widths": [32, 64, 128, 256, 512], "attn_rates": [round(0.1 * i, 1) for i in range(11)],
        "seeds": [0, 1, 2, 3, 4], "steps": 20000, "precision": "fp32",
        "wd_width": 128, "wd_values": [2.0, 4.0], "wd_seeds": [0, 1, 2],
        "log_every": 200, "chunk": 11, "backend": "processes", "cache": "05_clock_pizza",
    },
}
