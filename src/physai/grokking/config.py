"""Notebook 01 (grokking, effective theory) parameters per profile.

The original (ejmichaud/grokking-squared, toy/train_add.py and produce_figure_data.py):
width 200, AdamW with embedding lr 1e-3 and decoder lr 1e-4, 45 of 55 samples, 5000 steps
(Fig. 3), 1e4 steps (Figs. 4, 5b), training sizes 5..54 × seeds 0..2, phase diagram decoder
lr 10^-5..10^-2 (10 points) × decoder weight decay 0..10 (11 points).
"""
import numpy as np

_SIZES = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 54]
_LRS = [float(x) for x in np.logspace(-5, -2, 10)]
_WDS = [float(x) for x in range(11)]

# The paper repeats the phase diagram with a transformer on modular addition; its grid is not in
# the code release, so this one is ours: notebook 05's one-layer transformer (d = 128, four
# heads) on a + b mod 53 from half the pairs, learning rate × weight decay, 10⁴ steps.  About
# nine CPU-hours here: paper profile only (the smoke profile runs a 2 × 2 toy of it).
_TRANSFORMER = {"transformer_p": 53, "transformer_frac": 0.5, "transformer_width": 128,
                "transformer_lrs": [float(x) for x in np.logspace(-5, -2, 7)],
                "transformer_wds": [0.0, 0.3, 1.0, 3.0, 10.0, 30.0], "transformer_steps": 10_000,
                # one chunk of the grid = one stacked model; chunks cached under data/cache/ and
                # dispatched by physai.sweep (in-process, processes, or Ray with RAY_ADDRESS)
                "transformer_chunk": 7, "transformer_cache": "01_transformer_phases"}

PROFILES = {
    "smoke": {
        "showcase_steps": 300, "showcase_width": 200,
        "sizes": [20, 45], "seeds": [0], "sets_steps": 300, "sets_width": 32,
        "rc_sizes": list(range(16, 31, 2)), "rc_sets": 200,
        "phase_lrs": _LRS[::4], "phase_wds": _WDS[::5], "phase_steps": 300, "phase_width": 32,
        "effective_sets": 5,
        **_TRANSFORMER, "transformer_p": 7, "transformer_width": 16, "transformer_lrs": [1e-4, 1e-2],
        "transformer_wds": [0.0, 1.0], "transformer_steps": 100, "transformer_cache": None,
        "transformer_chunk": 2,
        "phase_chunk": 4, "phase_cache": None,  # several chunks, so the chunked path is exercised
    },
    "standard": {
        "showcase_steps": 5000, "showcase_width": 200,  # the paper's model, one run
        "sizes": _SIZES, "seeds": [0, 1, 2], "sets_steps": 6000, "sets_width": 64,
        "rc_sizes": list(range(10, 41)), "rc_sets": 2000,
        "phase_lrs": _LRS, "phase_wds": _WDS, "phase_steps": 6000, "phase_width": 64,
        "effective_sets": 60,
        **_TRANSFORMER, "transformer_lrs": [], "transformer_wds": [],  # does not fit: see the notebook
        "phase_chunk": None, "phase_cache": None,  # the whole grid as one in-process chunk, not cached
    },
    "paper": {
        "showcase_steps": 5000, "showcase_width": 200,
        "sizes": _SIZES, "seeds": [0, 1, 2], "sets_steps": 10_000, "sets_width": 200,
        "rc_sizes": list(range(10, 41)), "rc_sets": 10_000,
        "phase_lrs": _LRS, "phase_wds": _WDS, "phase_steps": 10_000, "phase_width": 200,
        "effective_sets": 60,
        **_TRANSFORMER,
        "phase_chunk": 22, "phase_cache": "01_toy_phases",  # 5 chunks of the 110-run grid, resumable
    },
}
